import { type TaxContext, type TaxResult, taxAmount } from '../tax/calculate';
import { roundHalfUp } from '../tax/rates';

/**
 * A Checkout Session's amounts, in exact integer minor units: each line's subtotal, its share of the
 * discount, the tax on what is left, and the shipping. The rules (stripe-sim/README.md):
 * - a percentage discount is taken from each line, rounded half up per line;
 * - an amount discount (at most the lines' subtotal) is spread over the lines in proportion to
 *   their subtotals, the cents left over by rounding down going to the largest remainders;
 * - shipping is never discounted;
 * - tax is worked out per line on the discounted amount, and on the shipping, with the simulator's
 *   rate table (tax/calculate.ts): added on top (exclusive) or already inside (inclusive).
 */

/** What is taxed how: `exclusive` adds the tax, `inclusive` finds it inside the amount. */
export interface Taxability {
  taxBehavior: 'exclusive' | 'inclusive';
  taxCode: string;
}

/** A line as priced: unit price times quantity, and its share of the discount. */
interface PricedLine extends Taxability {
  subtotal: number;
  discount: number;
}

/** The shipping rate the customer chose. */
interface ShippingCharge extends Taxability {
  amount: number;
}

/** A coupon's reduction, in the session's currency. */
export type Reduction = { percentOff: number } | { amountOff: number };

interface TotalsInput {
  lines: readonly PricedLine[];
  shipping: ShippingCharge | null;
  /** Where the customer is, when automatic tax is on and the location is known. */
  tax: TaxContext | null;
}

/** One amount's totals: before anything, the discount, the tax and the total. */
export interface AmountTotals {
  subtotal: number;
  discount: number;
  /** Null when no tax was calculated (automatic tax off, or the location is not known yet). */
  tax: TaxResult | null;
  total: number;
}

/**
 * The session's amounts as Stripe defines them: `amountSubtotal` is the items at their prices
 * (inclusive tax inside) before discounts; `amountTax` (total_details.amount_tax) is all the tax,
 * inclusive too; `amountTotal` adds only the exclusive tax to the goods and the shipping.
 */
interface Totals {
  lines: AmountTotals[];
  shipping: AmountTotals | null;
  amountSubtotal: number;
  amountDiscount: number;
  amountShipping: number;
  amountTax: number;
  amountTotal: number;
}

/** A percentage (up to 12 decimals, as coupons take it) as an exact fraction of 100. */
function percentFraction(percent: number): [bigint, bigint] {
  const [whole = '0', fraction = ''] = percent.toFixed(12).split('.');
  return [BigInt(whole + fraction), 100n * 10n ** BigInt(fraction.length)];
}

/** Each line's share of a coupon's reduction. */
export function discountShares(
  subtotals: readonly number[],
  reduction: Reduction | null,
): number[] {
  if (!reduction) return subtotals.map(() => 0);
  if ('percentOff' in reduction) {
    const [numerator, denominator] = percentFraction(reduction.percentOff);
    return subtotals.map((amount) => roundHalfUp(BigInt(amount) * numerator, denominator));
  }
  const sum = subtotals.reduce((a, b) => a + b, 0);
  const off = BigInt(Math.min(reduction.amountOff, sum));
  if (sum === 0) return subtotals.map(() => 0);
  const exact = subtotals.map((amount) => BigInt(amount) * off);
  const shares = exact.map((value) => Number(value / BigInt(sum)));
  let left = Number(off) - shares.reduce((a, b) => a + b, 0);
  // Largest remainders first; on a tie, the earlier line.
  const order = exact
    .map((value, i) => ({ i, remainder: value % BigInt(sum) }))
    .sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1));
  for (const { i } of order) {
    if (left === 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    left -= 1;
  }
  return shares;
}

function taxed(amount: number, item: Taxability, tax: TaxContext | null, discount = 0) {
  const taxable = amount - discount;
  const { taxBehavior, taxCode } = item;
  const result = tax ? taxAmount(tax, { amount: taxable, taxBehavior, taxCode }) : null;
  const added = result && !result.inclusive ? result.amountTax : 0;
  return { subtotal: amount, discount, tax: result, total: taxable + added };
}

/** The session's totals (see the rules above). */
export function checkoutTotals({ lines, shipping, tax }: TotalsInput): Totals {
  const lineTotals = lines.map((line) => taxed(line.subtotal, line, tax, line.discount));
  const shippingTotals = shipping && taxed(shipping.amount, shipping, tax);
  const all = shippingTotals ? [...lineTotals, shippingTotals] : lineTotals;
  const sum = (pick: (t: AmountTotals) => number, items: AmountTotals[] = all) =>
    items.reduce((total, item) => total + pick(item), 0);
  return {
    lines: lineTotals,
    shipping: shippingTotals,
    amountSubtotal: sum((t) => t.subtotal, lineTotals),
    amountDiscount: sum((t) => t.discount),
    amountShipping: shippingTotals?.subtotal ?? 0,
    amountTax: sum((t) => t.tax?.amountTax ?? 0),
    amountTotal: sum((t) => t.total),
  };
}
