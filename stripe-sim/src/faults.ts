import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { SimEnv } from './context';
import { ApiError, invalidRequest } from './errors';

/**
 * Fault injection (POST /_sim/faults), for testing how a client copes with Stripe being down, slow,
 * or unreachable mid-request:
 * - error: answer `status` (500 or 429) before anything is carried out;
 * - delay: wait `delay_ms`, then carry the request out normally (a POST with an Idempotency-Key
 *   waits while holding the key, like a slow request at Stripe); a waiting request is listed by
 *   GET /_sim/held, and POST /_sim/held/release ends its wait at once;
 * - drop: carry the request out (state and idempotency result saved), then break the connection
 *   instead of answering, the case idempotency keys exist for;
 * - crash: carry the request out, then answer 500 and save that 500 as the key's result, so that
 *   retries with the same Idempotency-Key replay it (Stripe does this for a 500 mid-request);
 * - fail: begin the request, fail before carrying anything out, answer 500 and save that 500 as
 *   the key's result: every retry with the key replays a 500 although nothing happened.
 * Faults apply to the next `count` /v1 requests only.
 */
export type FaultMode = 'error' | 'delay' | 'drop' | 'crash' | 'fail';

interface Fault {
  mode: FaultMode;
  status: number;
  delay_ms: number;
  /** Requests still to be faulted. */
  remaining: number;
}

/** The response header by which the Durable Object tells the Worker to break the connection. */
export const DROP_HEADER = 'x-stripe-sim-drop';

const MODES: readonly FaultMode[] = ['error', 'delay', 'drop', 'crash', 'fail'];
const STATUSES = [500, 429];

/** Validates the JSON body of POST /_sim/faults. */
export function parseFault(input: unknown): Fault {
  if (typeof input !== 'object' || input === null)
    throw invalidRequest(
      'Expected a JSON object such as {"mode": "error", "status": 500, "count": 1}.',
    );
  const {
    mode,
    status,
    count = 1,
    delay_ms: delayMs = 0,
    ...rest
  } = input as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown)
    throw invalidRequest(`Received unknown parameter: ${unknown}`, {
      param: unknown,
      code: 'parameter_unknown',
    });
  if (!MODES.includes(mode as FaultMode))
    throw invalidRequest(`mode must be one of ${MODES.join(', ')}.`, { param: 'mode' });
  if (mode === 'error' && !STATUSES.includes(status as number))
    throw invalidRequest('status must be 500 or 429 for mode "error".', { param: 'status' });
  if (!Number.isInteger(count) || (count as number) < 1)
    throw invalidRequest('count must be a positive integer.', { param: 'count' });
  if (!Number.isInteger(delayMs) || (delayMs as number) < 0 || (delayMs as number) > 60_000) {
    throw invalidRequest('delay_ms must be an integer between 0 and 60000.', { param: 'delay_ms' });
  }
  return {
    mode: mode as FaultMode,
    status: mode === 'error' ? (status as number) : mode === 'crash' || mode === 'fail' ? 500 : 200,
    delay_ms: delayMs as number,
    remaining: count as number,
  };
}

/** The armed fault, kept in storage so that it holds across requests. */
export class Faults {
  constructor(private readonly sql: SqlStorage) {}

  arm(fault: Fault): void {
    this.sql.exec(
      'INSERT OR REPLACE INTO faults (id, mode, status, delay_ms, remaining) VALUES (1, ?, ?, ?, ?)',
      fault.mode,
      fault.status,
      fault.delay_ms,
      fault.remaining,
    );
  }

  current(): Fault | null {
    return (
      this.sql
        .exec<Fault & Record<string, SqlStorageValue>>(
          'SELECT mode, status, delay_ms, remaining FROM faults',
        )
        .toArray()[0] ?? null
    );
  }

  clear(): void {
    this.sql.exec('DELETE FROM faults');
  }

  /** Takes the fault for one request, if one is armed. */
  take(): Fault | null {
    const fault = this.current();
    if (!fault) return null;
    if (fault.remaining <= 1) this.clear();
    else this.sql.exec('UPDATE faults SET remaining = remaining - 1');
    return fault;
  }
}

/** The error a faulted request gets, with Stripe's wording. */
function faultError(status: number): ApiError {
  if (status === 429) {
    return new ApiError(429, {
      type: 'rate_limit_error',
      code: 'rate_limit',
      message:
        'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
    });
  }
  return new ApiError(status, {
    type: 'api_error',
    message:
      "Sorry, something went wrong on Stripe's end. (Fault injected by the Stripe simulator.)",
  });
}

/** A request a `delay` fault is holding, as GET /_sim/held lists it. */
export interface HeldRequest {
  method: string;
  path: string;
  /** The key it holds (null: it has none), which concurrent requests then find in use. */
  idempotency_key: string | null;
}

/**
 * The requests `delay` faults are holding right now (or, in another instance, those waiting out
 * the simulated latency): each waits out its delay, or less when released. Lets a test act while
 * a request is certainly held (its key in use), then let it go, instead of guessing with timers.
 */
export class Held {
  private readonly waiting = new Set<HeldRequest & { release: (abandon: boolean) => void }>();

  /**
   * Waits `ms` (zero: not at all), listed meanwhile, unless released sooner. A request abandoned
   * by a reset fails instead of being carried out into the state that follows.
   */
  async wait(ms: number, request: HeldRequest): Promise<void> {
    if (!ms) return;
    let release!: (abandon: boolean) => void;
    const released = new Promise<boolean>((resolve) => (release = resolve));
    const entry = { ...request, release };
    const timer = setTimeout(() => release(false), ms);
    this.waiting.add(entry);
    try {
      if (await released)
        // Not to be retried (stripe-node and the Worker read Stripe-Should-Retry): the reset
        // forgot every key, so a retry would run in the next test's state.
        throw new ApiError(
          500,
          {
            type: 'api_error',
            message:
              "Sorry, something went wrong on Stripe's end. (The Stripe simulator was reset " +
              'while this request waited.)',
          },
          { 'Stripe-Should-Retry': 'false' },
        );
    } finally {
      clearTimeout(timer);
      this.waiting.delete(entry);
    }
  }

  list(): HeldRequest[] {
    return [...this.waiting].map(({ method, path, idempotency_key }) => ({
      method,
      path,
      idempotency_key,
    }));
  }

  /** Ends every wait now (abandon: the requests fail); returns how many were released. */
  releaseAll(abandon = false): number {
    const count = this.waiting.size;
    for (const { release } of this.waiting) release(abandon);
    return count;
  }
}

/** This request, as a delay fault holds it. */
export const heldRequest = (c: Context<SimEnv>, key: string | null): HeldRequest => ({
  method: c.req.method,
  path: c.req.path,
  idempotency_key: key,
});

/** The answer to a request that `crash` faulted after carrying it out. */
export function crashResponse(): Response {
  const error = new ApiError(500, {
    type: 'api_error',
    message:
      "Sorry, something went wrong on Stripe's end after your request was received. " +
      '(Fault injected by the Stripe simulator.)',
  });
  return Response.json(error.body(), { status: 500 });
}

/** Applies the armed fault, if any, to this /v1 request. */
export const injectFaults = createMiddleware<SimEnv>(async (c, next) => {
  const fault = c.var.sim.faults.take();
  if (!fault) return next();
  c.set('fault', fault.mode);
  if (fault.mode === 'error') throw faultError(fault.status);
  // With a key, the idempotency middleware answers the 500 and saves it; without one, nothing
  // is saved, so the 500 is answered here, before anything is carried out.
  if (fault.mode === 'fail' && !(c.req.method === 'POST' && c.req.header('Idempotency-Key')))
    throw faultError(500);
  if (fault.mode === 'delay') {
    // Waited in the idempotency middleware, while the key is held, when the request has a key.
    if (c.req.method === 'POST' && c.req.header('Idempotency-Key'))
      c.set('delayMs', fault.delay_ms);
    else await c.var.sim.held.wait(fault.delay_ms, heldRequest(c, null));
  }
  await next();
  if (fault.mode === 'drop') c.res.headers.set(DROP_HEADER, '1');
  // The idempotency middleware already answered 500 when the request had a key; without one, here.
  if (fault.mode === 'crash' && c.res.status !== 500) c.res = crashResponse();
});
