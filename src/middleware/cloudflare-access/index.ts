import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { problem, wantsHtml } from '../../pages/problem';
import type { AppEnv } from '../../types';
import { requestUrl } from '../request-url';
import { resolveAccessConfig, type AccessConfig } from './config';
import { verifyAccessToken, type AccessRefusal } from './verify';

/** The header Access adds to every request it lets through to the origin. */
const ACCESS_HEADER = 'Cf-Access-Jwt-Assertion';
/** The cookie Access sets on the application's domain (browsers send it; Access may strip it). */
export const ACCESS_COOKIE = 'CF_Authorization';

/** The token of a request: Access's header first (Cloudflare's advice), else its cookie. */
export function accessToken(c: Context): { token: string; from: 'header' | 'cookie' } | null {
  const header = c.req.header(ACCESS_HEADER)?.trim();
  if (header) return { token: header, from: 'header' };
  const cookie = getCookie(c, ACCESS_COOKIE)?.trim();
  return cookie ? { token: cookie, from: 'cookie' } : null;
}

/** The stand-in's sign-in page, with the way back, as Access's own redirect carries it. */
export function signInUrl(config: AccessConfig, returnTo: string): string {
  const query = new URLSearchParams({ kid: config.audience, redirect_url: returnTo });
  return `${config.issuer}/cdn-cgi/access/login?${query}`;
}

/** The answer to a token that was refused: 403, or 503 when the team's keys could not be read. */
export function refuse(c: Context, refusal: AccessRefusal): Response | Promise<Response> {
  Object.assign(c.get('log'), { problem: `access.${refusal.reason}`, detail: refusal.detail });
  return refusal.reason === 'unavailable'
    ? problem(c, 503, {
        code: 'access_unavailable',
        message: 'console.signInUnavailable',
      })
    : problem(c, 403, {
        code: 'access_denied',
        message: 'console.signInInvalid',
      });
}

/**
 * Cloudflare Access, checked again at the Worker: every request needs a valid Access token for
 * this application (ACCESS_TEAM_DOMAIN, ACCESS_AUD), whatever Access in front is set to do, so
 * that a route around it (workers.dev, a missing or mis-pathed Access application) finds nothing.
 *
 * - ACCESS_* unset, or unusable here: 404, as if nothing were there (one log line names the
 *   variable when it is misconfigured). Off, never open.
 * - No token: 401. A token that is not good for this application (signature, `alg`, `iss`, `aud`,
 *   `exp`, `nbf`, no email or `sub`): 403. The team's keys cannot be read: 503. Never anything
 *   else.
 * - With the local stand-in (simulated mode), a browser's page request without a valid cookie is
 *   sent to the stand-in's sign-in page instead, as Access itself would do.
 *
 * Sets `adminEmail` and `adminId` for the routes behind it, and `admin` on the request's log line:
 * the Access user id, not the email (staff are accountable for what they do in the console, and
 * logs carry no email; the token itself is never logged). Every answer is `no-store`.
 */
export function cloudflareAccess(): MiddlewareHandler<AppEnv> {
  return async function cloudflareAccess(c, next) {
    const log = c.get('log');
    const config = resolveAccessConfig(c.env, requestUrl(c));
    if (!config.ok) {
      if (config.reason === 'misconfigured')
        Object.assign(log, { problem: 'access.misconfigured', detail: config.detail });
      return c.notFound();
    }
    c.header('Cache-Control', 'no-store');

    const found = accessToken(c);
    // A browser page with no (or a stale) cookie: the stand-in signs it in, as Access would.
    const signIn = () =>
      config.standIn && found?.from !== 'header' && c.req.method === 'GET' && wantsHtml(c)
        ? c.redirect(signInUrl(config, c.req.url), 302)
        : null;
    if (!found) {
      log.problem = 'access.missing';
      return (
        signIn() ??
        problem(c, 401, {
          code: 'access_required',
          message: 'console.signInRequired',
        })
      );
    }
    log.access_token = found.from;
    const identity = await verifyAccessToken(found.token, config);
    if (!identity.ok)
      return (identity.reason === 'invalid' ? signIn() : null) ?? refuse(c, identity);
    c.set('adminEmail', identity.email);
    c.set('adminId', identity.id);
    log.admin = identity.id;
    await next();
    c.header('Cache-Control', 'no-store');
  };
}
