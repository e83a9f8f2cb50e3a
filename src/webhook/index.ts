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
import { findOrderByCheckout, findOrderByPaymentIntent, recordIgnoredEvent, type Order, type PaymentFacts } from '../ledger';
import { refundStatus } from '../ledger/status';
import { log, type LogFields } from '../log';
import { stripeSignature } from '../middleware/stripe-signature';
import { retrievePaymentIntent, stripeFor } from '../stripe/client';
import { factsFromPaymentIntent } from '../stripe/facts';
import type { AppEnv } from '../types';

const PAYMENT_INTENT_EVENTS = new Set(['payment_intent.succeeded', 'payment_intent.payment_failed', 'payment_intent.canceled', 'payment_intent.requires_action', 'payment_intent.processing']);

/**
 * The order an event is about, and what it says of it; null when it concerns no order of ours;
 * 'later' when it cannot be applied yet (a refund of a payment the ledger does not know is paid).
 */
async function match(db: D1Database, event: Stripe.Event): Promise<{ order: Order; facts: PaymentFacts } | null | 'later'> {
  if (PAYMENT_INTENT_EVENTS.has(event.type)) {
    const pi = event.data.object as Stripe.PaymentIntent;
    // A create whose response was lost is linked here, by the checkout id we put in metadata.
    const order = (await findOrderByPaymentIntent(db, pi.id)) ?? (pi.metadata?.checkout_id ? await findOrderByCheckout(db, pi.metadata.checkout_id) : null);
    if (!order || (order.payment_intent_id !== null && order.payment_intent_id !== pi.id)) return null;
    if (order.amount !== pi.amount || order.currency !== pi.currency) {
      log('error', 'webhook.mismatch', { event_id: event.id, order_id: order.id, payment_intent: pi.id });
      return null;
    }
    return { order, facts: factsFromPaymentIntent(pi) };
  }
  if (event.type === 'charge.refunded') {
    const charge = event.data.object as Stripe.Charge;
    const paymentIntentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
    const order = paymentIntentId ? await findOrderByPaymentIntent(db, paymentIntentId) : null;
    if (!order) return null;
    // Events are not ordered: the refund can come before the success it refunds. Stripe delivers
    // it again later, by when the payment is recorded.
    if (order.status !== 'paid' && order.status !== 'refunded') return 'later';
    return { order, facts: { status: refundStatus(order.amount, charge.amount_refunded), paymentIntentId, amountRefunded: charge.amount_refunded } };
  }
  return null;
}

/**
 * After a webhook made an order paid: the card brand and last4 for its receipt. Recorded like any
 * other news about the order, so a fulfilment this write claims (a retry) is run, not dropped.
 */
async function fillCardDetails(env: Env, url: URL, order: Order, waitUntil: (promise: Promise<unknown>) => void): Promise<void> {
  const config = resolvePaymentConfig(env, url);
  if (!config.ok || !order.payment_intent_id) return;
  const stripe = await stripeFor(config);
  const outcome = await retrievePaymentIntent(stripe, order.payment_intent_id, env);
  if (outcome.kind === 'ok') await recordPayment(env, waitUntil, order.id, factsFromPaymentIntent(outcome.value));
}

export const webhook = new Hono<AppEnv>().post(
  '/',
  bodyLimit({ maxSize: 256 * 1024, onError: (c) => c.json({ error: { message: 'Payload too large.' } }, 413) }),
  stripeSignature(),
  async function webhookHandler(c) {
    const event = c.get('stripeEvent');

    const note = (fields: LogFields) => Object.assign(c.get('log'), { event_id: event.id, event_type: event.type, ...fields });
    const matched = await match(c.env.DB, event);
    if (matched === 'later') {
      note({ outcome: 'deferred', reason: 'refund_before_payment' });
      return c.json({ error: { message: 'This refund is for a payment not recorded yet; deliver again later.' } }, 503);
    }
    if (!matched) {
      const first = await recordIgnoredEvent(c.env.DB, event.id, event.type);
      note({ outcome: 'ignored', reason: PAYMENT_INTENT_EVENTS.has(event.type) || event.type === 'charge.refunded' ? 'not_our_order' : 'unhandled_type', repeat: !first });
      return c.json({ received: true });
    }

    // A failure for a pending order. If its PaymentIntent is linked, a new attempt is under way on
    // it and the event may be a late one about an earlier attempt (the PaymentIntent may still read
    // as that failure): /charge records the new attempt's outcome itself, so the event is set aside.
    // If it is not linked, the first create's response was lost: ask Stripe where it stands (or
    // answer 503 so that Stripe delivers the event again).
    let facts = matched.facts;
    if (matched.order.status === 'pending' && matched.facts.status === 'failed' && PAYMENT_INTENT_EVENTS.has(event.type)) {
      if (matched.order.payment_intent_id !== null) {
        const first = await recordIgnoredEvent(c.env.DB, event.id, event.type);
        note({ outcome: 'ignored', reason: 'failure_during_attempt', order_id: matched.order.id, repeat: !first });
        return c.json({ received: true });
      }
      const config = resolvePaymentConfig(c.env, new URL(c.req.url));
      const outcome = config.ok ? await retrievePaymentIntent(await stripeFor(config), (event.data.object as Stripe.PaymentIntent).id, c.env) : null;
      if (outcome?.kind !== 'ok') {
        note({ outcome: 'deferred', reason: 'payment_intent_lookup_failed' });
        return c.json({ error: { message: 'Could not confirm the payment with Stripe; deliver again later.' } }, 503);
      }
      facts = factsFromPaymentIntent(outcome.value);
      note({ checked_with_stripe: true });
    }

    const waitUntil = (promise: Promise<unknown>) => c.executionCtx.waitUntil(promise);
    const result = await recordPayment(c.env, waitUntil, matched.order.id, facts, { id: event.id, type: event.type });
    if (!result) {
      note({ outcome: 'duplicate' });
      return c.json({ received: true, duplicate: true });
    }
    note({ outcome: 'applied', order_id: result.order.id, payment_intent: result.order.payment_intent_id, order_status: result.order.status, changed: result.changed });
    if (result.order.status === 'paid' && result.order.card_last4 === null) waitUntil(fillCardDetails(c.env, new URL(c.req.url), result.order, waitUntil));
    return c.json({ received: true });
  },
);
