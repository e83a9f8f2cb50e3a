import { env } from 'cloudflare:workers';
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { findOrder, openOrder, type Cause } from '../ledger';
import { recordSession } from './record';

const cause: Cause = { source: 'sweep', job: 'verify' };
const EXPIRES = Math.floor(Date.now() / 1000) + 1800;

/** A hosted order whose first Session's debit failed (S1, PI1): the order failed, attempt 2. */
async function failedFirstAttempt() {
  const opened = await openOrder(
    env.DB,
    {
      checkoutId: crypto.randomUUID(),
      lines: [{ product: 'support-5', quantity: 1, unit_amount: 500, discount: 0, amount: 500 }],
      amount: 500,
      currency: 'usd',
      email: '',
      promotion: null,
    },
    cause,
  );
  await env.DB.prepare(
    `UPDATE orders SET hosted = 1, status = 'failed', attempt = 2, payment_intent_id = 'pi_one',
       checkout_session_id = 'cs_test_one', checkout_session_expires_at = ?2 WHERE id = ?1`,
  )
    .bind(opened!.id, EXPIRES)
    .run();
  return (await findOrder(env.DB, opened!.id))!;
}

/** S1 as Stripe shows it: complete, its debit failed (PI1 back to requires_payment_method). */
const firstSession = (order: { id: string }) =>
  ({
    id: 'cs_test_one',
    object: 'checkout.session',
    status: 'complete',
    payment_status: 'unpaid',
    client_reference_id: order.id,
    currency: 'usd',
    expires_at: EXPIRES,
    amount_subtotal: 500,
    amount_total: 500,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    payment_intent: {
      id: 'pi_one',
      object: 'payment_intent',
      status: 'requires_payment_method',
      amount: 500,
      currency: 'usd',
      latest_charge: null,
      last_payment_error: { code: 'payment_intent_payment_attempt_failed', type: 'card_error' },
    },
  }) as unknown as Stripe.Checkout.Session;

describe('recording a Session read before a new attempt linked another', () => {
  it('writes nothing to the new attempt: neither its totals, its status nor its PaymentIntent', async () => {
    // The late event read the order failed, then asked Stripe for S1; meanwhile "Try again"
    // reopened it (startRetry, forgetSession) and linked S2.
    const read = await failedFirstAttempt();
    await env.DB.prepare(
      `UPDATE orders SET status = 'pending', payment_intent_id = NULL,
         checkout_session_id = 'cs_test_two', checkout_session_expires_at = ?2 WHERE id = ?1`,
    )
      .bind(read.id, EXPIRES + 600)
      .run();
    const result = await recordSession(env, () => {}, read, firstSession(read), cause);
    // Before: failed again, PI1 linked (COALESCE(NULL, PI1)), so S2's payment and its refunds
    // would have found another PaymentIntent than theirs.
    expect(await findOrder(env.DB, read.id)).toMatchObject({
      status: 'pending',
      checkout_session_id: 'cs_test_two',
      payment_intent_id: null,
    });
    expect(result).toMatchObject({ changed: false, order: { status: 'pending' } });
  });

  it('still records the Session while it is the order’s', async () => {
    const read = await failedFirstAttempt();
    await env.DB.prepare(`UPDATE orders SET status = 'pending', attempt = 1 WHERE id = ?`)
      .bind(read.id)
      .run();
    const pending = (await findOrder(env.DB, read.id))!;
    await recordSession(env, () => {}, pending, firstSession(pending), cause);
    expect(await findOrder(env.DB, read.id)).toMatchObject({
      status: 'failed',
      payment_intent_id: 'pi_one',
    });
  });
});
