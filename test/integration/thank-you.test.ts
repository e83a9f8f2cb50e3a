/**
 * GET /thank-you: thanks only for money that moved, verified on the server.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import {
  charge,
  checkout,
  confirmationToken,
  eventually,
  fault,
  flushWebhooks,
  order,
  orderOf,
  resetAll,
  sim,
  simRequests,
  stripe,
} from '../support/checkout';

beforeEach(resetAll);

async function pay(pm: string) {
  const body = order({ confirmation_token: await confirmationToken(pm) });
  const answer = await (await charge(body)).json<{ redirect?: string; client_secret?: string }>();
  return { body, answer };
}

describe('GET /thank-you', () => {
  it('thanks a paid order with amount, product, card and email, from the ledger with no Stripe call', async () => {
    const { answer } = await pay('pm_card_mastercard');
    const before = (await simRequests()).length;
    const response = await checkout(answer.redirect!, { headers: { 'Accept-Language': 'en-US' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('<h1>Thanks for your payment!</h1>');
    expect(html).toContain('$5.00');
    expect(html).toContain('Support our work × 1');
    expect(html).toContain('Mastercard ending in 4444');
    expect(html).toContain('jane.doe@example.com');
    expect((await simRequests()).length).toBe(before);
  });

  it('formats the amount for the visitor', async () => {
    const { answer } = await pay('pm_card_visa');
    const html = await (
      await checkout(answer.redirect!, { headers: { 'Accept-Language': 'de-DE,de;q=0.9' } })
    ).text();
    expect(html).toContain('5,00\u00a0$');
  });

  it('never thanks an unknown PaymentIntent, and asks no one about it', async () => {
    const before = (await simRequests()).length;
    for (const query of [
      'payment_intent=pi_3NoSuchIntent000000000000',
      'payment_intent=<script>',
      'checkout_id=00000000-0000-4000-8000-000000000000',
      '',
    ]) {
      const response = await checkout(`/thank-you?${query}`);
      expect(response.status).toBe(404);
      const html = await response.text();
      expect(html).not.toContain('Thanks');
      // Nothing from the query is echoed into the page, well-formed ids included.
      for (const value of query.split('=').slice(1)) if (value) expect(html).not.toContain(value);
    }
    expect((await simRequests()).length).toBe(before);
  });

  it('never thanks a PaymentIntent of this account that is not one of our orders', async () => {
    const foreign = await stripe.paymentIntents.create({
      amount: 500,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(foreign.status).toBe('succeeded');
    const response = await checkout(`/thank-you?payment_intent=${foreign.id}`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('Thanks');
  });

  it('does not thank an order awaiting 3-D Secure, nor a canceled one', async () => {
    const { body, answer } = await pay('pm_card_authenticationRequired');
    const id = answer.client_secret!.split('_secret_')[0]!;
    const waiting = await (await checkout(`/thank-you?payment_intent=${id}`)).text();
    expect(waiting).not.toContain('Thanks');
    expect(waiting).toContain('not been charged');

    await stripe.paymentIntents.cancel(id);
    const canceled = await (await checkout(`/thank-you?payment_intent=${id}`)).text();
    expect(canceled).not.toContain('Thanks');
    expect(canceled).toContain('canceled');
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'canceled' });
  });

  it('says "checking", never "not charged", when Stripe cannot be asked about an open payment', async () => {
    // The ledger says 3-D Secure is pending; the customer may have completed it a second ago, and
    // Stripe is unreachable when they land on the page.
    const { answer } = await pay('pm_card_authenticationRequired');
    const id = answer.client_secret!.split('_secret_')[0]!;
    await fault({ mode: 'error', status: 500, count: 3 });
    const checking = await checkout(`/thank-you?payment_intent=${id}`);
    expect(checking.status).toBe(200);
    const text = await checking.text();
    expect(text).toContain('We are checking your payment');
    expect(text).toContain('http-equiv="refresh"');
    expect(text).not.toContain('not been charged');
    expect(text).not.toContain('Thanks');

    // The page refreshes and Stripe answers: still waiting for the bank, and now it can say so.
    const waiting = await (await checkout(`/thank-you?payment_intent=${id}`)).text();
    expect(waiting).toContain('Your payment is not complete');
  });

  it('does not thank a declined order and repeats the reason', async () => {
    const body = order({ payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds' });
    await charge(body);
    const html = await (await checkout(`/thank-you?checkout_id=${body.checkout_id}`)).text();
    expect(html).not.toContain('Thanks');
    expect(html).toContain('insufficient funds');
  });

  it('costs one Stripe call per payment, two with 3-D Secure, and none for a receipt the ledger knows', async () => {
    const secretCalls = async () =>
      (await simRequests()).filter((r) => (r as { auth?: string }).auth === 'secret').length;
    let before = await secretCalls();
    const paid = await (
      await charge(order({ payment_method: 'pm_card_visa' }))
    ).json<{ redirect: string }>();
    expect((await secretCalls()) - before).toBe(1);
    before = await secretCalls();
    await checkout(paid.redirect);
    await checkout(paid.redirect);
    expect((await secretCalls()) - before).toBe(0);

    before = await secretCalls();
    const secure = await (
      await charge(order({ payment_method: 'pm_card_authenticationRequired' }))
    ).json<{ client_secret: string }>();
    const id = secure.client_secret.split('_secret_')[0]!;
    await sim(`/_sim/3ds/${id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: 'outcome=complete',
    });
    // Whichever learns of the payment first (this view or the webhook) asks Stripe once.
    const html = await (await checkout(`/thank-you?payment_intent=${id}`)).text();
    expect(html).toContain('Thanks for your payment!');
    await flushWebhooks();
    await eventually(async () =>
      expect(
        await env.DB.prepare('SELECT card_last4 FROM orders WHERE payment_intent_id = ?')
          .bind(id)
          .first(),
      ).toEqual({ card_last4: '3184' }),
    );
    expect((await secretCalls()) - before).toBe(2);
  });
});
