import { Hono } from 'hono';
import type Stripe from 'stripe';
import type { SimContext, SimEnv } from '../context';
import { contract } from '../contract/contract';
import type { ParamsOf } from '../contract/endpoints';
import { invalidRequest, resourceMissing } from '../errors';
import { unixNow } from '../ids';
import { integerFrom, integerUpTo, updatedMetadata } from '../param-types';
import { parseParams } from '../params';
import {
  type Amounts,
  fromCalculation,
  fullReversal,
  type LineReversal,
  remaining,
  reversal,
  reversesAll,
  spreadFlat,
} from '../tax/transactions';
import { load, respond, respondWithItems } from './helpers';
import { liveCalculation } from './tax-calculations';

type Transaction = Stripe.Tax.Transaction;

const fromCalculationParams = contract('POST /v1/tax/transactions/create_from_calculation');
/** A reversal takes amounts back: they are negative. */
const negative = integerUpTo(0);
const reversalParams = contract('POST /v1/tax/transactions/create_reversal', {
  flat_amount: integerUpTo(-1),
  line_items: {
    '*': { amount: negative, amount_tax: negative, quantity: integerFrom(1) },
  },
  shipping_cost: { amount: negative, amount_tax: negative },
});
const retrieveParams = contract('GET /v1/tax/transactions/:id');
const lineItemsParams = contract('GET /v1/tax/transactions/:id/line_items');

/** Stripe allows up to 30 partial reversals of one sale. */
const MAX_PARTIAL_REVERSALS = 30;

const allTransactions = (c: SimContext) =>
  c.var.sim.store.list('tax.transaction', { limit: Number.MAX_SAFE_INTEGER }).data;

/** References are unique across every transaction, reversals included. */
function checkReference(c: SimContext, reference: string): void {
  if (allTransactions(c).some((transaction) => transaction.reference === reference))
    throw invalidRequest(
      `A tax transaction with the reference '${reference}' already exists: references must be ` +
        'unique across all transactions, including reversals.',
      { param: 'reference', code: 'resource_already_exists' },
    );
}

type ReversalParams = ParamsOf<'POST /v1/tax/transactions/create_reversal'>;

/** Checks which amounts a reversal names: all for `full`, some (one way) for `partial`. */
function checkMode(params: ReversalParams): void {
  const given = (['line_items', 'shipping_cost', 'flat_amount'] as const).filter(
    (key) => params[key] !== undefined,
  );
  if (params.mode === 'full' && given[0])
    throw invalidRequest(`${given[0]} can only be given with mode=partial.`, { param: given[0] });
  if (params.mode === 'partial' && given.length === 0)
    throw invalidRequest(
      'One of the following params should be provided for this request: line_items, shipping_cost ' +
        'or flat_amount.',
      { code: 'parameter_missing' },
    );
  if (params.flat_amount !== undefined && given.length > 1)
    throw invalidRequest(`You may only specify one of these parameters: ${given.join(', ')}.`, {
      param: 'flat_amount',
      code: 'parameters_exclusive',
    });
}

/** Refuses to reverse more than is left (`param` names the amount). */
function within(asked: Amounts, left: Amounts, param: string, what: string): void {
  if (-asked.amount > left.amount)
    throw invalidRequest(
      `Cannot reverse ${-asked.amount} of ${what}: only ${left.amount} is left to reverse.`,
      { param: `${param}[amount]` },
    );
  if (-asked.tax > left.tax)
    throw invalidRequest(
      `Cannot reverse ${-asked.tax} of tax on ${what}: only ${left.tax} is left to reverse.`,
      { param: `${param}[amount_tax]` },
    );
}

/** The lines and shipping a partial reversal takes back, checked against what is left. */
function partialAmounts(c: SimContext, original: Transaction, params: ReversalParams) {
  const lines = original.line_items?.data ?? [];
  const left = remaining(original, allTransactions(c));
  if (params.flat_amount !== undefined) {
    const parts = lines.map((line) => ({
      left: left.lines.get(line.id) ?? { amount: 0, tax: 0 },
      inclusive: line.tax_behavior === 'inclusive',
    }));
    if (original.shipping_cost && left.shipping)
      parts.push({
        left: left.shipping,
        inclusive: original.shipping_cost.tax_behavior === 'inclusive',
      });
    const available = parts.reduce(
      (sum, part) => sum + part.left.amount + (part.inclusive ? 0 : part.left.tax),
      0,
    );
    if (-params.flat_amount > available)
      throw invalidRequest(
        `Cannot reverse ${-params.flat_amount}: only ${available} is left to reverse.`,
        { param: 'flat_amount' },
      );
    const spread = spreadFlat(-params.flat_amount, parts);
    const reversed = lines.map((line, i): LineReversal => ({
      original: line,
      ...(spread[i] ?? { amount: 0, tax: 0 }),
      reference: line.reference,
      quantity: line.quantity,
      metadata: {},
    }));
    return {
      lines: reversed,
      shipping: original.shipping_cost ? (spread[lines.length] ?? null) : null,
    };
  }
  const seen = new Set<string>();
  const reversed = (params.line_items ?? []).map((item, i): LineReversal => {
    const param = `line_items[${i}]`;
    const line = lines.find((candidate) => candidate.id === item.original_line_item);
    if (!line)
      throw resourceMissing(
        'tax.transaction_line_item',
        item.original_line_item,
        `${param}[original_line_item]`,
      );
    if (seen.has(line.id))
      throw invalidRequest(`Line item ${line.id} is reversed twice in this request.`, {
        param: `${param}[original_line_item]`,
      });
    seen.add(line.id);
    const asked = { amount: item.amount, tax: item.amount_tax };
    within(asked, left.lines.get(line.id) ?? { amount: 0, tax: 0 }, param, `line item ${line.id}`);
    return {
      original: line,
      ...asked,
      reference: item.reference,
      quantity: item.quantity ?? line.quantity,
      metadata: updatedMetadata({}, item.metadata),
    };
  });
  let shipping: Amounts | null = null;
  if (params.shipping_cost) {
    if (!original.shipping_cost || !left.shipping)
      throw invalidRequest(`Transaction ${original.id} has no shipping cost to reverse.`, {
        param: 'shipping_cost',
      });
    shipping = { amount: params.shipping_cost.amount, tax: params.shipping_cost.amount_tax };
    within(shipping, left.shipping, 'shipping_cost', 'the shipping cost');
  }
  return { lines: reversed, shipping };
}

/** Checks a reversal of `original` may be made at all. */
function checkReversible(c: SimContext, original: Transaction, params: ReversalParams): void {
  const reversals = allTransactions(c).filter(
    (transaction) => transaction.reversal?.original_transaction === original.id,
  );
  if (reversals.some((earlier) => reversesAll(original, earlier)))
    throw invalidRequest(`Transaction ${original.id} has already been fully reversed.`, {
      param: 'original_transaction',
    });
  if (params.mode === 'full') return;
  if (original.type !== 'transaction')
    throw invalidRequest(
      `Transaction ${original.id} is a reversal: only a sale (type transaction) can be partially ` +
        'reversed. Reverse it in full to undo it.',
      { param: 'original_transaction' },
    );
  if (reversals.length >= MAX_PARTIAL_REVERSALS)
    throw invalidRequest(
      `Transaction ${original.id} already has ${MAX_PARTIAL_REVERSALS} partial reversals, the most ` +
        'allowed.',
      { param: 'original_transaction' },
    );
}

/**
 * Routes of /v1/tax/transactions: the tax collected, recorded once from a calculation (a unique
 * `reference` per transaction), and reversed in full or in part (by line item, shipping cost or a
 * flat amount spread as Stripe spreads it), never beyond what is left.
 */
export const taxTransactions = new Hono<SimEnv>()
  .post('/create_from_calculation', (c) => {
    const params = parseParams(fromCalculationParams, c.var.form);
    const calculation = liveCalculation(c, params.calculation, 'calculation');
    const now = unixNow();
    const postedAt = params.posted_at ?? now;
    if (postedAt > Math.max(now, calculation.tax_date) || postedAt < calculation.tax_date)
      throw invalidRequest(
        "posted_at must lie between the calculation's tax_date and the current time.",
        { param: 'posted_at' },
      );
    checkReference(c, params.reference);
    const transaction = c.var.sim.store.put(
      fromCalculation(calculation, {
        reference: params.reference,
        metadata: updatedMetadata({}, params.metadata),
        postedAt,
      }),
    );
    return respond(c, transaction, params.expand);
  })
  .post('/create_reversal', (c) => {
    const params = parseParams(reversalParams, c.var.form);
    checkMode(params);
    const original = c.var.sim.store.get('tax.transaction', params.original_transaction);
    if (!original)
      throw resourceMissing('tax.transaction', params.original_transaction, 'original_transaction');
    checkReversible(c, original, params);
    const recording = {
      reference: params.reference,
      metadata: updatedMetadata({}, params.metadata),
    };
    let made: Transaction;
    if (params.mode === 'full') made = fullReversal(original, recording);
    else {
      const { lines, shipping } = partialAmounts(c, original, params);
      made = reversal(original, lines, shipping, recording);
    }
    checkReference(c, params.reference);
    return respond(c, c.var.sim.store.put(made), params.expand);
  })
  .get('/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.form);
    const transaction = load(c, 'tax.transaction', c.req.param('id'));
    return respond(c, transaction, params.expand);
  })
  .get('/:id/line_items', (c) => {
    const params = parseParams(lineItemsParams, c.var.form);
    const transaction = load(c, 'tax.transaction', c.req.param('id'));
    return respondWithItems(
      c,
      'tax.transaction_line_item',
      transaction.line_items?.data ?? [],
      params,
    );
  });
