/**
 * A payment's dispute, from Stripe's charge.dispute.* events: recorded with the order whose
 * PaymentIntent was disputed (src/ledger/disputes.ts), once and in any order. The order keeps its
 * status (it was paid); the console shows the dispute and offers no refund of it.
 */
import type Stripe from 'stripe';
import { findOrderByPaymentIntent, recordIgnoredEvent } from '../ledger';
import { recordDispute } from '../ledger/disputes';
import { log } from '../log';
import { isInquiry } from '../orders/dispute.js';
import type { EventContext, EventOutcome } from './apply';
import { DISPUTE_EVENTS } from './events.js';

/** An event about a dispute. */
type DisputeEvent = Extract<Stripe.Event, { type: (typeof DISPUTE_EVENTS)[number] }>;

/** Whether an event is about a dispute. */
export const isDisputeEvent = (event: Stripe.Event): event is DisputeEvent =>
  (DISPUTE_EVENTS as readonly string[]).includes(event.type);

/** Applies a dispute's event to the order it disputes; another shop's is recorded as ignored. */
export async function applyDispute(ctx: EventContext, event: DisputeEvent): Promise<EventOutcome> {
  const db = ctx.env.DB;
  const dispute = event.data.object;
  const paymentIntent = dispute.payment_intent;
  const paymentIntentId = typeof paymentIntent === 'string' ? paymentIntent : paymentIntent?.id;
  const order = paymentIntentId ? await findOrderByPaymentIntent(db, paymentIntentId) : null;
  if (!order) {
    const first = await recordIgnoredEvent(db, event.id, event.type);
    return { kind: 'ignored', reason: 'not_our_order', repeat: !first };
  }
  const facts = {
    id: dispute.id,
    status: dispute.status,
    reason: dispute.reason,
    amount: dispute.amount,
    currency: dispute.currency,
    dueBy: dispute.evidence_details?.due_by ?? null,
  };
  const cause = { source: ctx.via, event: { id: event.id, type: event.type } };
  const result = await recordDispute(
    db,
    order.id,
    facts,
    { ...cause.event, created: event.created },
    cause,
  );
  if (!result) return { kind: 'duplicate' };
  // A merchant must answer a new dispute before its deadline: a line to alert on.
  if (event.type === 'charge.dispute.created')
    log('warn', 'dispute.created', {
      order_id: order.id,
      dispute: dispute.id,
      reason: dispute.reason,
      due_by: facts.dueBy,
      inquiry: isInquiry(dispute.status) || undefined,
    });
  return { kind: 'applied', order, changed: result.changed, checkedWithStripe: false };
}
