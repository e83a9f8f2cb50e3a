import type { MiddlewareHandler } from 'hono';
import { log } from '../../log';
import type { AppEnv } from '../../types';

/**
 * Gives each request an id (cf-ray when present) and logs one line when it ends:
 * route, status and duration. Routes add their own fields (a PaymentIntent id) with c.set.
 */
export function requestLog(): MiddlewareHandler<AppEnv> {
  return async function requestLog(c, next) {
    const started = Date.now();
    c.set('requestId', c.req.header('cf-ray') ?? crypto.randomUUID());
    await next();
    log(c.res.status >= 500 ? 'error' : 'info', 'request', {
      request_id: c.get('requestId'),
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      duration_ms: Date.now() - started,
    });
  };
}
