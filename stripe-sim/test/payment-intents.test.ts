import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { PUBLISHABLE_KEY, api, resetAll, stripeClient, stripeError } from './helpers';

const stripe = stripeClient();
/** stripe-node with the publishable key, as Stripe.js calls the API. */
const browser = stripeClient(PUBLISHABLE_KEY);
beforeEach(resetAll);

/** The fields Stripe's reference marks "retrievable with publishable key", in its order. */
const PUBLISHABLE_FIELDS = [
  'id',
  'object',
  'amount',
  'automatic_payment_methods',
  'canceled_at',
  'cancellation_reason',
  'capture_method',
  'client_secret',
  'confirmation_method',
  'created',
  'currency',
  'description',
  'last_payment_error',
  'livemode',
  'next_action',
  'payment_method',
  'payment_method_types',
  'processing',
  'receipt_email',
  'setup_future_usage',
  'shipping',
  'status',
];

describe('create', () => {
  it('starts in requires_payment_method with the fields Stripe returns', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 4200,
      currency: 'USD',
      description: 'Order 42',
      metadata: { order_id: '42' },
      receipt_email: 'jenny@example.com',
      automatic_payment_methods: { enabled: true },
    });
    expect(pi.id).toMatch(/^pi_[A-Za-z0-9]{24}$/);
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_[A-Za-z0-9]+$`));
    expect(pi).toMatchObject({
      object: 'payment_intent',
      amount: 4200,
      currency: 'usd',
      status: 'requires_payment_method',
      description: 'Order 42',
      metadata: { order_id: '42' },
      receipt_email: 'jenny@example.com',
      livemode: false,
      latest_charge: null,
      payment_method: null,
      automatic_payment_methods: { enabled: true },
      payment_method_types: ['card'],
    });
    expect(pi.lastResponse.requestId).toMatch(/^req_[A-Za-z0-9]{14}$/);
  });

  it('is requires_confirmation with a payment method, and confirm charges it', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
    });
    expect(pi.status).toBe('requires_confirmation');
    const confirmed = await stripe.paymentIntents.confirm(pi.id, {
      expand: ['latest_charge', 'payment_method'],
    });
    expect(confirmed.status).toBe('succeeded');
    expect((confirmed.payment_method as Stripe.PaymentMethod).card?.last4).toBe('4242');
    const charge = confirmed.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({
      object: 'charge',
      amount: 1000,
      captured: true,
      payment_intent: pi.id,
      refunded: false,
      amount_refunded: 0,
    });
  });

  it('refuses an amount under the currency minimum and confirm without a payment method', async () => {
    expect(
      (await stripeError(() => stripe.paymentIntents.create({ amount: 49, currency: 'usd' }))).raw,
    ).toMatchObject({ code: 'amount_too_small', param: 'amount' });
    const err = await stripeError(() =>
      stripe.paymentIntents.create({ amount: 500, currency: 'usd', confirm: true }),
    );
    expect(err.raw).toMatchObject({ code: 'payment_intent_unexpected_state' });
  });

  // Stripe's currencies page, "Minimum and maximum charge amounts" (in minor units).
  it.each([
    ['chf', 50],
    ['jpy', 50],
    ['sek', 300],
    ['dkk', 250],
    ['pln', 200],
    ['hkd', 400],
    ['mxn', 1000],
    ['czk', 1500],
    ['huf', 17500],
  ])('refuses %s under its minimum of %i, and takes the minimum', async (currency, minimum) => {
    const below = await stripeError(() =>
      stripe.paymentIntents.create({ amount: minimum - 1, currency }),
    );
    expect(below.raw).toMatchObject({ code: 'amount_too_small', param: 'amount' });
    expect(below.message).toMatch(new RegExp(`^Amount must be at least .+ ${currency}$`));
    const at = await stripe.paymentIntents.create({ amount: minimum, currency });
    expect(at).toMatchObject({ amount: minimum, currency });
  });

  it('stores no PaymentIntent when it refuses the confirmation asked on create (a 400)', async () => {
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    await stripe.customers.create({ payment_method: pm.id });
    const pay = { amount: 1000, currency: 'usd', confirm: true } as const;
    const owned = await stripeError(() =>
      stripe.paymentIntents.create({ ...pay, payment_method: pm.id }),
    );
    expect(owned).toMatchObject({ statusCode: 400, param: 'payment_method' });
    const mandate = await stripeError(() =>
      stripe.paymentIntents.create({
        ...pay,
        payment_method: 'pm_card_visa',
        mandate: 'mandate_x',
      }),
    );
    expect(mandate).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'mandate' });
    expect((await stripe.paymentIntents.list()).data).toEqual([]);
  });

  it("refuses an amount off its currency's step, as Stripe does, on create and update", async () => {
    const kwd = await stripeError(() =>
      stripe.paymentIntents.create({ amount: 1235, currency: 'kwd' }),
    );
    expect(kwd.raw).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_charge_amount',
      param: 'amount',
    });
    expect(kwd.message).toMatch(/^Invalid amount\. KWD .* must end in 0 \(1230 or 1240\)/);
    const isk = await stripeError(() =>
      stripe.paymentIntents.create({ amount: 12350, currency: 'isk' }),
    );
    expect(isk.raw).toMatchObject({
      code: 'invalid_charge_amount_no_decimal_compatible',
      param: 'amount',
      message:
        'Invalid amount. Currency ISK has become effectively zero-decimal and charged amounts ' +
        'must be evenly divisible by 100. See https://stripe.com/docs/currencies#special-cases ' +
        'for more information.',
    });
    const onStep = await stripe.paymentIntents.create({ amount: 1230, currency: 'kwd' });
    expect(onStep).toMatchObject({ amount: 1230, currency: 'kwd' });
    const update = await stripeError(() =>
      stripe.paymentIntents.update(onStep.id, { amount: 1076 }),
    );
    expect(update.raw).toMatchObject({ code: 'invalid_charge_amount', param: 'amount' });
    expect(await stripe.paymentIntents.retrieve(onStep.id)).toMatchObject({ amount: 1230 });
    // HUF charges take any two-decimal amount (its whole-forint rule is for payouts).
    const huf = await stripe.paymentIntents.create({ amount: 17550, currency: 'huf' });
    expect(huf.amount).toBe(17550);
  });

  it('supports manual capture', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 3000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
      capture_method: 'manual',
    });
    expect(pi).toMatchObject({
      status: 'requires_capture',
      amount_capturable: 3000,
      amount_received: 0,
    });
    const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 2500 });
    expect(captured).toMatchObject({
      status: 'succeeded',
      amount_received: 2500,
      amount_capturable: 0,
    });
    expect(await stripe.charges.retrieve(captured.latest_charge as string)).toMatchObject({
      captured: true,
      amount_captured: 2500,
    });
  });
});

describe('retrieve', () => {
  it('with a publishable key and the client secret, as Stripe.js does', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    const response = await api(`/v1/payment_intents/${pi.id}?client_secret=${pi.client_secret}`, {
      key: PUBLISHABLE_KEY,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(await response.json()).toMatchObject({ id: pi.id, status: 'requires_payment_method' });
  });

  it("answers a publishable key Stripe.js's subset: no metadata, customer or charge", async () => {
    const customer = await stripe.customers.create({ email: 'jane@example.com' });
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      customer: customer.id,
      metadata: { order: 'ord_1' },
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const { client_secret } = pi;
    const seen = await browser.paymentIntents.retrieve(pi.id, { client_secret: client_secret! });
    expect(Object.keys(seen).filter((key) => key !== 'lastResponse')).toEqual(PUBLISHABLE_FIELDS);
    expect(seen).toMatchObject({ id: pi.id, status: 'succeeded', amount: 1000, client_secret });
    // The one expandable field it sees expands; the others are refused.
    const expanded = await browser.paymentIntents.retrieve(pi.id, {
      client_secret: client_secret!,
      expand: ['payment_method'],
    });
    expect(expanded.payment_method).toMatchObject({ object: 'payment_method' });
    for (const path of ['customer', 'latest_charge']) {
      const refused = await stripeError(() =>
        browser.paymentIntents.retrieve(pi.id, { client_secret: client_secret!, expand: [path] }),
      );
      expect(refused).toMatchObject({ statusCode: 400, param: 'expand' });
    }
    // The secret key still reads it whole.
    expect(await stripe.paymentIntents.retrieve(pi.id)).toMatchObject({
      customer: customer.id,
      metadata: { order: 'ord_1' },
      latest_charge: expect.stringMatching(/^ch_/),
    });
  });

  it('answers a publishable confirm, and its decline, with the same subset', async () => {
    const confirm = async (card: string) => {
      const pi = await stripe.paymentIntents.create({
        amount: 1000,
        currency: 'usd',
        metadata: { order: 'ord_2' },
      });
      const params = { client_secret: pi.client_secret, payment_method: card };
      return browser.paymentIntents.confirm(pi.id, params as Stripe.PaymentIntentConfirmParams);
    };
    const paid = await confirm('pm_card_visa');
    expect(Object.keys(paid).filter((key) => key !== 'lastResponse')).toEqual(PUBLISHABLE_FIELDS);
    expect(paid.status).toBe('succeeded');
    const declined = await stripeError(() => confirm('pm_card_visa_chargeDeclined'));
    expect(declined.type).toBe('StripeCardError');
    expect(Object.keys(declined.payment_intent!)).toEqual(PUBLISHABLE_FIELDS);
    expect(declined.payment_intent).toMatchObject({ status: 'requires_payment_method' });
  });

  it('refuses a publishable key without the client secret, or with another one', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    const missing = await api(`/v1/payment_intents/${pi.id}`, { key: PUBLISHABLE_KEY });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      error: { code: 'parameter_missing', param: 'client_secret' },
    });
    const wrong = await api(`/v1/payment_intents/${pi.id}?client_secret=${pi.id}_secret_wrong`, {
      key: PUBLISHABLE_KEY,
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({
      error: { type: 'invalid_request_error', param: 'client_secret' },
    });
  });

  it('answers 404 resource_missing for an unknown id', async () => {
    const err = await stripeError(() => stripe.paymentIntents.retrieve('pi_doesnotexist'));
    expect(err.statusCode).toBe(404);
    expect(err.raw).toMatchObject({
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: "No such payment_intent: 'pi_doesnotexist'",
      param: 'id',
    });
  });

  it('expands latest_charge and payment_method, and refuses what Stripe cannot expand', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const expanded = await stripe.paymentIntents.retrieve(pi.id, {
      expand: ['latest_charge', 'payment_method'],
    });
    expect((expanded.latest_charge as Stripe.Charge).id).toBe(pi.latest_charge);
    expect((expanded.payment_method as Stripe.PaymentMethod).id).toBe(pi.payment_method);
    const err = await stripeError(() =>
      stripe.paymentIntents.retrieve(pi.id, { expand: ['amount'] }),
    );
    expect(err.raw).toMatchObject({
      param: 'expand',
      message: 'This property cannot be expanded (amount).',
    });
  });
});

describe('list', () => {
  it('lists newest first, honours limit and starting_after, and expands data.latest_charge', async () => {
    const created: string[] = [];
    for (const amount of [1000, 2000, 3000])
      created.push(
        (
          await stripe.paymentIntents.create({
            amount,
            currency: 'usd',
            payment_method: 'pm_card_visa',
            confirm: true,
          })
        ).id,
      );
    const page = await stripe.paymentIntents.list({ limit: 2, expand: ['data.latest_charge'] });
    expect(page.object).toBe('list');
    expect(page.url).toBe('/v1/payment_intents');
    expect(page.has_more).toBe(true);
    expect(page.data.map((pi) => pi.id)).toEqual([created[2], created[1]]);
    expect((page.data[0]?.latest_charge as Stripe.Charge).amount).toBe(3000);
    const rest = await stripe.paymentIntents.list({
      limit: 2,
      starting_after: created[1] as string,
    });
    expect(rest.data.map((pi) => pi.id)).toEqual([created[0]]);
    expect(rest.has_more).toBe(false);
  });
});

describe('cancel', () => {
  it('cancels an unfinished PaymentIntent, and refuses to cancel a succeeded one', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    const canceled = await stripe.paymentIntents.cancel(pi.id, {
      cancellation_reason: 'requested_by_customer',
    });
    expect(canceled).toMatchObject({
      status: 'canceled',
      cancellation_reason: 'requested_by_customer',
    });
    expect(canceled.canceled_at).toBeGreaterThan(0);
    expect(
      (
        await stripeError(() =>
          stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }),
        )
      ).raw,
    ).toMatchObject({
      code: 'payment_intent_unexpected_state',
    });

    const paid = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const err = await stripeError(() => stripe.paymentIntents.cancel(paid.id));
    expect(err.statusCode).toBe(400);
    expect(err.raw).toMatchObject({ code: 'payment_intent_unexpected_state' });
    expect(err.message).toContain('status of succeeded');
  });
});
