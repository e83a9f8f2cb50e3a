import { createMiddleware } from 'hono/factory';
import type { SimEnv } from './context';
import { invalidRequest } from './errors';
import { Held, heldRequest } from './faults';

/**
 * Simulated network and processing latency: every /v1 request waits this long before it is
 * carried out, as a call from a Worker to api.stripe.com takes a few hundred milliseconds. It
 * starts at the LATENCY_MS var (default 0) and is changed at run time with POST /_sim/latency;
 * /_sim routes, Stripe.js and the 3-D Secure page are never delayed (they do not pass /v1).
 * Waiting on a timer leaves the Durable Object free to serve other requests meanwhile, so
 * concurrent clients each see the latency once, not one after another. A reset ends the waits
 * (their requests fail), so no request of before it is carried out into the state after it.
 */
const MAX_LATENCY_MS = 60_000;

/** Checks a latency in milliseconds (`param` names it in the error). */
export function checkLatency(ms: unknown, param = 'ms'): number {
  if (!Number.isInteger(ms) || (ms as number) < 0 || (ms as number) > MAX_LATENCY_MS)
    throw invalidRequest(`${param} must be an integer between 0 and ${MAX_LATENCY_MS}.`, {
      param,
    });
  return ms as number;
}

/** Validates the JSON body of POST /_sim/latency: `{"ms": N}`. */
export function parseLatency(input: unknown): number {
  if (typeof input !== 'object' || input === null)
    throw invalidRequest('Expected a JSON object such as {"ms": 300}.');
  const { ms, ...rest } = input as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown)
    throw invalidRequest(`Received unknown parameter: ${unknown}`, {
      param: unknown,
      code: 'parameter_unknown',
    });
  return checkLatency(ms);
}

/** The latency setting, in storage so that it holds across requests (a reset returns to the var). */
export class Latency {
  constructor(
    private readonly sql: SqlStorage,
    /** LATENCY_MS, already checked. */
    private readonly defaultMs: number,
  ) {}

  get ms(): number {
    const row = this.sql.exec<{ ms: number }>('SELECT ms FROM latency').toArray()[0];
    return row?.ms ?? this.defaultMs;
  }

  set(ms: number): void {
    this.sql.exec('INSERT OR REPLACE INTO latency (id, ms) VALUES (1, ?)', ms);
  }

  /** Back to LATENCY_MS. */
  clear(): void {
    this.sql.exec('DELETE FROM latency');
  }

  /** The requests waiting out the latency right now (kept apart from a delay fault's). */
  readonly waits = new Held();

  /** What GET /_sim/latency shows: the setting, and how many requests wait it out now. */
  state(): { ms: number; waiting: number } {
    return { ms: this.ms, waiting: this.waits.list().length };
  }
}

/** Waits the configured latency before the /v1 request goes on (a reset fails it instead). */
export const simulateLatency = createMiddleware<SimEnv>(async (c, next) => {
  const { latency } = c.var.sim;
  await latency.waits.wait(latency.ms, heldRequest(c, null));
  await next();
});
