/**
 * The simulator's tax rates: a small, fixed and documented table (stripe-sim/README.md), so that
 * tests can assert exact amounts. Real Stripe Tax knows every jurisdiction and splits a US rate into
 * state, county, city and district parts; here each place has one combined rate, and every place
 * not listed is one where the account has no registration (0 %, `not_collecting`).
 */
export interface TaxRate {
  /** The rate in thousandths of a percent (19 % is 19000, 8.875 % is 8875), for exact arithmetic. */
  milliPercent: number;
  taxType: 'vat' | 'sales_tax';
  /** The tax's display name, as Stripe shows it. */
  displayName: string;
  /** Why this rate applies (Stripe's `taxability_reason`). */
  reason: 'standard_rated' | 'not_subject_to_tax';
}

const vat = (percent: number): TaxRate => ({
  milliPercent: percent * 1000,
  taxType: 'vat',
  displayName: 'VAT',
  reason: 'standard_rated',
});
const salesTax = (milliPercent: number): TaxRate => ({
  milliPercent,
  taxType: 'sales_tax',
  displayName: 'Sales Tax',
  reason: milliPercent > 0 ? 'standard_rated' : 'not_subject_to_tax',
});

/** Where the simulated account is registered, keyed by country or `US-<state>`. */
export const REGISTRATIONS: Readonly<Record<string, TaxRate>> = {
  DE: vat(19),
  FR: vat(20),
  GB: vat(20),
  'US-CA': salesTax(7250),
  'US-NY': salesTax(8875),
  'US-TX': salesTax(6250),
  // Oregon levies no sales tax: registered or not, nothing is due.
  'US-OR': salesTax(0),
};

/** Stripe's tax code for non-taxable sales: no tax anywhere. */
export const NONTAXABLE_CODE = 'txcd_00000000';
/** The tax codes Stripe Tax settings preset for products and for shipping. */
export const DEFAULT_TAX_CODE = 'txcd_10000000';
export const DEFAULT_SHIPPING_TAX_CODE = 'txcd_92010001';

/** `percentage_decimal` as Stripe writes it: "19.0", "7.25", "8.875", "0.0". */
export function percentageDecimal(milliPercent: number): string {
  const text = (milliPercent / 1000).toString();
  return text.includes('.') ? text : `${text}.0`;
}

/** `numerator / denominator` rounded half up, exactly, for non-negative integers. */
export function roundHalfUp(numerator: bigint, denominator: bigint): number {
  return Number((2n * numerator + denominator) / (2n * denominator));
}

/** The tax on an amount at a rate: on top of it (exclusive) or included in it (inclusive). */
export function taxOn(amount: number, milliPercent: number, inclusive: boolean): number {
  const [value, rate] = [BigInt(amount), BigInt(milliPercent)];
  return inclusive
    ? roundHalfUp(value * rate, 100_000n + rate)
    : roundHalfUp(value * rate, 100_000n);
}
