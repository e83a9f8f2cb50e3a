import type Stripe from 'stripe';
import { CURRENCIES } from './currencies';
import { invalidRequest } from './errors';
import { integer, metadata, type Schema, string } from './params';

/**
 * Parameter schemas beyond params.ts's basic ones: decimal numbers, currencies, bounded integers and
 * strings (the contract's stricter overrides), and metadata updates.
 */

/** A decimal number such as `25.5` (Stripe's `number` parameters, e.g. a coupon's `percent_off`). */
export const decimal = (): Schema<number> => ({
  parse(value, param) {
    const text = string().parse(value, param);
    if (!/^-?\d{1,15}(\.\d{1,12})?$/.test(text))
      throw invalidRequest(`Invalid decimal: ${text}`, {
        param,
        code: 'parameter_invalid_decimal',
      });
    return Number(text);
  },
});

/** A decimal number as its digits (stripe-node's `Decimal`, `unit_amount_decimal=12.5`). */
export const decimalDigits = (): Schema<string> => ({
  parse(value, param) {
    decimal().parse(value, param);
    return value as string;
  },
});

/** A three-letter ISO currency code, lower-cased as Stripe stores it. */
export const currency = (): Schema<string> => ({
  parse(value, param) {
    const code = string().parse(value, param).toLowerCase();
    if (!CURRENCIES.has(code)) throw invalidRequest(`Invalid currency: ${code}.`, { param });
    return code;
  },
});

/** A hash keyed by currency codes (`currency_options[eur][amount_off]=...`), each value a `T`. */
export const currencyKeyed = <T>(item: Schema<T>): Schema<Record<string, T>> => ({
  parse(value, param) {
    if (typeof value === 'string')
      throw invalidRequest(`Invalid ${param}: must be a hash`, { param });
    const result: Record<string, T> = {};
    for (const [key, raw] of Object.entries(value)) {
      const code = currency().parse(key, `${param}[${key}]`);
      result[code] = item.parse(raw, `${param}[${key}]`);
    }
    return result;
  },
});

/** A string of at most `max` characters (a coupon's `name`: 40). */
export const text = (max: number): Schema<string> => ({
  parse(value, param) {
    const text = string().parse(value, param);
    if (text.length > max) {
      const shown = text.length > 20 ? `${text.slice(0, 20)}...` : text;
      throw invalidRequest(`Invalid string: ${shown}; must be at most ${max} characters`, {
        param,
      });
    }
    return text;
  },
});

/**
 * An email address (a PaymentIntent's `receipt_email`, a Checkout Session's `customer_email`), or
 * Stripe's 400 `email_invalid`: a local part, `@` and a domain with a dot, nothing blank; at most
 * `max` characters when Stripe says so.
 */
export const email = (max?: number): Schema<string> => ({
  parse(value, param) {
    const address = (max === undefined ? string() : text(max)).parse(value, param);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address))
      throw invalidRequest(`Invalid email address: ${address}`, { param, code: 'email_invalid' });
    return address;
  },
});

/** An integer of at least `min`, refused as Stripe refuses out-of-range integers. */
export const integerFrom = (min: number): Schema<number> => ({
  parse(value, param) {
    const number = integer().parse(value, param);
    if (number < min)
      throw invalidRequest(`This value must be greater than or equal to ${min}.`, { param });
    return number;
  },
});

/** An integer of at most `max` (Stripe's negative amounts, such as a reversal's). */
export const integerUpTo = (max: number): Schema<number> => ({
  parse(value, param) {
    const number = integer().parse(value, param);
    if (number > max)
      throw invalidRequest(`This value must be less than or equal to ${max}.`, { param });
    return number;
  },
});

/** Whether `value` (a timestamp) lies in a `created` filter; no filter lets everything through. */
export function inRange(value: number, filter: number | Stripe.RangeQueryParam | undefined) {
  if (filter === undefined) return true;
  if (typeof filter === 'number') return value === filter;
  return (
    (filter.gt === undefined || value > filter.gt) &&
    (filter.gte === undefined || value >= filter.gte) &&
    (filter.lt === undefined || value < filter.lt) &&
    (filter.lte === undefined || value <= filter.lte)
  );
}

/**
 * `metadata` on an update: `metadata[k]=v` sets a key, `metadata[k]=` removes it, `metadata=`
 * removes them all (parsed to `''`); the keys not named keep their values.
 */
export const metadataUpdate = (): Schema<'' | Record<string, string | null>> => ({
  parse(value, param) {
    if (value === '') return '';
    const kept = metadata().parse(value, param);
    const removed = typeof value === 'string' ? [] : Object.keys(value).filter((k) => !(k in kept));
    return { ...kept, ...Object.fromEntries(removed.map((key) => [key, null])) };
  },
});

/** An object's metadata after an update (see `metadataUpdate`). */
export function updatedMetadata(
  current: Stripe.Metadata | null,
  update: '' | Stripe.MetadataParam | undefined,
): Stripe.Metadata {
  if (update === undefined) return current ?? {};
  if (update === '') return {};
  const result: Stripe.Metadata = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === null) delete result[key];
    else result[key] = String(value);
  }
  if (Object.keys(result).length > 50)
    throw invalidRequest('Invalid metadata: at most 50 keys are allowed', { param: 'metadata' });
  return result;
}
