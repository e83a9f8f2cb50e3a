/**
 * The amounts Stripe accepts for one payment (https://docs.stripe.com/currencies, "Minimum and
 * maximum charge amounts", and the steps of "Three-decimal currencies" and "Special cases"), in
 * minor units: a cart beyond the largest, or a discount that leaves less than the smallest, is
 * refused before Stripe is asked; a price off its currency's step is refused by the shop's check.
 */
import { amountStep } from './format.js';

/** Stripe's largest amount for a payment in most currencies (eight digits of minor units). */
export const STRIPE_MAX_AMOUNT = 99_999_999;

/** Stripe's smallest charge, per settlement-friendly currency Stripe lists (minor units). */
export const MINIMUM_CHARGE: Readonly<Record<string, number>> = {
  usd: 50,
  aed: 200,
  aud: 50,
  bgn: 100,
  brl: 50,
  cad: 50,
  chf: 50,
  czk: 1500,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  huf: 17500,
  inr: 50,
  jpy: 50,
  mxn: 1000,
  myr: 200,
  nok: 300,
  nzd: 50,
  pln: 200,
  ron: 200,
  sek: 300,
  sgd: 50,
  thb: 1000,
};

/**
 * The smallest amount Stripe charges in `currency` (lowercase); for a currency Stripe's table
 * does not list, its smallest step (1.000 KWD's 10, ISK's 100: Stripe itself then has the last
 * word, as amount_too_small, its minimum being about US$0.50 at the day's rate).
 */
export function minimumCharge(currency: string): number {
  return MINIMUM_CHARGE[currency] ?? amountStep(currency);
}

/**
 * Why Stripe refuses `amount` (minor units) in `currency` for being off the currency's step
 * (1.235 KWD: three-decimal amounts end in 0; ISK and UGX in whole units), or null.
 */
export function offStep(amount: number, currency: string): string | null {
  const step = amountStep(currency);
  const below = amount - (amount % step);
  if (below === amount) return null;
  return (
    `${amount} is not a multiple of ${step}: Stripe takes ${currency.toUpperCase()} amounts ` +
    `only in steps of ${step} minor units (such as ${below} or ${below + step})`
  );
}
