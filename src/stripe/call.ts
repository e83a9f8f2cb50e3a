/**
 * One Stripe write, retried safely. Every attempt carries the same idempotency key, so Stripe
 * carries the request out at most once; the outcome says whether the customer could have been
 * charged when no definitive answer came back.
 */
import type Stripe from 'stripe';
import { readVar } from '../config';

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
   * was still running.
   */
  | { kind: 'unknown'; error: unknown };

export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  /** First back-off in ms; doubled each time, with full jitter. */
  baseDelayMs: number;
  /** Longest single wait in ms (also caps Retry-After). */
  maxDelayMs: number;
}

/** Three attempts within about two seconds: well inside a Worker request's time budget. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250, maxDelayMs: 1500 };

/** The retry policy, with the back-off base from STRIPE_RETRY_BASE_MS when set (tests use a short one). */
export function retryPolicy(env: object): RetryPolicy {
  const base = Number(readVar(env, 'STRIPE_RETRY_BASE_MS'));
  return Number.isFinite(base) && base >= 0
    ? { ...DEFAULT_RETRY, baseDelayMs: base, maxDelayMs: Math.max(base, 1) * 6 }
    : DEFAULT_RETRY;
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

/** An error with an HTTP status came from Stripe; anything else (network, broken body) is a lost response. */
function isStripeAnswer(error: unknown): error is Stripe.errors.StripeError {
  return (
    statusOf(error) !== undefined && (error as { type?: unknown }).type !== 'StripeConnectionError'
  );
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { headers?: Record<string, string> } | null)?.headers;
  const seconds = Number(headers?.['retry-after']);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * Runs `request` (which must send the same idempotency key every time) until Stripe gives a
 * definitive answer or the policy is spent.
 */
export async function callStripe<T>(
  request: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  sleep: (ms: number) => Promise<unknown> = (ms) =>
    new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<StripeCallOutcome<T>> {
  let inDoubt = false;
  let lastError: unknown;
  for (let attempt = 0; attempt < policy.attempts; attempt++) {
    if (attempt > 0) {
      const backoff =
        Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await sleep(Math.min(policy.maxDelayMs, retryAfterMs(lastError) ?? backoff));
    }
    try {
      return { kind: 'ok', value: await request() };
    } catch (error) {
      lastError = error;
      if (!isStripeAnswer(error) || isInDoubt(error)) inDoubt = true;
      else if (!isRefusedBeforeRunning(error)) return { kind: 'stripe_error', error };
    }
  }
  return inDoubt
    ? { kind: 'unknown', error: lastError }
    : { kind: 'unavailable', error: lastError };
}
