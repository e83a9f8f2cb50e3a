import type { MiddlewareHandler } from 'hono';
import { newWaits, type Waits } from '../../timing';
import { observedD1 } from '../../timing/d1';
import type { AppEnv } from '../../types';

/** A duration for the header: ms with one decimal. */
const ms = (duration: number) => duration.toFixed(1);

/**
 * Server-Timing on every response (https://www.w3.org/TR/server-timing/), so that the browser's
 * DevTools show where a request's time went: `d1` and `stripe`, how long the request waited on
 * each (summed over its calls), and `total`, from this middleware, the first, to the response.
 * Durations in ms and nothing else: no description, so no id, amount or address can get in.
 * The request gets its own tally (c.var.waits) and a D1 binding that adds to it; its Stripe calls
 * add to it through their budget (stripe/call.ts). Written here rather than with hono/timing,
 * whose timers and metric list cost several µs of CPU per request for three fixed numbers.
 */
export function serverTiming(): MiddlewareHandler<AppEnv> {
  return async function serverTiming(c, next) {
    const started = performance.now();
    const waits = newWaits();
    c.set('waits', waits);
    c.env = { ...c.env, DB: observedD1(c.env.DB, (call) => (waits.d1 += call.ms)) };
    await next();
    c.res.headers.set('Server-Timing', serverTimingOf(waits, performance.now() - started));
  };
}

/** The header's value: the request's waits on D1 and Stripe, and its total, in ms. */
export const serverTimingOf = (waits: Waits, total: number): string =>
  `d1;dur=${ms(waits.d1)}, stripe;dur=${ms(waits.stripe)}, total;dur=${ms(total)}`;
