import { invalidRequest } from './errors';

/**
 * The simulator's clock: real time plus an offset that tests and scripts move forward with
 * `POST /_sim/clock`, so that what Stripe does with time (a promotion code's `expires_at`, a coupon's
 * `redeem_by`, a tax calculation's 90-day expiry) can be tested without waiting. One Durable Object
 * holds all state, so one offset per isolate is the simulator's time; it is kept in storage too, so
 * it survives the object being evicted.
 */
let offsetSeconds = 0;

/** The simulator's time in milliseconds (what `Date.now()` is for real Stripe). */
export const simulatedNow = (): number => realNow() + offsetSeconds * 1000;

/**
 * Real time, for the few things that must not follow the simulated clock: what runs on the
 * runtime's timers (alarms, webhook retries), and a webhook signature's timestamp, which the
 * receiver checks against its own clock (stripe-node allows 5 minutes) and would refuse once the
 * simulator's clock is ahead. Everything Stripe stamps or compares uses `simulatedNow()`.
 */
export const realNow = (): number => Date.now();

/** The simulator's clock as the control API shows it. */
export interface ClockState {
  /** The simulator's current Unix time, in seconds. */
  now: number;
  /** How far it runs ahead of real time, in seconds. */
  offset_seconds: number;
}

/** The clock's persisted offset (table `clock` of schema.ts). */
export class Clock {
  constructor(private readonly sql: SqlStorage) {
    offsetSeconds =
      sql
        .exec<{ offset_seconds: number }>('SELECT offset_seconds FROM clock WHERE id = 1')
        .toArray()[0]?.offset_seconds ?? 0;
  }

  state(): ClockState {
    return { now: Math.floor(simulatedNow() / 1000), offset_seconds: offsetSeconds };
  }

  /** Moves the clock forward (time never runs backwards, as at Stripe). */
  advance(seconds: number): ClockState {
    offsetSeconds += seconds;
    this.sql.exec('INSERT OR REPLACE INTO clock (id, offset_seconds) VALUES (1, ?)', offsetSeconds);
    return this.state();
  }

  /** Back to real time (POST /_sim/reset; the table itself is emptied with the others). */
  reset(): void {
    offsetSeconds = 0;
  }
}

/** At most ten years at a time: enough for any expiry, small enough to stay a sane Unix time. */
const MAX_ADVANCE = 10 * 366 * 24 * 3600;

/** Validates the JSON body of POST /_sim/clock: `{"advance_seconds": N}` with 0 < N ≤ ten years. */
export function parseAdvance(input: unknown): number {
  const body = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  const unknown = Object.keys(body).find((key) => key !== 'advance_seconds');
  if (unknown)
    throw invalidRequest(`Received unknown parameter: ${unknown}`, {
      param: unknown,
      code: 'parameter_unknown',
    });
  const seconds = body.advance_seconds;
  if (!Number.isInteger(seconds) || (seconds as number) < 1 || (seconds as number) > MAX_ADVANCE)
    throw invalidRequest(
      `advance_seconds must be an integer between 1 and ${MAX_ADVANCE} (the clock only moves forward).`,
      { param: 'advance_seconds' },
    );
  return seconds as number;
}
