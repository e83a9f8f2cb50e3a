/**
 * Where a request's time went, for its Server-Timing header (middleware/server-timing): how long
 * it waited on D1 and on Stripe, each summed over its calls, in milliseconds. One tally per
 * request, in the Hono context (c.var.waits): D1 adds to it through the request's binding
 * (./d1.ts), Stripe through the request's call budget (stripe/call.ts). A Worker's clock only
 * moves while it waits for I/O, so these are waits, never CPU time.
 */

/** Milliseconds one request waited, by what it waited on. */
export interface Waits {
  d1: number;
  stripe: number;
}

/** A request's tally, at zero. */
export function newWaits(): Waits {
  return { d1: 0, stripe: 0 };
}

/** Runs `call`, then gives how long it took, in ms, to `took` (also when it failed). */
export async function timed<T>(call: () => Promise<T>, took: (ms: number) => void): Promise<T> {
  const started = performance.now();
  try {
    return await call();
  } finally {
    took(performance.now() - started);
  }
}
