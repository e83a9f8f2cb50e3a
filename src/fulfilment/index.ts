/**
 * FULFILMENT: what happens once an order is paid. This is the merchant's hook: send the email,
 * create the shipment, grant the download. It runs once per order, whichever of POST /charge, the
 * thank-you page or a Stripe webhook learns of the payment first, after the response
 * (ctx.waitUntil), and until it succeeds: a run that threw or was cut off is retried by the
 * scheduled sweep. A run cut off after its work but before it was marked done is run again, so
 * make it idempotent towards outside systems (use the order id as the key).
 */
import type { Order } from '../ledger';
import { markFulfilled, transition, type PaymentFacts, type TransitionResult } from '../ledger';
import { log, maskEmail } from '../log';

/** ✏️ Edit me: the default only writes a structured log line. */
export async function fulfilOrder(order: Order, _env: Env): Promise<void> {
  log('info', 'order.fulfilled', {
    order_id: order.id,
    payment_intent: order.payment_intent_id,
    product: order.product_id,
    quantity: order.quantity,
    amount: order.amount,
    currency: order.currency,
    email: maskEmail(order.email),
  });
}

/**
 * Runs a fulfilment that the ledger claimed for this caller (see `transition`, `claimUnfulfilled`)
 * and marks it done. A failure is logged and the claim left to expire: the scheduled sweep
 * (retry.ts) tries again once it is stale, as for a claim whose Worker was cut off.
 */
export async function fulfilClaimed(order: Order, env: Env): Promise<void> {
  try {
    await fulfilOrder(order, env);
  } catch (error) {
    log('error', 'order.fulfilment_failed', { order_id: order.id, error: String(error) });
    return;
  }
  await markFulfilled(env.DB, order.id);
}

/**
 * Records what Stripe said about an order (see ledger `transition`) and, when this write claimed
 * its fulfilment, fulfils it after the response. Null for an event already recorded.
 */
export async function recordPayment(
  env: Env,
  waitUntil: (promise: Promise<unknown>) => void,
  orderId: string,
  facts: PaymentFacts,
  event?: { id: string; type: string },
): Promise<TransitionResult | null> {
  const result = await transition(env.DB, orderId, facts, event);
  if (result?.fulfil) waitUntil(fulfilClaimed(result.order, env));
  return result;
}
