/**
 * A client secret handed to the page (POST /charge's `requires_action`) lets whoever holds it
 * confirm the PaymentIntent again from a browser, with the publishable key and other cards, past
 * every defence of POST /charge. Declines Stripe reports by webhook count against the checkout's
 * cap, once each, and at MAX_DECLINES_PER_CHECKOUT the PaymentIntent is canceled, so that the
 * secret confirms nothing more; the sweep cancels it when the webhook did not, and never a
 * PaymentIntent that succeeded. A failed checkout whose secret can still pay holds its promotion
 * code's redemption, until the sweep cancels it an hour on. Through the Worker's fetch handler,
 * the simulator and the sweep.
 */
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_DECLINES_PER_CHECKOUT } from '../../src/limits';
import {
  charge,
  confirmationToken,
  flushWebhooks,
  order,
  orderOf,
  resetAll,
  sim,
  stripe,
  webhookDeliveries,
  type ChargeBody,
} from '../support/checkout';
import { promotionCode, quote } from '../support/cart';
import { sweep } from '../support/console';
import { TEST_ENV } from '../support/env';
import { age, completeAuthentication, skipEvents } from '../support/sweep';
import { ABANDONED_AFTER_MINUTES } from '../../src/reconcile/abandoned';
import { deliver } from '../support/webhook';

beforeEach(resetAll);

/** A checkout at 3-D Secure, as its page holds it: the body and the client secret. */
async function atThreeDSecure(overrides: Partial<ChargeBody> = {}) {
  const body = order(
    { confirmation_token: await confirmationToken('pm_card_authenticationRequired') },
    overrides,
  );
  const answer = await (await charge(body)).json<{ status: string; client_secret: string }>();
  expect(answer.status).toBe('requires_action');
  const secret = answer.client_secret;
  return { body, secret, id: secret.split('_secret_')[0]! };
}

/** Stripe.js's confirm, as a card tester sends it: the publishable key and the client secret. */
function confirmInBrowser(id: string, secret: string, card = 'pm_card_visa_chargeDeclined') {
  return sim(`/v1/payment_intents/${id}/confirm`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${TEST_ENV.STRIPE_PUBLISHABLE_KEY}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ client_secret: secret, payment_method: card }),
  });
}

/** The checkout's PaymentIntent canceled at the cap as suspected fraud, and its order canceled. */
async function expectCanceledAtCap(paymentIntent: string, checkoutId: string) {
  expect(await stripe.paymentIntents.retrieve(paymentIntent)).toMatchObject({
    status: 'canceled',
    cancellation_reason: 'fraudulent',
  });
  expect((await orderOf(checkoutId))?.status).toBe('canceled');
}

describe('confirms made with the client secret', () => {
  it('count as declines, and the cap cancels the PaymentIntent', async () => {
    const { body, secret, id } = await atThreeDSecure();
    for (let declines = 1; declines <= MAX_DECLINES_PER_CHECKOUT; declines++) {
      expect((await confirmInBrowser(id, secret)).status).toBe(402);
      await flushWebhooks();
      expect((await orderOf(body.checkout_id!))?.declines).toBe(declines);
    }
    const pi = await stripe.paymentIntents.retrieve(id);
    expect(pi).toMatchObject({ status: 'canceled', cancellation_reason: 'fraudulent' });
    await flushWebhooks();
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'canceled', declines: 5 });

    const refused = await confirmInBrowser(id, secret, 'pm_card_visa');
    expect(refused.status).toBe(400);
    expect((await refused.json<{ error: { code: string } }>()).error.code).toBe(
      'payment_intent_unexpected_state',
    );
    expect((await stripe.paymentIntents.retrieve(id)).status).toBe('canceled');
    // The page's next click is told of the cap, not to reload for a new checkout with new tries.
    const next = await charge(body);
    expect(next.status).toBe(429);
    expect((await next.json<{ error: { code: string } }>()).error.code).toBe('too_many_declines');
  });

  it('count each decline once, when the sweep reads the events again', async () => {
    const { body, secret, id } = await atThreeDSecure();
    for (let i = 0; i < 3; i++) expect((await confirmInBrowser(id, secret)).status).toBe(402);
    await flushWebhooks();
    expect((await orderOf(body.checkout_id!))?.declines).toBe(3);
    await sweep();
    await flushWebhooks();
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'failed', declines: 3 });
    expect((await stripe.paymentIntents.retrieve(id)).status).toBe('requires_payment_method');
  });

  it('count a late event of an earlier decline once, when the read shows a newer one', async () => {
    await webhookDeliveries(false);
    const { body, secret, id } = await atThreeDSecure();
    expect((await confirmInBrowser(id, secret)).status).toBe(402);
    // The page's next click reads decline A, counts it, and retries: 3-D Secure again.
    const again = await confirmationToken('pm_card_authenticationRequired');
    const retry = await (
      await charge({ ...body, confirmation_token: again })
    ).json<{
      status: string;
    }>();
    expect(retry.status).toBe('requires_action');
    expect((await orderOf(body.checkout_id!))?.declines).toBe(1);
    expect((await confirmInBrowser(id, secret)).status).toBe(402);
    // A's event arrives only now, while the order is open; the read shows decline B.
    const failures = await stripe.events.list({ type: 'payment_intent.payment_failed' });
    const [eventB, eventA] = failures.data;
    expect((await deliver(eventA!)).status).toBe(200);
    expect((await orderOf(body.checkout_id!))?.declines).toBe(2);
    expect((await deliver(eventB!)).status).toBe(200);
    expect((await orderOf(body.checkout_id!))?.declines).toBe(2);
  });

  it("leave POST /charge's own declines counted once", async () => {
    const body = order({
      confirmation_token: await confirmationToken('pm_card_visa_chargeDeclined'),
    });
    expect((await charge(body)).status).toBe(402);
    await flushWebhooks();
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'failed', declines: 1 });
  });
});

describe('a client secret handed out (orders.secret_handed_out, migrations/0028)', () => {
  it('is recorded from the move to requires_action alone, as the Worker before 0028 wrote it', async () => {
    // Migrations apply before the deploy: the previous Worker, live in between, wrote only its
    // move and the move's history row, never the column, and its order must still be capped.
    const pending = (id: string) =>
      env.DB.prepare(
        `INSERT INTO orders (id, checkout_id, product_id, quantity, amount, currency, email,
           status, payment_intent_id)
         VALUES (?, ?, 'support-5', 1, 500, 'usd', 'buyer@example.org', 'pending', ?)`,
      ).bind(id, crypto.randomUUID(), `pi_${id}`);
    const moved = (id: string, to: string) => [
      env.DB.prepare('UPDATE orders SET status = ? WHERE id = ?').bind(to, id),
      env.DB.prepare(
        `INSERT INTO order_history (order_id, from_status, to_status, source, route)
         VALUES (?, 'pending', ?, 'request', '/charge')`,
      ).bind(id, to),
    ];
    await env.DB.batch([
      pending('ord_old_worker_3ds'),
      pending('ord_old_worker_declined'),
      ...moved('ord_old_worker_3ds', 'requires_action'),
      ...moved('ord_old_worker_declined', 'failed'),
    ]);
    const handed = await env.DB.prepare(
      `SELECT id, secret_handed_out AS handed FROM orders WHERE id LIKE 'ord_old_worker_%'
       ORDER BY id`,
    ).all<{ id: string; handed: number }>();
    expect(handed.results).toEqual([
      { id: 'ord_old_worker_3ds', handed: 1 },
      { id: 'ord_old_worker_declined', handed: 0 },
    ]);
  });

  it('is recorded when POST /charge hands the secret to the page, and not before', async () => {
    const body = order({
      confirmation_token: await confirmationToken('pm_card_visa_chargeDeclined'),
    });
    expect((await charge(body)).status).toBe(402);
    const handed = async (checkoutId: string) =>
      (
        await env.DB.prepare('SELECT secret_handed_out AS handed FROM orders WHERE checkout_id = ?')
          .bind(checkoutId)
          .first<{ handed: number }>()
      )?.handed;
    expect(await handed(body.checkout_id!)).toBe(0);
    const { body: threeDS } = await atThreeDSecure();
    expect(await handed(threeDS.checkout_id!)).toBe(1);
  });
});

describe("the sweep's cancel at the cap", () => {
  beforeEach(async () => {
    await webhookDeliveries(false);
    await skipEvents();
  });

  it('cancels a capped checkout whose webhook cancel was lost, never a payment', async () => {
    const { body, secret, id } = await atThreeDSecure();
    expect((await confirmInBrowser(id, secret)).status).toBe(402);
    // Paid with its client secret in the browser (3-D Secure passed), the webhook not yet in.
    const { body: paid, secret: paidSecret, id: paidId } = await atThreeDSecure();
    expect((await confirmInBrowser(paidId, paidSecret, 'pm_card_visa')).status).toBe(200);
    // Both at the cap in the ledger, as if the webhook's cancel had been lost.
    await env.DB.prepare(
      `UPDATE orders SET status = 'failed', declines = ? WHERE checkout_id IN (?, ?)`,
    )
      .bind(MAX_DECLINES_PER_CHECKOUT, body.checkout_id!, paid.checkout_id!)
      .run();
    await sweep();
    await expectCanceledAtCap(id, body.checkout_id!);
    const paidOrder = (await orderOf(paid.checkout_id!))!;
    expect((await stripe.paymentIntents.retrieve(paidOrder.payment_intent_id!)).status).toBe(
      'succeeded',
    );
    expect(paidOrder.status).toBe('paid');
  });

  it('reaches a capped checkout behind more capped ones whose secret was never handed out', async () => {
    // POST /charge's own caps, more than a run cancels (5): nothing to cancel, nothing to read.
    const ours = Array.from({ length: 40 }, (_, i) =>
      env.DB.prepare(
        `INSERT INTO orders (id, checkout_id, product_id, quantity, amount, currency, email,
           status, payment_intent_id, declines)
         VALUES (?, ?, 'support-5', 1, 500, 'usd', 'buyer@example.org', 'failed', ?, ?)`,
      ).bind(`ord_capped_${i}`, crypto.randomUUID(), `pi_capped_${i}`, MAX_DECLINES_PER_CHECKOUT),
    );
    await env.DB.batch(ours);
    const { body, secret, id } = await atThreeDSecure();
    expect((await confirmInBrowser(id, secret)).status).toBe(402);
    await env.DB.prepare(`UPDATE orders SET status = 'failed', declines = ? WHERE checkout_id = ?`)
      .bind(MAX_DECLINES_PER_CHECKOUT + 1, body.checkout_id!)
      .run();
    await sweep();
    await expectCanceledAtCap(id, body.checkout_id!);
    const left = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM orders WHERE id LIKE 'ord_capped_%' AND status = 'failed'`,
    ).first<{ n: number }>();
    expect(left?.n).toBe(40);
    // None of them was asked of Stripe (their PaymentIntents exist nowhere: each would be an error).
    const run = await env.DB.prepare('SELECT errors FROM reconciliation').first<{
      errors: number;
    }>();
    expect(run?.errors).toBe(0);
  });
});

describe("a promotion code's redemption, while a failed checkout's secret can pay", () => {
  /** A code of max_redemptions 1, and a checkout with it whose 3-D Secure failed: failed. */
  async function failedWithCode() {
    const code = await promotionCode({ percent_off: 20 }, { max_redemptions: 1 });
    const held = await atThreeDSecure({ promotion_code: code.code });
    await completeAuthentication(held.id, 'fail');
    await flushWebhooks();
    expect(await orderOf(held.body.checkout_id!)).toMatchObject({ status: 'failed', amount: 400 });
    return { code, ...held };
  }
  const withCode = (code: string) => charge(order(undefined, { promotion_code: code }));
  const paidWith = async (codeId: string) =>
    (
      await env.DB.prepare(
        `SELECT COUNT(*) AS n FROM orders WHERE promotion_code_id = ? AND status = 'paid'`,
      )
        .bind(codeId)
        .first<{ n: number }>()
    )?.n;

  it('is held: another checkout is refused the code, and the secret pays its one discount', async () => {
    const { code, body, secret, id } = await failedWithCode();
    const other = await withCode(code.code);
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ error: { code: 'promotion_code_used_up' } });
    expect((await confirmInBrowser(id, secret, 'pm_card_visa')).status).toBe(200);
    await flushWebhooks();
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'paid', amount: 400 });
    expect(await paidWith(code.id)).toBe(1);
  });

  it("is the order's own when its page prices and tries again", async () => {
    const { code, body } = await failedWithCode();
    // The page, back from the bank, prices its cart again: the code still applies to it.
    const quoted = await quote({
      items: [{ product: 'support-5', quantity: 1 }],
      promotion_code: code.code,
    });
    expect(quoted.status).toBe(200);
    expect(await quoted.json()).toMatchObject({ total: 400 });
    const token = await confirmationToken('pm_card_visa');
    const retry = await charge({ ...body, confirmation_token: token });
    expect(retry.status, await retry.clone().text()).toBe(200);
    expect(await retry.json()).toMatchObject({ status: 'succeeded' });
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'paid', amount: 400 });
    expect(await paidWith(code.id)).toBe(1);
  });

  it('goes back to the code once the sweep cancels the PaymentIntent, an hour on', async () => {
    const { code, body, secret, id } = await failedWithCode();
    await skipEvents();
    const failed = (await orderOf(body.checkout_id!))!;
    await age(failed.id, ABANDONED_AFTER_MINUTES - 1);
    await sweep();
    expect((await stripe.paymentIntents.retrieve(id)).status).toBe('requires_payment_method');
    await age(failed.id, 2);
    await sweep();
    expect(await stripe.paymentIntents.retrieve(id)).toMatchObject({
      status: 'canceled',
      cancellation_reason: 'abandoned',
    });
    expect((await orderOf(body.checkout_id!))?.status).toBe('canceled');
    const note = await env.DB.prepare(
      'SELECT note FROM order_history WHERE order_id = ? ORDER BY id DESC LIMIT 1',
    )
      .bind(failed.id)
      .first<{ note: string }>();
    expect(note?.note).toBe('abandoned after a decline');
    expect((await confirmInBrowser(id, secret, 'pm_card_visa')).status).toBe(400);
    const next = await withCode(code.code);
    expect(next.status).toBe(200);
    expect(await next.json()).toMatchObject({ status: 'succeeded' });
  });
});
