import type { MiddlewareHandler } from 'hono';
import { readVar } from '../../config';
import { problem } from '../../pages/problem';
import type { AppEnv } from '../../types';
import { clientIp } from '../rate-limit';

/** Cloudflare's server-side check of a Turnstile token. */
export const SITEVERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

type Context = Parameters<MiddlewareHandler<AppEnv>>[0];

/**
 * Optional bot check: when TURNSTILE_SECRET_KEY is set, POST /charge needs a Turnstile token
 * (the page's widget makes one), verified with siteverify before any Stripe call.
 * @param token reads the token from the validated request
 * @param isRetry asked only when the check does not pass: true lets the request through (the
 *   resend of a request that already passed, whose token is now spent), with c.var.turnstileWaived
 *   set so that the route can refuse anything a resend should not do
 */
export function turnstile(
  token: (c: Context) => string | undefined,
  isRetry: (c: Context) => Promise<boolean> = async () => false,
): MiddlewareHandler<AppEnv> {
  return async function turnstile(c, next) {
    const secret = readVar(c.env, 'TURNSTILE_SECRET_KEY');
    if (!secret) return next();
    const response = token(c);
    if (!response) {
      return problem(c, 403, {
        code: 'turnstile_required',
        param: 'turnstile_token',
        message:
          'Please complete the security check above the Pay button. You have not been charged.',
        charged: false,
      });
    }
    let success: boolean;
    try {
      const body = new FormData();
      body.append('secret', secret);
      body.append('response', response);
      body.append('remoteip', clientIp(c));
      const answer = await fetch(SITEVERIFY_URL, { method: 'POST', body });
      if (!answer.ok) throw new Error(`siteverify answered ${answer.status}`);
      success = ((await answer.json()) as { success?: unknown }).success === true;
    } catch (error) {
      Object.assign(c.get('log'), { problem: 'turnstile.unavailable', error: String(error) });
      if (await isRetry(c)) {
        c.set('turnstileWaived', true);
        return next();
      }
      return problem(c, 503, {
        code: 'turnstile_unavailable',
        message:
          'The security check is unavailable right now. You have not been charged. Please try again in a moment.',
        charged: false,
      });
    }
    if (!success) {
      if (await isRetry(c)) {
        Object.assign(c.get('log'), { turnstile: 'retry_of_verified_checkout' });
        c.set('turnstileWaived', true);
        return next();
      }
      Object.assign(c.get('log'), { problem: 'turnstile.failed' });
      return problem(c, 403, {
        code: 'turnstile_failed',
        param: 'turnstile_token',
        message:
          'The security check did not pass. Please complete it again. You have not been charged.',
        charged: false,
      });
    }
    await next();
  };
}
