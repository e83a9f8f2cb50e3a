/**
 * Stripe Tax (TAX_CALCULATION=stripe) in a shop that ships in a currency Stripe takes only in steps
 * (1.000 KWD's 10 minor units): its tax is in minor units, so the total it makes is off the step,
 * and Stripe would refuse the payment after the customer typed their card. The Worker refuses such
 * a shop where it prices, before any Stripe call: GET /config, POST /quote and POST /charge answer
 * "payments are not configured" (503), and the log line says what to change. Through the Worker's
 * fetch handler, with the tests' shop shipping in KWD for each test.
 */
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { PRODUCTS } from '../fixtures/shop/products';
import { SHIPPING } from '../fixtures/shop/shipping';
import { BERLIN, shippedOrder, type ErrorBody, type Item } from '../support/cart';
import {
  charge,
  checkout,
  orderOf,
  paymentIntents,
  postJson,
  resetAll,
  simRequests,
  watchRequestLines,
} from '../support/checkout';

beforeEach(resetAll);
const requestLines = watchRequestLines();

const TAX = { TAX_CALCULATION: 'stripe' };
const MUG: Item[] = [{ product: 'mug', quantity: 1 }];
const NOT_CONFIGURED =
  'This shop cannot take your payment right now. You have not been charged. Please contact the shop.';

/**
 * The tests' shop ships in KWD for the running test: its rates and shippable products (whose
 * amounts are all multiples of 10, so on KWD's step) in it, as the shop's check requires.
 */
function shipInKwd() {
  const shipping = SHIPPING as { currency: string };
  const shippable = PRODUCTS.filter((product) => product.shippable);
  const before = [shipping.currency, ...shippable.map((product) => product.currency)];
  shipping.currency = 'kwd';
  for (const product of shippable) product.currency = 'kwd';
  onTestFinished(() => {
    shipping.currency = before[0]!;
    shippable.forEach((product, i) => (product.currency = before[i + 1]!));
  });
}

/** The 503 every priced route answers, and the request's log line naming the variable. */
async function expectNotConfigured(response: Response) {
  expect(response.status, await response.clone().text()).toBe(503);
  const { error } = await response.json<ErrorBody>();
  expect(error).toMatchObject({ code: 'payments_not_configured', message: NOT_CONFIGURED });
  expect(requestLines().at(-1)).toMatchObject({
    problem: 'payments.refused',
    reason: 'misconfigured',
    detail: 'TAX_CALCULATION must be none in kwd',
  });
}

describe('Stripe Tax in a shop shipping in KWD', () => {
  it('refuses the page’s configuration, so no customer starts a checkout', async () => {
    shipInKwd();
    await expectNotConfigured(await checkout('/config', {}, TAX));
    expect(await simRequests()).toEqual([]);
  });

  it('refuses a quote before Stripe Tax is asked', async () => {
    shipInKwd();
    await expectNotConfigured(await postJson('/quote', { items: MUG, shipping: BERLIN }, {}, TAX));
    expect(await simRequests()).toEqual([]);
  });

  it('charges nothing: no order, no PaymentIntent, no Stripe call', async () => {
    shipInKwd();
    const body = shippedOrder(MUG, BERLIN);
    const response = await charge(body, {}, TAX);
    await expectNotConfigured(response);
    expect(await orderOf(body.checkout_id!)).toBeNull();
    expect(await simRequests()).toEqual([]);
    expect(await paymentIntents()).toEqual([]);
  });

  it('takes KWD without tax, and Stripe Tax where the shop ships in dollars', async () => {
    shipInKwd();
    const kwd = await postJson('/quote', { items: MUG, shipping: BERLIN });
    expect(kwd.status, await kwd.clone().text()).toBe(200);
    // The mug (2.000 KWD) and Standard abroad (1.000 KWD), untaxed.
    expect(await kwd.json()).toMatchObject({ currency: 'kwd', tax: { amount: 0 }, total: 3000 });
  });

  it('leaves Stripe Tax on for a shop shipping in dollars', async () => {
    const usd = await postJson('/quote', { items: MUG, shipping: BERLIN }, {}, TAX);
    expect(usd.status, await usd.clone().text()).toBe(200);
    expect(await usd.json()).toMatchObject({
      currency: 'usd',
      tax: { amount: expect.any(Number) },
    });
  });
});
