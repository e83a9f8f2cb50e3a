import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CANCEL_URL,
  createSession,
  eventTypes,
  line,
  payWith,
  postForm,
  SUCCESS_URL,
  shippingOption,
  shipTo,
  textOf,
} from './checkout-helpers';
import { control, ORIGIN, paidPaymentIntent, resetAll, stripeClient, stripeError } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

const HOUR = 3600;
const coupon = (params: Stripe.CouponCreateParams) => stripe.coupons.create(params);
const promote = (couponId: string, params: Partial<Stripe.PromotionCodeCreateParams> = {}) =>
  stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: couponId }, ...params });

describe('creating a Checkout Session', () => {
  it("answers Stripe's open session with its hosted page's url, priced from price_data", async () => {
    const session = await createSession({
      customer_email: 'ada@example.com',
      client_reference_id: 'order_42',
      metadata: { order: '42' },
      locale: 'de',
      payment_intent_data: { metadata: { order: '42' }, description: 'Order 42' },
    });
    expect(session).toMatchObject({
      id: expect.stringMatching(/^cs_test_[A-Za-z0-9]{58}$/),
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      ui_mode: 'hosted_page',
      currency: 'usd',
      amount_subtotal: 3999,
      amount_total: 3999,
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      success_url: SUCCESS_URL,
      cancel_url: CANCEL_URL,
      customer_email: 'ada@example.com',
      customer_details: { email: 'ada@example.com', address: null },
      client_reference_id: 'order_42',
      metadata: { order: '42' },
      locale: 'de',
      payment_intent: null,
      payment_method_types: ['card'],
      automatic_tax: { enabled: false, liability: null, provider: null, status: null },
      discounts: [],
      shipping_cost: null,
      shipping_options: [],
      livemode: false,
    });
    expect(session.url).toBe(`${ORIGIN}/c/pay/${session.id}`);
    expect(session.expires_at - session.created).toBe(24 * HOUR);
    // Includable: left out unless expanded; payment_intent_data is no field of the Session.
    expect(session).not.toHaveProperty('line_items');
    expect(session).not.toHaveProperty('payment_intent_data');
    expect(session.total_details).not.toHaveProperty('breakdown');
    expect(await stripe.checkout.sessions.retrieve(session.id)).toEqual(session);
  });

  it('lists its line items with inline prices and products, paged as Stripe pages them', async () => {
    const session = await createSession({
      line_items: [
        line('Mug', 1500, 2, { tax_behavior: 'exclusive' }),
        line('Poster', 999),
        {
          ...line('Print', 0, 3, {
            unit_amount: undefined,
            unit_amount_decimal: '33.335' as never,
          }),
        },
      ],
    });
    const page = await stripe.checkout.sessions.listLineItems(session.id, { limit: 2 });
    expect(page.has_more).toBe(true);
    const [mug, poster] = page.data;
    expect(mug).toMatchObject({
      object: 'item',
      description: 'Mug',
      quantity: 2,
      currency: 'usd',
      amount_subtotal: 3000,
      amount_discount: 0,
      amount_tax: 0,
      amount_total: 3000,
      price: { object: 'price', unit_amount: 1500, tax_behavior: 'exclusive', type: 'one_time' },
    });
    expect(mug?.id).toMatch(/^li_/);
    expect(mug?.price?.product).toMatch(/^prod_/);
    expect(poster?.description).toBe('Poster');
    const rest = await stripe.checkout.sessions.listLineItems(session.id, {
      starting_after: poster?.id as string,
      expand: ['data.price.product'],
    });
    // 33.335 × 3 = 100.005, rounded half up to 100 cents.
    expect(rest.data.map((item) => [item.description, item.amount_subtotal])).toEqual([
      ['Print', 100],
    ]);
    expect((rest.data[0]?.price?.product as Stripe.Product).name).toBe('Print');
    expect(session.amount_subtotal).toBe(3000 + 999 + 100);

    const expanded = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ['line_items'],
    });
    expect(expanded.line_items?.data.map((item) => item.description)).toEqual([
      'Mug',
      'Poster',
      'Print',
    ]);
  });

  it('prices shipping (the first option chosen), discounts and tax exactly to the cent', async () => {
    const tenPercent = await coupon({ percent_off: 10 });
    const code = await promote(tenPercent.id, { code: 'TEN' });
    const session = await createSession({
      discounts: [{ promotion_code: code.id }],
      shipping_address_collection: { allowed_countries: ['DE', 'US'] },
      line_items: [
        line('Mug', 1500, 2, { tax_behavior: 'exclusive' }),
        line('Poster', 999, 1, { tax_behavior: 'exclusive' }),
      ],
      shipping_options: [shippingOption('Standard', 500), shippingOption('Express', 1500)],
      automatic_tax: { enabled: true },
    });
    // Before an address: no tax yet, shipping and discount counted.
    expect(session).toMatchObject({
      amount_subtotal: 3999,
      amount_total: 3999 - 400 + 500,
      total_details: { amount_discount: 400, amount_shipping: 500, amount_tax: 0 },
      automatic_tax: { enabled: true, status: 'requires_location_inputs', provider: 'stripe' },
      discounts: [{ coupon: tenPercent.id, promotion_code: code.id }],
    });
    const [standard] = session.shipping_options;
    expect(session.shipping_options.map((option) => option.shipping_amount)).toEqual([500, 1500]);
    expect(session.shipping_cost?.shipping_rate).toBe(standard?.shipping_rate);

    // The customer gives a German address: 19 % VAT on the discounted lines and on shipping.
    expect(
      (
        await shipTo(session, {
          shipping_postal_code: '10115',
          shipping_country: 'DE',
          shipping_rate: standard?.shipping_rate as string,
        })
      ).status,
    ).toBe(303);
    const taxed = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ['line_items.data.taxes', 'line_items.data.discounts', 'total_details.breakdown'],
    });
    // Mug 3000 − 300 = 2700 → 513 VAT; poster 999 − 100 = 899 → 170.81 → 171; shipping 500 → 95.
    expect(taxed).toMatchObject({
      amount_subtotal: 3999,
      amount_total: 4878,
      total_details: { amount_discount: 400, amount_shipping: 500, amount_tax: 779 },
      shipping_cost: { amount_subtotal: 500, amount_tax: 95, amount_total: 595 },
      automatic_tax: { status: 'complete' },
      collected_information: {
        shipping_details: {
          name: 'Ada Lovelace',
          address: { country: 'DE', postal_code: '10115', line1: '1 Main Street' },
        },
      },
    });
    expect(
      taxed.line_items?.data.map((item) => [
        item.amount_discount,
        item.amount_tax,
        item.amount_total,
        item.taxes?.[0]?.rate.percentage,
        item.discounts?.[0]?.discount.promotion_code,
      ]),
    ).toEqual([
      [300, 513, 3213, 19, code.id],
      [100, 171, 1070, 19, code.id],
    ]);
    const breakdown = taxed.total_details?.breakdown;
    expect(breakdown?.discounts.map((discount) => discount.amount)).toEqual([400]);
    expect(breakdown?.taxes).toEqual([
      expect.objectContaining({
        amount: 779,
        taxable_amount: 4099,
        taxability_reason: 'standard_rated',
      }),
    ]);
    expect(breakdown?.taxes[0]?.rate).toMatchObject({
      object: 'tax_rate',
      display_name: 'VAT',
      percentage: 19,
      country: 'DE',
      inclusive: false,
      tax_type: 'vat',
    });
  });

  it('spreads an amount_off coupon over the lines and finds inclusive tax inside the prices', async () => {
    const fiveOff = await coupon({ amount_off: 500, currency: 'usd' });
    const session = await createSession({
      line_items: [
        line('Mug', 1500, 2, { tax_behavior: 'inclusive' }),
        line('Poster', 999, 1, { tax_behavior: 'inclusive' }),
      ],
      discounts: [{ coupon: fiveOff.id }],
      automatic_tax: { enabled: true },
      billing_address_collection: 'required',
    });
    await shipTo(session, {}); // nothing to ship: the page asks for a billing address instead
    const billed = await stripe.checkout.sessions.retrieve(session.id);
    expect(billed.automatic_tax.status).toBe('requires_location_inputs');
    const response = await postForm(`/c/pay/${session.id}/details`, {
      billing_line1: '1 Rue de Rivoli',
      billing_city: 'Paris',
      billing_postal_code: '75001',
      billing_country: 'FR',
    });
    expect(response.status).toBe(303);
    const items = await stripe.checkout.sessions.listLineItems(session.id);
    // 500 × 3000/3999 = 375.09, 500 × 999/3999 = 124.91: the spare cent to the larger remainder.
    // French VAT (20 %) inside: 2625 → 437.5 → 438; 874 → 145.67 → 146.
    expect(
      items.data.map((item) => [item.amount_discount, item.amount_tax, item.amount_total]),
    ).toEqual([
      [375, 438, 2625],
      [125, 146, 874],
    ]);
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({
      amount_total: 3499,
      total_details: { amount_discount: 500, amount_tax: 584, amount_shipping: 0 },
      customer_details: { address: { country: 'FR', postal_code: '75001', city: 'Paris' } },
    });
  });

  it('makes one session for two requests with the same Idempotency-Key', async () => {
    const params = {
      mode: 'payment' as const,
      success_url: SUCCESS_URL,
      line_items: [line('Mug', 1500)],
    };
    const first = await stripe.checkout.sessions.create(params, { idempotencyKey: 'checkout-42' });
    const second = await stripe.checkout.sessions.create(params, { idempotencyKey: 'checkout-42' });
    expect(second.id).toBe(first.id);
    expect((await stripe.checkout.sessions.list()).data).toHaveLength(1);
  });
});

describe("Stripe's validation errors", () => {
  const refusal = async (params: Record<string, unknown>) =>
    stripeError(() =>
      stripe.checkout.sessions.create({
        mode: 'payment',
        success_url: SUCCESS_URL,
        line_items: [line('Mug', 1500)],
        ...params,
      } as Stripe.Checkout.SessionCreateParams),
    );

  it('names the parameter, as Stripe does, and creates nothing', async () => {
    const cases: Array<[Record<string, unknown>, string | undefined, RegExp]> = [
      [{ mode: undefined }, 'mode', /Missing required param: mode/],
      [{ success_url: undefined }, 'success_url', /Missing required param: success_url/],
      [{ success_url: 'not a url' }, 'success_url', /Not a valid URL/],
      [{ line_items: undefined }, 'line_items', /Missing required param: line_items/],
      [{ line_items: [{ price: 'price_123', quantity: 1 }] }, 'line_items[0][price]', /No such price: 'price_123'/],
      [{ line_items: [{ price_data: line('Mug', 1500).price_data }] }, 'line_items[0][quantity]', /Missing required/],
      [
        { line_items: [line('Mug', 1500, 1, { recurring: { interval: 'month' } })] },
        'line_items[0][price_data][recurring]',
        /passed a recurring price/,
      ],
      [
        { line_items: [line('Mug', 1500), line('Bag', 900, 1, { currency: 'eur' })] },
        'line_items[1][price_data][currency]',
        /same currency/,
      ],
      [{ line_items: [line('Sticker', 20)] }, undefined, /must add up to at least \$0\.50 usd/],
      [{ colour: 'blue' }, 'colour', /Received unknown parameter: colour/],
      [{ allow_promotion_codes: true, discounts: [{ coupon: 'X' }] }, 'discounts', /allow_promotion_codes, discounts/],
      [{ discounts: [{ coupon: 'NOPE' }] }, 'discounts[0][coupon]', /No such coupon: 'NOPE'/],
      [{ customer: 'cus_123' }, 'customer', /No such customer: 'cus_123'/],
      [{ mode: 'subscription' }, 'mode', /`subscription` mode .*simulator does not support/],
      [{ mode: 'setup' }, 'mode', /`setup` mode .*simulator does not support/],
      [{ ui_mode: 'embedded_page' }, 'ui_mode', /hosted page only/],
      [{ subscription_data: { trial_period_days: 7 } }, 'subscription_data', /not pass `subscription_data`/],
      [{ payment_method_types: ['card', 'klarna'] }, 'payment_method_types[1]', /card payments only/],
      [
        { shipping_address_collection: { allowed_countries: ['XX'] } },
        'shipping_address_collection[allowed_countries][0]',
        /must be one of/,
      ],
      [{ shipping_options: [{ shipping_rate: 'shr_no' }] }, 'shipping_options[0][shipping_rate]', /No such shipping_r/],
      [{ invoice_creation: { enabled: true } }, 'invoice_creation[enabled]', /Invoices API/],
    ]; // prettier-ignore
    for (const [params, param, message] of cases) {
      const error = await refusal(params);
      expect(error.statusCode, JSON.stringify(params)).toBe(400);
      expect(error.type).toBe('StripeInvalidRequestError');
      expect(error.param).toBe(param);
      expect(error.message).toMatch(message);
    }
    expect((await stripe.checkout.sessions.list()).data).toEqual([]);
  });

  it('refuses an invalid email address as email_invalid, and creates nothing', async () => {
    const cases: [Partial<Stripe.Checkout.SessionCreateParams>, string][] = [
      [{ customer_email: 'ada at example' }, 'customer_email'],
      [
        { payment_intent_data: { receipt_email: 'ada@example' } },
        'payment_intent_data[receipt_email]',
      ],
    ];
    for (const [params, param] of cases) {
      const error = await refusal(params);
      expect(error.statusCode, param).toBe(400);
      expect(error).toMatchObject({ code: 'email_invalid', param });
      expect(error.message).toMatch(/^Invalid email address: /);
    }
    expect((await stripe.checkout.sessions.list()).data).toEqual([]);
  });

  it('refuses automatic tax on a price that does not say its tax behaviour, and creates nothing', async () => {
    const exclusive = line('Mug', 1500, 1, { tax_behavior: 'exclusive' });
    const unsaid = [line('Poster', 999), line('Poster', 999, 1, { tax_behavior: 'unspecified' })];
    for (const unspecified of unsaid) {
      const error = await refusal({
        line_items: [exclusive, unspecified],
        automatic_tax: { enabled: true },
      });
      expect(error.statusCode).toBe(400);
      expect(error.type).toBe('StripeInvalidRequestError');
      expect(error.code).toBeUndefined();
      expect(error.param).toBe('line_items[1][price_data][tax_behavior]');
      expect(error.message.replace(/price_\w+/, 'price_…')).toBe(
        'The price `price_…` does not have a `tax_behavior` set which is required for automatic ' +
          'tax computation. Please visit https://stripe.com/docs/tax/' +
          'products-prices-tax-categories-tax-behavior#tax-behavior for more information.',
      );
    }
    expect((await stripe.checkout.sessions.list()).data).toEqual([]);
    // Without automatic tax a price needs no behaviour; with each one said, automatic tax is on.
    await createSession({ line_items: [exclusive, line('Poster', 999)] });
    const taxed = await createSession({
      line_items: [exclusive, line('Poster', 999, 1, { tax_behavior: 'inclusive' })],
      automatic_tax: { enabled: true },
    });
    expect(taxed.automatic_tax.enabled).toBe(true);
    expect((await stripe.checkout.sessions.list()).data).toHaveLength(2);
  });

  it('keeps expires_at between 30 minutes and 24 hours from now', async () => {
    const { now } = await control<{ now: number }>('/clock');
    const early = await refusal({ expires_at: now + 29 * 60 });
    expect(early.param).toBe('expires_at');
    expect(early.message).toBe(
      'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
    );
    const late = await refusal({ expires_at: now + 25 * HOUR });
    expect(late.message).toBe(
      'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
    );
    const session = await createSession({ expires_at: now + 31 * 60 });
    expect(session.expires_at).toBe(now + 31 * 60);
  });

  it('refuses a promotion code that does not apply, with the reason', async () => {
    const twenty = await coupon({ percent_off: 20 });
    const inactive = await promote(twenty.id, { code: 'OLD', active: false });
    const big = await promote(twenty.id, {
      code: 'BIG',
      restrictions: { minimum_amount: 10_000, minimum_amount_currency: 'usd' },
    });
    const euros = await coupon({ amount_off: 500, currency: 'eur' });
    expect((await refusal({ discounts: [{ promotion_code: inactive.id }] })).message).toBe(
      'This promotion code is no longer active.',
    );
    expect((await refusal({ discounts: [{ promotion_code: big.id }] })).message).toBe(
      'This promotion code needs an order of at least $100.00 (before shipping and tax).',
    );
    expect((await refusal({ discounts: [{ coupon: euros.id }] })).message).toBe(
      'This discount cannot be used for payments in USD.',
    );
  });
});

describe('listing, expiring and paying', () => {
  it('lists newest first, filtered by status, payment_intent, customer email and created', async () => {
    const first = await createSession({ customer_email: 'Ada@Example.com' });
    const second = await createSession();
    const third = await createSession();
    await stripe.checkout.sessions.expire(third.id);
    expect((await payWith(second, '4242424242424242')).status).toBe(303);
    const paid = await stripe.checkout.sessions.retrieve(second.id);

    const ids = async (params: Stripe.Checkout.SessionListParams) =>
      (await stripe.checkout.sessions.list(params)).data.map((session) => session.id);
    expect(await ids({})).toEqual([third.id, second.id, first.id]);
    expect(await ids({ status: 'open' })).toEqual([first.id]);
    expect(await ids({ status: 'complete' })).toEqual([second.id]);
    expect(await ids({ status: 'expired' })).toEqual([third.id]);
    expect(await ids({ payment_intent: paid.payment_intent as string })).toEqual([second.id]);
    // The first was created with the address, the second paid by a customer who typed it.
    expect(await ids({ customer_details: { email: 'ada@example.com' } })).toEqual([
      second.id,
      first.id,
    ]);
    expect(await ids({ created: { lt: first.created } })).toEqual([]);
    expect(await ids({ limit: 1, starting_after: third.id })).toEqual([second.id]);
    const expanded = await stripe.checkout.sessions.list({
      status: 'complete',
      expand: ['data.payment_intent.latest_charge', 'data.line_items'],
    });
    const pi = expanded.data[0]?.payment_intent as Stripe.PaymentIntent;
    expect((pi.latest_charge as Stripe.Charge).amount).toBe(3999);
    expect(expanded.data[0]?.line_items?.data).toHaveLength(2);
  });

  it('expires an open session once, with checkout.session.expired', async () => {
    const session = await createSession();
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ status: 'expired', payment_status: 'unpaid', url: null });
    const again = await stripeError(() => stripe.checkout.sessions.expire(session.id));
    expect(again.message).toBe(
      'Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has ' +
        'a status of `expired`.',
    );
    const [event] = (await stripe.events.list({ type: 'checkout.session.expired' })).data;
    expect(event?.data.object).toEqual(expired);
    expect(event?.request?.id).toMatch(/^req_/);
    const missing = await stripeError(() => stripe.checkout.sessions.retrieve('cs_test_nope'));
    expect(missing.statusCode).toBe(404);
    expect(missing.message).toBe("No such checkout.session: 'cs_test_nope'");
  });

  it('expires by itself when expires_at passes, with one event, whoever reads it', async () => {
    const { now } = await control<{ now: number }>('/clock');
    const session = await createSession({ expires_at: now + 2 * HOUR });
    await control('/clock', { json: { advance_seconds: HOUR } });
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    await control('/clock', { json: { advance_seconds: HOUR } });
    expect(await eventTypes()).toEqual(['checkout.session.expired']);
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('expired');
    await stripe.checkout.sessions.list();
    expect(await eventTypes()).toEqual(['checkout.session.expired']);
  });

  it("cancels a declined attempt's PaymentIntent when the session expires", async () => {
    const session = await createSession();
    expect(textOf(await (await payWith(session, '4000000000000002')).text())).toContain('declined');
    const { payment_intent: pi } = await stripe.checkout.sessions.retrieve(session.id);
    await stripe.checkout.sessions.expire(session.id);
    expect(await stripe.paymentIntents.retrieve(pi as string)).toMatchObject({
      status: 'canceled',
      cancellation_reason: 'expired',
    });
  });

  it("refuses to confirm or cancel a session's PaymentIntent through the API", async () => {
    const session = await createSession();
    await payWith(session, '4000000000000002');
    const { payment_intent: pi } = await stripe.checkout.sessions.retrieve(session.id);
    const cancel = await stripeError(() => stripe.paymentIntents.cancel(pi as string));
    expect(cancel.message).toMatch(/belongs to the Checkout Session .*Expire the Checkout Session/);
    const confirm = await stripeError(() =>
      stripe.paymentIntents.confirm(pi as string, { payment_method: 'pm_card_visa' }),
    );
    expect(confirm.message).toMatch(/belongs to the Checkout Session/);
    expect((await stripe.paymentIntents.retrieve(pi as string)).status).toBe(
      'requires_payment_method',
    );
  });
});

describe('promotion codes restricted to a customer or a first purchase', () => {
  const refused = async (params: Partial<Stripe.Checkout.SessionCreateParams>) =>
    (await stripeError(() => createSession(params))).raw;
  const FIRST_TIME =
    'This promotion code cannot be redeemed because the associated customer has prior transactions.';

  it('applies a code reserved to a customer to that customer only', async () => {
    const ten = await coupon({ percent_off: 10 });
    const ada = await stripe.customers.create({ email: 'ada@example.com' });
    const bob = await stripe.customers.create({ email: 'bob@example.com' });
    const adas = await promote(ten.id, { code: 'ADA', customer: ada.id });
    const discounts = [{ promotion_code: adas.id }];
    const hers = await createSession({ customer: ada.id, discounts });
    expect(hers.discounts).toEqual([{ coupon: ten.id, promotion_code: adas.id }]);
    for (const params of [{ customer: bob.id, discounts }, { discounts }])
      expect(await refused(params), JSON.stringify(params)).toMatchObject({
        type: 'invalid_request_error',
        param: 'discounts[0][promotion_code]',
        message: expect.stringContaining('This promotion code cannot be redeemed'),
      });
  });

  it('applies a first-time code until the customer (or their email) has paid once', async () => {
    const ten = await coupon({ percent_off: 10 });
    const bob = await stripe.customers.create({ email: 'bob@example.com' });
    const welcome = await promote(ten.id, {
      code: 'WELCOME',
      restrictions: { first_time_transaction: true },
    });
    const discounts = [{ promotion_code: welcome.id }];
    // A customer who never paid, and a guest, may use it.
    for (const params of [{ customer: bob.id }, {}, { customer_email: 'bob@example.com' }])
      expect((await createSession({ ...params, discounts })).discounts).toEqual([
        { coupon: ten.id, promotion_code: welcome.id },
      ]);
    await paidPaymentIntent(stripe, 5000, { customer: bob.id });
    for (const params of [{ customer: bob.id }, { customer_email: 'BOB@example.com' }])
      expect(await refused({ ...params, discounts }), JSON.stringify(params)).toMatchObject({
        param: 'discounts[0][promotion_code]',
        message: FIRST_TIME,
      });
    expect(
      (await createSession({ customer_email: 'new@example.com', discounts })).discounts,
    ).toEqual([{ coupon: ten.id, promotion_code: welcome.id }]);
  });
});
