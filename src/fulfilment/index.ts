/**
 * FULFILMENT: runs the merchant's fulfilOrder (src/shop/fulfilment.ts) once per paid order, after
 * the response (ctx.waitUntil), whichever of POST /charge, the thank-you page, a Stripe webhook or
 * the reconciliation sweep learns of the payment first. A run that throws or is cut off is tried
 * again by the scheduled sweep with a growing back-off, FULFILMENT_MAX_ATTEMPTS times in all; after
 * that the order needs attention, and an admin runs it again from the console. A successful run
 * writes no log line: the ledger keeps when it finished (fulfilled_at), and the request or sweep
 * that claimed it writes its own; a failed one is logged, every time.
 */
import { fulfilOrder } from '#shop/fulfilment';
import type { Order } from '../ledger';
import {
  markFulfilled,
  recordFulfilmentFailure,
  transition,
  type Cause,
  type PaymentFacts,
  type TransitionOptions,
  type TransitionResult,
} from '../ledger';
import { log } from '../log';
import { spend } from '../reconcile/budget';
import type { StripeBudget } from '../stripe/call';
import type { Stripe } from '../stripe/client';
import { followTax } from '../tax/transaction';
import { newWaits } from '../timing';
import { FULFILMENT_MAX_ATTEMPTS, fulfilmentBackoffMinutes } from './attempts.js';
import { FULFIL_ORDER_SUBREQUESTS } from './budget';

/** The longest error kept with an order (it is the merchant's own code's message). */
const MAX_ERROR_LENGTH = 500;

/** What a fulfilment run came to. */
type FulfilmentRun =
  { ok: true } | { ok: false; error: string; errorKind: string; order: Order | null };

/**
 * Runs a fulfilment that the ledger claimed for this caller (see `transition`, `claimUnfulfilled`,
 * `claimFulfilmentRerun`) and marks it done. A failure is recorded with the order (its error, and
 * when the sweep may try again, or that it needs attention) and logged as a warning naming the
 * order, on every failure. Run by the cron (the sweep, the retries) with a metered env, the shop's
 * share of subrequests (FULFIL_ORDER_SUBREQUESTS) is taken from its pool before fulfilOrder runs.
 */
export async function fulfilClaimed(order: Order, env: Env): Promise<FulfilmentRun> {
  spend(env, FULFIL_ORDER_SUBREQUESTS);
  try {
    await fulfilOrder(order, env);
  } catch (thrown) {
    const error = String(thrown).slice(0, MAX_ERROR_LENGTH);
    const errorKind = thrown instanceof Error ? thrown.name : typeof thrown;
    const attempt = order.fulfilment_attempts;
    const retryIn = fulfilmentBackoffMinutes(attempt);
    const failed = await recordFulfilmentFailure(env.DB, order.id, error, retryIn);
    // The message only in the ledger (the console shows it): a mail or shipping provider's error
    // often names its recipient, and logs carry no personal data. The log line has its kind.
    log('warn', 'fulfilment.failed', {
      order_id: order.id,
      attempt,
      max_attempts: FULFILMENT_MAX_ATTEMPTS,
      next_attempt_at: failed?.fulfilment_retry_at ?? null,
      needs_attention: retryIn === null,
      error: errorKind,
    });
    return { ok: false, error, errorKind, order: failed };
  }
  await markFulfilled(env.DB, order.id);
  return { ok: true };
}

/**
 * Records what Stripe said about an order (see ledger `transition`) and, when this write claimed
 * its fulfilment, fulfils it after the response. With `stripe`, Stripe Tax learns of the payment
 * or refund after the response too (src/tax/transaction.ts). Null for an event already recorded.
 */
export async function recordPayment(
  env: Env,
  waitUntil: (promise: Promise<unknown>) => void,
  orderId: string,
  facts: PaymentFacts,
  cause: Cause,
  options?: TransitionOptions & {
    stripe?: () => Promise<Stripe>;
    /** The pool Stripe Tax's calls take from (the sweep's run); absent: a budget of their own. */
    taxBudget?: () => StripeBudget;
  },
): Promise<TransitionResult | null> {
  const result = await transition(env.DB, orderId, facts, cause, options);
  if (result?.fulfil) waitUntil(fulfilClaimed(result.order, env));
  // After the response (waitUntil): no Server-Timing is left for its Stripe calls to add to.
  if (result && options?.stripe)
    waitUntil(followTax(env, options.stripe, result.order, newWaits(), options.taxBudget));
  return result;
}
