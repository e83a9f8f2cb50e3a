import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { log, type LogFields } from '../../log';
import type { AppEnv } from '../../types';

/** A request that waited this long on D1 and Stripe together is worth a line, whatever it was. */
export const SLOW_WAITS_MS = 1_000;

/**
 * What a successful read may add to its line that is worth writing: who did it (an admin, through
 * Access), a refusal (a rate limit), or a Stripe call it made (a receipt that asked Stripe, which
 * may record a payment). Anything else a read notes (the receipt's kind) rides along when it is.
 */
const worthy = (fields: LogFields) =>
  fields.admin !== undefined || fields.problem !== undefined || fields.stripe_check === 'asked';

/**
 * A refusal that is a customer's everyday answer, not a fault: a card declined, a promotion code
 * that does not apply (at the quote or at Pay). An `info` line, so that an alert on `warn` counts
 * what needs a look (a cross-origin post, a rate limit, a bad signature), not every decline.
 */
const everyday = (fields: LogFields) =>
  fields.reason === 'declined' ||
  fields.reason === 'promotion_code' ||
  fields.promotion_refused !== undefined;

/** error for the Worker's failures, warn for a refusal worth a look, info for the rest. */
const levelOf = (status: number, fields: LogFields) =>
  status >= 500 ? 'error' : status >= 400 && !everyday(fields) ? 'warn' : 'info';

/**
 * A structured log line (a "canonical log line") for each request that says something Workers
 * Logs' own invocation record cannot: that record already has every request's method, URL,
 * status, CPU and wall time and outcome, and each line we write is another billed log event
 * and, in the profiles, the largest CPU cost of a request (docs/performance.md). So a line for
 * every request that changes state or may (any method but GET and HEAD: payments, webhooks, the
 * console's actions; not a POST that marks itself a read, as a quote does), every refusal and
 * error (status 400 and above), every
 * request slow on D1 or Stripe (SLOW_WAITS_MS), and every read that did one of the things in
 * `worthy`; none for a plain successful read (the page, its files, GET /config, a receipt from
 * the ledger). The line: request id (cf-ray when present), method, route, status, duration and
 * its D1 and Stripe waits, plus whatever the route added to c.var.log (order, PaymentIntent,
 * outcome). One wide line instead of several narrow ones: cheaper to write and to query.
 */
export function requestLog(): MiddlewareHandler<AppEnv> {
  return async function requestLog(c, next) {
    const started = Date.now();
    c.set('requestId', c.req.header('cf-ray') ?? crypto.randomUUID());
    c.set('log', {});
    await next();
    // `asset`: a static file (the console's too, which an admin fetches), never worth a read's line.
    // `read`: a POST that only reads (a cart's quote), a read like a GET.
    const { asset, read: reads, ...fields } = c.get('log');
    const status = c.res.status;
    const { d1, stripe } = c.get('waits');
    const read = reads === true || c.req.method === 'GET' || c.req.method === 'HEAD';
    const plain = asset || !worthy(fields);
    if (read && status < 400 && d1 + stripe < SLOW_WAITS_MS && plain) return;
    log(levelOf(status, fields), 'request', {
      request_id: c.get('requestId'),
      method: c.req.method,
      route: routePath(c),
      status,
      duration_ms: Date.now() - started,
      d1_ms: Math.round(d1),
      stripe_ms: Math.round(stripe),
      ...fields,
    });
  };
}
