import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { Order } from '../ledger';
import { sessionFacts, sessionTax } from './facts';

const order = {
  id: 'ord_1',
  amount: 2800,
  currency: 'usd',
  lines: JSON.stringify([
    { product: 'a', quantity: 2, unit_amount: 500, discount: 0, amount: 1000 },
    { product: 'b', quantity: 1, unit_amount: 1800, discount: 0, amount: 1800 },
  ]),
  product_id: 'a',
  quantity: 2,
} as Order;

const session = (fields: Partial<Stripe.Checkout.Session>) =>
  ({
    id: 'cs_test_1',
    status: 'complete',
    payment_status: 'paid',
    amount_total: 2520,
    total_details: { amount_discount: 280, amount_shipping: 0, amount_tax: 0 },
    discounts: [],
    ...fields,
  }) as unknown as Stripe.Checkout.Session;

const pi = (status: string, error: object | null = null) =>
  ({
    id: 'pi_1',
    object: 'payment_intent',
    status,
    amount: 2520,
    last_payment_error: error,
  }) as unknown as Stripe.PaymentIntent;

describe('sessionFacts', () => {
  it('is canceled for an expired Session, and says nothing of an open one', () => {
    expect(sessionFacts(order, session({ status: 'expired' }))).toEqual({
      facts: { status: 'canceled' },
      totals: null,
    });
    expect(sessionFacts(order, session({ status: 'open' }))).toEqual({ facts: {}, totals: null });
  });

  it('follows the PaymentIntent: paid, settling (async), or failed', () => {
    const paid = sessionFacts(order, session({ payment_intent: pi('succeeded') }));
    expect(paid.facts).toMatchObject({ status: 'paid', paymentIntentId: 'pi_1' });
    const settling = session({ payment_status: 'unpaid', payment_intent: pi('processing') });
    expect(sessionFacts(order, settling).facts).toMatchObject({ status: 'pending' });
    const failed = pi('requires_payment_method', { code: 'card_declined' });
    expect(sessionFacts(order, session({ payment_intent: failed })).facts).toMatchObject({
      status: 'failed',
    });
  });

  it('spreads the discount over the lines, so they add up to the goods paid', () => {
    const { totals } = sessionFacts(order, session({ payment_intent: pi('succeeded') }));
    const lines = JSON.parse(totals!.lines) as { discount: number; amount: number }[];
    expect(lines.map((line) => line.discount)).toEqual([100, 180]);
    expect(lines.reduce((sum, line) => sum + line.amount, 0)).toBe(2800 - 280);
    expect(totals).toMatchObject({ amount: 2520, discount: 280, shipping: null, tax: 0 });
  });

  it("spreads it in the currency's steps (a KWD line's discount ends in 0)", () => {
    const kwd = {
      ...order,
      currency: 'kwd',
      amount: 2150,
      lines: JSON.stringify([
        { product: 'a', quantity: 1, unit_amount: 1230, discount: 0, amount: 1230 },
        { product: 'b', quantity: 1, unit_amount: 1230, discount: 0, amount: 1230 },
      ]),
    } as Order;
    const paid = session({
      currency: 'kwd',
      amount_total: 2150,
      total_details: { amount_discount: 310, amount_shipping: 0, amount_tax: 0 },
      payment_intent: pi('succeeded'),
    });
    const lines = JSON.parse(sessionFacts(kwd, paid).totals!.lines) as { discount: number }[];
    expect(lines.map((line) => line.discount % 10)).toEqual([0, 0]);
    expect(lines.reduce((sum, line) => sum + line.discount, 0)).toBe(310);
  });

  it("records the rate under the shop's own name, not the name Stripe's page showed", () => {
    const shipped = (metadata: Record<string, string>) =>
      sessionFacts(
        order,
        session({
          payment_intent: pi('succeeded'),
          collected_information: {
            shipping_details: { name: 'Erika', address: { line1: 'A 1', country: 'DE' } },
          },
          shipping_cost: {
            shipping_rate: { id: 'shr_1', display_name: 'Expressversand', metadata },
          },
        } as unknown as Partial<Stripe.Checkout.Session>),
      ).totals!.shipping;
    // A rate since removed from the shop's configuration keeps the name it was offered under.
    expect(shipped({ rate: 'gone', name: 'Express' })).toMatchObject({
      rate: 'gone',
      rate_name: 'Express',
    });
    // A Session from before the name travelled in its metadata: Stripe's name, as a last resort.
    expect(shipped({ rate: 'gone' })).toMatchObject({ rate_name: 'Expressversand' });
  });

  it('keeps the tax added on top of the prices apart from the tax inside them', () => {
    // Stripe's amount_tax is all the tax; the subtotal is the items at their prices.
    const taxed = (amount_subtotal: number, amount_total: number, amount_tax: number) =>
      session({
        amount_subtotal,
        amount_total,
        total_details: { amount_discount: 200, amount_shipping: 1000, amount_tax },
      });
    // An inclusive 10.00 (1.60 inside) less 2.00, shipping 10.00 with 1.90 on top.
    expect(sessionTax(taxed(1000, 1990, 350))).toEqual({ added: 190, included: 160 });
    // All of it on top: 20.00 less 2.00, shipping 10.00, 5.32 of tax.
    expect(sessionTax(taxed(2000, 3332, 532))).toEqual({ added: 532, included: 0 });
    const paid = sessionFacts(order, taxed(1000, 1990, 350)).totals;
    expect(paid).toMatchObject({ amount: 1990, tax: 190, taxIncluded: 160 });
  });

  it('is paid without a PaymentIntent when nothing was due', () => {
    const free = session({ payment_status: 'no_payment_required', payment_intent: null });
    expect(sessionFacts(order, free).facts).toEqual({ status: 'paid' });
  });
});
