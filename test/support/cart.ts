/**
 * Helpers for tests of carts and promotion codes: POST /quote as the page sends it, and Stripe
 * coupons and promotion codes made at the simulator through stripe-node, as a merchant's script
 * (or the Dashboard) makes them. Each code's text is new, so that no test meets a code that the
 * Worker's cache (60 s per isolate) kept from another.
 */
import type Stripe from 'stripe';
import { onTestFinished } from 'vitest';
import { PRODUCTS } from '../fixtures/shop/products';
import type { Quote } from '../../src/cart/quote';
import { order, postJson, stripe } from './checkout';

export type { Quote };

/** A line of a request's cart. */
export interface Item {
  product: string;
  quantity: number;
}

/** The cart of the tests: 1 × $5.00, 2 × $3.00, 1 × $18.00 = $29.00. */
export const THREE_PRODUCTS: Item[] = [
  { product: 'support-5', quantity: 1 },
  { product: 'wallpapers', quantity: 2 },
  { product: 'handbook', quantity: 1 },
];

/** POST /quote as the page sends it: JSON from the same origin, from a network of its own. */
export function quote(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return postJson('/quote', body, headers);
}

/** The error of a refusal. */
export interface ErrorBody {
  error: { code: string; param?: string; message: string; charged?: false; quote?: Quote };
}

/** A code text of its own: letters and digits, as a merchant types one. */
export const codeText = (prefix = 'SPRING') =>
  `${prefix}${crypto.randomUUID().replaceAll('-', '').slice(0, 8).toUpperCase()}`;

/**
 * A coupon and a promotion code for it, at the simulator. `coupon` defaults to 20 % off;
 * `code` takes the promotion code's own parameters (its text is made up unless given).
 */
export async function promotionCode(
  coupon: Stripe.CouponCreateParams = { percent_off: 20 },
  code: Partial<Stripe.PromotionCodeCreateParams> = {},
): Promise<Stripe.PromotionCode> {
  const made = await stripe.coupons.create({ duration: 'once', ...coupon });
  return stripe.promotionCodes.create({
    promotion: { type: 'coupon', coupon: made.id },
    code: codeText(),
    ...code,
  });
}

/** An address in Germany the fixture ships to (Standard $10.00, Express $25.00; 19 % tax). */
export const BERLIN = {
  name: 'Erika Mustermann',
  address: { line1: 'Unter den Linden 1', city: 'Berlin', postal_code: '10117', country: 'DE' },
};

/** A checkout body for a cart sent to `shipping`, paid with 4242. */
export function shippedOrder(items: Item[], shipping: unknown) {
  const { product: _, quantity: __, ...body } = order();
  return { ...body, items, shipping };
}

/**
 * A product's price, changed for the running test only: one the catalog's check would refuse (under
 * Stripe's minimum, or near its maximum), to see how Stripe's refusal reaches the customer.
 */
export function priceAt(id: string, unitAmount: number): void {
  const product = PRODUCTS.find((candidate) => candidate.id === id)!;
  const before = product.unitAmount;
  product.unitAmount = unitAmount;
  onTestFinished(() => void (product.unitAmount = before));
}
