/**
 * What customers and scripts read about a cart and its promotion code, as messages of the
 * catalogue (src/i18n: cart.*, promo.*, and api.* for what only a malformed request meets),
 * written in the reader's language when answered. Amounts arrive already formatted for the reader.
 */
import { MAX_QUANTITY } from '../catalog';
import type { MessageKey, Text } from '../i18n';

/** Refusals of a cart's items: the request names the field at fault beside each. */
export const CART_MESSAGES = {
  empty: 'cart.empty',
  notAList: 'api.items',
  both: 'api.itemsAndProduct',
  tooManyLines: (max: number): Text => ({ key: 'cart.tooManyLines', params: { max } }),
  product: 'cart.product',
  quantity: { key: 'cart.quantity', params: { max: MAX_QUANTITY } },
  duplicate: 'cart.duplicate',
  currencies: 'cart.currencies',
  tooLarge: 'cart.tooLarge',
} as const satisfies Record<string, Text | ((max: number) => Text)>;

/** Why a promotion code does not apply (`PromotionRefusal.reason`). */
export const PROMOTION_MESSAGES = {
  unknown: 'promo.unknown',
  inactive: 'promo.inactive',
  expired: 'promo.expired',
  used_up: 'promo.usedUp',
  restricted: 'promo.restricted',
  products: 'promo.products',
  currency: (currency: string): Text => ({
    key: 'promo.currency',
    params: { currency: currency.toUpperCase() },
  }),
  minimum: (amount: string): Text => ({ key: 'promo.minimum', params: { amount } }),
  total_too_small: (amount: string): Text => ({ key: 'promo.totalTooSmall', params: { amount } }),
} as const satisfies Record<string, MessageKey | ((value: string) => Text)>;

/** What a discount is called on the page and the receipt when its coupon has no name. */
export const discountDescription = (off: string): Text => ({ key: 'promo.off', params: { off } });

/** Around a refusal at POST /charge: the price the order has without the code. */
export const withoutCode = (reason: Text, total: string): Text => ({
  key: 'promo.withoutCode',
  params: { reason: { ref: reason }, total },
});

/** The promotion code could not be checked (Stripe unreachable). */
export const CODE_UNCHECKED: MessageKey = 'promo.unchecked';

/** Refusals of a request's `shipping`: the request names the field at fault beside each. */
export const SHIPPING_MESSAGES = {
  notAnObject: 'api.shipping',
  required: 'shipping.required',
  notShippable: 'shipping.notShippable',
  name: 'shipping.name',
  line1: 'shipping.line1',
  line2: 'shipping.line2',
  city: 'shipping.city',
  state: 'shipping.state',
  postal_code: 'shipping.postalCode',
  country: (countries: readonly string[]): Text => ({
    key: 'shipping.country',
    params: { countries: { countries } },
  }),
  rate: 'shipping.rate',
  currency: 'shipping.currency',
} as const satisfies Record<string, MessageKey | ((countries: readonly string[]) => Text)>;

/** Stripe Tax could not place the address, or could not be asked. */
export const TAX_MESSAGES = {
  address: 'tax.address',
  unavailable: 'tax.unavailable',
} as const satisfies Record<string, MessageKey>;
