/**
 * Records what a Checkout Session says of its order, whoever read it (the webhook, the receipt,
 * the sweep): the totals the customer agreed to on Stripe's page first, then the status through
 * the ledger's state machine, which fulfils the order once if this made it paid.
 */
import type Stripe from 'stripe';
import { recordPayment } from '../fulfilment';
import type { Cause, Order, TransitionResult } from '../ledger';
import { recordSessionTotals } from '../ledger/sessions';
import { sessionFacts } from './facts';

/** Whether a Session is this order's: made for it (client_reference_id), in its currency. */
export function isSessionOf(order: Order, session: Stripe.Checkout.Session): boolean {
  return (
    session.client_reference_id === order.id &&
    session.currency === order.currency &&
    (order.checkout_session_id === null || order.checkout_session_id === session.id)
  );
}

/** Records a Session's news on its order; null for an event recorded before. */
export async function recordSession(
  env: Env,
  waitUntil: (promise: Promise<unknown>) => void,
  order: Order,
  session: Stripe.Checkout.Session,
  cause: Cause,
  stripe?: () => Promise<Stripe>,
): Promise<TransitionResult | null> {
  const { facts, totals } = sessionFacts(order, session);
  if (totals) await recordSessionTotals(env.DB, order.id, totals);
  return recordPayment(env, waitUntil, order.id, facts, cause, { stripe });
}
