import type Stripe from 'stripe';
import { newId, randomString, unixNow } from '../ids';
import type { StoredCalculation } from '../store';
import { roundHalfUp } from './rates';

type Transaction = Stripe.Tax.Transaction;
type LineItem = Stripe.Tax.TransactionLineItem;

/** An amount and its tax, as what is left to reverse of a line item or of the shipping. */
export interface Amounts {
  amount: number;
  tax: number;
}

const lineItemsList = (id: string, data: LineItem[]): Stripe.ApiList<LineItem> => ({
  object: 'list',
  data,
  has_more: false,
  url: `/v1/tax/transactions/${id}/line_items`,
});

interface Recording {
  reference: string;
  metadata: Stripe.Metadata;
}

/** The transaction recording a calculation's tax as collected (type `transaction`). */
export function fromCalculation(
  calculation: StoredCalculation,
  { reference, metadata, postedAt }: Recording & { postedAt: number },
): Transaction {
  const id = newId('tax');
  const { shipping_cost: shipping } = calculation;
  const lines = (calculation.line_items?.data ?? []).map((item): LineItem => ({
    id: `tax_li_${randomString(14)}`,
    object: 'tax.transaction_line_item',
    amount: item.amount,
    amount_tax: item.amount_tax,
    livemode: false,
    metadata: item.metadata,
    product: item.product,
    quantity: item.quantity,
    reference: item.reference,
    reversal: null,
    tax_behavior: item.tax_behavior,
    tax_code: item.tax_code,
    type: 'transaction',
  }));
  return {
    id,
    object: 'tax.transaction',
    created: unixNow(),
    currency: calculation.currency,
    customer: calculation.customer,
    customer_details: calculation.customer_details,
    line_items: lineItemsList(id, lines),
    livemode: false,
    metadata,
    posted_at: postedAt,
    reference,
    reversal: null,
    ship_from_details: calculation.ship_from_details,
    shipping_cost: shipping && {
      amount: shipping.amount,
      amount_tax: shipping.amount_tax,
      tax_behavior: shipping.tax_behavior,
      tax_code: shipping.tax_code,
    },
    tax_date: calculation.tax_date,
    type: 'transaction',
  };
}

/** One reversed line: which original line, by how much, under which reference. */
export interface LineReversal extends Amounts {
  original: LineItem;
  reference: string;
  quantity: number;
  metadata: Stripe.Metadata;
}

/** A reversal transaction (type `reversal`) of `original`, with negative amounts. */
export function reversal(
  original: Transaction,
  lines: readonly LineReversal[],
  shipping: Amounts | null,
  { reference, metadata }: Recording,
): Transaction {
  const id = newId('tax');
  const reversed = lines.map((line): LineItem => ({
    id: `tax_li_${randomString(14)}`,
    object: 'tax.transaction_line_item',
    amount: line.amount,
    amount_tax: line.tax,
    livemode: false,
    metadata: line.metadata,
    product: line.original.product,
    quantity: line.quantity,
    reference: line.reference,
    reversal: { original_line_item: line.original.id },
    tax_behavior: line.original.tax_behavior,
    tax_code: line.original.tax_code,
    type: 'reversal',
  }));
  return {
    ...original,
    id,
    created: unixNow(),
    line_items: lineItemsList(id, reversed),
    metadata,
    posted_at: unixNow(),
    reference,
    reversal: { original_transaction: original.id },
    shipping_cost:
      shipping && original.shipping_cost
        ? { ...original.shipping_cost, amount: shipping.amount, amount_tax: shipping.tax }
        : null,
    type: 'reversal',
  };
}

/** Everything of `original` reversed: its lines and shipping, negated, whatever came before. */
export function fullReversal(original: Transaction, recording: Recording): Transaction {
  const lines = (original.line_items?.data ?? []).map((line) => ({
    original: line,
    amount: -line.amount,
    tax: -line.amount_tax,
    reference: line.reference,
    quantity: line.quantity,
    metadata: {},
  }));
  const shipping = original.shipping_cost && {
    amount: -original.shipping_cost.amount,
    tax: -original.shipping_cost.amount_tax,
  };
  return reversal(original, lines, shipping, recording);
}

/** Whether a reversal undid all of `original` at once (so that another full reversal is refused). */
export function reversesAll(original: Transaction, candidate: Transaction): boolean {
  const lines = candidate.line_items?.data ?? [];
  return (
    candidate.reversal?.original_transaction === original.id &&
    (original.line_items?.data ?? []).every((line) =>
      lines.some(
        (l) =>
          l.reversal?.original_line_item === line.id &&
          l.amount === -line.amount &&
          l.amount_tax === -line.amount_tax,
      ),
    ) &&
    (candidate.shipping_cost?.amount ?? 0) === -(original.shipping_cost?.amount ?? 0)
  );
}

/**
 * What is left to reverse of each line of `original` and of its shipping, after every reversal
 * recorded since (partial reversals, and full reversals that undid some of them).
 */
export function remaining(original: Transaction, all: readonly Transaction[]) {
  const byLine = new Map<string, LineItem>();
  for (const transaction of all)
    for (const line of transaction.line_items?.data ?? []) byLine.set(line.id, line);
  const rootLine = (line: LineItem): string => {
    const parent = line.reversal && byLine.get(line.reversal.original_line_item);
    return parent ? rootLine(parent) : line.id;
  };
  const byId = new Map(all.map((transaction) => [transaction.id, transaction]));
  const rootOf = (transaction: Transaction): string => {
    const parent = transaction.reversal?.original_transaction;
    const found = parent ? byId.get(parent) : undefined;
    return found ? rootOf(found) : transaction.id;
  };

  const lines = new Map<string, Amounts>(
    (original.line_items?.data ?? []).map((line) => [
      line.id,
      { amount: line.amount, tax: line.amount_tax },
    ]),
  );
  const shipping = original.shipping_cost && {
    amount: original.shipping_cost.amount,
    tax: original.shipping_cost.amount_tax,
  };
  for (const transaction of all) {
    if (transaction.id === original.id || rootOf(transaction) !== original.id) continue;
    for (const line of transaction.line_items?.data ?? []) {
      const left = lines.get(rootLine(line));
      if (!left) continue;
      left.amount += line.amount;
      left.tax += line.amount_tax;
    }
    if (shipping && transaction.shipping_cost) {
      shipping.amount += transaction.shipping_cost.amount;
      shipping.tax += transaction.shipping_cost.amount_tax;
    }
  }
  return { lines, shipping };
}

/** An amount with its tax as one total: an inclusive amount already holds its tax. */
const total = ({ amount, tax }: Amounts, inclusive: boolean) => (inclusive ? amount : amount + tax);

/**
 * A flat refund (a positive `flat`) spread as Stripe documents: over each part in proportion to
 * what is left of it, then within each part between amount and tax in proportion to what is left of
 * each. Shares are whole minor units that add up to `flat` exactly (largest remainders).
 */
export function spreadFlat(
  flat: number,
  parts: ReadonlyArray<{ left: Amounts; inclusive: boolean }>,
): Amounts[] {
  const totals = parts.map(({ left, inclusive }) => total(left, inclusive));
  const whole = totals.reduce((sum, value) => sum + value, 0);
  const exact = totals.map((value) => (whole === 0 ? 0 : (flat * value) / whole));
  const shares = exact.map(Math.floor);
  let short = flat - shares.reduce((sum, value) => sum + value, 0);
  const byRemainder = exact
    .map((value, i) => ({ i, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder);
  for (const { i } of byRemainder) {
    if (short <= 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    short -= 1;
  }
  return parts.map(({ left, inclusive }, i) => {
    const share = shares[i] ?? 0;
    const partTotal = totals[i] ?? 0;
    const tax = partTotal === 0 ? 0 : roundHalfUp(BigInt(share * left.tax), BigInt(partTotal));
    return { amount: -(inclusive ? share : share - tax), tax: -tax };
  });
}
