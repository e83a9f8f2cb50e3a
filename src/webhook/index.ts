/**
 * POST /webhook: Stripe's signed events, the source of truth when a customer never comes back.
 * The raw body is verified (middleware/stripe-signature) before anything is parsed; each event is
 * applied once (its id is recorded in the same transaction as its effect) and only along the order
 * state machine, so redeliveries and out-of-order events cannot move an order backwards.
 * Fulfilment and card-detail lookups run after the answer (waitUntil).
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
import { retrievePaymentIntent, stripeFor } from '../stripe/client';
import { factsFromPaymentIntent } from '../stripe/facts';
import type { AppEnv } from '../types';

const PAYMENT_INTENT_EVENTS = new Set([
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'payment_intent.requires_action',
  'payment_intent.processing',
]);

/** What to do with an event. */
type Match =
  | {
      kind: 'apply';
      order: Order;
      facts: PaymentFacts;
      /** Ask Stripe for the PaymentIntent's state instead of trusting the event. */ verify?: boolean;
    }
  | { kind: 'ignore'; reason: string; orderId?: string }
  /** Not yet: Stripe is answered 503 and delivers the event again. */
  | { kind: 'later'; reason: string };

/** The order an event is about, and what to do with it. */
async function match(db: D1Database, event: Stripe.Event): Promise<Match> {
  if (PAYMENT_INTENT_EVENTS.has(event.type)) {
    const pi = event.data.object as Stripe.PaymentIntent;
    // A create whose response was lost is linked here, by the checkout id we put in metadata.
    const order =
      (await findOrderByPaymentIntent(db, pi.id)) ??
      (pi.metadata?.checkout_id ? await findOrderByCheckout(db, pi.metadata.checkout_id) : null);
    if (!order || (order.payment_intent_id !== null && order.payment_intent_id !== pi.id))
      return { kind: 'ignore', reason: 'not_our_order' };
    if (order.amount !== pi.amount || order.currency !== pi.currency) {
      log('error', 'webhook.mismatch', {
        event_id: event.id,
        order_id: order.id,
        payment_intent: pi.id,
      });
      return { kind: 'ignore', reason: 'not_our_order' };
    }
    const facts = factsFromPaymentIntent(pi);
    // A failure for a pending order. If its PaymentIntent is linked, a new attempt is under way on
    // it and the event may be a late one about an earlier attempt (the PaymentIntent may still read
    // as that failure): /charge records the new attempt's outcome itself, so the event is set aside.
    // If it is not linked, the first create's response was lost: ask Stripe where it stands.
    if (order.status === 'pending' && facts.status === 'failed') {
      if (order.payment_intent_id !== null)
        return { kind: 'ignore', reason: 'failure_during_attempt', orderId: order.id };
      return { kind: 'apply', order, facts, verify: true };
    }
    return { kind: 'apply', order, facts };
  }
  if (event.type === 'charge.refunded') {
    const charge = event.data.object as Stripe.Charge;
    const paymentIntentId =
      typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
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
        paymentIntentId,
        amountRefunded: charge.amount_refunded,
      },
    };
  }
  return { kind: 'ignore', reason: 'unhandled_type' };
}

/** Where a PaymentIntent stands now, from Stripe (with its charge); null if Stripe could not say. */
async function currentPaymentIntent(
  env: Env,
  url: URL,
  id: string,
): Promise<Stripe.PaymentIntent | null> {
  const config = resolvePaymentConfig(env, url);
  if (!config.ok) return null;
  const outcome = await retrievePaymentIntent(await stripeFor(config), id, env);
  return outcome.kind === 'ok' ? outcome.value : null;
}

/**
 * After a webhook made an order paid: the card brand and last4 for its receipt. Recorded like any
 * other news about the order, so a fulfilment this write claims (a retry) is run, not dropped.
 */
async function fillCardDetails(
  env: Env,
  url: URL,
  order: Order,
  waitUntil: (promise: Promise<unknown>) => void,
): Promise<void> {
  const pi = order.payment_intent_id
    ? await currentPaymentIntent(env, url, order.payment_intent_id)
    : null;
  if (pi) await recordPayment(env, waitUntil, order.id, factsFromPaymentIntent(pi));
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

    const note = (fields: LogFields) =>
      Object.assign(c.get('log'), { event_id: event.id, event_type: event.type, ...fields });
    const matched = await match(c.env.DB, event);
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
      const pi = await currentPaymentIntent(
        c.env,
        new URL(c.req.url),
        (event.data.object as Stripe.PaymentIntent).id,
      );
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
    if (result.order.status === 'paid' && result.order.card_last4 === null)
      waitUntil(fillCardDetails(c.env, new URL(c.req.url), result.order, waitUntil));
    return c.json({ received: true });
  },
);
