/**
 * Declines Stripe reports by webhook, against the card-testing cap: one made with the
 * PaymentIntent's client secret from a browser (Stripe.js and the publishable key) never passes
 * POST /charge, so the event is where it is counted (src/ledger/checkout-declines.ts), and where
 * a checkout that reaches MAX_DECLINES_PER_CHECKOUT has its PaymentIntent canceled, so that the
 * secret confirms nothing more (docs/security.md). A cancel that fails is the sweep's
 * (src/reconcile/capped.ts).
 */
import type Stripe from 'stripe';
import type { Order, PaymentFacts } from '../ledger';
import { lateDeclineStatements, secretHandedOut } from '../ledger/checkout-declines';
import { log } from '../log';
import { atDeclineCap } from '../stripe/cancel-capped';
import type { EventContext } from './apply';

/**
 * The statements that count an event's decline (`own`, its charge) the batch's move does not: for
 * an order already failed; or for an open one whose move counts a newer decline (facts').
 */
export function declineStatements(
  db: D1Database,
  event: Stripe.Event,
  orderId: string,
  facts: PaymentFacts,
  own: string | null = facts.declinedCharge ?? null,
): D1PreparedStatement[] {
  if (event.type !== 'payment_intent.payment_failed' || !own) return [];
  const newer = facts.declinedCharge !== own;
  return [
    ...lateDeclineStatements(db, orderId, own),
    ...(newer ? lateDeclineStatements(db, orderId, own, true) : []),
  ];
}

/**
 * After a decline's event: cancels the order's PaymentIntent once the checkout is at the cap,
 * when its client secret was handed out (secretHandedOut).
 */
export async function cancelAtCap(
  ctx: EventContext,
  event: Stripe.Event,
  order: Order,
): Promise<void> {
  if (event.type !== 'payment_intent.payment_failed' || !atDeclineCap(order)) return;
  // A secret never handed out confirms nothing: POST /charge refuses the capped checkout itself.
  if (!(await secretHandedOut(ctx.env.DB, order.id))) return;
  const fields = { order_id: order.id, payment_intent: order.payment_intent_id };
  try {
    const outcome = await ctx.cancelCapped?.(order);
    // Canceled: payment_intent.canceled records it. Refused (it succeeded or is processing
    // meanwhile): that payment's own event records it. Neither is canceled twice (one key).
    if (outcome?.kind === 'ok' || outcome?.kind === 'stripe_error')
      log('info', 'declines.cap_cancel', { ...fields, outcome: outcome.kind });
    else log('warn', 'declines.cap_cancel_failed', { ...fields, outcome: outcome?.kind ?? null });
  } catch (error) {
    log('warn', 'declines.cap_cancel_failed', { ...fields, error: String(error) });
  }
}
