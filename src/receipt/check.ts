/**
 * Whether a receipt view asks Stripe about its order, and the asking. Anyone with a receipt link
 * can view it, as often as they like (GET or HEAD), while Stripe limits the requests of the whole
 * account: so a view asks only when
 * 1. the order is open (pending or waiting for 3-D Secure) and linked to a PaymentIntent or a
 *    Checkout Session (hosted Checkout, which is then asked instead): settled
 *    and failed orders are read from the ledger alone (webhooks bring what changes them);
 * 2. its client network is within RECEIPT_LIMITER (wrangler.toml);
 * 3. it wins the order's check in the ledger (claimStripeCheck), which one view per
 *    RECEIPT_CHECK_INTERVAL_MS wins, whoever views it;
 * and then it makes one call, never retried (RECEIPT_STRIPE_ATTEMPTS): the page refreshes itself.
 */
import type { Context } from 'hono';
import { RECEIPT_STRIPE_ATTEMPTS } from '../budget';
import { recordPayment } from '../fulfilment';
import { claimStripeCheck, type Order } from '../ledger';
import { causeOf } from '../ledger/history';
import { isRefusedFree } from '../ledger/sessions';
import { isOpen } from '../ledger/status';
import { RECEIPT_CHECK_INTERVAL_MS } from '../limits';
import { clientNetwork } from '../middleware/rate-limit';
import { stripeBudget } from '../stripe/call';
import { retrievePaymentIntent, stripeFor } from '../stripe/client';
import { factsFromRead } from '../stripe/read';
import { retrieveSession } from '../hosted/facts';
import { mayRecord, recordSession } from '../hosted/record';
import type { AppEnv } from '../types';

/**
 * How current the order is: `ledger` (the ledger's word is final, or Stripe had nothing to add),
 * `waiting` (open, and this view may not ask: another view did, or will shortly), `unreachable`
 * (open, and Stripe could not be asked).
 */
export type Freshness = 'ledger' | 'waiting' | 'unreachable';

/** Brings an open order up to date with Stripe when this view may ask; the order as it now stands. */
export async function checkWithStripe(
  c: Context<AppEnv>,
  order: Order,
): Promise<{ order: Order; freshness: Freshness }> {
  const sessionId = order.checkout_session_id;
  // A free Session the ledger refused (src/hosted/record.ts) has nothing more to say.
  if (!isOpen(order.status) || !(order.payment_intent_id || sessionId) || isRefusedFree(order))
    return { order, freshness: 'ledger' };
  const log = c.get('log');
  const { success } = await c.env.RECEIPT_LIMITER.limit({ key: clientNetwork(c) });
  if (!success) {
    Object.assign(log, { problem: 'rate_limited', limit: 'receipt' });
    return { order, freshness: 'waiting' };
  }
  if (!(await claimStripeCheck(c.env.DB, order.id, RECEIPT_CHECK_INTERVAL_MS))) {
    log.stripe_check = 'recent';
    return { order, freshness: 'waiting' };
  }
  log.stripe_check = 'asked';
  const stripe = await stripeFor(c.get('payment'));
  const budget = stripeBudget(c.env, c.get('waits'), RECEIPT_STRIPE_ATTEMPTS);
  // Stripe's hosted Checkout: the Session says it all (its PaymentIntent included).
  if (sessionId) {
    const found = await retrieveSession(stripe, sessionId, budget);
    if (found.kind === 'unavailable' || found.kind === 'unknown')
      return { order, freshness: 'unreachable' };
    // One expired ahead (a click replacing it for another country) is the click's to settle.
    if (found.kind !== 'ok' || !mayRecord(order, found.value, Math.floor(Date.now() / 1000)))
      return { order, freshness: 'ledger' };
    const waitUntil = (promise: Promise<unknown>) => c.executionCtx.waitUntil(promise);
    const cause = causeOf(c);
    const recorded = await recordSession(
      c.env,
      waitUntil,
      order,
      found.value,
      cause,
      async () => stripe,
    );
    return { order: recorded?.order ?? order, freshness: 'ledger' };
  }
  const outcome = await retrievePaymentIntent(stripe, order.payment_intent_id!, budget);
  // No answer: the ledger's open status may be stale (3-D Secure may just have succeeded). Any
  // other error will not change on a refresh: the ledger's view stands.
  if (outcome.kind === 'unavailable' || outcome.kind === 'unknown')
    return { order, freshness: 'unreachable' };
  if (outcome.kind !== 'ok') return { order, freshness: 'ledger' };
  // A failure Stripe still reads from before a new attempt that may be confirming: not yet.
  const facts = factsFromRead(order, outcome.value);
  if (!facts) return { order, freshness: 'waiting' };
  const result = await recordPayment(
    c.env,
    (promise) => c.executionCtx.waitUntil(promise),
    order.id,
    facts,
    causeOf(c),
    { stripe: async () => stripe },
  );
  return { order: result?.order ?? order, freshness: 'ledger' };
}
