/**
 * A cart of several products and Stripe promotion codes (issue 13): POST /quote prices it, POST
 * /charge charges exactly its quote, and the code's rules (Stripe's) and redemptions (the ledger's)
 * hold under concurrency. Through the Worker's fetch handler, against the simulator.
 */
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RATE_LIMIT_PERIOD_SECONDS } from '../../src/limits';
import { CODE_CACHE_MS } from '../../src/promotion/lookup';
import { linesOf } from '../../src/ledger/lines';
import {
  advanceSimClock,
  charge,
  chargeForm,
  checkout,
  expectLedgerMatchesStripe,
  fault,
  order,
  orderOf,
  orders,
  paymentIntents,
  payOnPage,
  postJson,
  releaseHeld,
  resetAll,
  sim,
  simRequests,
  stripe,
  webhookDeliveries,
} from '../support/checkout';
import {
  BERLIN,
  codeText,
  promotionCode,
  quote,
  THREE_PRODUCTS,
  type ErrorBody,
  type Item,
  shippedOrder,
  type Quote,
} from '../support/cart';
import { consoleGet } from '../support/console';
import { inOneWindow } from '../support/rate-window';

beforeEach(resetAll);
afterEach(() => {
  vi.useRealTimers();
});

/** A checkout body for a cart (no `product`/`quantity`), paid with 4242. */
function cartOrder(items: Item[], extra: Record<string, unknown> = {}) {
  const { product: _, quantity: __, ...body } = order();
  return { ...body, items, ...extra };
}

/** The simulator's promotion code lookups (GET /v1/promotion_codes) since the reset. */
const lookups = async () =>
  (await simRequests()).filter((r) => r.method === 'GET' && r.path === '/v1/promotion_codes');

describe('POST /quote', () => {
  it('prices a three-product cart from the catalog, writing nothing and asking Stripe nothing', async () => {
    const response = await quote({ items: THREE_PRODUCTS });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      currency: 'usd',
      lines: [
        line('support-5', 'Support our work', 1, 500),
        line('wallpapers', 'Wallpaper pack', 2, 300),
        line('handbook', 'The handbook', 1, 1800),
      ],
      subtotal: 2900,
      discount: null,
      shipping: null,
      tax: { amount: 0, included: 0, calculation: null },
      total: 2900,
    });
    expect(await simRequests()).toEqual([]);
    expect(await orders()).toEqual([]);
  });

  it('ignores prices sent by the client', async () => {
    const items = THREE_PRODUCTS.map((item) => ({ ...item, unit_amount: 1, amount: 1 }));
    const body = await (await quote({ items, total: 1, subtotal: 1 })).json<Quote>();
    expect(body.total).toBe(2900);
  });

  it.each([
    ['no items', {}, 'items'],
    ['an empty cart', { items: [] }, 'items'],
    ['an unknown product', { items: [{ product: 'nope', quantity: 1 }] }, 'items[0][product]'],
    ['a quantity of 0', { items: [{ product: 'support-5', quantity: 0 }] }, 'items[0][quantity]'],
    ['a quantity of 11', { items: [{ product: 'handbook', quantity: 11 }] }, 'items[0][quantity]'],
    [
      'more than 20 lines',
      { items: Array.from({ length: 21 }, (_, i) => ({ product: `p${i}`, quantity: 1 })) },
      'items',
    ],
    [
      'the same product twice',
      { items: [...THREE_PRODUCTS, { product: 'wallpapers', quantity: 1 }] },
      'items[3][product]',
    ],
    [
      'mixed currencies',
      { items: [...THREE_PRODUCTS, { product: 'postcard-eur', quantity: 1 }] },
      'items',
    ],
  ])('refuses %s with 400 naming the field, and a plain message', async (_, body, param) => {
    const response = await quote(body);
    expect(response.status).toBe(400);
    const { error } = await response.json<ErrorBody>();
    expect(error).toMatchObject({ code: 'invalid_request', param });
    expect(error.message).toMatch(/^[A-Z].*\.$/);
    expect(await simRequests()).toEqual([]);
  });

  it('says the tax inside a tax-inclusive price beside the tax added, as the order keeps them', async () => {
    // The poster's $10.00 holds 19 % ($1.60); Standard's $10.00 to Berlin has 19 % ($1.90) on top.
    const items = [{ product: 'poster', quantity: 1 }];
    const tax = { TAX_CALCULATION: 'stripe' };
    const response = await postJson('/quote', { items, shipping: BERLIN }, {}, tax);
    expect(response.status).toBe(200);
    const body = await response.json<Quote>();
    expect(body).toMatchObject({
      subtotal: 1000,
      shipping: { rate: 'standard', amount: 1000 },
      tax: { amount: 190, included: 160, calculation: expect.stringMatching(/^taxcalc_/) },
      total: 2190,
    });
    // The order paid keeps the same two amounts, which its receipt shows (src/receipt/summary.ts).
    const sent = shippedOrder(items, BERLIN);
    expect((await charge(sent, {}, tax)).status).toBe(200);
    expect(await orderOf(sent.checkout_id!)).toMatchObject({
      amount: body.total,
      tax_amount: body.tax.amount,
      tax_included: body.tax.included,
    });
  });

  it('refuses a cross-site request and a body that is not JSON or a form', async () => {
    expect(
      (await quote({ items: THREE_PRODUCTS }, { Origin: 'https://evil.example' })).status,
    ).toBe(403);
    const text = await checkout('/quote', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'support-5',
    });
    expect(text.status).toBe(415);
  });

  it("names the lines in the reader's language, and the order keeps the catalog's names", async () => {
    const german = { 'Accept-Language': 'de-DE,de;q=0.9' };
    const quoted = await (await quote({ items: THREE_PRODUCTS }, german)).json<Quote>();
    expect(quoted.lines.map((l) => [l.product, l.name])).toEqual([
      ['support-5', 'Unterstützen Sie uns'],
      ['wallpapers', 'Hintergrundbilder'],
      ['handbook', 'Das Handbuch'],
    ]);
    const body = cartOrder(THREE_PRODUCTS);
    expect((await charge(body, german)).status).toBe(200);
    const paid = (await orderOf(body.checkout_id!))!;
    expect(linesOf(paid).map((l) => l.name)).toEqual([
      'Support our work',
      'Wallpaper pack',
      'The handbook',
    ]);
  });

  it('is rate-limited per client network (60 a minute), like /charge', () =>
    inOneWindow(RATE_LIMIT_PERIOD_SECONDS, async (attempt) => {
      const ip = `203.0.113.${41 + attempt}`;
      const answers: number[] = [];
      for (let i = 0; i < 61; i++)
        answers.push((await quote({ items: THREE_PRODUCTS }, { 'CF-Connecting-IP': ip })).status);
      expect(answers.slice(0, 60)).toEqual(Array(60).fill(200));
      expect(answers[60]).toBe(429);
      expect((await quote({ items: THREE_PRODUCTS })).status).toBe(200);
    }));
});

/** A quote's line, undiscounted. */
function line(product: string, name: string, quantity: number, unit: number, discount = 0) {
  return {
    product,
    name,
    quantity,
    unit_amount: unit,
    subtotal: unit * quantity,
    discount,
    amount: unit * quantity - discount,
  };
}

describe('promotion codes', () => {
  it('takes 20 % off, spread over the lines so that they add up to the total', async () => {
    const code = await promotionCode({ percent_off: 20 });
    const response = await quote({
      items: THREE_PRODUCTS,
      promotion_code: code.code.toLowerCase(),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      currency: 'usd',
      lines: [
        line('support-5', 'Support our work', 1, 500, 100),
        line('wallpapers', 'Wallpaper pack', 2, 300, 120),
        line('handbook', 'The handbook', 1, 1800, 360),
      ],
      subtotal: 2900,
      discount: { code: code.code, amount: 580, description: '20% off' },
      shipping: null,
      tax: { amount: 0, included: 0, calculation: null },
      total: 2320,
    });
  });

  it('takes $2.00 off, the cents left by rounding on the largest remainder', async () => {
    const code = await promotionCode({ amount_off: 200, currency: 'usd', name: 'Welcome back' });
    const body = await (
      await quote({ items: THREE_PRODUCTS, promotion_code: code.code })
    ).json<Quote>();
    expect(body.lines.map((l) => [l.discount, l.amount])).toEqual([
      [35, 465],
      [41, 559],
      [124, 1676],
    ]);
    expect(body.lines.reduce((sum, l) => sum + l.amount, 0)).toBe(body.total);
    expect(body).toMatchObject({
      subtotal: 2900,
      discount: { code: code.code, amount: 200, description: 'Welcome back' },
      total: 2700,
    });
  });

  it('describes an amount off in the reader’s language', async () => {
    const code = await promotionCode({ amount_off: 200, currency: 'usd' });
    const response = await quote(
      { items: THREE_PRODUCTS, promotion_code: code.code },
      { 'Accept-Language': 'de-DE' },
    );
    const { discount } = await response.json<Quote>();
    expect(discount?.description.replace(/\s/g, ' ')).toBe('2,00 $ Rabatt');
  });

  describe('refused, each with its reason (400, param promotion_code)', () => {
    /** The refusal of a quote of the three-product cart with `code`. */
    async function refusal(code: string) {
      const response = await quote({ items: THREE_PRODUCTS, promotion_code: code });
      expect(response.status).toBe(400);
      const { error } = await response.json<ErrorBody>();
      expect(error.param).toBe('promotion_code');
      return { code: error.code, message: error.message };
    }

    it('an unknown code, and text that cannot be a code (without asking Stripe)', async () => {
      expect(await refusal(codeText('NOPE'))).toEqual({
        code: 'promotion_code_unknown',
        message: 'We do not recognise this promotion code. Please check it and try again.',
      });
      const before = (await lookups()).length;
      expect((await refusal('SPRING 20!')).code).toBe('promotion_code_unknown');
      expect((await lookups()).length).toBe(before);
    });

    it('an inactive code', async () => {
      const code = await promotionCode({ percent_off: 20 }, { active: false });
      expect(await refusal(code.code)).toEqual({
        code: 'promotion_code_inactive',
        message: 'This promotion code is no longer active.',
      });
    });

    it('an expired code', async () => {
      const expiresAt = Math.floor(Date.now() / 1000) + 3600;
      const code = await promotionCode({ percent_off: 20 }, { expires_at: expiresAt });
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime((expiresAt + 1) * 1000);
      expect(await refusal(code.code)).toEqual({
        code: 'promotion_code_expired',
        message: 'This promotion code has expired.',
      });
    });

    it('a code whose coupon can no longer be redeemed (redeem_by passed)', async () => {
      const redeemBy = Math.floor(Date.now() / 1000) + 3600;
      const code = await promotionCode({ percent_off: 20, redeem_by: redeemBy });
      // Both clocks past redeem_by: Stripe then lists the code as inactive (its coupon is not
      // valid), and the Worker still tells the customer it expired.
      await advanceSimClock(3601);
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime((redeemBy + 1) * 1000);
      expect((await stripe.promotionCodes.retrieve(code.id)).active).toBe(false);
      expect(await refusal(code.code)).toEqual({
        code: 'promotion_code_expired',
        message: 'This promotion code has expired.',
      });
    });

    it('a code whose coupon Stripe redeemed its most times (a Checkout Session)', async () => {
      const code = await promotionCode({ percent_off: 20, max_redemptions: 1 });
      const session = await stripe.checkout.sessions.create({
        mode: 'payment',
        success_url: 'https://shop.test/thank-you',
        line_items: [
          {
            price_data: { currency: 'usd', unit_amount: 2000, product_data: { name: 'Mug' } },
            quantity: 1,
          },
        ],
        discounts: [{ promotion_code: code.id }],
      });
      const paid = await payOnPage(session);
      expect(paid.status).toBe(303);
      expect((await stripe.promotionCodes.retrieve(code.id)).active).toBe(false);
      expect(await refusal(code.code)).toEqual({
        code: 'promotion_code_used_up',
        message: 'This promotion code has been used as many times as it can be.',
      });
    });

    it('a used-up code, counted in the ledger', async () => {
      const code = await promotionCode({ percent_off: 20 }, { max_redemptions: 1 });
      expect((await charge(cartOrder(THREE_PRODUCTS, { promotion_code: code.code }))).status).toBe(
        200,
      );
      expect(await refusal(code.code)).toEqual({
        code: 'promotion_code_used_up',
        message: 'This promotion code has been used as many times as it can be.',
      });
    });

    it('an order below the code’s minimum, naming the minimum', async () => {
      const code = await promotionCode(
        { percent_off: 20 },
        { restrictions: { minimum_amount: 5000, minimum_amount_currency: 'usd' } },
      );
      expect(await refusal(code.code)).toEqual({
        code: 'promotion_code_minimum',
        message: 'This promotion code needs an order of at least $50.00.',
      });
    });

    it('a code for another currency (an amount off in euros, or a minimum in euros only)', async () => {
      const euros = await promotionCode({ amount_off: 200, currency: 'eur' });
      expect(await refusal(euros.code)).toEqual({
        code: 'promotion_code_currency',
        message: 'This promotion code cannot be used for payments in USD.',
      });
      const minimum = await promotionCode(
        { percent_off: 20 },
        { restrictions: { minimum_amount: 1000, minimum_amount_currency: 'eur' } },
      );
      expect((await refusal(minimum.code)).code).toBe('promotion_code_currency');
    });

    it('a code reserved for a customer', async () => {
      const customer = await stripe.customers.create({ email: 'vip@example.com' });
      const code = await promotionCode({ percent_off: 20 }, { customer: customer.id });
      expect((await refusal(code.code)).code).toBe('promotion_code_restricted');
    });

    it('a discount that would leave less than Stripe charges', async () => {
      const code = await promotionCode({ percent_off: 100 });
      expect(await refusal(code.code)).toEqual({
        code: 'promotion_code_total_too_small',
        message:
          'With this promotion code the total would be less than $0.50, the smallest payment we can take.',
      });
    });
  });

  it('takes a code that leaves only the shipping to pay, a total Stripe charges', async () => {
    // Stripe's smallest charge is of the whole total: a coupon takes nothing off the shipping.
    const code = await promotionCode({ percent_off: 100 });
    const items = [{ product: 'poster', quantity: 1 }];
    // Before the address is typed, the shipping is still to come: the code is not refused.
    const pending = await quote({ items, shipping: null, promotion_code: code.code });
    expect(pending.status).toBe(200);
    expect(await pending.json()).toMatchObject({ total: 0, address_required: true });
    const quoted = await quote({ items, shipping: BERLIN, promotion_code: code.code });
    expect(quoted.status).toBe(200);
    expect(await quoted.json()).toMatchObject({
      subtotal: 1000,
      shipping: { rate: 'standard', amount: 1000 },
      total: 1000,
    });
    const sent = { ...shippedOrder(items, BERLIN), promotion_code: code.code };
    expect((await charge(sent)).status).toBe(200);
    expect(await orderOf(sent.checkout_id!)).toMatchObject({ status: 'paid', amount: 1000 });
  });

  it('applies an amount off from the coupon’s currency options', async () => {
    const code = await promotionCode({
      amount_off: 200,
      currency: 'eur',
      currency_options: { usd: { amount_off: 250 } },
    });
    const body = await (
      await quote({ items: THREE_PRODUCTS, promotion_code: code.code })
    ).json<Quote>();
    expect(body).toMatchObject({ discount: { amount: 250 }, total: 2650 });
  });

  it('looks a code up at Stripe once a minute per isolate: quotes and the charge share it', async () => {
    const code = await promotionCode({ percent_off: 20 });
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    for (let i = 0; i < 3; i++)
      expect((await quote({ items: THREE_PRODUCTS, promotion_code: code.code })).status).toBe(200);
    expect((await charge(cartOrder(THREE_PRODUCTS, { promotion_code: code.code }))).status).toBe(
      200,
    );
    expect(await lookups()).toHaveLength(1);

    vi.setSystemTime(start + CODE_CACHE_MS + 1);
    expect((await quote({ items: THREE_PRODUCTS, promotion_code: code.code })).status).toBe(200);
    expect(await lookups()).toHaveLength(2);
  });

  it('answers 503 (nothing known) when Stripe cannot be asked about the code', async () => {
    const text = codeText('DOWN');
    const { fault } = await import('../support/checkout');
    await fault({ mode: 'error', status: 500, count: 10 });
    const response = await quote({ items: THREE_PRODUCTS, promotion_code: text });
    await fault(null);
    expect(response.status).toBe(503);
    expect((await response.json<ErrorBody>()).error.code).toBe('stripe_unavailable');
    // Not remembered: the next quote asks again.
    expect((await quote({ items: THREE_PRODUCTS, promotion_code: text })).status).toBe(400);
  });
});

describe('POST /charge with a cart', () => {
  it('charges a three-product cart exactly its quote, whatever amounts the client sends', async () => {
    const quoted = await (await quote({ items: THREE_PRODUCTS })).json<Quote>();
    const body = cartOrder(
      THREE_PRODUCTS.map((item) => ({ ...item, unit_amount: 1 })),
      { amount: 1, total: 1, currency: 'jpy' },
    );
    const response = await charge(body);
    expect(response.status).toBe(200);
    const [pi] = await paymentIntents();
    expect(pi).toMatchObject({
      status: 'succeeded',
      amount: quoted.total,
      currency: 'usd',
      description: '1 × Support our work, 2 × Wallpaper pack, 1 × The handbook',
      metadata: {
        checkout_id: body.checkout_id,
        items: '1 × support-5, 2 × wallpapers, 1 × handbook',
      },
    });
    const paid = (await orderOf(body.checkout_id!))!;
    expect(paid).toMatchObject({ status: 'paid', amount: 2900, discount_amount: 0 });
    expect(linesOf(paid)).toEqual([
      {
        product: 'support-5',
        name: 'Support our work',
        quantity: 1,
        unit_amount: 500,
        discount: 0,
        amount: 500,
      },
      {
        product: 'wallpapers',
        name: 'Wallpaper pack',
        quantity: 2,
        unit_amount: 300,
        discount: 0,
        amount: 600,
      },
      {
        product: 'handbook',
        name: 'The handbook',
        quantity: 1,
        unit_amount: 1800,
        discount: 0,
        amount: 1800,
      },
    ]);
    expect(quoted.lines.map((l) => l.amount)).toEqual([500, 600, 1800]);
    await expectLedgerMatchesStripe();
  });

  it('still takes product and quantity, as one line', async () => {
    const body = order({ payment_method: 'pm_card_visa' }, { quantity: 3 });
    expect((await charge(body)).status).toBe(200);
    expect(linesOf((await orderOf(body.checkout_id!))!)).toEqual([
      {
        product: 'support-5',
        name: 'Support our work',
        quantity: 3,
        unit_amount: 500,
        discount: 0,
        amount: 1500,
      },
    ]);
  });

  it.each([
    ['an empty cart', { items: [] }, 'items'],
    ['an unknown product', { items: [{ product: 'nope', quantity: 1 }] }, 'items[0][product]'],
    ['a quantity of 11', { items: [{ product: 'support-5', quantity: 11 }] }, 'items[0][quantity]'],
    [
      'the same product twice',
      { items: [...THREE_PRODUCTS, { product: 'handbook', quantity: 2 }] },
      'items[3][product]',
    ],
    [
      'mixed currencies',
      { items: [{ product: 'postcard-eur', quantity: 1 }, ...THREE_PRODUCTS] },
      'items',
    ],
    ['items and product together', { items: THREE_PRODUCTS, product: 'support-5' }, 'items'],
  ])('refuses %s before anything is written or charged', async (_, cart, param) => {
    const { product: _p, quantity: _q, ...body } = order();
    const response = await charge({ ...body, ...cart });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 'invalid_request', param, charged: false },
    });
    expect(await orders()).toEqual([]);
    expect(await simRequests()).toEqual([]);
  });

  it('charges the 20 %-off total, and records the lines, the code and the discount', async () => {
    const code = await promotionCode({ percent_off: 20 });
    const body = cartOrder(THREE_PRODUCTS, { promotion_code: code.code.toLowerCase() });
    expect((await charge(body)).status).toBe(200);
    const [pi] = await paymentIntents();
    expect(pi).toMatchObject({
      amount: 2320,
      metadata: {
        promotion_code: code.code,
        promotion_code_id: code.id,
        discount_amount: '580',
      },
    });
    const paid = (await orderOf(body.checkout_id!))!;
    expect(paid).toMatchObject({
      amount: 2320,
      promotion_code: code.code,
      promotion_code_id: code.id,
      discount_amount: 580,
    });
    expect(linesOf(paid).map((l) => [l.product, l.discount, l.amount])).toEqual([
      ['support-5', 100, 400],
      ['wallpapers', 120, 480],
      ['handbook', 360, 1440],
    ]);
    await expectLedgerMatchesStripe();
  });

  it('charges $2.00 off, the lines summing to the charge', async () => {
    const code = await promotionCode({ amount_off: 200, currency: 'usd' });
    const body = cartOrder(THREE_PRODUCTS, { promotion_code: code.code });
    expect((await charge(body)).status).toBe(200);
    const [pi] = await paymentIntents();
    expect(pi?.amount).toBe(2700);
    const lines = linesOf((await orderOf(body.checkout_id!))!);
    expect(lines.reduce((sum, l) => sum + l.amount, 0)).toBe(2700);
  });

  it('leaves the PaymentIntent create a second attempt after an uncached code took two calls', async () => {
    const code = await promotionCode({ percent_off: 20 });
    const heldPaths = async () =>
      (await (await sim('/_sim/held')).json<{ path: string }[]>()).map((r) => r.path);
    await fault({ mode: 'delay', delay_ms: 30_000, count: 2 });
    const paid = charge(cartOrder(THREE_PRODUCTS, { promotion_code: code.code }));
    await vi.waitFor(async () => expect(await heldPaths()).toEqual(['/v1/promotion_codes']));
    await releaseHeld();
    await vi.waitFor(async () => expect((await heldPaths())[0]).toMatch(/^\/v1\/coupons\//));
    // The create's first attempt is refused before running (429): a second one goes through.
    await fault({ mode: 'error', status: 429, count: 1 });
    await releaseHeld();
    expect((await paid).status).toBe(200);
    expect((await paymentIntents()).map((pi) => [pi.status, pi.amount])).toEqual([
      ['succeeded', 2320],
    ]);
  });

  it('discounts exactly one of 10 concurrent checkouts with a code of max_redemptions 1', async () => {
    const code = await promotionCode({ percent_off: 20 }, { max_redemptions: 1 });
    const bodies = Array.from({ length: 10 }, () =>
      cartOrder(THREE_PRODUCTS, { promotion_code: code.code }),
    );
    const responses = await Promise.all(bodies.map((body) => charge(body)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(409)]);
    for (const response of responses.filter((r) => r.status === 409)) {
      const { error } = await response.json<ErrorBody>();
      expect(error).toMatchObject({
        code: 'promotion_code_used_up',
        param: 'promotion_code',
        charged: false,
        quote: { total: 2900, discount: null },
      });
      expect(error.message).toBe(
        'This promotion code has been used as many times as it can be. Without it, your total ' +
          'is $29.00. You have not been charged. Please check the new total and pay again.',
      );
    }
    const intents = await paymentIntents();
    expect(intents.map((pi) => [pi.status, pi.amount])).toEqual([['succeeded', 2320]]);
    expect((await orders()).map((o) => o.promotion_code_id)).toEqual([code.id]);
    await expectLedgerMatchesStripe();
  });

  // A form post (no JavaScript) gets a problem page, which adds "not charged" to a message that
  // lacks it: the code's message says it through {common.notCharged}, so the page finds it.
  it('a form post whose code stopped applying says "not charged" once', async () => {
    const code = await promotionCode({ percent_off: 20 }, { max_redemptions: 1 });
    const first = cartOrder(THREE_PRODUCTS, { promotion_code: code.code });
    expect((await charge(first)).status).toBe(200);
    const response = await chargeForm({
      checkout_id: crypto.randomUUID(),
      product: 'support-5',
      quantity: '1',
      email: 'jane.doe@example.com',
      stripeToken: 'tok_visa',
      promotion_code: code.code,
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('Without it, your total is $5.00.');
    // Before: "…You have not been charged: please check…", then the page's own sentence again.
    expect(html.match(/You have not been charged/g)).toHaveLength(1);
  });

  it('keeps no redemption for checkouts Stripe refused before making a PaymentIntent', async () => {
    const code = await promotionCode({ percent_off: 20 }, { max_redemptions: 5 });
    for (let i = 0; i < 5; i++) {
      const refused = cartOrder(THREE_PRODUCTS, {
        promotion_code: code.code,
        payment_method: 'pm_doesnotexist1',
      });
      expect((await charge(refused)).status).toBe(400);
      expect(await orderOf(refused.checkout_id!)).toMatchObject({
        status: 'failed',
        payment_intent_id: null,
      });
    }
    const real = await charge(cartOrder(THREE_PRODUCTS, { promotion_code: code.code }));
    expect(real.status).toBe(200);
    expect((await paymentIntents()).map((pi) => [pi.status, pi.amount])).toEqual([
      ['succeeded', 2320],
    ]);
  });

  it('stops counting a redemption for a checkout left without a PaymentIntent for 30 minutes', async () => {
    const code = await promotionCode({ percent_off: 20 }, { max_redemptions: 1 });
    // A checkout whose create never came back (the Worker cut off): pending, no PaymentIntent,
    // and no word from Stripe since (its events held: delivered, they would link and pay it).
    await quote({ items: THREE_PRODUCTS, promotion_code: code.code }); // the code, cached
    await webhookDeliveries(false);
    await fault({ mode: 'drop', count: 10 });
    const lost = cartOrder(THREE_PRODUCTS, { promotion_code: code.code });
    await charge(lost);
    await fault(null);
    expect(await orderOf(lost.checkout_id!)).toMatchObject({
      status: 'pending',
      payment_intent_id: null,
    });
    const next = () => charge(cartOrder(THREE_PRODUCTS, { promotion_code: code.code }));
    // Within the bound, the sweep may yet link it: its redemption holds.
    expect((await next()).status).toBe(409);
    await env.DB.prepare(
      `UPDATE orders SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-31 minutes')
       WHERE checkout_id = ?`,
    )
      .bind(lost.checkout_id)
      .run();
    expect((await next()).status).toBe(200);
  });

  /**
   * A checkout with a code of one use whose create Stripe answered 500 before creating anything
   * (pending, no PaymentIntent, no charge), then left UNLINKED_HOLD_MINUTES: it holds no redemption.
   */
  async function leftWithoutPaymentIntent() {
    const code = await promotionCode({ percent_off: 20 }, { max_redemptions: 1 });
    await quote({ items: THREE_PRODUCTS, promotion_code: code.code }); // the code, cached
    await fault({ mode: 'error', status: 500, count: 10 });
    const lost = cartOrder(THREE_PRODUCTS, { promotion_code: code.code });
    await charge(lost);
    await fault(null);
    // Opened and last changed then: Stripe is long done with its calls.
    await env.DB.prepare(
      `UPDATE orders SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-31 minutes'),
         created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-31 minutes')
       WHERE checkout_id = ?`,
    )
      .bind(lost.checkout_id)
      .run();
    return { code, lost };
  }

  it('answers 409 to a resend of a checkout left 30 minutes without a PaymentIntent, its code used up', async () => {
    const { code, lost } = await leftWithoutPaymentIntent();
    // Its redemption freed, another customer takes the code's only use.
    expect((await charge(cartOrder(THREE_PRODUCTS, { promotion_code: code.code }))).status).toBe(
      200,
    );
    // "Try again" must win a redemption again: none is left, so no payment at the old price.
    const resend = await charge(lost);
    expect(resend.status).toBe(409);
    expect(await resend.json()).toMatchObject({
      error: { code: 'promotion_code_used_up', charged: false, quote: { total: 2900 } },
    });
    expect((await paymentIntents()).map((pi) => [pi.status, pi.amount])).toEqual([
      ['succeeded', 2320],
    ]);
    expect((await orderOf(lost.checkout_id!))?.payment_intent_id).toBeNull();
  });

  it('pays a resend of a checkout left 30 minutes without a PaymentIntent, holding its code again', async () => {
    const { code, lost } = await leftWithoutPaymentIntent();
    expect((await charge(lost)).status).toBe(200);
    // The resend won the code's only use back: nobody else gets it.
    expect((await charge(cartOrder(THREE_PRODUCTS, { promotion_code: code.code }))).status).toBe(
      409,
    );
    expect((await paymentIntents()).map((pi) => [pi.status, pi.amount])).toEqual([
      ['succeeded', 2320],
    ]);
  });

  it('answers 409 with the new total when the code expired between quote and charge', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    const code = await promotionCode({ percent_off: 20 }, { expires_at: expiresAt });
    expect(
      (await (await quote({ items: THREE_PRODUCTS, promotion_code: code.code })).json<Quote>())
        .total,
    ).toBe(2320);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime((expiresAt + 1) * 1000);
    const response = await charge(cartOrder(THREE_PRODUCTS, { promotion_code: code.code }));
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      error: {
        code: 'promotion_code_expired',
        param: 'promotion_code',
        charged: false,
        quote: { total: 2900, discount: null },
      },
    });
    expect(await paymentIntents()).toEqual([]);
    expect(await orders()).toEqual([]);
  });

  it('replays a resend of a discounted checkout after its code expired: the price was fixed', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    const code = await promotionCode({ percent_off: 20 }, { expires_at: expiresAt });
    const body = cartOrder(THREE_PRODUCTS, { promotion_code: code.code });
    expect((await charge(body)).status).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime((expiresAt + 1) * 1000);
    expect((await charge(body)).status).toBe(200);
    expect((await paymentIntents()).map((pi) => pi.amount)).toEqual([2320]);
  });

  it('answers 409 when a declined checkout retries after its code’s last redemption went elsewhere', async () => {
    const code = await promotionCode({ percent_off: 20 }, { max_redemptions: 1 });
    const declined = cartOrder(THREE_PRODUCTS, {
      promotion_code: code.code,
      payment_method: 'pm_card_visa_chargeDeclined',
    });
    expect((await charge(declined)).status).toBe(402);
    // The failed attempt holds no redemption: another customer takes it.
    expect((await charge(cartOrder(THREE_PRODUCTS, { promotion_code: code.code }))).status).toBe(
      200,
    );
    const retry = await charge({ ...declined, payment_method: 'pm_card_visa' });
    expect(retry.status).toBe(409);
    expect(await retry.json()).toMatchObject({
      error: { code: 'promotion_code_used_up', quote: { total: 2900 } },
    });
    expect((await orderOf(declined.checkout_id!))?.status).toBe('failed');
  });

  it('answers 409 when a declined checkout retries after its code’s text went to another code', async () => {
    const old = await promotionCode({ percent_off: 20 });
    const declined = cartOrder(THREE_PRODUCTS, {
      promotion_code: old.code,
      payment_method: 'pm_card_visa_chargeDeclined',
    });
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    expect((await charge(declined)).status).toBe(402);
    // The merchant retires the code and makes a new one of the same text, with its own limits.
    await stripe.promotionCodes.update(old.id, { active: false });
    const replaced = await promotionCode(
      { percent_off: 50 },
      { code: old.code, max_redemptions: 1 },
    );
    vi.setSystemTime(start + CODE_CACHE_MS + 1);
    const retry = await charge({ ...declined, payment_method: 'pm_card_visa' });
    expect(retry.status).toBe(409);
    expect(await retry.json()).toMatchObject({
      error: { code: 'promotion_code_inactive', charged: false, quote: { total: 2900 } },
    });
    expect((await paymentIntents()).map((pi) => pi.status)).toEqual(['requires_payment_method']);
    expect(await orderOf(declined.checkout_id!)).toMatchObject({
      status: 'failed',
      promotion_code_id: old.id,
    });
    // The new code's one redemption is still there for a checkout that asks for it.
    expect(
      (await charge(cartOrder(THREE_PRODUCTS, { promotion_code: replaced.code }))).status,
    ).toBe(200);
  });

  it('refuses a checkout_id first used for another cart or code (409, nothing charged)', async () => {
    const code = await promotionCode({ percent_off: 20 });
    const body = cartOrder(THREE_PRODUCTS);
    expect((await charge({ ...body, payment_method: 'pm_card_visa_chargeDeclined' })).status).toBe(
      402,
    );
    for (const changed of [
      { ...body, items: THREE_PRODUCTS.slice(1) },
      { ...body, promotion_code: code.code },
    ]) {
      const response = await charge(changed);
      expect(response.status).toBe(409);
      expect((await response.json<ErrorBody>()).error.code).toBe('checkout_changed');
    }
    expect((await paymentIntents()).map((pi) => pi.status)).toEqual(['requires_payment_method']);
  });
});

describe('the receipt', () => {
  it('lists the lines, the code and its discount, and the total paid', async () => {
    const code = await promotionCode({ percent_off: 20 });
    const body = cartOrder(THREE_PRODUCTS, { promotion_code: code.code });
    const { redirect } = await (await charge(body)).json<{ redirect: string }>();
    const html = await (
      await checkout(redirect, { headers: { 'Accept-Language': 'en-US' } })
    ).text();
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain(
      'Support our work × 1 $5.00 Wallpaper pack × 2 $6.00 The handbook × 1 $18.00 ' +
        `Discount (${code.code}) −$5.80 Total paid $23.20`,
    );
    // A new order, whatever checkout the customer's tab still keeps.
    expect(html).toContain('<a class="button" href="/?new">Start a new order</a>');
  });

  it('shows no lines to a visitor without the proof', async () => {
    const body = cartOrder(THREE_PRODUCTS);
    await charge(body);
    const paid = (await orderOf(body.checkout_id!))!;
    const html = await (
      await checkout(`/thank-you?payment_intent=${paid.payment_intent_id}`)
    ).text();
    expect(html).not.toContain('Wallpaper pack');
  });
});

describe("the merchant's console", () => {
  it("lists a discounted order's lines, each with its share of the discount", async () => {
    const code = await promotionCode({ percent_off: 20 });
    const body = cartOrder(THREE_PRODUCTS, { promotion_code: code.code });
    expect((await charge(body)).status).toBe(200);
    const paid = (await orderOf(body.checkout_id!))!;
    const detail = await consoleGet<{ order: object; lines: object[] }>(
      `/admin/api/orders/${paid.id}`,
    );
    expect(detail.order).toMatchObject({
      amount: 2320,
      promotion_code: code.code,
      discount_amount: 580,
      lines: [
        { product: 'support-5', quantity: 1, amount: 400 },
        { product: 'wallpapers', quantity: 2, amount: 480 },
        { product: 'handbook', quantity: 1, amount: 1440 },
      ],
    });
    expect(detail.lines).toEqual([
      expect.objectContaining({ product_id: 'support-5', name: 'Support our work', discount: 100 }),
      expect.objectContaining({ product_id: 'wallpapers', unit_amount: 300, discount: 120 }),
      expect.objectContaining({ product_id: 'handbook', amount: 1440, currency: 'usd' }),
    ]);
  });
});

describe('existing orders', () => {
  it('become one line each by the lines migration (migrations/0011)', async () => {
    // A row as orders were before 0011: its lines column has only the default.
    await env.DB.prepare(
      `INSERT INTO orders (id, checkout_id, product_id, quantity, amount, currency, email, status)
       VALUES ('ord_before_carts', ?, 'wallpapers', 2, 600, 'usd', 'old@example.com', 'paid')`,
    )
      .bind(crypto.randomUUID())
      .run();
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0011_'));
    const update = migration?.queries.find((query) => query.trim().startsWith('UPDATE orders'));
    expect(update, 'the migration of existing orders').toBeDefined();
    await env.DB.prepare(update!).run();
    const [old] = await orders();
    expect(JSON.parse(old!.lines)).toEqual([
      { product: 'wallpapers', quantity: 2, unit_amount: 300, discount: 0, amount: 600 },
    ]);
    expect(old).toMatchObject({ promotion_code: null, discount_amount: 0 });
  });
});
