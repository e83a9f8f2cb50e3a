/**
 * The sweep's last step: orders whose state Stripe may disagree with, checked against their
 * PaymentIntent. What the state machine allows is applied (as the receipt's own check would); what
 * remains different is listed for the console (table order_disagreements), and taken off the list
 * once they agree. The orders checked, at most VERIFY_ORDERS per run:
 * 1. those the events of this run left in doubt (a refund before its payment, a status the order
 *    refused to take);
 * 2. those already listed as disagreeing, to see whether they still do;
 * 3. open orders (pending, or waiting for 3-D Secure) that nothing has moved for a while: their
 *    customer may have paid where no event reached us. Each is checked at most every few hours,
 *    for as long as Stripe keeps events.
 */
import type Stripe from 'stripe';
import { findOrder, type Order } from '../ledger';
import { retryOnce } from '../ledger/retry';
import { retrievePaymentIntent } from '../stripe/client';
import { factsFromPaymentIntent } from '../stripe/facts';
import { recordPaymentIntent, sweepError, type SweepContext } from './context';
import { disagreeingOrderIds, recordCheck, type Disagreement } from './state';

const VERIFY_ORDERS = 10;
/** An open order untouched for this long is checked… */
export const QUIET_MINUTES = 15;
/** …at most this often… */
const CHECK_AGAIN_HOURS = 6;
/** …while younger than this. */
const CHECK_WITHIN_DAYS = 3;

/** Open orders linked to a PaymentIntent that nothing has moved for a while. */
async function quietOpenOrders(db: D1Database, limit: number): Promise<string[]> {
  const select = db
    .prepare(
      `SELECT id FROM orders
       WHERE status IN ('pending', 'requires_action') AND payment_intent_id IS NOT NULL
         AND updated_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?1)
         AND created_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?2)
         AND (reconciled_at IS NULL OR reconciled_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?3))
       ORDER BY reconciled_at IS NOT NULL, reconciled_at, updated_at LIMIT ?4`,
    )
    .bind(
      `-${QUIET_MINUTES} minutes`,
      `-${CHECK_WITHIN_DAYS} days`,
      `-${CHECK_AGAIN_HOURS} hours`,
      limit,
    );
  return (await retryOnce(() => select.all<{ id: string }>())).results.map((row) => row.id);
}

/** Where the order and its PaymentIntent differ, if they do. */
function difference(
  order: Order,
  pi: Stripe.PaymentIntent,
): Omit<Disagreement, 'order_id' | 'found_at' | 'checked_at'> | null {
  const facts = factsFromPaymentIntent(pi);
  const stripeStatus = facts.status ?? order.status;
  const stripeRefunded = facts.amountRefunded ?? 0;
  const found = (detail: string) => ({
    ledger_status: order.status,
    stripe_status: stripeStatus,
    ledger_refunded: order.amount_refunded,
    stripe_refunded: stripeRefunded,
    detail,
  });
  if (pi.amount !== order.amount || pi.currency !== order.currency)
    return found(`The PaymentIntent is for another amount than the order (${pi.id}).`);
  if (stripeStatus !== order.status)
    return found(`Stripe says ${stripeStatus}; the ledger says ${order.status}.`);
  if (stripeRefunded !== order.amount_refunded)
    return found('Stripe and the ledger disagree on the amount refunded.');
  return null;
}

/** Checks one order with Stripe: applies what it may, and records what still differs. */
async function verifyOrder(ctx: SweepContext, orderId: string): Promise<void> {
  const db = ctx.env.DB;
  const order = await findOrder(db, orderId);
  if (!order?.payment_intent_id) {
    // Nothing to compare with: not (or no longer) something Stripe can disagree with.
    if (order) await recordCheck(db, order.id, null);
    return;
  }
  const found = await retrievePaymentIntent(ctx.stripe, order.payment_intent_id, ctx.budget);
  if (found.kind !== 'ok') {
    sweepError(ctx, `verify ${order.id}`, found.error);
    return;
  }
  const pi = found.value;
  let current = order;
  if (pi.amount === order.amount && pi.currency === order.currency) {
    const result = await recordPaymentIntent(ctx, order, pi, 'verify');
    current = result?.order ?? order;
  }
  ctx.counts.orders_checked++;
  await recordCheck(db, order.id, difference(current, pi));
}

/** Checks the orders in doubt, then the listed ones, then quiet open ones, within the limits. */
export async function verifyOrders(ctx: SweepContext): Promise<void> {
  const db = ctx.env.DB;
  const ids = new Set([...ctx.suspects].slice(0, VERIFY_ORDERS));
  for (const id of await disagreeingOrderIds(db, VERIFY_ORDERS - ids.size)) ids.add(id);
  if (ids.size < VERIFY_ORDERS)
    for (const id of await quietOpenOrders(db, VERIFY_ORDERS - ids.size)) ids.add(id);
  for (const id of ids) {
    if (ctx.budget.attemptsLeft <= 0) break;
    try {
      await verifyOrder(ctx, id);
    } catch (error) {
      sweepError(ctx, `verify ${id}`, error);
    }
  }
}
