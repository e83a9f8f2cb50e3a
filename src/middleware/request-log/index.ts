import type { MiddlewareHandler } from 'hono';
import { log } from '../../log';
import type { AppEnv } from '../../types';

/**
 * One structured log line per request (a "canonical log line"): request id (cf-ray when present),
 * method, route, status and duration, plus whatever the route added to c.var.log (order,
 * PaymentIntent, outcome). One wide line instead of several narrow ones: cheaper to write and to
 * query. Successful static files are left to Workers' own invocation logs.
 */
export function requestLog(): MiddlewareHandler<AppEnv> {
  return async function requestLog(c, next) {
    const started = Date.now();
    c.set('requestId', c.req.header('cf-ray') ?? crypto.randomUUID());
    c.set('log', {});
    await next();
    const { asset, ...fields } = c.get('log');
    const status = c.res.status;
    if (asset && status < 400) return;
    log(status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info', 'request', {
      request_id: c.get('requestId'),
      method: c.req.method,
      route: c.req.routePath,
      status,
      duration_ms: Date.now() - started,
      ...fields,
    });
  };
}
