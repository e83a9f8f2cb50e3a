/**
 * One Stripe write, retried safely. Every attempt carries the same idempotency key, so Stripe
 * carries the request out at most once; the outcome says whether the customer could have been
 * charged when no definitive answer came back. A 500 Stripe replays for the key is not retried:
 * the key is spent (see `unknown`'s `replayed`).
 */
import type Stripe from 'stripe';
import {
  STRIPE_ATTEMPTS,
  STRIPE_BACKOFF_BASE_MS,
  STRIPE_MAX_BACKOFF_MS,
  STRIPE_TIMEOUT_MS,
} from '../budget';
import { isLoopback, readVar } from '../config';
import { timed, type Waits } from '../timing';

export type StripeCallOutcome<T> =
  /** Stripe answered with the object. */
  | { kind: 'ok'; value: T }
  /** Stripe answered with an error (card decline, invalid request, idempotency conflict...). */
  | { kind: 'stripe_error'; error: Stripe.errors.StripeError }
  /** Stripe answered only 429 (rate limited, refused before running) on every attempt: nothing was charged. */
  | { kind: 'unavailable'; error: unknown }
  /**
   * The request may have been carried out: a response was lost, Stripe answered 5xx (it saves a 500
   * that happened mid-request and replays it for the key), or another request with the same key
   * was still running. `replayed`: the 5xx was such a replay (`Idempotent-Replayed: true`), so
   * Stripe is done with the key and will answer every resend under it with the same 500 for
   * 24 hours; the caller reads the object's state, or moves to another key.
   */
  | { kind: 'unknown'; error: unknown; replayed?: true };

/**
 * The Stripe calls one request may still make, and how: shared by every call of the request, so
 * that a retrieve followed by a confirm cannot double the number of calls (see src/budget.ts).
 */
export interface StripeBudget {
  /** Calls left, retries included; each attempt takes one. */
  attemptsLeft: number;
  /** Timeout of each call, in ms. */
  timeoutMs: number;
  /** First back-off in ms; doubled each time, with full jitter. */
  baseDelayMs: number;
  /** Longest single wait in ms (also caps Retry-After). */
  maxDelayMs: number;
  /** The request's tally, to which each attempt adds how long Stripe took (Server-Timing). */
  waits: Waits;
}

/** A test key talking to a loopback STRIPE_API_BASE (the simulator): the tests' set-up. */
function againstSimulator(env: object): boolean {
  if (!/^[sr]k_test_/.test(readVar(env, 'STRIPE_SECRET_KEY') ?? '')) return false;
  try {
    return isLoopback(new URL(readVar(env, 'STRIPE_API_BASE') ?? '').hostname);
  } catch {
    return false;
  }
}

/**
 * A positive whole number of ms from a variable, at most `limit` (tests shorten waits this way).
 * Honoured only against the simulator: a stray value on a deployed Worker could otherwise time
 * live payments out into "unknown".
 */
function shorterMs(env: object, name: string, limit: number): number {
  const value = Number(readVar(env, name));
  // The variable first: without it (every deployed Worker) the simulator's check, a URL parse, is
  // not made for each request's budget.
  return Number.isInteger(value) && value > 0 && againstSimulator(env)
    ? Math.min(value, limit)
    : limit;
}

/**
 * A fresh budget for one request (`attempts` calls, STRIPE_ATTEMPTS unless the caller may make
 * fewer, each at most `timeoutMs`): src/budget.ts's figures, or shorter ones from
 * STRIPE_RETRY_BASE_MS (back-off) and STRIPE_TIMEOUT_MS (timeout), which tests set. Never longer:
 * the customer's 20 seconds are derived from the defaults. `waits`: the request's (c.var.waits),
 * to which its calls add their time.
 */
export function stripeBudget(
  env: object,
  waits: Waits,
  attempts: number = STRIPE_ATTEMPTS,
  timeoutMs: number = STRIPE_TIMEOUT_MS,
): StripeBudget {
  const baseDelayMs = shorterMs(env, 'STRIPE_RETRY_BASE_MS', STRIPE_BACKOFF_BASE_MS);
  return {
    attemptsLeft: attempts,
    timeoutMs: shorterMs(env, 'STRIPE_TIMEOUT_MS', timeoutMs),
    baseDelayMs,
    maxDelayMs: Math.min(STRIPE_MAX_BACKOFF_MS, baseDelayMs * 4),
    waits,
  };
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Stripe refused before running the request (rate limited): retrying is safe and nothing happened. */
function isRefusedBeforeRunning(error: unknown): boolean {
  return statusOf(error) === 429;
}

/**
 * Worth retrying with the same key, but the request may have run: a 5xx, or 409
 * `idempotency_key_in_use` (the first request with this key is still running; once it ends, a
 * retry replays its answer).
 */
function isInDoubt(error: unknown): boolean {
  const status = statusOf(error);
  return (
    (status !== undefined && status >= 500) ||
    (status === 409 && (error as { code?: unknown }).code === 'idempotency_key_in_use')
  );
}

/**
 * The key of a state-idempotent write (a cancel, an expire) sent once more after Stripe replayed a
 * 500 for `key`: derived from it, so that every resend of the checkout's write shares it.
 */
export const afterReplayKey = (key: string): string => `${key}/after-500`;

/**
 * A 5xx Stripe replayed for the key (`Idempotent-Replayed: true`): the key's first request ended
 * in that 500, and every resend under the key gets it again, so retrying it cannot help.
 */
function isReplayedFailure(error: unknown): boolean {
  const status = statusOf(error);
  const headers = (error as { headers?: Record<string, string> } | null)?.headers;
  return status !== undefined && status >= 500 && headers?.['idempotent-replayed'] === 'true';
}

/** An error with an HTTP status came from Stripe; anything else (network, broken body) is a lost response. */
function isStripeAnswer(error: unknown): error is Stripe.errors.StripeError {
  return (
    statusOf(error) !== undefined && (error as { type?: unknown }).type !== 'StripeConnectionError'
  );
}

/** Stripe's own word that a retry will not help (`Stripe-Should-Retry: false`), as stripe-node reads it. */
function retryRefused(error: unknown): boolean {
  const headers = (error as { headers?: Record<string, string> } | null)?.headers;
  return headers?.['stripe-should-retry'] === 'false';
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { headers?: Record<string, string> } | null)?.headers;
  const seconds = Number(headers?.['retry-after']);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * Runs `request` (which must send the same idempotency key every time, and pass on the timeout)
 * until Stripe gives a definitive answer or the request's budget is spent. Each attempt's time (not
 * the back-off between attempts) is added to the request's `budget.waits.stripe`.
 */
export async function callStripe<T>(
  request: (options: { timeout: number }) => Promise<T>,
  budget: StripeBudget,
  sleep: (ms: number) => Promise<unknown> = (ms) =>
    new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<StripeCallOutcome<T>> {
  // No attempt left: nothing was sent, but the caller cannot tell this call from a lost one.
  let inDoubt = budget.attemptsLeft <= 0;
  let lastError: unknown = inDoubt
    ? new Error('no Stripe attempts left for this request')
    : undefined;
  for (let attempt = 0; budget.attemptsLeft > 0; attempt++) {
    if (attempt > 0) {
      const backoff =
        Math.random() * Math.min(budget.maxDelayMs, budget.baseDelayMs * 2 ** (attempt - 1));
      await sleep(Math.min(budget.maxDelayMs, retryAfterMs(lastError) ?? backoff));
    }
    budget.attemptsLeft--;
    try {
      const value = await timed(
        () => request({ timeout: budget.timeoutMs }),
        (ms) => (budget.waits.stripe += ms),
      );
      return { kind: 'ok', value };
    } catch (error) {
      lastError = error;
      // Deterministic: a resend under the key only spends the budget on the same 500.
      if (isReplayedFailure(error)) return { kind: 'unknown', error, replayed: true };
      if (!isStripeAnswer(error) || isInDoubt(error)) inDoubt = true;
      else if (!isRefusedBeforeRunning(error)) return { kind: 'stripe_error', error };
      if (retryRefused(error)) break;
    }
  }
  return inDoubt
    ? { kind: 'unknown', error: lastError }
    : { kind: 'unavailable', error: lastError };
}
