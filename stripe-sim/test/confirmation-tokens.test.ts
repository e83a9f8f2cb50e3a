import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ORIGIN,
  PUBLISHABLE_KEY,
  api,
  control,
  resetAll,
  simFetch,
  stripeClient,
  stripeError,
} from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

const year = new Date().getUTCFullYear() + 2;

/** What the simulated Stripe.js posts for createConfirmationToken. */
const tokenBody = (number: string, extra = '') =>
  `payment_method_data[type]=card&payment_method_data[card][number]=${number}` +
  `&payment_method_data[card][exp_month]=4&payment_method_data[card][exp_year]=${year}` +
  `&payment_method_data[card][cvc]=123&payment_method_data[billing_details][name]=Jenny%20Rosen${extra}`;

async function createToken(number: string, extra = '') {
  const response = await api('/v1/confirmation_tokens', {
    key: PUBLISHABLE_KEY,
    body: tokenBody(number, extra),
  });
  return {
    status: response.status,
    body: (await response.json()) as Stripe.ConfirmationToken & { error?: Record<string, string> },
  };
}

describe('ConfirmationTokens', () => {
  it('are created with a publishable key, and confirm a PaymentIntent', async () => {
    const { status, body: token } = await createToken(
      '4242424242424242',
      '&return_url=https%3A%2F%2Fshop.test%2Fdone',
    );
    expect(status).toBe(200);
    expect(token.id).toMatch(/^ctoken_/);
    expect(token.payment_method_preview).toMatchObject({
      type: 'card',
      card: { brand: 'visa', last4: '4242', exp_month: 4, exp_year: year },
      billing_details: { name: 'Jenny Rosen' },
    });
    expect(token.return_url).toBe('https://shop.test/done');

    const retrieved = await stripe.confirmationTokens.retrieve(token.id);
    expect(retrieved.id).toBe(token.id);

    const pi = await stripe.paymentIntents.create({
      amount: 990,
      currency: 'usd',
      confirmation_token: token.id,
      confirm: true,
      expand: ['payment_method'],
    });
    expect(pi.status).toBe('succeeded');
    expect((pi.payment_method as Stripe.PaymentMethod).billing_details.name).toBe('Jenny Rosen');
    expect((await stripe.confirmationTokens.retrieve(token.id)).payment_intent).toBe(pi.id);
  });

  it('confirm an existing PaymentIntent too, carrying their return_url into the 3-D Secure redirect', async () => {
    const { body: token } = await createToken(
      '4000002760003184',
      '&return_url=https%3A%2F%2Fshop.test%2Fdone',
    );
    const pi = await stripe.paymentIntents.create({ amount: 990, currency: 'usd' });
    const confirmed = await stripe.paymentIntents.confirm(pi.id, { confirmation_token: token.id });
    expect(confirmed.status).toBe('requires_action');
    expect(confirmed.next_action?.redirect_to_url?.return_url).toBe('https://shop.test/done');
  });

  it('can be used once', async () => {
    const { body: token } = await createToken('4242424242424242');
    await stripe.paymentIntents.create({
      amount: 990,
      currency: 'usd',
      confirmation_token: token.id,
      confirm: true,
    });
    const err = await stripeError(() =>
      stripe.paymentIntents.create({
        amount: 990,
        currency: 'usd',
        confirmation_token: token.id,
        confirm: true,
      }),
    );
    expect(err.param).toBe('confirmation_token');
  });

  it('stay unused by a confirm refused on the PaymentIntent’s state', async () => {
    const token = await stripe.testHelpers.confirmationTokens.create({
      payment_method: 'pm_card_visa',
    });
    const paid = await stripe.paymentIntents.create({
      amount: 990,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const refused = await stripeError(() =>
      stripe.paymentIntents.confirm(paid.id, { confirmation_token: token.id }),
    );
    expect(refused.code).toBe('payment_intent_unexpected_state');
    expect((await stripe.confirmationTokens.retrieve(token.id)).payment_intent).toBeNull();
    const pi = await stripe.paymentIntents.create({
      amount: 990,
      currency: 'usd',
      confirmation_token: token.id,
      confirm: true,
    });
    expect(pi.status).toBe('succeeded');
    expect((await stripe.confirmationTokens.retrieve(token.id)).payment_intent).toBe(pi.id);
  });

  // A page back from a failed 3-D Secure step must make a new token to pay again (client/pay.ts).
  it('are spent by a confirmation that stopped at 3-D Secure, also once it failed', async () => {
    const { body: token } = await createToken('4000000000003220');
    const pi = await stripe.paymentIntents.create({
      amount: 990,
      currency: 'usd',
      confirmation_token: token.id,
      confirm: true,
      return_url: 'https://shop.test/done',
    });
    expect(pi.status).toBe('requires_action');
    await simFetch(`${ORIGIN}/_sim/3ds/${pi.id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'outcome=fail',
      redirect: 'manual',
    });
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_payment_method');
    const err = await stripeError(() =>
      stripe.paymentIntents.confirm(pi.id, { confirmation_token: token.id }),
    );
    expect([err.statusCode, err.param, err.message]).toEqual([
      400,
      'confirmation_token',
      'This ConfirmationToken has already been used.',
    ]);
    const { body: fresh } = await createToken('4242424242424242');
    const paid = await stripe.paymentIntents.confirm(pi.id, { confirmation_token: fresh.id });
    expect(paid.status).toBe('succeeded');
  });

  it("expire 12 hours after they were made, by the simulator's clock", async () => {
    const { body: token } = await createToken('4242424242424242');
    const pay = () =>
      stripe.paymentIntents.create({
        amount: 990,
        currency: 'usd',
        confirmation_token: token.id,
        confirm: true,
      });
    await control('/clock', { json: { advance_seconds: 12 * 3600 } });
    await control('/clock', { json: { advance_seconds: 1 } });
    const err = await stripeError(pay);
    expect([err.statusCode, err.param, err.message]).toEqual([
      400,
      'confirmation_token',
      'This ConfirmationToken has expired.',
    ]);
    expect((await stripe.paymentIntents.list()).data).toEqual([]);
  });

  it("refuse a card past its expiry by the simulator's clock", async () => {
    const thisYear = new Date().getUTCFullYear();
    await control('/clock', { json: { advance_seconds: (year + 1 - thisYear) * 366 * 86_400 } });
    const { status, body } = await createToken('4242424242424242');
    expect(status).toBe(402);
    expect(body.error).toMatchObject({ type: 'card_error', code: 'invalid_expiry_year' });
  });

  it('refuse invalid card data as Stripe.js sees it: 402 card_error', async () => {
    const { status, body } = await createToken('4242424242424241');
    expect(status).toBe(402);
    expect(body.error).toMatchObject({
      type: 'card_error',
      code: 'incorrect_number',
      message: 'Your card number is incorrect.',
      param: 'payment_method_data[card][number]',
    });
  });

  it('carry the card outcome: a decline happens at confirmation', async () => {
    const { body: token } = await createToken('4000000000009995');
    const err = await stripeError(() =>
      stripe.paymentIntents.create({
        amount: 990,
        currency: 'usd',
        confirmation_token: token.id,
        confirm: true,
      }),
    );
    expect(err.raw).toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds' });
  });

  it('are created from a server only through the test helper', async () => {
    const direct = await api('/v1/confirmation_tokens', { body: tokenBody('4242424242424242') });
    expect(direct.status).toBe(400);
    const token = await stripe.testHelpers.confirmationTokens.create({
      payment_method: 'pm_card_visa',
      return_url: 'https://shop.test/done',
    });
    expect(token.payment_method_preview?.card?.last4).toBe('4242');
    const pi = await stripe.paymentIntents.create({
      amount: 990,
      currency: 'usd',
      confirmation_token: token.id,
      confirm: true,
    });
    expect(pi.status).toBe('succeeded');
  });
});

describe('PaymentMethods with a publishable key (createPaymentMethod)', () => {
  it('are created and usable by the server', async () => {
    const response = await api('/v1/payment_methods', {
      key: PUBLISHABLE_KEY,
      body: `type=card&card[number]=5555555555554444&card[exp_month]=1&card[exp_year]=${year}&card[cvc]=321`,
    });
    const pm = (await response.json()) as Stripe.PaymentMethod;
    expect(pm.card).toMatchObject({ brand: 'mastercard', last4: '4444' });
    const pi = await stripe.paymentIntents.create({
      amount: 990,
      currency: 'usd',
      payment_method: pm.id,
      confirm: true,
    });
    expect(pi.status).toBe('succeeded');
  });
});
