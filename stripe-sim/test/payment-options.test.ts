import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ORIGIN,
  paidPaymentIntent,
  resetAll,
  simFetch,
  stripeClient,
  stripeError,
} from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

const pay = (params: Partial<Stripe.PaymentIntentCreateParams>) =>
  stripe.paymentIntents.create({ amount: 2000, currency: 'usd', ...params });

/** Answers the 3-D Secure challenge, as the page's buttons do. */
const authenticate = async (id: string, outcome: 'complete' | 'fail' = 'complete') =>
  (await simFetch(`${ORIGIN}/_sim/3ds/${id}`, {
    method: 'POST',
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: `outcome=${outcome}`,
  }).then((response) => response.json())) as Stripe.PaymentIntent;

describe('3-D Secure options', () => {
  it('payment_method_options[card][request_three_d_secure]=any asks for 3-D Secure on 4242', async () => {
    const pi = await paidPaymentIntent(stripe, 2000, {
      payment_method_options: { card: { request_three_d_secure: 'any' } },
    });
    expect(pi.status).toBe('requires_action');
    expect(pi.payment_method_options?.card?.request_three_d_secure).toBe('any');
    const done = await authenticate(pi.id);
    expect(done.status).toBe('succeeded');
    const charge = await stripe.charges.retrieve(done.latest_charge as string);
    expect(charge.payment_method_details?.card?.three_d_secure?.result).toBe('authenticated');
  });

  it('request_three_d_secure=any does nothing on a card without 3-D Secure (amex)', async () => {
    const pi = await pay({
      payment_method: 'pm_card_amex',
      confirm: true,
      payment_method_options: { card: { request_three_d_secure: 'challenge' } },
    });
    expect(pi.status).toBe('succeeded');
  });

  it('error_on_requires_action=true declines instead of asking for authentication', async () => {
    const err = await stripeError(() =>
      pay({
        payment_method: 'pm_card_authenticationRequired',
        confirm: true,
        error_on_requires_action: true,
      }),
    );
    expect(err.type).toBe('StripeCardError');
    expect(err.raw).toMatchObject({
      code: 'authentication_required',
      decline_code: 'authentication_required',
      message: 'Your card was declined. This transaction requires authentication.',
    });
    expect(err.payment_intent).toMatchObject({
      status: 'requires_payment_method',
      last_payment_error: { code: 'authentication_required' },
    });
  });

  it('off_session=true with a card that requires authentication: 402 authentication_required', async () => {
    const err = await stripeError(() =>
      pay({ payment_method: 'pm_card_authenticationRequired', confirm: true, off_session: true }),
    );
    expect(err.statusCode).toBe(402);
    expect(err.code).toBe('authentication_required');
    expect(err.payment_intent?.status).toBe('requires_payment_method');
    const charge = await stripe.charges.retrieve((err.raw as { charge: string }).charge);
    expect(charge).toMatchObject({ status: 'failed', failure_code: 'authentication_required' });
  });

  it('off_session=true with a card that needs none succeeds', async () => {
    const pi = await paidPaymentIntent(stripe, 2000, {
      off_session: 'recurring',
    });
    expect(pi.status).toBe('succeeded');
  });

  it('off_session, error_on_requires_action and the other confirmation parameters need confirm=true', async () => {
    for (const params of [
      { off_session: true },
      { error_on_requires_action: true },
      { mandate_data: { customer_acceptance: { type: 'offline' as const } } },
    ]) {
      const err = await stripeError(() => pay(params));
      expect(err.type).toBe('StripeInvalidRequestError');
      expect(err.param).toBe(Object.keys(params)[0]);
      expect(err.message).toContain('confirm=true');
    }
  });

  it('a card set up by setup_future_usage pays off-session without authentication (…3155)', async () => {
    const customer = await stripe.customers.create({ email: 'jenny@example.com' });
    const first = await pay({
      customer: customer.id,
      payment_method: 'pm_card_authenticationRequiredOnSetup',
      confirm: true,
      setup_future_usage: 'off_session',
    });
    expect(first).toMatchObject({ status: 'requires_action', setup_future_usage: 'off_session' });
    const authenticated = await authenticate(first.id);
    expect(authenticated.status).toBe('succeeded');
    const saved = await stripe.paymentMethods.retrieve(authenticated.payment_method as string);
    expect(saved.customer).toBe(customer.id);
    // Later, off-session: no authentication needed now that the card is set up.
    const later = await pay({
      customer: customer.id,
      payment_method: saved.id,
      confirm: true,
      off_session: true,
    });
    expect(later.status).toBe('succeeded');
  });

  it('the same card not set up declines off-session', async () => {
    const err = await stripeError(() =>
      pay({
        payment_method: 'pm_card_authenticationRequiredOnSetup',
        confirm: true,
        off_session: true,
      }),
    );
    expect(err.code).toBe('authentication_required');
  });

  it('confirmation_method=manual: authentication leaves requires_confirmation; the server confirms', async () => {
    const pi = await pay({
      payment_method: 'pm_card_threeDSecure2Required',
      confirm: true,
      confirmation_method: 'manual',
      return_url: 'https://shop.example/return',
    });
    expect(pi).toMatchObject({ status: 'requires_action', confirmation_method: 'manual' });
    const authenticated = await authenticate(pi.id);
    expect(authenticated).toMatchObject({ status: 'requires_confirmation', latest_charge: null });
    const confirmed = await stripe.paymentIntents.confirm(pi.id);
    expect(confirmed.status).toBe('succeeded');
  });
});

describe('capture options', () => {
  it('capture_method=manual given on confirm authorizes only', async () => {
    const pi = await pay({ payment_method: 'pm_card_visa' });
    const confirmed = await stripe.paymentIntents.confirm(pi.id, { capture_method: 'manual' });
    expect(confirmed).toMatchObject({
      status: 'requires_capture',
      capture_method: 'manual',
      amount_capturable: 2000,
    });
    const charge = await stripe.charges.retrieve(confirmed.latest_charge as string);
    expect(charge).toMatchObject({ captured: false, balance_transaction: null });
  });

  it('payment_method_options[card][capture_method]=manual overrides automatic capture', async () => {
    const pi = await paidPaymentIntent(stripe, 2000, {
      payment_method_options: { card: { capture_method: 'manual' } },
    });
    expect(pi.status).toBe('requires_capture');
    expect(pi.payment_method_options?.card?.capture_method).toBe('manual');
    const captured = await stripe.paymentIntents.capture(pi.id, {
      amount_to_capture: 1500,
      statement_descriptor_suffix: 'ORDER 42',
      metadata: { captured_by: 'test' },
    });
    expect(captured).toMatchObject({
      status: 'succeeded',
      amount_received: 1500,
      statement_descriptor_suffix: 'ORDER 42',
      metadata: { captured_by: 'test' },
    });
    const charge = await stripe.charges.retrieve(captured.latest_charge as string);
    expect(charge).toMatchObject({
      amount_captured: 1500,
      calculated_statement_descriptor: 'STRIPE SIM* ORDER 42',
    });
  });
});

describe('stored fields', () => {
  it('keeps shipping, the statement descriptor suffix and transfer_group, on the charge too', async () => {
    const shipping = {
      name: 'Jenny Rosen',
      address: { line1: '1 Main Street', city: 'Springfield', postal_code: '94107', country: 'US' },
      carrier: 'UPS',
      tracking_number: '1Z999',
    };
    const pi = await paidPaymentIntent(stripe, 2000, {
      shipping,
      statement_descriptor_suffix: 'ORDER 42',
      transfer_group: 'ORDER42',
      description: 'Order 42',
    });
    const expected = {
      shipping: {
        ...shipping,
        phone: null,
        address: { ...shipping.address, line2: null, state: null },
      },
      statement_descriptor_suffix: 'ORDER 42',
      transfer_group: 'ORDER42',
    };
    expect(pi).toMatchObject(expected);
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject(expected);
  });

  it('checks what a cart sends as Stripe does, and creates nothing it refuses', async () => {
    const address = { line1: '1 Main Street', country: 'US' };
    const cases: Array<[Partial<Stripe.PaymentIntentCreateParams>, string, RegExp, string?]> = [
      [{ receipt_email: 'ada@' }, 'receipt_email', /Invalid email address: ada@/, 'email_invalid'],
      [{ description: 'x'.repeat(1001) }, 'description', /at most 1000 characters/],
      [{ statement_descriptor_suffix: 'A'.repeat(23) }, 'statement_descriptor_suffix', /at most 22/],
      [{ statement_descriptor_suffix: 'ORDER*42' }, 'statement_descriptor_suffix', /not allowed/],
      [{ shipping: { address } as never }, 'shipping[name]', /Missing required param: shipping\[name\]/],
      [{ metadata: { ['k'.repeat(41)]: 'v' } }, `metadata[${'k'.repeat(41)}]`, /up to 40 characters/],
    ]; // prettier-ignore
    for (const [params, param, message, code] of cases) {
      const err = await stripeError(() => pay(params));
      expect([err.statusCode, err.param], JSON.stringify(params)).toEqual([400, param]);
      expect(err.message).toMatch(message);
      if (code) expect(err.code).toBe(code);
    }
    expect((await stripe.paymentIntents.list()).data).toEqual([]);
    const { id } = await pay({ receipt_email: 'ada@example.com' });
    const updated = await stripe.paymentIntents.update(id, { receipt_email: 'grace@example.com' });
    expect(updated.receipt_email).toBe('grace@example.com');
    const refused = await stripeError(() =>
      stripe.paymentIntents.update(id, { receipt_email: 'no' }),
    );
    expect([refused.param, refused.code]).toEqual(['receipt_email', 'email_invalid']);
  });

  it('refuses statement_descriptor on card payments, as stripe-node documents', async () => {
    const err = await stripeError(() => pay({ statement_descriptor: 'MY SHOP' }));
    expect(err.param).toBe('statement_descriptor');
  });

  it('accepts and stores Connect parameters as given', async () => {
    const pi = await paidPaymentIntent(stripe, 2000, {
      application_fee_amount: 123,
      on_behalf_of: 'acct_1Connected',
      transfer_data: { destination: 'acct_1Connected', amount: 1500 },
    });
    expect(pi).toMatchObject({
      application_fee_amount: 123,
      on_behalf_of: 'acct_1Connected',
      transfer_data: { destination: 'acct_1Connected', amount: 1500 },
    });
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({
      application_fee_amount: 123,
      on_behalf_of: 'acct_1Connected',
      transfer_data: { destination: 'acct_1Connected', amount: 1500 },
    });
  });

  it('update changes what it names; once paid, only description, metadata, receipt_email, shipping', async () => {
    const pi = await pay({ metadata: { a: '1', b: '2' } });
    const updated = await stripe.paymentIntents.update(pi.id, {
      amount: 3000,
      metadata: { b: '', c: '3' },
      setup_future_usage: 'on_session',
    });
    expect(updated).toMatchObject({
      amount: 3000,
      metadata: { a: '1', c: '3' },
      setup_future_usage: 'on_session',
    });
    const paid = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    expect((await stripe.paymentIntents.update(paid.id, { description: 'Paid' })).description).toBe(
      'Paid',
    );
    const err = await stripeError(() => stripe.paymentIntents.update(paid.id, { amount: 100 }));
    expect(err.raw).toMatchObject({ code: 'payment_intent_unexpected_state', param: 'amount' });
  });

  it('refunds keep instructions_email and accept the Connect reversals', async () => {
    const pi = await pay({ payment_method: 'pm_card_visa', confirm: true });
    const refund = await stripe.refunds.create({
      payment_intent: pi.id,
      instructions_email: 'jenny@example.com',
      refund_application_fee: true,
      reverse_transfer: true,
    });
    expect(refund).toMatchObject({ status: 'succeeded', instructions_email: 'jenny@example.com' });
  });
});
