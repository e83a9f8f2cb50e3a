/**
 * POST /webhook: Stripe's signed events, the source of truth when a customer never comes back.
 * The raw body is verified (middleware/stripe-signature) before anything is parsed; each event is
 * applied once (its id is recorded in the same transaction as its effect) and only along the order
 * state machine, so redeliveries and out-of-order events cannot move an order backwards.
 * Card details come from charge.succeeded, so no event costs a Stripe call except a failure that
 * must be checked (see `match`). Fulfilment runs after the answer (waitUntil).
 */
import { Hono } from 'hono/tiny';
import { bodyLimit } from 'hono/body-limit';
import type Stripe from 'stripe';
import { resolvePaymentConfig } from '../config';
import { recordPayment } from '../fulfilment';
import {
  findOrderByCheckout,
  findOrderByPaymentIntent,
  recordIgnoredEvent,
  type Order,
  type PaymentFacts,
} from '../ledger';
import { refundStatus } from '../ledger/status';
import { log, type LogFields } from '../log';
import { stripeSignature } from '../middleware/stripe-signature';
import { stripeBudget } from '../stripe/call';
import { retrievePaymentIntent, stripeFor } from '../stripe/client';
import { factsFromPaymentIntent } from '../stripe/facts';
import type { AppEnv } from '../types';
import { WEBHOOK_EVENTS } from './events.js';
import { eventProblem } from './shape';

/** An event of a type the webhook handles: `event.data.object` is typed by `event.type`. */
type HandledEvent = Extract<Stripe.Event, { type: (typeof WEBHOOK_EVENTS)[number] }>;

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
    }
  | { kind: 'ignore'; reason: string; orderId?: string }
  /** Not yet: Stripe is answered 503 and delivers the event again. */
  | { kind: 'later'; reason: string };

const paymentIntentOf = (charge: Stripe.Charge): string | null =>
  typeof charge.payment_intent === 'string'
    ? charge.payment_intent
    : (charge.payment_intent?.id ?? null);

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

/** The order an event is about, and what to do with it. */
async function match(db: D1Database, event: HandledEvent): Promise<Match> {
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
      // A failure for a pending order. If its PaymentIntent is linked, a new attempt is under way
      // on it and the event may be a late one about an earlier attempt (the PaymentIntent may still
      // read as that failure): /charge records the new attempt's outcome itself, so the event is
      // set aside. If it is not linked, the first create's response was lost: ask Stripe.
      if (order.status === 'pending' && facts.status === 'failed') {
        if (order.payment_intent_id !== null)
          return { kind: 'ignore', reason: 'failure_during_attempt', orderId: order.id };
        return { kind: 'apply', order, facts, verify: pi.id };
      }
      return { kind: 'apply', order, facts };
    }
    case 'charge.succeeded': {
      // The card that paid, for the receipt. Stripe may send this before or after
      // payment_intent.succeeded: it adds the card but never moves the order's status, which the
      // PaymentIntent's own events decide. Nor does it link a PaymentIntent the order does not
      // know yet (a create whose answer was lost): the page's resend of that attempt must replay
      // the same create under its idempotency key, not turn into a confirm of a linked one.
      const charge = event.data.object;
      const paymentIntentId = paymentIntentOf(charge);
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
      const charge = event.data.object;
      const paymentIntentId = paymentIntentOf(charge);
      const order = paymentIntentId ? await findOrderByPaymentIntent(db, paymentIntentId) : null;
      if (!order) return { kind: 'ignore', reason: 'not_our_order' };
      // Events are not ordered: the refund can come before the success it refunds. Stripe delivers
      // it again later, by when the payment is recorded.
      if (order.status !== 'paid' && order.status !== 'refunded')
        return { kind: 'later', reason: 'refund_before_payment' };
      return {
        kind: 'apply',
        order,
        facts: {
          status: refundStatus(order.amount, charge.amount_refunded),
          paymentIntentId: paymentIntentId ?? undefined,
          amountRefunded: charge.amount_refunded,
        },
      };
    }
  }
}

/** Where a PaymentIntent stands now, from Stripe (with its charge); null if Stripe could not say. */
async function currentPaymentIntent(
  env: Env,
  url: URL,
  id: string,
): Promise<Stripe.PaymentIntent | null> {
  const config = resolvePaymentConfig(env, url);
  if (!config.ok) return null;
  const outcome = await retrievePaymentIntent(await stripeFor(config), id, stripeBudget(env));
  return outcome.kind === 'ok' ? outcome.value : null;
}

export const webhook = new Hono<AppEnv>().post(
  '/',
  bodyLimit({
    maxSize: 256 * 1024,
    onError: (c) => c.json({ error: { message: 'Payload too large.' } }, 413),
  }),
  stripeSignature(),
  async function webhookHandler(c) {
    const event = c.get('stripeEvent');
    // Signed, but not an event this code can read: a 400 that changes nothing (a 5xx would make
    // Stripe retry it for days).
    const malformed = eventProblem(event);
    if (malformed) {
      Object.assign(c.get('log'), { problem: 'webhook.malformed', at: malformed });
      return c.json({ error: { message: 'This is not a well-formed Stripe event.' } }, 400);
    }

    const note = (fields: LogFields) =>
      Object.assign(c.get('log'), { event_id: event.id, event_type: event.type, ...fields });
    const matched: Match = isHandled(event)
      ? await match(c.env.DB, event)
      : { kind: 'ignore', reason: 'unhandled_type' };
    const later = (reason: string) => {
      note({ outcome: 'deferred', reason });
      return c.json(
        { error: { message: 'This event cannot be applied yet; deliver it again later.' } },
        503,
      );
    };
    if (matched.kind === 'later') return later(matched.reason);
    if (matched.kind === 'ignore') {
      const first = await recordIgnoredEvent(c.env.DB, event.id, event.type);
      note({
        outcome: 'ignored',
        reason: matched.reason,
        order_id: matched.orderId,
        repeat: !first,
      });
      return c.json({ received: true });
    }

    let facts = matched.facts;
    if (matched.verify) {
      const pi = await currentPaymentIntent(c.env, new URL(c.req.url), matched.verify);
      if (!pi) return later('payment_intent_lookup_failed');
      facts = factsFromPaymentIntent(pi);
      note({ checked_with_stripe: true });
    }

    const waitUntil = (promise: Promise<unknown>) => c.executionCtx.waitUntil(promise);
    const result = await recordPayment(c.env, waitUntil, matched.order.id, facts, {
      id: event.id,
      type: event.type,
    });
    if (!result) {
      note({ outcome: 'duplicate' });
      return c.json({ received: true, duplicate: true });
    }
    note({
      outcome: 'applied',
      order_id: result.order.id,
      payment_intent: result.order.payment_intent_id,
      order_status: result.order.status,
      changed: result.changed,
    });
    return c.json({ received: true });
  },
);
