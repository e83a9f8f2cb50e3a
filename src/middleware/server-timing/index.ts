import type { MiddlewareHandler } from 'hono';
import { setMetric, timing } from 'hono/timing';
import { newWaits } from '../../timing';
import { observedD1 } from '../../timing/d1';
import type { AppEnv } from '../../types';

/**
 * Server-Timing on every response (https://www.w3.org/TR/server-timing/), so that the browser's
 * DevTools show where a request's time went: `d1` and `stripe`, how long the request waited on
 * each (summed over its calls), and `total`, from this middleware, the first, to the response.
 * Durations in ms and nothing else: no description, so no id, amount or address can get in.
 * The request gets its own tally (c.var.waits) and a D1 binding that adds to it; its Stripe calls
 * add to it through their budget (stripe/call.ts).
 */
export function serverTiming(): MiddlewareHandler<AppEnv> {
  // hono/timing writes the header; an empty description leaves `total` without one.
  const total = timing({ totalDescription: '' });
  return async function serverTiming(c, next) {
    await total(c, async () => {
      const waits = newWaits();
      c.set('waits', waits);
      c.env = { ...c.env, DB: observedD1(c.env.DB, (call) => (waits.d1 += call.ms)) };
      await next();
      setMetric(c, 'd1', waits.d1);
      setMetric(c, 'stripe', waits.stripe);
    });
  };
}
