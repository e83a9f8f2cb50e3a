/**
 * Records what a Checkout Session says of its order, whoever read it (the webhook, the receipt,
 * the sweep): the totals the customer agreed to on Stripe's page first, then the status through
 * the ledger's state machine, which fulfils the order once if this made it paid.
 */
import type Stripe from 'stripe';
import { recordPayment } from '../fulfilment';
import type { Cause, Order, TransitionResult } from '../ledger';
import { markFreeSessionRefused, recordSessionTotals } from '../ledger/sessions';
import { log } from '../log';
import { sessionFacts } from './facts';

/**
 * Whether a Session is this order's: made for it (client_reference_id), in its currency, and its
 * linked one, or, while none is linked (a create's answer was lost), made for the current attempt
 * (the expiry the attempt chose): an earlier attempt's Session never moves the order.
 */
export function isSessionOf(order: Order, session: Stripe.Checkout.Session): boolean {
  return (
    session.client_reference_id === order.id &&
    session.currency === order.currency &&
    (order.checkout_session_id === null
      ? session.expires_at === order.checkout_session_expires_at
      : order.checkout_session_id === session.id)
  );
}

/**
 * Whether a Session was expired ahead of its expiry (`now`, unix s): by a click that replaces it
 * for a new attempt (./linked.ts), which moves the order on itself, or by the merchant, whose
 * event says so. Not for a reader to cancel its order until the expiry passes.
 */
const expiredAhead = (session: Stripe.Checkout.Session, now: number): boolean =>
  session.status === 'expired' && session.expires_at > now;

/**
 * Whether a Session was expired by the order's own click to replace it (another country), which
 * marked it before the expire was sent (markReplacing): its expiry is the order's next attempt,
 * never the checkout's end, also once the click lost the expire's answer and past the expiry.
 */
export const replacedByClick = (order: Order, session: Stripe.Checkout.Session): boolean =>
  session.status === 'expired' && order.replacing_session_id === session.id;

/**
 * Whether a reader other than the order's own click (the receipt, the sweep) may record what a
 * Session says of its order (`now`, unix s): it is the order's, not expired ahead of its expiry
 * (its click, or the merchant's event, settles it), nor replaced by the order's click.
 */
export const mayRecord = (order: Order, session: Stripe.Checkout.Session, now: number): boolean =>
  isSessionOf(order, session) && !expiredAhead(session, now) && !replacedByClick(order, session);

/** A Session the ledger cannot record: it completed with nothing to pay (a 100 % code). */
interface RefusedSession {
  refused: 'free_session';
  order: Order;
}

/**
 * Records a Session's news on its order; null for an event recorded before. A Session that made
 * the order free is refused (the ledger keeps no order of amount 0): the order stays open, marked
 * for the receipt, and the problem is logged for the merchant, so that nothing asks again forever.
 */
export async function recordSession(
  env: Env,
  waitUntil: (promise: Promise<unknown>) => void,
  order: Order,
  session: Stripe.Checkout.Session,
  cause: Cause,
  stripe?: () => Promise<Stripe>,
): Promise<TransitionResult | RefusedSession | null> {
  const { facts, totals } = sessionFacts(order, session);
  // Checked again in each write: a new attempt may have linked another Session since `order` was
  // read (a Stripe round trip ago), and an old one's facts must not move it.
  const ours = { id: session.id, expiresAt: session.expires_at };
  if (totals?.amount === 0) {
    // The order, not the Session: a Session's id is in its page's address, kept out of logs.
    log('error', 'hosted.free_session_refused', {
      order_id: order.id,
      promotion_code: totals.promotionCodeId,
    });
    // The lines and the discount as on Stripe's page; the amount stays the one the ledger allows.
    await recordSessionTotals(env.DB, order.id, { ...totals, amount: order.amount }, ours);
    return { refused: 'free_session', order: await markFreeSessionRefused(env.DB, order) };
  }
  if (totals) await recordSessionTotals(env.DB, order.id, totals, ours);
  return recordPayment(env, waitUntil, order.id, facts, cause, { stripe, session: ours });
}
