/**
 * A discount spread over a cart's lines in whole minor units, so that the lines, less their
 * shares, add up to the total charged: each line's share is in proportion to its subtotal,
 * rounded down, and the units left over by rounding go one each to the lines with the largest
 * remainders (the earlier line on a tie), as Stripe spreads an amount-off coupon over line items.
 */

/**
 * Each line's share of `discount` (0 ≤ discount ≤ the sum of `subtotals`), in the lines' order,
 * in multiples of `step` when the amounts are (Stripe's step of the currency: KWD lines stay
 * amounts Stripe takes). BigInt: a share's numerator (discount × subtotal) can pass 2^53.
 */
export function spreadDiscount(subtotals: readonly number[], discount: number, step = 1): number[] {
  if (step > 1 && [discount, ...subtotals].every((amount) => amount % step === 0))
    return spreadDiscount(
      subtotals.map((subtotal) => subtotal / step),
      discount / step,
    ).map((share) => share * step);
  const total = subtotals.reduce((sum, subtotal) => sum + subtotal, 0);
  if (discount <= 0 || total <= 0) return subtotals.map(() => 0);
  const whole = BigInt(total);
  const exact = subtotals.map((subtotal) => BigInt(discount) * BigInt(subtotal));
  const shares = exact.map((value) => Number(value / whole));
  let left = discount - shares.reduce((sum, share) => sum + share, 0);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value % whole }))
    .sort((a, b) =>
      a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
    );
  for (const { index } of byRemainder) {
    if (left === 0) break;
    shares[index]! += 1;
    left -= 1;
  }
  return shares;
}
