/**
 * Shipping: the merchant's rates (src/shop/shipping.ts, imported as `#shop/shipping`), the address
 * a shippable cart is sent to, and what sending it costs. POST /quote and /charge read a request's
 * `shipping` here; the server alone prices it.
 */
import { SHIPPING } from '#shop/shipping';
import type { Language } from '../i18n/index.js';

export { SHIPPING };

/** What one rate costs in a group of countries ('*': every other country shipped to). */
interface RateAmount {
  countries: readonly string[] | '*';
  /** Minor units of the shipping currency. */
  amount: number;
}

/** A named way of sending an order (Standard, Express). */
export interface ShippingRate {
  /** What the page sends as `shipping.rate`. */
  id: string;
  /** What the customer reads, in English (and in any language without its own name). */
  name: string;
  /** The name in other languages of src/i18n ("de", "fr", "es"), when you have them. */
  locales?: Partial<Record<Language, { name: string }>>;
  /** The first group naming the country applies, else the '*' group. */
  amounts: readonly RateAmount[];
  /** Free when the order (after its discount) is at least this much; absent: never free. */
  freeAbove?: number;
  /** Stripe Tax's code for the shipping cost (default `txcd_92010001`, shipping). */
  taxCode?: string;
}

/** Where and how the shop ships. */
export interface ShippingConfig {
  /** The currency of every amount here: shippable products are priced in it. */
  currency: string;
  /** ISO 3166-1 alpha-2 codes of the countries the shop ships to. */
  countries: readonly string[];
  rates: readonly ShippingRate[];
}

/** A postal address as Stripe writes it (`shipping.address` of a PaymentIntent). */
export interface Address {
  line1: string;
  line2: string | null;
  city: string;
  state: string | null;
  postal_code: string | null;
  country: string;
}

/** Where an order goes and how: the ledger stores it as JSON with the order. */
export interface Shipping {
  name: string;
  address: Address;
  rate: string;
}

/** The price of a rate to a country, for an order of `goods` (after its discount). */
export function rateAmount(rate: ShippingRate, country: string, goods: number): number | null {
  const group =
    rate.amounts.find((a) => a.countries !== '*' && a.countries.includes(country)) ??
    rate.amounts.find((a) => a.countries === '*');
  if (!group) return null;
  if (rate.freeAbove !== undefined && goods >= rate.freeAbove) return 0;
  return group.amount;
}

/** Every rate to a country, priced for an order of `goods`: what the customer picks from. */
export function pricedRates(
  config: ShippingConfig,
  country: string,
  goods: number,
): { rate: ShippingRate; amount: number }[] {
  return config.rates.flatMap((rate) => {
    const amount = rateAmount(rate, country, goods);
    return amount === null ? [] : [{ rate, amount }];
  });
}

/** The rate a shipping choice names, or the cheapest to its country when it names none. */
export function chooseRate(
  config: ShippingConfig,
  country: string,
  goods: number,
  id: string | null,
): { rate: ShippingRate; amount: number } | null {
  const priced = pricedRates(config, country, goods);
  if (id !== null) return priced.find(({ rate }) => rate.id === id) ?? null;
  return priced.reduce<(typeof priced)[number] | null>(
    (best, next) => (best === null || next.amount < best.amount ? next : best),
    null,
  );
}

/** A rate's own name (the shop's default language), undefined for one no longer configured. */
export function shopRateName(id: string, config: ShippingConfig = SHIPPING): string | undefined {
  return config.rates.find((candidate) => candidate.id === id)?.name;
}

/**
 * What a rate is called in a language: the rate's own name in it, else `fallback` (the name the
 * order was placed under), else its default name. A rate no longer configured keeps `fallback`.
 */
export function rateName(
  id: string,
  language: Language,
  fallback?: string,
  config: ShippingConfig = SHIPPING,
): string {
  const rate = config.rates.find((candidate) => candidate.id === id);
  return rate?.locales?.[language]?.name ?? fallback ?? rate?.name ?? id;
}
