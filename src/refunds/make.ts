/**
 * A refund asked for in the console: held in the ledger first (so that refunds asked for at once
 * never add up to more than was paid), then made by Stripe under an idempotency key derived from
 * the order and the console's Idempotency-Key (one refund per key and order, whoever clicks how
 * often; the same key for another order is another refund), then recorded with the order.
 */
import type Stripe from 'stripe';
import type { PaymentConfig } from '../config';
import { findOrder, type Cause, type Order } from '../ledger';
import {
  abandonRefund,
  claimRefund,
  findRefund,
  reopenRefund,
  reserveRefund,
  type Refund,
  type RefundRequest,
  whyNotReserved,
} from '../ledger/refunds';
import { hashSecret } from '../ledger/secret';
import { stripeBudget, type StripeBudget } from '../stripe/call';
import { createRefund, retrievePaymentIntent, stripeFor } from '../stripe/client';
import { failureWords, refusalOf } from './words';
import { followTax } from '../tax/transaction';
import type { Waits } from '../timing';
import { NOT_MADE_AT_STRIPE, refusalCodeOf, type RefusalCode } from './codes';
import { recordRefund } from './record';
import { isUndone } from './undone';

export type RefundOutcome =
  | { kind: 'no_order' }
  | { kind: 'not_refundable'; status: string }
  /** Disputed: Stripe would refuse it (charge_disputed), so it is not asked. */
  | { kind: 'disputed'; dispute: { id: string; status: string; reason: string } }
  /** More than remains (the order, and so its currency, is the caller's). */
  | { kind: 'too_much'; remaining: number; held: number }
  /** The key made another refund (`refund`: another amount or reason) for this order. */
  | { kind: 'key_reused'; refund: Refund; order: Order }
  | { kind: 'refunded'; refund: Refund; order: Order; replayed: boolean }
  | { kind: 'refused'; refund: Refund; order: Order; code: RefusalCode; message: string }
  /** Stripe's answer was lost: the refund may have been made, and its amount stays held. */
  | { kind: 'unknown'; refund: Refund; order: Order };

/** The Stripe idempotency key of a console refund: the order's, and the console key's (hashed). */
async function refundIdempotencyKey(orderId: string, key: string): Promise<string> {
  return `${orderId}/refund/${await hashSecret(key)}`;
}

interface RefundContext {
  env: Env;
  config: PaymentConfig;
  cause: Cause;
  /** The request's tally of waits (Server-Timing), to which its Stripe call adds. */
  waits: Waits;
}

/** Whether a repeat of a key asks for what its first use asked for. */
function sameRequest(refund: Refund, request: RefundRequest): boolean {
  return (
    (request.amount === undefined || request.amount === refund.amount) &&
    (request.reason ?? null) === refund.reason
  );
}

/**
 * Makes (or finds, for a repeated key) a console refund of `order`, read by the caller before
 * anything is held (its amount's step is the order's currency's: refunds.ts). What the order is
 * read for (its id, amount, currency) never changes; its PaymentIntent is read again if it had
 * none then. Never throws for Stripe's answers.
 */
export async function makeRefund(
  ctx: RefundContext,
  request: RefundRequest,
  read: Order | null,
): Promise<RefundOutcome> {
  const db = ctx.env.DB;
  if (!read) return { kind: 'no_order' };
  const reservation = await reserveRefund(db, request);
  // Not held (not refundable, disputed, too much): why is the answer.
  if (!('refund' in reservation)) return reservation;
  const refund = reservation.refund;
  // Held, so paid: read while its payment was still on its way, the order may not have had its
  // PaymentIntent yet, which the refund names (Stripe refuses a refund of none).
  const order = read.payment_intent_id ? read : ((await findOrder(db, read.id)) ?? read);
  // Whether Stripe is asked again for a refund it made nothing of (see NOT_MADE_AT_STRIPE).
  let reopened = false;
  if (reservation.kind === 'existing') {
    if (!sameRequest(refund, request)) return { kind: 'key_reused', refund, order };
    // The first click's refund, as it stands: only one still on its way asks Stripe again, once
    // claimed (the sweep then leaves it; abandoned by the sweep first, Stripe is not asked).
    let current =
      refund.status === 'requested'
        ? ((await claimRefund(db, refund.id)) ?? (await findRefund(db, refund.id)) ?? refund)
        : refund;
    // Refused before Stripe ran it (busy, or the key refused): no answer is saved for the key,
    // so the same key may ask again, held again first. Replaying the 503 would stick forever.
    if (notMadeAtStripe(current)) {
      const again = await reopenRefund(db, current);
      if (again) [current, reopened] = [again, true];
      else {
        current = (await findRefund(db, refund.id)) ?? current;
        if (notMadeAtStripe(current)) {
          // Its amount is no longer there to hold (refunded since), or the order not refundable.
          const why = await whyNotReserved(db, order.id);
          return why;
        }
      }
    }
    // Failed or canceled at Stripe (its failure_reason kept as the row's error): never a success.
    if (isUndone(current))
      return {
        kind: 'refused',
        refund: current,
        order,
        ...refusal(current.error ?? 'refund_refused'),
      };
    if (current.status !== 'requested')
      return { kind: 'refunded', refund: current, order, replayed: true };
  }

  // An earlier click sent this refund and heard nothing: an answer that says nothing of that call
  // (Stripe busy for every attempt of this one, or the key refused since) leaves it in doubt.
  const sentBefore = reservation.kind === 'existing' && !reopened;
  const stripe = await stripeFor(ctx.config);
  const budget = stripeBudget(ctx.env, ctx.waits);
  const outcome = await createRefund(
    stripe,
    {
      payment_intent: order.payment_intent_id ?? '',
      amount: refund.amount,
      ...(refund.reason && { reason: refund.reason as Stripe.RefundCreateParams.Reason }),
      metadata: { order_id: order.id, refund_id: refund.id },
    },
    await refundIdempotencyKey(order.id, request.idempotencyKey),
    budget,
  );
  // The refund's row again: the webhook may have settled it meanwhile.
  const settled = async () => (await findRefund(db, refund.id)) ?? refund;
  // Made or not, nobody can say yet: its amount stays held, and the same key (or the sweep) finds out.
  const inDoubt = async (): Promise<RefundOutcome> => ({
    kind: 'unknown',
    refund: await settled(),
    order,
  });
  switch (outcome.kind) {
    case 'ok': {
      const updated = await recordRefund(db, order, outcome.value, ctx.cause);
      // Stripe Tax reverses what was refunded (a console refund has no webhook to wait for).
      await followTax(ctx.env, async () => stripe, updated, ctx.waits);
      // The order as Stripe Tax's records left it (what is reversed), which the answer shows.
      const now = updated.tax_calculation ? ((await findOrder(db, order.id)) ?? updated) : updated;
      return {
        kind: 'refunded',
        refund: await settled(),
        order: now,
        replayed: sentBefore,
      };
    }
    case 'stripe_error': {
      const error = outcome.error;
      const code = refusalCodeOf(error);
      if (sentBefore && code === 'not_configured') return inDoubt();
      // Stripe's own words for a refusal of its own, which the console shows the admin.
      const stored = code === 'refund_refused' ? `${code}: ${error.message}` : code;
      const failed = (await abandonRefund(db, refund.id, stored)) ?? (await settled());
      if (code === 'amount_too_large') {
        // Stripe's answer names no amount the console can use: what is left is its charge's.
        const remaining = await remainingAtStripe(stripe, order, budget);
        if (remaining !== undefined) return { kind: 'too_much', remaining, held: 0 };
      }
      return { kind: 'refused', refund: failed, order, ...refusal(stored) };
    }
    case 'unavailable': {
      if (sentBefore) return inDoubt();
      const failed = (await abandonRefund(db, refund.id, 'stripe_unavailable')) ?? refund;
      return { kind: 'refused', refund: failed, order, ...refusal('stripe_unavailable') };
    }
    case 'unknown':
      return inDoubt();
  }
}

/** What is left to refund on the order's charge, as Stripe has it (undefined: no answer). */
async function remainingAtStripe(
  stripe: Stripe,
  order: Order,
  budget: StripeBudget,
): Promise<number | undefined> {
  if (!order.payment_intent_id) return undefined;
  const read = await retrievePaymentIntent(stripe, order.payment_intent_id, budget);
  const charge = read.kind === 'ok' ? read.value.latest_charge : null;
  if (!charge || typeof charge === 'string') return undefined;
  return Math.max(0, charge.amount_captured - charge.amount_refunded);
}

/** Whether a refund ended with a refusal that says Stripe made nothing of it. */
function notMadeAtStripe(refund: Refund): boolean {
  return (
    refund.status === 'failed' &&
    refund.stripe_refund_id === null &&
    (NOT_MADE_AT_STRIPE as readonly (string | null)[]).includes(refund.error)
  );
}

/** The code and message of a stored refusal (`code` or `code: Stripe's message`). */
function refusal(stored: string): { code: RefusalCode; message: string } {
  // A refund Stripe accepted, then failed: its failure_reason, in words.
  const failed = failureWords(stored);
  if (failed) return { code: 'refund_refused', message: `This refund failed at Stripe. ${failed}` };
  return refusalOf(stored);
}
