/**
 * The refund API (POST /admin/api/orders/<id>/refunds) in a currency Stripe takes only in steps:
 * an amount off the step (1.235 KWD, 2.50 ISK) is refused by the shop with a 400 on `amount`,
 * before anything is held in the ledger and without asking Stripe, which would refuse it. The
 * console's form says the same at the field; this is the API's own check, for any client. Through
 * the Worker's fetch handler, with a tests' product priced in KWD or ISK for each test.
 */
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type { Order } from '../../src/ledger';
import { PRODUCTS } from '../fixtures/shop/products';
import { charge, order, orderOf, resetAll, simRequests, stripe } from '../support/checkout';
import { consoleGet, refund } from '../support/console';

beforeEach(resetAll);

/** A paid order of the $5.00 product priced 500 minor units of `currency` for this test. */
async function paidIn(currency: string): Promise<Order> {
  const product = PRODUCTS.find((candidate) => candidate.id === 'support-5')!;
  const before = product.currency;
  product.currency = currency;
  onTestFinished(() => void (product.currency = before));
  const body = order();
  expect((await charge(body)).status).toBe(200);
  const paid = (await orderOf(body.checkout_id!))!;
  expect(paid).toMatchObject({ status: 'paid', currency, amount: 500 });
  return paid;
}

/** The refunds the ledger holds for an order (any status). */
const ledgerRefunds = async (orderId: string) =>
  (await env.DB.prepare('SELECT * FROM refunds WHERE order_id = ?').bind(orderId).all()).results;

/** The refunds Stripe was asked for since the last reset. */
const refundsAsked = async () =>
  (await simRequests()).filter(({ method, path }) => method === 'POST' && path === '/v1/refunds');

describe('a refund off its currency’s step', () => {
  it.each([
    ['kwd', 125, 10],
    ['isk', 250, 100],
  ])(
    'in %s (%i) is a 400 on amount: nothing held, Stripe not asked',
    async (currency, amount, step) => {
      const paid = await paidIn(currency);
      const response = await refund(paid.id, { amount });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: {
          code: 'invalid_body',
          param: 'amount',
          message: `amount is whole minor units in steps of ${step}`,
        },
      });
      expect(await ledgerRefunds(paid.id)).toEqual([]);
      expect(await refundsAsked()).toEqual([]);
      expect(await orderOf(paid.checkout_id)).toMatchObject({ status: 'paid', amount_refunded: 0 });
    },
  );

  it('leaves amounts on the step, and all that remains, to be refunded', async () => {
    const paid = await paidIn('kwd');
    const part = await refund(paid.id, { amount: 120 });
    expect(part.status, await part.clone().text()).toBe(201);
    const rest = await refund(paid.id);
    expect(rest.status, await rest.clone().text()).toBe(201);
    const detail = await consoleGet<{ refunds: { amount: number }[] }>(
      `/admin/api/orders/${paid.id}`,
    );
    expect(detail.refunds.map((made) => made.amount)).toEqual([120, 380]);
    const atStripe = await stripe.refunds.list({ payment_intent: paid.payment_intent_id! });
    expect(atStripe.data.map((made) => made.amount).sort()).toEqual([120, 380]);
  });
});
