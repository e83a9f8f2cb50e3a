/**
 * The total on Pay is the total charged: POST /charge with the total the page showed
 * (`expected_total`, `expected_currency`) charges it only while it is the price. A price, a
 * shipping rate, a tax or a code that moved between the quote and Pay answers 409 `price_changed`,
 * `charged: false`, with the price now in POST /quote's shape, and nothing is opened in the ledger
 * or sent to Stripe; on our page (JSON and form posts) and hosted Checkout's. Requests without a
 * total keep charging the server's price. Through the Worker's fetch handler, against the simulator.
 */
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { formatMoney } from '../../src/money';
import { PRODUCTS } from '../fixtures/shop/products';
import { SHIPPING } from '../fixtures/shop/shipping';
import {
  charge,
  chargeForm,
  order,
  orderOf,
  orders,
  paymentIntents,
  postJson,
  resetAll,
  simRequests,
  stripe,
} from '../support/checkout';
import { BERLIN, promotionCode, shippedOrder, type ErrorBody } from '../support/cart';

beforeEach(resetAll);

const HOSTED = { CHECKOUT_UI: 'hosted' };
const TAX = { TAX_CALCULATION: 'stripe' };
const MUG = [{ product: 'mug', quantity: 1 }];

/** A product's price, changed by the merchant for this test only. */
function priceAt(id: string, unitAmount: number) {
  const product = PRODUCTS.find((candidate) => candidate.id === id)!;
  const before = product.unitAmount;
  product.unitAmount = unitAmount;
  onTestFinished(() => void (product.unitAmount = before));
}

/** Standard shipping outside the US at another price, for this test only. */
function standardAbroadAt(amount: number) {
  const abroad = SHIPPING.rates[0]!.amounts.find((entry) => entry.countries === '*')!;
  const before = abroad.amount;
  abroad.amount = amount;
  onTestFinished(() => void (abroad.amount = before));
}

/** POST /quote's answer for `body`'s cart now, as the page gets it (`vars`: see `checkout`). */
async function quoteNow(body: Record<string, unknown>, vars: Record<string, string> = {}) {
  const { items, product, quantity, promotion_code, shipping } = body;
  const cart = { items, product, quantity, promotion_code, shipping };
  const response = await postJson('/quote', cart, {}, vars);
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json<{ total: number; currency: string }>();
}

/** The total a page shows for `body`'s cart, as POST /charge's fields. */
async function shown(body: Record<string, unknown>, vars: Record<string, string> = {}) {
  const { total, currency } = await quoteNow(body, vars);
  return { expected_total: total, expected_currency: currency };
}

/** The requests that could charge: PaymentIntents and Checkout Sessions made or confirmed. */
const payments = async () =>
  (await simRequests()).filter(
    (r) => r.method === 'POST' && /^\/v1\/(payment_intents|checkout\/sessions)/.test(r.path),
  );

describe('POST /charge with the total the page showed', () => {
  it('charges it while it is the price', async () => {
    const body = order();
    const response = await charge({ ...body, ...(await shown(body)) });
    expect(response.status, await response.clone().text()).toBe(200);
    expect((await paymentIntents()).map((pi) => pi.amount)).toEqual([500]);
  });

  it('answers price_changed with the new quote when the merchant changed a price since the quote', async () => {
    const body = order();
    const before = await shown(body);
    priceAt('support-5', 600);
    const response = await charge({ ...body, ...before });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: {
        code: 'price_changed',
        message: 'The total changed to $6.00. You have not been charged. Check it and pay again.',
        charged: false,
        quote: await quoteNow(body),
      },
    });
    // Nothing asked of Stripe, nothing opened: the same checkout pays the new total once seen.
    expect(await simRequests()).toEqual([]);
    expect(await orders()).toEqual([]);
    const paid = await charge({ ...body, ...(await shown(body)) });
    expect(paid.status, await paid.clone().text()).toBe(200);
    expect((await paymentIntents()).map((pi) => pi.amount)).toEqual([600]);
  });

  it('says the new total in the reader’s language', async () => {
    const body = order();
    const before = await shown(body);
    priceAt('support-5', 600);
    const response = await charge({ ...body, ...before }, { 'Accept-Language': 'de' });
    const { error } = await response.json<ErrorBody>();
    expect(error.message).toBe(
      `Der Gesamtbetrag hat sich auf ${formatMoney(600, 'usd', 'de')} geändert. Ihnen wurde ` +
        'nichts berechnet. Bitte prüfen ' +
        'Sie ihn und bezahlen Sie erneut.',
    );
    expect(error.quote?.lines[0]?.name).toBe('Unterstützen Sie uns');
  });

  it('answers price_changed for another currency than the price’s', async () => {
    const body = order();
    const response = await charge({ ...body, expected_total: 500, expected_currency: 'EUR' });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      error: { code: 'price_changed', charged: false, quote: { currency: 'usd', total: 500 } },
    });
    expect(await simRequests()).toEqual([]);
    expect(await orders()).toEqual([]);
  });

  it('keeps the code’s own 409 with the new quote when its last redemption went elsewhere', async () => {
    const code = await promotionCode({ percent_off: 20 }, { max_redemptions: 1 });
    const mine = order({ payment_method: 'pm_card_visa' }, { promotion_code: code.code });
    const before = await shown(mine);
    expect(before.expected_total).toBe(400);
    // Another customer takes the code's one redemption between the quote and Pay.
    expect((await charge({ ...mine, checkout_id: crypto.randomUUID() })).status).toBe(200);
    const created = (await payments()).length;
    const response = await charge({ ...mine, ...before });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      error: { code: 'promotion_code_used_up', charged: false, quote: { total: 500 } },
    });
    expect(await payments()).toHaveLength(created);
    expect(await orderOf(mine.checkout_id!)).toBeNull();
  });

  it('refuses a retry after a decline at another total than the order’s, starting no attempt', async () => {
    const body = shippedOrder(MUG, BERLIN);
    const declined = { ...body, payment_method: 'pm_card_visa_chargeDeclined' };
    expect((await charge({ ...declined, ...(await shown(body)) })).status).toBe(402);
    const failed = (await orderOf(body.checkout_id!))!;
    expect(failed).toMatchObject({ status: 'failed', amount: 3000 });
    // Standard to Germany now costs $12.00: the page priced the cart again and shows $32.00.
    standardAbroadAt(1200);
    const now = await shown(body);
    expect(now.expected_total).toBe(3200);
    const created = (await payments()).length;
    const response = await charge({ ...body, ...now });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      error: { code: 'price_changed', charged: false, quote: { total: 3200 } },
    });
    expect(await payments()).toHaveLength(created);
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'failed',
      attempt: failed.attempt,
    });
  });

  describe('a tax calculation renewed inside the charge', () => {
    /** A declined mug to Berlin ($35.70 with tax), its calculation expired, Standard now $12.00. */
    async function expiredAndRepriced() {
      const body = shippedOrder(MUG, BERLIN);
      const before = await shown(body, TAX);
      expect(before.expected_total).toBe(3570);
      const declined = { ...body, payment_method: 'pm_card_visa_chargeDeclined', ...before };
      expect((await charge(declined, {}, TAX)).status).toBe(402);
      const failed = (await orderOf(body.checkout_id!))!;
      await env.DB.prepare('UPDATE orders SET tax_calculation_expires_at = 1 WHERE id = ?')
        .bind(failed.id)
        .run();
      standardAbroadAt(1200);
      return { body, before, created: (await payments()).length };
    }

    it('answers price_changed with the price now', async () => {
      const { body, before, created } = await expiredAndRepriced();
      const response = await charge({ ...body, ...before }, {}, TAX);
      expect(response.status).toBe(409);
      // ($20.00 + $12.00) + 19 %: $38.08.
      expect(await response.json()).toMatchObject({
        error: {
          code: 'price_changed',
          charged: false,
          message:
            'The total changed to $38.08. You have not been charged. Check it and pay again.',
          quote: { total: 3808, shipping: { amount: 1200 }, tax: { amount: 608 } },
        },
      });
      expect(await payments()).toHaveLength(created);
    });

    it('answers checkout_changed, as before, to a request without a total', async () => {
      const { body, created } = await expiredAndRepriced();
      const response = await charge(body, {}, TAX);
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({
        error: { code: 'checkout_changed', charged: false },
      });
      expect(await payments()).toHaveLength(created);
    });
  });

  it('charges the server’s price to a request without a total, as before', async () => {
    const body = order();
    priceAt('support-5', 600);
    expect((await charge(body)).status).toBe(200);
    expect((await paymentIntents()).map((pi) => pi.amount)).toEqual([600]);
  });

  describe('refuses a malformed total with 400 and its param, changing nothing', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['a fraction', { expected_total: 500.5, expected_currency: 'usd' }, 'expected_total'],
      ['a negative total', { expected_total: -500, expected_currency: 'usd' }, 'expected_total'],
      [
        'a total that is no number',
        { expected_total: '5.00', expected_currency: 'usd' },
        'expected_total',
      ],
      ['null', { expected_total: null, expected_currency: 'usd' }, 'expected_total'],
      [
        'an unknown currency',
        { expected_total: 500, expected_currency: 'xyz' },
        'expected_currency',
      ],
      [
        'a currency that is no code',
        { expected_total: 500, expected_currency: 5 },
        'expected_currency',
      ],
      ['a total without its currency', { expected_total: 500 }, 'expected_currency'],
      ['a currency without its total', { expected_currency: 'usd' }, 'expected_total'],
    ];
    it.each(cases)('%s', async (_, fields, param) => {
      const body = { ...order(), ...fields };
      const response = await charge(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { code: 'invalid_request', param, charged: false },
      });
      expect(await simRequests()).toEqual([]);
      expect(await orders()).toEqual([]);
    });
  });

  describe('a classic form post', () => {
    const fields = (body: ReturnType<typeof order>, total: string) => ({
      checkout_id: body.checkout_id!,
      product: 'support-5',
      quantity: '1',
      email: body.email!,
      payment_method: 'pm_card_visa',
      expected_total: total,
      expected_currency: 'usd',
    });

    it('answers a page saying the new total, nothing sent to Stripe', async () => {
      const body = order();
      priceAt('support-5', 600);
      const response = await chargeForm(fields(body, '500'));
      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain('The total changed to $6.00.');
      expect(await simRequests()).toEqual([]);
      expect(await orders()).toEqual([]);
    });

    it('charges the total it shows, and refuses one that is not a whole number', async () => {
      const body = order();
      expect((await chargeForm(fields(body, '5.00'))).status).toBe(400);
      expect(await orders()).toEqual([]);
      const paid = await chargeForm(fields(body, '500'));
      expect(paid.status).toBe(303);
      expect((await paymentIntents()).map((pi) => pi.amount)).toEqual([500]);
    });
  });

  describe('hosted Checkout', () => {
    const cart = () => ({
      checkout_id: crypto.randomUUID(),
      items: [{ product: 'support-5', quantity: 2 }],
    });

    it('refuses a changed price before any Session, then sends the new total to Stripe', async () => {
      const body = cart();
      const before = await shown(body);
      expect(before.expected_total).toBe(1000);
      priceAt('support-5', 600);
      const response = await charge({ ...body, ...before }, {}, HOSTED);
      expect(response.status).toBe(409);
      expect(await response.json()).toEqual({
        error: {
          code: 'price_changed',
          message:
            'The total changed to $12.00. You have not been charged. Check it and pay again.',
          charged: false,
          quote: await quoteNow(body),
        },
      });
      expect(await simRequests()).toEqual([]);
      expect(await orders()).toEqual([]);
      const started = await charge({ ...body, ...(await shown(body)) }, {}, HOSTED);
      expect(started.status, await started.clone().text()).toBe(200);
      const sessions = await stripe.checkout.sessions.list({ limit: 10 });
      expect(sessions.data.map((session) => session.amount_subtotal)).toEqual([1200]);
    });

    it('refuses a malformed total with 400 and its param', async () => {
      const response = await charge(
        { ...cart(), expected_total: -1, expected_currency: 'usd' },
        {},
        HOSTED,
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { param: 'expected_total' } });
      expect(await simRequests()).toEqual([]);
    });
  });
});
