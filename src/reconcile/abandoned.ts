/**
 * The sweep's steps for abandoned checkouts. At 3-D Secure: an order quiet in `requires_action` for
 * ABANDONED_AFTER_MINUTES has its PaymentIntent canceled (reason `abandoned`), once Stripe says it
 * still waits for a step taken at once (isAbandonedAfterAnHour), and what Stripe then
 * says is recorded as any answer is: canceled frees the order's promotion-code redemption (see the
 * ledger's HOLDS_REDEMPTION), which would otherwise be held for good, since nothing else ends a
 * PaymentIntent left waiting for the customer's bank. A PaymentIntent that succeeded or started
 * processing meanwhile is refused as `payment_intent_unexpected_state`, with the PaymentIntent:
 * that state is recorded instead, so a payment is never canceled. A customer who comes back is
 * told the checkout was canceled and that they were not charged (POST /charge, the receipt).
 * After a decline: an order with a promotion code whose client secret was handed out holds its
 * redemption while it is failed, since that secret can still pay it at the code's discount (the
 * ledger's PAYABLE_BY_SECRET); after the same window its PaymentIntent is canceled as well, once
 * Stripe says it still needs a payment method (a retry begun meanwhile is left).
 * On Stripe's hosted page: an order left with no Session to pay (its Session expired, or was
 * replaced, and no click made the next one) is ended after the same window, once its attempt's
 * expiry has passed; nothing at Stripe can pay it then (endAbandonedHosted).
 */
import { PAYABLE_BY_SECRET, type Order } from '../ledger';
import { retryOnce } from '../ledger/retry';
import { endAbandonedAttempts } from '../ledger/sessions';
import type Stripe from 'stripe';
import type { StripeCallOutcome } from '../stripe/call';
import { cancelAbandonedIntent, type AbandonedKey } from '../stripe/cancel-abandoned';
import { retrievePaymentIntent } from '../stripe/client';
import { checked } from './state';
import { recordPaymentIntent, sweepError, type SweepContext } from './context';

/**
 * How long a checkout may wait for 3-D Secure before it counts as abandoned. A bank's challenge
 * lasts minutes (EMV 3-D Secure times a challenge out after about 10), but a customer may approve
 * it later in the bank's app, or come back from another tab; Stripe's own Checkout Session keeps
 * a whole day (24 h), which here would block a limited code for that long per abandoned page. An
 * hour is six times the longest challenge, and frees a code within the hour. A hosted checkout
 * with no Session left is ended after as long: its customer had half an hour on Stripe's page.
 */
export const ABANDONED_AFTER_MINUTES = 60;
/** Orders canceled per run at most, of each kind (each two Stripe calls: a read, the cancel). */
const CANCEL_ORDERS = 5;

/**
 * Not looked at since its window ended, or not for another window: an order a read left (a wait
 * of days, below; a cancel Stripe refused) is read again an hour later, not on every run. A check
 * within the window (the verify step's, 15 minutes on) does not count.
 */
const NOT_CHECKED_SINCE_WINDOW = `(reconciled_at IS NULL
  OR reconciled_at < strftime('%Y-%m-%dT%H:%M:%fZ', updated_at, '+${ABANDONED_AFTER_MINUTES} minutes')
  OR reconciled_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-${ABANDONED_AFTER_MINUTES} minutes'))`;

/**
 * Own-page orders of one kind (`kind`, SQL over orders) quiet for the window and not checked since,
 * least recently looked at first (an order Stripe would not cancel is handed to verify, which marks
 * it checked, so it cannot crowd out the others), each kind through its partial index
 * (migrations/0023, 0029). Hosted Checkout's PaymentIntents belong to their Session, which
 * expires on its own.
 */
async function quietOrders(db: D1Database, kind: string): Promise<Order[]> {
  const select = db
    .prepare(
      `SELECT * FROM orders
       WHERE ${kind} AND hosted = 0
         AND updated_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?1)
         AND ${NOT_CHECKED_SINCE_WINDOW}
       ORDER BY reconciled_at IS NOT NULL, reconciled_at, updated_at LIMIT ?2`,
    )
    .bind(`-${ABANDONED_AFTER_MINUTES} minutes`, CANCEL_ORDERS);
  return (await retryOnce(() => select.all<Order>())).results;
}

/**
 * The next actions that wait for days by design (stripe-node's NextAction types): a voucher paid
 * at a store, a bank transfer, microdeposits to verify, a Pix code, an Indian card mandate's
 * notice. Each ends with the method's own expiry, when Stripe fails the PaymentIntent itself:
 * never abandoned here. Any other (3-D Secure, a redirect, a wallet's QR code or app) is taken at
 * once, or not at all.
 */
const WAITS_FOR_DAYS = new Set([
  'boleto_display_details',
  'konbini_display_details',
  'multibanco_display_details',
  'oxxo_display_details',
  'display_bank_transfer_instructions',
  'verify_with_microdeposits',
  'pix_display_qr_code',
  'card_await_notification',
]);

/** Whether a PaymentIntent still waits, an hour on, for a step its customer takes at once. */
export const isAbandonedAfterAnHour = (pi: Stripe.PaymentIntent): boolean =>
  pi.status === 'requires_action' && !WAITS_FOR_DAYS.has(pi.next_action?.type ?? '');

/** One kind of abandoned checkout: what its PaymentIntent still reads, and its cancel's words. */
interface AbandonedStep {
  /** The key's step: a failed order's attempt is already its next one, which may yet wait. */
  key: AbandonedKey;
  note: string;
  /** Whether Stripe's PaymentIntent is still as the order was left (else something happened). */
  left: (pi: Stripe.PaymentIntent) => boolean;
}

/**
 * Cancels an abandoned order's PaymentIntent once Stripe says it is still as it was left: another
 * state is recorded (paid, failed or a retry begun meanwhile), and the order, left, is marked
 * checked (a wait of days is read again an hour later, NOT_CHECKED_SINCE_WINDOW).
 */
async function cancelAbandoned(
  ctx: SweepContext,
  order: Order,
  id: string,
  step: AbandonedStep,
): Promise<void> {
  const found = await retrievePaymentIntent(ctx.stripe, id, ctx.budget);
  if (found.kind !== 'ok') return sweepError(ctx, `cancel ${order.id}`, found.error);
  if (!step.left(found.value)) {
    await recordPaymentIntent(ctx, order, found.value, 'cancel');
    // Checked, not found in agreement: a disagreement listed stays for the verify step to settle.
    await checked(ctx.env.DB, order.id);
    return;
  }
  // POST /charge's cancel of a checkout changed at the bank is the same request (one at Stripe).
  const outcome = await cancelAbandonedIntent(ctx.stripe, order, id, step.key, ctx.budget);
  await recordCancel(ctx, order, id, outcome, step.note);
}

/**
 * Records what Stripe answered the sweep's cancel of an order's PaymentIntent `id`: canceled (with
 * `note`), or the state that refused it (paid, processing or failed meanwhile).
 */
export async function recordCancel(
  ctx: SweepContext,
  order: Order,
  id: string,
  outcome: StripeCallOutcome<Stripe.PaymentIntent>,
  note: string,
): Promise<void> {
  if (outcome.kind === 'ok') {
    const result = await recordPaymentIntent(ctx, order, outcome.value, 'cancel', { note });
    if (result?.order.status === 'canceled') ctx.counts.orders_canceled++;
    return;
  }
  const refused = outcome.kind === 'stripe_error' ? outcome.error : null;
  if (refused?.code === 'payment_intent_unexpected_state' && refused.payment_intent?.id === id) {
    // Paid, processing or failed meanwhile: that is the answer. Verify reads its card and refunds.
    await recordPaymentIntent(ctx, order, refused.payment_intent, 'cancel');
  } else sweepError(ctx, `cancel ${order.id}`, outcome.error);
  ctx.suspects.add(order.id);
}

/** The two kinds of abandoned checkout the sweep cancels. */
const ABANDONED: (AbandonedStep & { kind: string })[] = [
  // Waiting for 3-D Secure longer than the window.
  {
    kind: "status = 'requires_action' AND payment_intent_id IS NOT NULL",
    key: 'cancel',
    note: 'abandoned at 3-D Secure',
    left: isAbandonedAfterAnHour,
  },
  // Failed with a promotion code whose client secret was handed out: each holds its code's
  // redemption until its PaymentIntent is canceled.
  {
    kind: `status = 'failed' AND ${PAYABLE_BY_SECRET} AND promotion_code_id IS NOT NULL`,
    key: 'cancel-failed',
    note: 'abandoned after a decline',
    left: (pi) => pi.status === 'requires_payment_method',
  },
];

/** Cancels what it can of the abandoned checkouts, within the run's budget. */
export async function cancelAbandoned3ds(ctx: SweepContext): Promise<void> {
  for (const { kind, ...step } of ABANDONED)
    for (const order of await quietOrders(ctx.env.DB, kind)) {
      if (ctx.budget.attemptsLeft <= 0) return;
      try {
        await cancelAbandoned(ctx, order, order.payment_intent_id!, step);
      } catch (error) {
        sweepError(ctx, `cancel ${order.id}`, error);
      }
    }
}

/** Hosted orders ended per run at most (no Stripe call: one write for them all). */
const END_HOSTED_ORDERS = 50;

/**
 * Ends hosted orders left pending with no Session to pay (src/ledger/sessions.ts,
 * endAbandonedAttempts) after ABANDONED_AFTER_MINUTES of quiet, as canceled: their history says so.
 * A customer who comes back is told the checkout ended and that nothing was charged.
 */
export async function endAbandonedHosted(
  ctx: SweepContext,
  now: number = Math.floor(Date.now() / 1000),
): Promise<void> {
  ctx.counts.orders_canceled += await endAbandonedAttempts(ctx.env.DB, {
    now,
    quietMinutes: ABANDONED_AFTER_MINUTES,
    limit: END_HOSTED_ORDERS,
    cause: { source: 'sweep', job: 'cancel' },
    note: `abandoned: no Checkout Session open for ${ABANDONED_AFTER_MINUTES} minutes`,
  });
}
