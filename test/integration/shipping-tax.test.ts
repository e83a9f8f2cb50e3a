/**
 * Physical goods (issue 14): a shipping address and rate in POST /quote and /charge, tax by Stripe
 * Tax (TAX_CALCULATION=stripe) at the simulator's documented rates, its transaction recorded once
 * per paid order and reversed by refunds. Through the Worker's fetch handler, against the
 * simulator; the fixture's rates (test/fixtures/shop/shipping.ts): Standard $5.00 in the US,
 * $10.00 elsewhere, free from $50.00; Express $15.00 / $25.00.
 */
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Order } from '../../src/ledger';
import { formatMoney } from '../../src/money';
import type { OrderSummary } from '../../src/receipt/summary';
import { recordTaxForPaidOrder } from '../../src/tax/transaction';
import { newWaits } from '../../src/timing';
import {
  charge,
  checkout,
  fault,
  flushWebhooks,
  order,
  orderOf,
  paymentIntents,
  postJson,
  resetAll,
  simRequests,
  stripe,
  webhookDeliveries,
} from '../support/checkout';
import { consoleGet, refund } from '../support/console';
import {
  BERLIN,
  priceAt,
  promotionCode,
  shippedOrder,
  type ErrorBody,
  type Item,
  type Quote,
} from '../support/cart';

beforeEach(resetAll);

const TAX = { TAX_CALCULATION: 'stripe' };

const LOS_ANGELES = {
  name: 'Jane Doe',
  address: {
    line1: '1 Main St',
    city: 'Los Angeles',
    state: 'CA',
    postal_code: '90012',
    country: 'US',
  },
};
const PORTLAND = {
  name: 'Jane Doe',
  address: {
    line1: '1 Main St',
    city: 'Portland',
    state: 'OR',
    postal_code: '97201',
    country: 'US',
  },
};
const MUG: Item[] = [{ product: 'mug', quantity: 1 }];

const quote = (body: unknown, vars = TAX) => postJson('/quote', body, {}, vars);

/** The simulator's Stripe Tax requests since the reset, by path. */
const taxRequests = async (path: string) =>
  (await simRequests()).filter((r) => r.method === 'POST' && r.path === `/v1/tax/${path}`);

describe('POST /quote with shipping and tax', () => {
  it('taxes a German address 19 % on the goods and the shipping', async () => {
    const response = await quote({ items: MUG, shipping: BERLIN });
    expect(response.status).toBe(200);
    const body = await response.json<Quote>();
    expect(body).toMatchObject({
      subtotal: 2000,
      discount: null,
      shipping: {
        rate: 'standard',
        name: 'Standard',
        amount: 1000,
        // What the customer may pick instead, priced to Germany for this order.
        rates: [
          { rate: 'standard', name: 'Standard', amount: 1000 },
          { rate: 'express', name: 'Express', amount: 2500 },
        ],
      },
      tax: { amount: 380 + 190, calculation: expect.stringMatching(/^taxcalc_/) },
      total: 2000 + 1000 + 570,
    });
    const calculation = await stripe.tax.calculations.retrieve(body.tax.calculation!);
    expect(calculation).toMatchObject({ amount_total: 3570, tax_amount_exclusive: 570 });
  });

  it('calculates once more under a derived key when Stripe replays a 500 for its key', async () => {
    // The first try's 500 is saved for the key, nothing calculated; the retry gets it replayed.
    await fault({ mode: 'fail', count: 1 });
    const response = await quote({ items: MUG, shipping: BERLIN });
    await fault(null);
    expect(response.status).toBe(200);
    expect(await response.json<Quote>()).toMatchObject({ tax: { amount: 570 }, total: 3570 });
    const sent = await taxRequests('calculations');
    expect(
      sent.map((r) => [r.status, r.replayed, r.idempotency_key?.endsWith('/after-500')]),
    ).toEqual([
      [500, false, false],
      [500, true, false],
      [200, false, true],
    ]);
  });

  it('taxes California at 7.25 % (rounded half-up per line) and Oregon at 0', async () => {
    const ca = await (await quote({ items: MUG, shipping: LOS_ANGELES })).json<Quote>();
    // 7.25 % of $20.00 = 145; of $5.00 = 36.25 → 36.
    expect(ca).toMatchObject({ shipping: { amount: 500 }, tax: { amount: 181 }, total: 2681 });
    const or = await (await quote({ items: MUG, shipping: PORTLAND })).json<Quote>();
    expect(or).toMatchObject({ shipping: { amount: 500 }, tax: { amount: 0 }, total: 2500 });
    expect(or.tax.calculation).toMatch(/^taxcalc_/);
  });

  it('ships free from the threshold, and charges the rate picked', async () => {
    const three = await (
      await quote({ items: [{ product: 'mug', quantity: 3 }], shipping: BERLIN })
    ).json<Quote>();
    expect(three).toMatchObject({ shipping: { amount: 0 }, tax: { amount: 1140 }, total: 7140 });
    expect(three.shipping!.rates).toEqual([
      { rate: 'standard', name: 'Standard', amount: 0 },
      { rate: 'express', name: 'Express', amount: 2500 },
    ]);
    const express = await (
      await quote({ items: MUG, shipping: { ...BERLIN, rate: 'express' } })
    ).json<Quote>();
    expect(express).toMatchObject({
      shipping: { rate: 'express', amount: 2500 },
      tax: { amount: 380 + 475 },
      total: 2000 + 2500 + 855,
    });
  });

  it('prices the goods alone while the address is not known ("shipping": null)', async () => {
    const response = await quote({ items: [{ product: 'mug', quantity: 2 }], shipping: null });
    expect(response.status).toBe(200);
    // Goods only: no shipping, no tax, and Stripe Tax not asked before the address is known.
    expect(await response.json()).toMatchObject({
      subtotal: 4000,
      shipping: null,
      tax: { amount: 0, calculation: null },
      total: 4000,
      address_required: true,
    });
    expect(await taxRequests('calculations')).toEqual([]);
    // Never a price to pay: /charge refuses the same cart.
    const paid = await charge(shippedOrder([{ product: 'mug', quantity: 2 }], null), {}, TAX);
    expect(paid.status).toBe(400);
    expect((await paid.json<ErrorBody>()).error).toMatchObject({ param: 'shipping[address]' });
    expect(await paymentIntents()).toEqual([]);
  });

  it('needs no address for a digital-only cart, and asks Stripe nothing', async () => {
    const response = await quote({ items: [{ product: 'handbook', quantity: 1 }] });
    expect(await response.json()).toMatchObject({
      shipping: null,
      tax: { amount: 0, calculation: null },
      total: 1800,
    });
    expect(await simRequests()).toEqual([]);
  });

  it('adds no tax with TAX_CALCULATION unset (none)', async () => {
    const body = await (await quote({ items: MUG, shipping: BERLIN }, {} as never)).json<Quote>();
    expect(body).toMatchObject({ tax: { amount: 0, calculation: null }, total: 3000 });
    expect(await simRequests()).toEqual([]);
  });

  it.each([
    ['a shippable cart without an address', undefined, 'shipping[address]'],
    [
      'a country the shop does not ship to',
      { ...BERLIN, address: { ...BERLIN.address, country: 'JP' } },
      'shipping[address][country]',
    ],
    [
      'a German address without its postal code',
      { ...BERLIN, address: { ...BERLIN.address, postal_code: '' } },
      'shipping[address][postal_code]',
    ],
    ['an unknown rate', { ...BERLIN, rate: 'pigeon' }, 'shipping[rate]'],
  ])('refuses %s with its param, charging nothing', async (_, shipping, param) => {
    const response = await quote({ items: MUG, shipping });
    expect(response.status).toBe(400);
    const body = await response.json<ErrorBody>();
    expect(body.error).toMatchObject({ code: 'invalid_request', param });
    expect(body.error.message).not.toBe('');
    const paid = await charge(shippedOrder(MUG, shipping), {}, TAX);
    expect(paid.status).toBe(400);
    expect((await paid.json<ErrorBody>()).error).toMatchObject({ param });
    expect(await paymentIntents()).toEqual([]);
  });
});

describe("a cart whose shipping and tax take it past Stripe's maximum", () => {
  it('is refused by POST /quote and /charge before Stripe is asked to charge it', async () => {
    priceAt('mug', 99_999_000); // within the maximum alone, as the catalog's check allows
    const refused = { error: { param: 'items', message: expect.stringMatching(/larger/) } };
    const quoted = await quote({ items: MUG, shipping: BERLIN });
    expect(quoted.status).toBe(400);
    expect(await quoted.json()).toMatchObject(refused);
    const { product: _, quantity: __, ...rest } = order();
    const charged = await charge({ ...rest, items: MUG, shipping: BERLIN }, {}, TAX);
    expect(charged.status).toBe(400);
    expect(await charged.json()).toMatchObject({ error: { ...refused.error, charged: false } });
    expect(await paymentIntents()).toEqual([]);
  });
});

describe('POST /charge with shipping and tax', () => {
  it('charges goods + shipping + tax, with Stripe’s shipping hash, and records it all', async () => {
    const body = shippedOrder(MUG, BERLIN);
    const response = await charge(body, {}, TAX);
    expect(response.status).toBe(200);
    const paid = (await orderOf(body.checkout_id!))!;
    expect(paid).toMatchObject({
      status: 'paid',
      amount: 3570,
      shipping_amount: 1000,
      tax_amount: 570,
      tax_calculation: expect.stringMatching(/^taxcalc_/),
      tax_transaction: expect.stringMatching(/^tax_/),
    });
    expect(JSON.parse(paid.shipping!)).toEqual({
      name: 'Erika Mustermann',
      address: { ...BERLIN.address, line2: null, state: null },
      rate: 'standard',
      rate_name: 'Standard',
    });
    const [pi] = await paymentIntents();
    expect(pi).toMatchObject({
      amount: 3570,
      shipping: {
        name: 'Erika Mustermann',
        address: {
          line1: 'Unter den Linden 1',
          city: 'Berlin',
          postal_code: '10117',
          country: 'DE',
        },
      },
      metadata: {
        tax_calculation: paid.tax_calculation,
        tax_amount: '570',
        shipping_amount: '1000',
      },
    });
    const transaction = await stripe.tax.transactions.retrieve(paid.tax_transaction!);
    expect(transaction).toMatchObject({ reference: paid.id, type: 'transaction' });
    expect(await taxRequests('transactions/create_from_calculation')).toHaveLength(1);
  });

  it('charges an uncached code with the tax: the lookup does not spend the tax’s calls', async () => {
    const code = await promotionCode({ percent_off: 25 });
    // No quote first: /charge looks the code up (two reads), then calculates the tax.
    const body = { ...shippedOrder(MUG, BERLIN), promotion_code: code.code };
    const response = await charge(body, {}, TAX);
    expect(response.status).toBe(200);
    const paid = (await orderOf(body.checkout_id!))!;
    // $20.00 − 25 % = $15.00, $10.00 Standard to Germany, 19 % on both: $29.75.
    expect(paid).toMatchObject({ status: 'paid', discount_amount: 500, tax_amount: 475 });
    expect(paid.amount).toBe(2975);
    expect(await taxRequests('calculations')).toHaveLength(1);
  });

  it('calculates an expired calculation again before a new attempt is charged', async () => {
    const body = shippedOrder(MUG, BERLIN);
    const declined = await charge(
      { ...body, payment_method: 'pm_card_visa_chargeDeclined' },
      {},
      TAX,
    );
    expect(declined.status).toBe(402);
    const failed = (await orderOf(body.checkout_id!))!;
    await env.DB.prepare('UPDATE orders SET tax_calculation_expires_at = 1 WHERE id = ?')
      .bind(failed.id)
      .run();
    expect((await charge(body, {}, TAX)).status).toBe(200);
    const paid = (await orderOf(body.checkout_id!))!;
    expect(paid).toMatchObject({ status: 'paid', amount: 3570, tax_amount: 570 });
    expect(paid.tax_calculation).toMatch(/^taxcalc_/);
    expect(paid.tax_calculation).not.toBe(failed.tax_calculation);
    // The transaction is recorded from the new calculation (the PaymentIntent, confirmed again,
    // keeps the first one in its metadata: confirm takes no metadata).
    const transaction = await stripe.tax.transactions.retrieve(paid.tax_transaction!, {
      expand: ['line_items'],
    });
    expect(transaction).toMatchObject({ reference: paid.id });
    const keys = (await taxRequests('calculations')).map((r) => r.idempotency_key);
    expect(keys.at(-1)).toContain(`/after/${failed.tax_calculation}`);
  });

  it('records the tax transaction once when /charge and the webhook race', async () => {
    await webhookDeliveries(false);
    const body = shippedOrder(MUG, LOS_ANGELES);
    const paying = charge(body, {}, TAX);
    // The webhook goes out as soon as the order is paid, while /charge may still be recording.
    await expect.poll(async () => (await orderOf(body.checkout_id!))?.status).toBe('paid');
    await webhookDeliveries(true);
    const [response] = await Promise.all([paying, flushWebhooks()]);
    expect(response.status).toBe(200);
    await expect.poll(async () => (await orderOf(body.checkout_id!))?.tax_transaction).toBeTruthy();
    await flushWebhooks();
    expect(await taxRequests('transactions/create_from_calculation')).toHaveLength(1);
  });

  it('lets one of many concurrent claims record the transaction', async () => {
    const body = shippedOrder(MUG, BERLIN);
    await charge(body, {}, TAX);
    const paid = (await orderOf(body.checkout_id!))!;
    // As if /charge's recording had not happened: everyone who learns of the payment races.
    await env.DB.prepare(
      'UPDATE orders SET tax_transaction = NULL, tax_transaction_claimed_at = NULL WHERE id = ?',
    )
      .bind(paid.id)
      .run();
    await Promise.all(
      Array.from({ length: 5 }, () =>
        recordTaxForPaidOrder(env.DB, env, async () => stripe, paid.id, newWaits()),
      ),
    );
    // /charge's call, then one more by the claim's winner (the same key: Stripe replays it).
    const keys = (await taxRequests('transactions/create_from_calculation')).map(
      (r) => r.idempotency_key,
    );
    expect(keys).toEqual([`${paid.id}/tax-transaction`, `${paid.id}/tax-transaction`]);
    expect((await orderOf(body.checkout_id!))?.tax_transaction).toMatch(/^tax_/);
  });

  it('reverses a partial refund in part, and the rest in part again', async () => {
    const body = shippedOrder(MUG, BERLIN);
    await charge(body, {}, TAX);
    const paid = (await orderOf(body.checkout_id!))!;
    expect((await refund(paid.id, { amount: 1000 })).status).toBe(201);
    expect(await reversals()).toEqual([`${paid.id}/tax-reversal/1000`]);
    expect((await refund(paid.id)).status).toBe(201);
    expect(await reversals()).toEqual([
      `${paid.id}/tax-reversal/1000`,
      `${paid.id}/tax-reversal/3570`,
    ]);
    expect(await orderOf(body.checkout_id!)).toMatchObject<Partial<Order>>({
      status: 'refunded',
      tax_reversed: 3570,
    });
  });

  it('reverses a full refund in full, once (the webhook of the refund changes nothing)', async () => {
    const body = shippedOrder(MUG, PORTLAND);
    await charge(body, {}, TAX);
    const paid = (await orderOf(body.checkout_id!))!;
    expect((await refund(paid.id)).status).toBe(201);
    await flushWebhooks();
    expect(await reversals()).toEqual([`${paid.id}/tax-reversal/2500`]);
    expect((await orderOf(body.checkout_id!))?.tax_reversed).toBe(2500);
  });
});

/** The idempotency keys of the reversals Stripe Tax made (each names the refunded total). */
async function reversals() {
  return (await taxRequests('transactions/create_reversal'))
    .filter((r) => r.status === 200 && !r.replayed)
    .map((r) => r.idempotency_key);
}

describe('the receipt and the console', () => {
  it('show the shipping, the tax and the address', async () => {
    const body = shippedOrder(MUG, BERLIN);
    const { redirect } = await (await charge(body, {}, TAX)).json<{ redirect: string }>();
    const html = await (
      await checkout(redirect, { headers: { 'Accept-Language': 'en-US' } })
    ).text();
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('Mug × 1 $20.00 Shipping: Standard $10.00 Tax $5.70 Total paid $35.70');
    expect(text).toContain('Ships to Erika Mustermann, Unter den Linden 1, 10117 Berlin, Germany');

    const paid = (await orderOf(body.checkout_id!))!;
    const detail = await consoleGet<{ order: Record<string, unknown> }>(
      `/admin/api/orders/${paid.id}`,
    );
    expect(detail.order).toMatchObject({
      amount: 3570,
      shipping_amount: 1000,
      tax_amount: 570,
      tax_calculation: paid.tax_calculation,
      tax_transaction: paid.tax_transaction,
      shipping: {
        name: 'Erika Mustermann',
        address: {
          line1: 'Unter den Linden 1',
          city: 'Berlin',
          postal_code: '10117',
          country: 'DE',
        },
        rate: 'standard',
        rate_name: 'Standard',
      },
    });
  });

  it('show the same summary of a shippable, discounted order: lines, discount, shipping, tax, total', async () => {
    const code = await promotionCode({ percent_off: 25 });
    const body = {
      ...shippedOrder([{ product: 'mug', quantity: 2 }], BERLIN),
      promotion_code: code.code,
    };
    // As the page does: the cart quoted with its code first (which the Worker then keeps).
    expect(
      (await quote({ items: body.items, promotion_code: code.code, shipping: BERLIN })).status,
    ).toBe(200);
    const { redirect } = await (await charge(body, {}, TAX)).json<{ redirect: string }>();
    const receipt = await (await checkout(redirect)).text();
    const paid = (await orderOf(body.checkout_id!))!;
    const { summary } = await consoleGet<{ summary: OrderSummary }>(`/admin/api/orders/${paid.id}`);

    // $40.00 of mugs, 25 % off; Standard to Germany; 19 % on the goods and the shipping.
    const money = (amount: number) => formatMoney(amount, 'usd', 'en');
    const expected = [
      ['Mug × 2', money(4000)],
      [`Discount (${code.code})`, `−${money(1000)}`],
      ['Shipping: Standard', money(1000)],
      ['Tax', money(570 + 190)],
      ['Total paid', money(3000 + 1000 + 760)],
    ];
    // The receipt's rows, as the customer reads them.
    const shown = Array.from(receipt.matchAll(/<dt>([^<]*)<\/dt><dd>(.*?)<\/dd>/g), (match) => [
      match[1],
      match[2]!.replace(/<[^>]+>/g, ''),
    ]);
    expect(shown.slice(0, 6)).toEqual([['Order number', summary.number], ...expected]);
    // The console's, from its API: the same rows, the same amounts.
    expect(summary.rows.map((row) => [row.label, row.kind])).toEqual(
      expected.map(([label], i) => [label, ['line', 'discount', 'shipping', 'tax', 'total'][i]]),
    );
    expect(summary.rows.map((row) => row.amount)).toEqual([4000, 1000, 1000, 760, paid.amount]);
    expect(paid.amount).toBe(4760);
  });
});
