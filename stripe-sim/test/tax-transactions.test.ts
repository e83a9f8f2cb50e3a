import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { control, resetAll, stripeClient, stripeError } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

/** A French sale at 20 %: lines of 10.00 and 20.00 (tax 2.00 and 4.00), shipping 5.00 (1.00). */
async function sale(reference = 'order_1') {
  const calculation = await stripe.tax.calculations.create({
    currency: 'eur',
    line_items: [
      { amount: 1000, reference: 'L1', metadata: { sku: 'mug' } },
      { amount: 2000, reference: 'L2', quantity: 2 },
    ],
    shipping_cost: { amount: 500 },
    customer_details: { address: { country: 'FR' }, address_source: 'shipping' },
  });
  const transaction = await stripe.tax.transactions.createFromCalculation({
    calculation: calculation.id as string,
    reference,
    metadata: { order: reference },
    expand: ['line_items'],
  });
  return { calculation, transaction };
}

const lines = (transaction: Stripe.Tax.Transaction) =>
  transaction.line_items?.data.map((line) => [line.reference, line.amount, line.amount_tax]);

const reverse = (params: Stripe.Tax.TransactionCreateReversalParams) =>
  stripe.tax.transactions.createReversal({ ...params, expand: ['line_items'] });

/** A partial reversal of all of one line (its amount and tax), under the line's reference. */
const reverseLine = (
  transaction: Stripe.Tax.Transaction,
  line: Stripe.Tax.TransactionLineItem | undefined,
  reference: string,
) =>
  reverse({
    mode: 'partial',
    original_transaction: transaction.id,
    reference,
    line_items: [
      {
        original_line_item: line?.id as string,
        reference: line?.reference as string,
        amount: -(line?.amount ?? 0),
        amount_tax: -(line?.amount_tax ?? 0),
      },
    ],
  });

describe('tax transactions', () => {
  it('records a calculation as a transaction once per reference', async () => {
    const { calculation, transaction } = await sale();
    expect(transaction).toMatchObject({
      id: expect.stringMatching(/^tax_[A-Za-z0-9]{24}$/),
      object: 'tax.transaction',
      currency: 'eur',
      customer: null,
      customer_details: calculation.customer_details,
      livemode: false,
      metadata: { order: 'order_1' },
      reference: 'order_1',
      reversal: null,
      shipping_cost: { amount: 500, amount_tax: 100, tax_behavior: 'exclusive' },
      tax_date: calculation.tax_date,
      type: 'transaction',
    });
    expect(lines(transaction)).toEqual([
      ['L1', 1000, 200],
      ['L2', 2000, 400],
    ]);
    expect(transaction.line_items?.data[0]).toMatchObject({
      object: 'tax.transaction_line_item',
      metadata: { sku: 'mug' },
      quantity: 1,
      reversal: null,
      type: 'transaction',
    });
    const retrieved = await stripe.tax.transactions.retrieve(transaction.id);
    expect('line_items' in retrieved).toBe(false);
    const listed = await stripe.tax.transactions.listLineItems(transaction.id, { limit: 1 });
    expect(listed).toMatchObject({ has_more: true, data: [{ reference: 'L1' }] });

    const again = await stripeError(() =>
      stripe.tax.transactions.createFromCalculation({
        calculation: calculation.id as string,
        reference: 'order_1',
      }),
    );
    expect(again.raw).toMatchObject({ code: 'resource_already_exists', param: 'reference' });
    const unknown = await stripeError(() =>
      stripe.tax.transactions.createFromCalculation({
        calculation: 'taxcalc_nope',
        reference: 'order_2',
      }),
    );
    expect(unknown.raw).toMatchObject({ code: 'resource_missing', param: 'calculation' });
  });

  it('refuses a calculation once it has expired', async () => {
    const calculation = await stripe.tax.calculations.create({
      currency: 'usd',
      line_items: [{ amount: 1000 }],
      customer_details: {
        address: { country: 'US', postal_code: '94080' },
        address_source: 'billing',
      },
    });
    await control('/clock', { json: { advance_seconds: 90 * 86_400 + 1 } });
    const error = await stripeError(() =>
      stripe.tax.transactions.createFromCalculation({
        calculation: calculation.id as string,
        reference: 'late',
      }),
    );
    expect(error.raw).toMatchObject({ code: 'resource_missing', param: 'calculation' });
  });

  it('reverses a sale in full, once, with negated amounts and shipping', async () => {
    const { transaction } = await sale();
    const full = await reverse({
      mode: 'full',
      original_transaction: transaction.id,
      reference: 'order_1-refund',
      metadata: { refund: 're_1' },
    });
    expect(full).toMatchObject({
      type: 'reversal',
      reversal: { original_transaction: transaction.id },
      reference: 'order_1-refund',
      metadata: { refund: 're_1' },
      shipping_cost: { amount: -500, amount_tax: -100 },
    });
    expect(lines(full)).toEqual([
      ['L1', -1000, -200],
      ['L2', -2000, -400],
    ]);
    expect(full.line_items?.data.map((line) => line.reversal?.original_line_item)).toEqual(
      transaction.line_items?.data.map((line) => line.id),
    );
    for (const mode of ['full', 'partial'] as const) {
      const error = await stripeError(() =>
        reverse({
          mode,
          original_transaction: transaction.id,
          reference: `again-${mode}`,
          ...(mode === 'partial' && { flat_amount: -100 }),
        }),
      );
      expect(error.raw, mode).toMatchObject({ param: 'original_transaction' });
    }
  });

  it('reverses in part by line item and shipping, never beyond what is left', async () => {
    const { transaction } = await sale();
    const [l1, l2] = transaction.line_items?.data ?? [];
    const partial = await reverse({
      mode: 'partial',
      original_transaction: transaction.id,
      reference: 'order_1-refund-1',
      line_items: [
        {
          original_line_item: l2?.id as string,
          reference: 'L2-half',
          amount: -1000,
          amount_tax: -200,
        },
      ],
      shipping_cost: { amount: -500, amount_tax: -100 },
    });
    expect(lines(partial)).toEqual([['L2-half', -1000, -200]]);
    expect(partial.line_items?.data[0]?.quantity).toBe(2);
    expect(partial.shipping_cost).toMatchObject({ amount: -500, amount_tax: -100 });

    const tooMuch = await stripeError(() =>
      reverse({
        mode: 'partial',
        original_transaction: transaction.id,
        reference: 'order_1-refund-2',
        line_items: [
          {
            original_line_item: l2?.id as string,
            reference: 'L2-rest',
            amount: -1001,
            amount_tax: -200,
          },
        ],
      }),
    );
    expect(tooMuch.raw).toMatchObject({ param: 'line_items[0][amount]' });
    const noShipping = await stripeError(() =>
      reverse({
        mode: 'partial',
        original_transaction: transaction.id,
        reference: 'order_1-refund-2',
        shipping_cost: { amount: -1, amount_tax: 0 },
      }),
    );
    expect(noShipping.raw).toMatchObject({ param: 'shipping_cost[amount]' });
    const foreign = await stripeError(() =>
      reverse({
        mode: 'partial',
        original_transaction: transaction.id,
        reference: 'order_1-refund-2',
        line_items: [
          { original_line_item: 'tax_li_nope', reference: 'x', amount: -1, amount_tax: 0 },
        ],
      }),
    );
    expect(foreign.raw).toMatchObject({
      code: 'resource_missing',
      param: 'line_items[0][original_line_item]',
    });
    const rest = await reverse({
      mode: 'partial',
      original_transaction: transaction.id,
      reference: 'order_1-refund-2',
      line_items: [
        { original_line_item: l1?.id as string, reference: 'L1', amount: -1000, amount_tax: -200 },
        {
          original_line_item: l2?.id as string,
          reference: 'L2-rest',
          amount: -1000,
          amount_tax: -200,
        },
      ],
    });
    expect(lines(rest)).toEqual([
      ['L1', -1000, -200],
      ['L2-rest', -1000, -200],
    ]);
  });

  it('spreads a flat amount over what is left, as Stripe documents', async () => {
    const { transaction } = await sale();
    const [l1] = transaction.line_items?.data ?? [];
    await reverseLine(transaction, l1, 'refund-1');
    // Left: L2 2400 (2000 + 400), shipping 600 (500 + 100). 15.00 goes 4/5 to L2, 1/5 to shipping.
    const flat = await reverse({
      mode: 'partial',
      original_transaction: transaction.id,
      reference: 'refund-2',
      flat_amount: -1500,
    });
    expect(lines(flat)).toEqual([
      ['L1', 0, 0],
      ['L2', -1000, -200],
    ]);
    expect(flat.shipping_cost).toMatchObject({ amount: -250, amount_tax: -50 });
    const beyond = await stripeError(() =>
      reverse({
        mode: 'partial',
        original_transaction: transaction.id,
        reference: 'refund-3',
        flat_amount: -1501,
      }),
    );
    expect(beyond.raw).toMatchObject({ param: 'flat_amount' });
  });

  it('undoes a partial reversal with a full reversal of it, which frees its amounts again', async () => {
    const { transaction } = await sale();
    const [l1] = transaction.line_items?.data ?? [];
    const wrong = await reverseLine(transaction, l1, 'refund-wrong');
    const undo = await reverse({
      mode: 'full',
      original_transaction: wrong.id,
      reference: 'refund-wrong-undo',
    });
    expect(lines(undo)).toEqual([['L1', 1000, 200]]);
    expect(undo.reversal).toEqual({ original_transaction: wrong.id });
    const partialOfReversal = await stripeError(() =>
      reverse({ mode: 'partial', original_transaction: wrong.id, reference: 'x', flat_amount: -1 }),
    );
    expect(partialOfReversal.raw).toMatchObject({ param: 'original_transaction' });
    const again = await reverseLine(transaction, l1, 'refund-right');
    expect(lines(again)).toEqual([['L1', -1000, -200]]);
  });

  it('refuses reversal requests that do not fit the mode', async () => {
    const { transaction } = await sale();
    const cases: [Partial<Stripe.Tax.TransactionCreateReversalParams>, Record<string, string>][] = [
      [{ mode: 'full', flat_amount: -100 }, { param: 'flat_amount' }],
      [{ mode: 'partial' }, { code: 'parameter_missing' }],
      [
        { mode: 'partial', flat_amount: -100, shipping_cost: { amount: -1, amount_tax: 0 } },
        { code: 'parameters_exclusive' },
      ],
      [{ mode: 'partial', flat_amount: 100 }, { param: 'flat_amount' }],
      [{ mode: 'full', original_transaction: 'tax_nope' }, { code: 'resource_missing' }],
      [{ mode: 'full', reference: 'order_1' }, { code: 'resource_already_exists' }],
    ];
    for (const [params, expected] of cases) {
      const error = await stripeError(() =>
        reverse({
          original_transaction: transaction.id,
          reference: 'refund',
          ...params,
        } as Stripe.Tax.TransactionCreateReversalParams),
      );
      expect(error.raw, JSON.stringify(params)).toMatchObject(expected);
    }
  });
});
