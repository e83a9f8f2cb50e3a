/**
 * Applying one Stripe event to the ledger: the core of POST /webhook, which the reconciliation
 * sweep (src/reconcile) also runs for the events the webhook missed, so that an event does the
 * same whichever brings it, and is applied once whichever comes first (its id is recorded in the
 * same transaction as its effect). Events only move orders along the state machine, so
 * redeliveries and out-of-order events cannot move an order backwards.
 * Card details come from charge.succeeded, so no event costs a Stripe call except a failure that
 * must be checked (see `match`) and a Checkout Session's, which is read from Stripe with its
 * PaymentIntent (hosted Checkout).
 */
import type Stripe from 'stripe';
import { recordPayment } from '../fulfilment';
import { isSessionOf, recordSession } from '../hosted/record';
import { replacementExpireKey } from '../hosted/session';
import {
  findOrder,
  findOrderByCheckout,
  findOrderByPaymentIntent,
  recordIgnoredEvent,
  type Order,
  type PaymentFacts,
} from '../ledger';
import { awaitsSessionPayment } from '../ledger/sessions';
import type { Cause } from '../ledger/history';
import { refundStatements, type StripeRefundFacts } from '../ledger/refunds';
import { canTransition, isOpen, isRefundable, type OrderStatus } from '../ledger/status';
import { log } from '../log';
import { hasFailedRefund, refundNote } from '../refunds/failed';
import { isUndone, refundedAsCharge } from '../refunds/undone';
import { factsFromPaymentIntent, factsFromRefund } from '../stripe/facts';
import { factsFromRead, type Failure } from '../stripe/read';
import { afterReplayKey, type StripeBudget, type StripeCallOutcome } from '../stripe/call';
import { cancelAtCap, declineStatements } from './capped';
import { applyDispute, isDisputeEvent } from './dispute';
import { DISPUTE_EVENTS, WEBHOOK_EVENTS } from './events.js';
import { eventProblem } from './shape';
import { otherVersion } from './version';

/**
 * An event of a type the webhook handles, but for disputes (dispute.ts): `event.data.object` is
 * typed by `event.type`.
 */
type HandledEvent = Extract<
  Stripe.Event,
  { type: Exclude<(typeof WEBHOOK_EVENTS)[number], (typeof DISPUTE_EVENTS)[number]> }
>;

const isHandled = (event: Stripe.Event): event is HandledEvent =>
  (WEBHOOK_EVENTS as readonly string[]).includes(event.type);

/** What to do with an event. */
type Match =
  | {
      kind: 'apply';
      order: Order;
      facts: PaymentFacts;
      /** Ask Stripe for this PaymentIntent's state instead of trusting the event. */
      verify?: string;
      /** The failure the event reports: when Stripe sent it, and its charge (src/stripe/read.ts). */
      failure?: Failure;
      /** Ask Stripe for this Checkout Session (hosted Checkout) and record what it says. */
      session?: string;
      /** A refund to record with the order. */
      refund?: StripeRefundFacts;
      /**
       * Ask Stripe for this charge's total refunded: a refund of it failed, which lowers it, and
       * a payload's total may be older than the failure (src/refunds/failed.ts).
       */
      charge?: string;
    }
  | { kind: 'ignore'; reason: string; orderId?: string }
  /** Not yet: the webhook answers 503 and Stripe delivers the event again. */
  | { kind: 'later'; reason: string; orderId?: string };

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === 'string' ? value : (value?.id ?? null);

/**
 * The order a PaymentIntent (or its charge) belongs to: linked by id, or, while a create whose
 * response was lost is not linked yet, by the checkout id we put in its metadata. Null when it is
 * not this shop's, or when its amount is not the order's (logged: someone else's payment).
 */
async function orderOf(
  db: D1Database,
  event: HandledEvent,
  payment: { id: string; amount: number; currency: string; metadata: Stripe.Metadata | null },
): Promise<Order | null> {
  const checkoutId = payment.metadata?.checkout_id;
  const order =
    (await findOrderByPaymentIntent(db, payment.id)) ??
    (checkoutId ? await findOrderByCheckout(db, checkoutId) : null);
  if (!order || (order.payment_intent_id !== null && order.payment_intent_id !== payment.id))
    return null;
  if (order.amount !== payment.amount || order.currency !== payment.currency) {
    log('error', 'webhook.mismatch', {
      event_id: event.id,
      order_id: order.id,
      payment_intent: payment.id,
    });
    return null;
  }
  return order;
}

/** Stripe's answer that it has no such object for this key, or that the key may not read it. */
const refusedForGood = (error: Stripe.errors.StripeError): boolean =>
  error.statusCode === 403 || error.code === 'resource_missing';

/** An order a refund is about, once its payment is recorded (refunds can arrive first). */
async function refundedOrder(
  ctx: EventContext,
  paymentIntentId: string | null,
): Promise<Match | Order> {
  const db = ctx.env.DB;
  if (!paymentIntentId) return { kind: 'ignore', reason: 'not_our_order' };
  const order = await findOrderByPaymentIntent(db, paymentIntentId);
  if (!order) {
    // A hosted order's PaymentIntent is linked only once its Session is recorded, and names the
    // order in its metadata alone: a refund before then must come again, not be set aside as
    // not ours (a recorded id is never applied later, by Stripe's redelivery or the sweep).
    // With no order awaiting its Session's payment, it cannot be one: the refunds of the
    // account's other payments cost one indexed row, no Stripe read.
    if (!(await awaitsSessionPayment(db))) return { kind: 'ignore', reason: 'not_our_order' };
    // The sweep does not read: each run would spend its shared budget again on the same foreign
    // refund, listed again while in the overlap. Not recorded, it is applied once the Session is
    // (Stripe's redelivery, or a run after the sessions step), or set aside as not ours by the
    // webhook's read or once no such order is left.
    if (ctx.via === 'sweep') return { kind: 'later', reason: 'payment_intent_not_read' };
    const read = await ctx.paymentIntentRead(paymentIntentId);
    // Stripe has no such PaymentIntent for this key (resource_missing), or a restricted key may
    // not read it: no order of ours pays with those, so Stripe's answer is final, not a failure.
    if (read?.kind === 'stripe_error' && refusedForGood(read.error))
      return { kind: 'ignore', reason: 'not_our_order' };
    // Stripe not configured, 5xx, 429 or no answer: 503, and Stripe delivers it again.
    if (read?.kind !== 'ok') return { kind: 'later', reason: 'payment_intent_lookup_failed' };
    const orderId = read.value.metadata.order_id;
    const hosted = orderId ? await findOrder(db, orderId) : null;
    if (hosted?.hosted && hosted.payment_intent_id === null && isOpen(hosted.status))
      return { kind: 'later', reason: 'refund_before_session' };
    return { kind: 'ignore', reason: 'not_our_order' };
  }
  // Events are not ordered: the refund can come before the success it refunds. Stripe delivers
  // it again later, by when the payment is recorded.
  if (!isRefundable(order.status) && order.status !== 'refunded')
    return { kind: 'later', reason: 'refund_before_payment', orderId: order.id };
  return order;
}

/** The order an event is about, and what to do with it. */
async function match(ctx: EventContext, event: HandledEvent): Promise<Match> {
  const db = ctx.env.DB;
  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.processing':
    case 'payment_intent.requires_action':
    case 'payment_intent.payment_failed':
    case 'payment_intent.canceled': {
      const pi = event.data.object;
      const order = await orderOf(db, event, pi);
      if (!order) return { kind: 'ignore', reason: 'not_our_order' };
      const facts = factsFromPaymentIntent(pi);
      // A failure for an open order may be a late one about an earlier attempt on the same
      // PaymentIntent while a new one awaits 3-D Secure, or the real end of a debit that settled
      // for days (SEPA, ACH); for an unlinked order, the first create's response was lost. Stripe
      // is asked where the PaymentIntent stands now, and that is what the ledger records.
      if (isOpen(order.status) && facts.status === 'failed') {
        const failure = { at: event.created, charge: idOf(pi.latest_charge) };
        return { kind: 'apply', order, facts, verify: pi.id, failure };
      }
      // A payment found by its checkout id alone: a refund of it made since found no order (its
      // events name the PaymentIntent), and the payload's charge is an id, so Stripe is asked.
      if (order.payment_intent_id === null && facts.status === 'paid')
        return { kind: 'apply', order, facts, verify: pi.id };
      return { kind: 'apply', order, facts };
    }
    case 'charge.succeeded': {
      // The card that paid, for the receipt. Stripe may send this before or after
      // payment_intent.succeeded: it adds the card but never moves the order's status, which the
      // PaymentIntent's own events decide. Nor does it link a PaymentIntent the order does not
      // know yet (a create whose answer was lost): the page's resend of that attempt must replay
      // the same create under its idempotency key, not turn into a confirm of a linked one.
      const charge = event.data.object;
      const paymentIntentId = idOf(charge.payment_intent);
      const order = paymentIntentId
        ? await orderOf(db, event, { ...charge, id: paymentIntentId })
        : null;
      if (!order) return { kind: 'ignore', reason: 'not_our_order' };
      const card = charge.payment_method_details?.card;
      return {
        kind: 'apply',
        order,
        facts: {
          paymentIntentId: order.payment_intent_id ?? undefined,
          cardBrand: card?.brand ?? null,
          cardLast4: card?.last4 ?? null,
        },
      };
    }
    case 'charge.refunded': {
      // The charge's total refunded so far, whoever refunded it (the console, the Dashboard).
      const charge = event.data.object;
      const paymentIntentId = idOf(charge.payment_intent);
      const order = await refundedOrder(ctx, paymentIntentId);
      if ('kind' in order) return order;
      if (await hasFailedRefund(db, order.id))
        return { kind: 'apply', order, facts: {}, charge: charge.id };
      return {
        kind: 'apply',
        order,
        facts: {
          ...refundedAsCharge(order, charge, false),
          paymentIntentId: paymentIntentId ?? undefined,
        },
      };
    }
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired': {
      // Read again from Stripe (with its PaymentIntent, card, code and rate): the payload carries
      // none of them expanded, and events of one Session may arrive in any order.
      const session = event.data.object;
      const orderId = session.client_reference_id;
      const order = orderId ? await findOrder(db, orderId) : null;
      if (!order || !isSessionOf(order, session))
        return { kind: 'ignore', reason: 'not_our_order' };
      // Expired by a click for a new attempt (another country), which has yet to record it: that
      // click moves the order on; canceling it would end the checkout it continues.
      if (
        event.type === 'checkout.session.expired' &&
        (event.request?.idempotency_key === replacementExpireKey(order) ||
          event.request?.idempotency_key === afterReplayKey(replacementExpireKey(order)))
      )
        return { kind: 'ignore', reason: 'session_replaced', orderId: order.id };
      return { kind: 'apply', order, facts: {}, session: session.id };
    }
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed': {
      // One refund and its status: recorded with the order; the totals come from charge.refunded.
      const refund = event.data.object;
      const paymentIntentId = idOf(refund.payment_intent);
      const order = await refundedOrder(ctx, paymentIntentId);
      if ('kind' in order) return order;
      // Failed or canceled: the charge's total is read, lower now (src/refunds/undone.ts).
      const failed = isUndone(refund) ? idOf(refund.charge) : null;
      return {
        kind: 'apply',
        order,
        facts: { paymentIntentId: paymentIntentId ?? undefined },
        refund: factsFromRefund(refund),
        ...(failed && { charge: failed }),
      };
    }
  }
}

/** How an event was received, and what applying it may need. */
export interface EventContext {
  env: Env;
  /** POST /webhook, or the reconciliation sweep. */
  via: 'webhook' | 'sweep';
  /** Runs work after the answer (fulfilment). */
  waitUntil: (promise: Promise<unknown>) => void;
  /** Where a PaymentIntent stands now, from Stripe; null when Stripe could not say. */
  currentPaymentIntent: (id: string) => Promise<Stripe.PaymentIntent | null>;
  /**
   * The same read, with Stripe's answer as it came (a refusal is not a failure to answer); null
   * when Stripe is not configured.
   */
  paymentIntentRead: (id: string) => Promise<StripeCallOutcome<Stripe.PaymentIntent> | null>;
  /** A charge as it stands now, from Stripe; null when Stripe could not say. */
  currentCharge: (id: string) => Promise<Stripe.Charge | null>;
  /** A Stripe client, for Stripe Tax's records of a payment or refund (absent: not configured). */
  stripe?: () => Promise<Stripe>;
  /** The pool those records' calls take from: the sweep's run's (absent: their own budget). */
  taxBudget?: () => StripeBudget;
  /** A Checkout Session as `retrieveSession` reads it, from Stripe; null when Stripe could not say. */
  currentSession?: (id: string) => Promise<Stripe.Checkout.Session | null>;
  /** Cancels the PaymentIntent of a checkout at the decline cap (null: Stripe not configured). */
  cancelCapped?: (order: Order) => Promise<StripeCallOutcome<Stripe.PaymentIntent> | null>;
}

/**
 * The decline an event's move records. For an order already failed, the event's own (a later one
 * the read shows has its own event). For an open order the move counts the failure the read
 * shows, so its charge: a late event of an earlier decline must not leave the read's unrecorded,
 * or that one's own event would count it again (the event's own is counted beside it, once).
 */
function countedCharge(order: Order, read: PaymentFacts, event: PaymentFacts): string | null {
  const own = event.declinedCharge ?? null;
  return order.status === 'failed' ? own : (read.declinedCharge ?? own);
}

/** What came of an event. */
export type EventOutcome =
  /** Signed (or listed by Stripe), but not an event this code can read: `at` says where. */
  | { kind: 'malformed'; at: string }
  | { kind: 'ignored'; reason: string; orderId?: string; repeat: boolean }
  /** Not applied yet, nor recorded: it must come again. */
  | { kind: 'later'; reason: string; orderId?: string }
  /** Applied before. */
  | { kind: 'duplicate' }
  | {
      kind: 'applied';
      order: Order;
      changed: boolean;
      checkedWithStripe: boolean;
      /** The status the event said, where the order did not take it (the state machine refused). */
      refused?: OrderStatus;
    };

/** Applies one Stripe event to the ledger, once. */
export async function applyEvent(ctx: EventContext, event: Stripe.Event): Promise<EventOutcome> {
  const db = ctx.env.DB;
  const other = otherVersion(event, ctx.via);
  const malformed = eventProblem(event);
  // Another version's event is applied when it has every field read, as this version types them;
  // one without is not thrown away: it must come again (in the version read, once the endpoint is).
  if (malformed && other) return { kind: 'later', reason: 'api_version' };
  if (malformed) return { kind: 'malformed', at: malformed };
  if (isDisputeEvent(event)) return applyDispute(ctx, event);
  const matched: Match = isHandled(event)
    ? await match(ctx, event)
    : { kind: 'ignore', reason: 'unhandled_type' };
  if (matched.kind === 'later') return matched;
  if (matched.kind === 'ignore') {
    const first = await recordIgnoredEvent(db, event.id, event.type);
    return { kind: 'ignored', reason: matched.reason, orderId: matched.orderId, repeat: !first };
  }

  const cause: Cause = { source: ctx.via, event: { id: event.id, type: event.type } };
  if (matched.session) {
    const session = (await ctx.currentSession?.(matched.session)) ?? null;
    if (!session)
      return { kind: 'later', reason: 'session_lookup_failed', orderId: matched.order.id };
    const result = await recordSession(
      ctx.env,
      ctx.waitUntil,
      matched.order,
      session,
      cause,
      ctx.stripe,
    );
    if (!result) return { kind: 'duplicate' };
    // Free (a 100 % code): recorded as set aside, so that Stripe stops delivering it.
    if ('refused' in result) {
      const first = await recordIgnoredEvent(db, event.id, event.type);
      return {
        kind: 'ignored',
        reason: 'free_session_refused',
        orderId: result.order.id,
        repeat: !first,
      };
    }
    return {
      kind: 'applied',
      order: result.order,
      changed: result.changed,
      checkedWithStripe: true,
    };
  }
  let facts = matched.facts;
  if (matched.verify) {
    const pi = await ctx.currentPaymentIntent(matched.verify);
    if (!pi) return { kind: 'later', reason: 'payment_intent_lookup_failed' };
    const read = factsFromRead(matched.order, pi, matched.failure ?? null);
    // No order id: the sweep would check the order with Stripe at once, and read the same.
    if (!read) return { kind: 'later', reason: 'attempt_under_way' };
    facts = { ...read, declinedCharge: countedCharge(matched.order, read, matched.facts) };
  }
  if (matched.charge) {
    const charge = await ctx.currentCharge(matched.charge);
    if (!charge)
      return { kind: 'later', reason: 'charge_lookup_failed', orderId: matched.order.id };
    facts = { ...facts, ...refundedAsCharge(matched.order, charge, true) };
  }
  const refund = matched.refund;
  const result = await recordPayment(ctx.env, ctx.waitUntil, matched.order.id, facts, cause, {
    note: refund ? refundNote(refund) : undefined,
    also: [
      ...(refund ? refundStatements(db, matched.order.id, refund) : []),
      ...declineStatements(db, event, matched.order.id, facts, matched.facts.declinedCharge),
    ],
    stripe: ctx.stripe,
    taxBudget: ctx.taxBudget,
  });
  if (!result) return { kind: 'duplicate' };
  await cancelAtCap(ctx, event, result.order);
  // The order did not take the event's status, and has not simply moved past it (a late event):
  // Stripe and the ledger may disagree, which the sweep checks.
  const status = result.order.status;
  const refused =
    facts.status && facts.status !== status && !canTransition(facts.status, status)
      ? facts.status
      : undefined;
  return {
    kind: 'applied',
    order: result.order,
    changed: result.changed,
    checkedWithStripe: Boolean(matched.verify ?? matched.charge),
    refused,
  };
}
