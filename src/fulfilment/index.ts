/**
 * FULFILMENT: what happens once an order is paid. This is the merchant's hook: send the email,
 * create the shipment, grant the download. It runs exactly once per order, whichever of
 * POST /charge, the thank-you page or a Stripe webhook learns of the payment first, and it runs
 * after the response (ctx.waitUntil), so keep it idempotent towards outside systems if you can.
 */
import type { Order } from '../ledger';
import { releaseFulfilment, transition, type PaymentFacts, type TransitionResult } from '../ledger';
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
 * Runs a fulfilment that the ledger claimed for this request (see `transition`). A failure is
 * logged and the claim released, so the order shows as paid but unfulfilled in `npm run orders`
 * and the next write about it tries again.
 */
async function fulfilClaimed(order: Order, env: Env): Promise<void> {
  try {
    await fulfilOrder(order, env);
  } catch (error) {
    log('error', 'order.fulfilment_failed', { order_id: order.id, error: String(error) });
    await releaseFulfilment(env.DB, order.id);
  }
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
