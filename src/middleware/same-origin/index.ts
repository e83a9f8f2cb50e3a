import type { MiddlewareHandler } from 'hono';
import type { MessageKey } from '../../i18n';
import { problem } from '../../pages/problem';
import type { AppEnv } from '../../types';
import { requestUrl } from '../request-url';

/**
 * Refuses cross-site requests (403) so that another site cannot make a visitor's browser pay.
 * Browsers send Origin on every POST and Sec-Fetch-Site on every request; a client that sends
 * neither is not a browser and cannot be tricked into a request.
 * @param message what the refusal tells the visitor (default: the checkout's), from the catalogue
 */
export function sameOrigin(message: MessageKey = 'error.crossOrigin'): MiddlewareHandler<AppEnv> {
  return async function sameOrigin(c, next) {
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    if (
      (origin !== undefined && origin !== requestUrl(c).origin) ||
      (site !== undefined && site !== 'same-origin' && site !== 'none')
    ) {
      Object.assign(c.get('log'), {
        problem: 'cross_origin',
        origin: origin ?? null,
        sec_fetch_site: site ?? null,
      });
      return problem(c, 403, { code: 'cross_origin', message });
    }
    await next();
  };
}
