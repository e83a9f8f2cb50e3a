/**
 * The receipt link POST /charge answers a settled checkout with: the full receipt (its
 * receipt_token) only for the request that paid it, sent again; anyone else who knows the
 * checkout id (it is in the PaymentIntent's metadata and in status-only links) gets the link that
 * shows the payment's status only. Through the Worker's fetch handler.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  charge,
  type ChargeBody,
  checkout,
  confirmationToken,
  order,
  orderOf,
  paymentIntents,
  payOnPage,
  resetAll,
  stripe,
  webhookDeliveries,
} from '../support/checkout';
import { CHECKOUT_ORIGIN } from '../support/env';

beforeEach(resetAll);

const HOSTED = { CHECKOUT_UI: 'hosted' };

interface Answer {
  status?: string;
  redirect?: string;
}

/** POST /charge as a script sends it: JSON, no Origin header, from a network of its own. */
const scripted = (body: unknown, vars: Record<string, string> = {}) =>
  checkout(
    '/charge',
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    },
    vars,
  );

/** A paid checkout: its body, the full receipt link its answer carried, and its PaymentIntent. */
async function paid() {
  const body = order({ confirmation_token: await confirmationToken('pm_card_mastercard') });
  const answer = await (await charge(body)).json<Answer>();
  const [pi] = await paymentIntents();
  const { receipt_token } = (await orderOf(body.checkout_id!))!;
  expect(answer.redirect).toBe(
    `/thank-you?payment_intent=${pi!.id}&receipt_token=${receipt_token}`,
  );
  return { body, pi: pi! };
}

/** What only the payer may read stays off the page a link opens. */
async function expectStatusOnly(link: string) {
  expect(link).not.toContain('receipt_token');
  const html = await (await checkout(link)).text();
  expect(html).toContain('Thanks for your payment!');
  expect(html).not.toContain('jane.doe@example.com');
  expect(html).not.toContain('ending in');
  expect(html).toContain('this link shows the payment’s status only');
}

describe('POST /charge for a paid checkout', () => {
  /** What a stranger who learnt the checkout id sends: another email, any token, any cart. */
  const stranger = (checkoutId: string): ChargeBody => ({
    checkout_id: checkoutId,
    email: 'a@b.co',
    confirmation_token: 'ctoken_x',
    items: [{ product: 'support-5', quantity: 1 }],
  });

  it('answers a request that is not the paying one with the status-only link', async () => {
    const { body, pi } = await paid();
    const response = await scripted(stranger(body.checkout_id!));
    expect(response.status).toBe(200);
    const answer = await response.json<Answer>();
    expect(answer).toEqual({
      status: 'succeeded',
      redirect: `/thank-you?payment_intent=${pi.id}`,
    });
    await expectStatusOnly(answer.redirect!);
    expect(await paymentIntents()).toHaveLength(1);
  });

  it('answers the same with CHECKOUT_UI=hosted (the mode switched since)', async () => {
    const { body, pi } = await paid();
    const { confirmation_token: _, ...hosted } = stranger(body.checkout_id!);
    const answer = await (await scripted(hosted, { CHECKOUT_UI: 'hosted' })).json<Answer>();
    expect(answer).toEqual({ status: 'succeeded', redirect: `/thank-you?payment_intent=${pi.id}` });
    // The paying cart and email, sent in hosted mode: the payer's own request again.
    const { confirmation_token: __, ...own } = body;
    const again = await (await scripted(own, { CHECKOUT_UI: 'hosted' })).json<Answer>();
    expect(again.redirect).toMatch(/&receipt_token=[\w-]{32}$/);
  });

  it('answers the paying request sent again (its answer lost) with the full receipt', async () => {
    const { body, pi } = await paid();
    const { receipt_token } = (await orderOf(body.checkout_id!))!;
    const answer = await (await charge(body)).json<Answer>();
    expect(answer.redirect).toBe(
      `/thank-you?payment_intent=${pi.id}&receipt_token=${receipt_token}`,
    );
    const html = await (await checkout(answer.redirect!)).text();
    expect(html).toContain('jane.doe@example.com');
    expect(html).toContain('Mastercard ending in 4444');
  });

  it('sends a classic form post that is not the paying one to the status-only receipt', async () => {
    const { body, pi } = await paid();
    const response = await checkout('/charge', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: CHECKOUT_ORIGIN },
      body: new URLSearchParams({
        checkout_id: body.checkout_id!,
        product: 'support-5',
        quantity: '1',
        email: 'a@b.co',
        stripeToken: 'tok_visa',
      }).toString(),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/thank-you?payment_intent=${pi.id}`);
  });
});

describe('POST /charge with CHECKOUT_UI=hosted for a Session paid before its events came', () => {
  it('answers the status-only link: a hosted request proves nothing (no email field)', async () => {
    await webhookDeliveries(false);
    const body = {
      checkout_id: crypto.randomUUID(),
      items: [{ product: 'support-5', quantity: 1 }],
    };
    const started = await charge(body, {}, HOSTED);
    const { redirect } = await started.json<{ redirect: string }>();
    const session = await stripe.checkout.sessions.retrieve(
      new URL(redirect).pathname.split('/').at(-1)!,
    );
    const paid = await payOnPage(session);
    expect(paid.status).toBe(303);
    // Anyone with the checkout id and its cart (both in Stripe's metadata) clicks Checkout.
    const answer = await (await scripted(body, HOSTED)).json<Answer>();
    expect(answer).toMatchObject({ status: 'succeeded' });
    expect(await orderOf(body.checkout_id)).toMatchObject({ status: 'paid' });
    await expectStatusOnly(answer.redirect!);
  });
});
