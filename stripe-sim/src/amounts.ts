/**
 * Stripe's units of amounts per currency (https://docs.stripe.com/currencies): decimals, and the
 * step every amount must be a multiple of. The simulator keeps its own table (it imports nothing
 * from the checkout); src/money/index.test.ts checks it agrees with the checkout's (format.js).
 */
import { invalidRequest } from './errors';

const ZERO_DECIMAL = 'bif clp djf gnf jpy kmf krw mga pyg rwf vnd vuv xaf xof xpf'.split(' ');
const THREE_DECIMAL = ['bhd', 'jod', 'kwd', 'omr', 'tnd'];
// The "special cases": zero-decimal in fact, two decimals in the API, in whole units.
const WHOLE_UNITS = ['isk', 'ugx'];

/** Decimals of Stripe's amounts in `currency` (lowercase): 0 for JPY, 3 for KWD, else 2. */
export const exponentOf = (currency: string): number =>
  ZERO_DECIMAL.includes(currency) ? 0 : THREE_DECIMAL.includes(currency) ? 3 : 2;

/** The step of Stripe's amounts in `currency` (lowercase): 10 for KWD, 100 for ISK, else 1. */
export const stepOf = (currency: string): number =>
  THREE_DECIMAL.includes(currency) ? 10 : WHOLE_UNITS.includes(currency) ? 100 : 1;

/**
 * An amount in Stripe's smallest unit of the currency, formatted for people (1099 usd → "$10.99"),
 * in Stripe's decimals, not Intl's (which has none for HUF or ISK: 17500 huf is 175,00 Ft). Pure,
 * so the simulated Stripe.js (stripe-js/, bundled for browsers) shows amounts as the pages do.
 */
export function formatAmount(amount: number, currency: string, locale = 'en-US'): string {
  const code = currency.toLowerCase();
  const exponent = exponentOf(code);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: code.toUpperCase(),
    // ISK and UGX amounts are whole units (12300 isk is ISK 123).
    minimumFractionDigits: stepOf(code) < 10 ** exponent ? exponent : 0,
    maximumFractionDigits: exponent,
  }).format(amount / 10 ** exponent);
}

/**
 * Refuses an amount off its currency's step as Stripe does: ISK and UGX with the code and words of
 * Stripe's notice on fractional ISK; a three-decimal amount not ending in 0 as invalid_charge_amount
 * (Stripe documents the rule and the code, not the message: these words are the simulator's).
 */
export function checkStep(amount: number, currency: string, param = 'amount'): void {
  const step = stepOf(currency);
  if (amount % step === 0) return;
  const code = currency.toUpperCase();
  if (step === 100)
    throw invalidRequest(
      `Invalid amount. Currency ${code} has become effectively zero-decimal and charged amounts ` +
        'must be evenly divisible by 100. See https://stripe.com/docs/currencies#special-cases ' +
        'for more information.',
      { param, code: 'invalid_charge_amount_no_decimal_compatible' },
    );
  throw invalidRequest(
    `Invalid amount. ${code} is a three-decimal currency and amounts in it must end in 0 ` +
      `(${amount - (amount % step)} or ${amount - (amount % step) + step}). See ` +
      'https://stripe.com/docs/currencies#three-decimal for more information.',
    { param, code: 'invalid_charge_amount' },
  );
}
