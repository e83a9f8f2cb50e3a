/**
 * What customers and scripts read about a cart and its promotion code: every customer-facing
 * sentence of src/cart and src/promotion, in one place (to move into a message catalogue as is).
 * Amounts arrive already formatted for the reader.
 */
import { MAX_QUANTITY } from '../catalog';

/** Refusals of a cart's items: the request names the field at fault beside each. */
export const CART_MESSAGES = {
  empty: 'Your cart is empty: choose at least one product.',
  notAList: 'items must be a list of { "product", "quantity" } objects.',
  both: 'Send items, or product and quantity, not both.',
  tooManyLines: (max: number) => `A cart can hold at most ${max} different products.`,
  product: 'This shop has no such product.',
  quantity: `The quantity must be a whole number from 1 to ${MAX_QUANTITY}.`,
  duplicate: 'A product may appear only once in a cart: change its quantity instead.',
  currencies: 'Products priced in different currencies cannot be paid for together.',
  tooLarge: 'This order is larger than one payment can be. Please split it into smaller orders.',
} as const;

/** Why a promotion code does not apply (`PromotionRefusal.reason`). */
export const PROMOTION_MESSAGES = {
  unknown: 'We do not recognise this promotion code. Please check it and try again.',
  inactive: 'This promotion code is no longer active.',
  expired: 'This promotion code has expired.',
  used_up: 'This promotion code has been used as many times as it can be.',
  restricted: 'This promotion code is reserved for particular customers.',
  currency: (currency: string) =>
    `This promotion code cannot be used for payments in ${currency.toUpperCase()}.`,
  minimum: (amount: string) => `This promotion code needs an order of at least ${amount}.`,
  total_too_small: (amount: string) =>
    `With this promotion code the total would be less than ${amount}, the smallest payment we can take.`,
} as const;

/** What a discount is called on the page and the receipt when its coupon has no name. */
export const discountDescription = (off: string) => `${off} off`;

/** Around a refusal at POST /charge: the price the order has without the code. */
export const withoutCode = (reason: string, total: string) =>
  `${reason} Without it, your total is ${total}. You have not been charged: please check the ` +
  'new total and pay again.';

/** The promotion code could not be checked (Stripe unreachable). */
export const CODE_UNCHECKED =
  'We could not check your promotion code just now. Please try again in a moment. You have not ' +
  'been charged.';

/** Refusals of a request's `shipping`: the request names the field at fault beside each. */
export const SHIPPING_MESSAGES = {
  notAnObject:
    'shipping must be { "name", "address": { "line1", "line2", "city", "state", "postal_code", ' +
    '"country" }, "rate" }.',
  required: 'Please enter the address we should send your order to.',
  notShippable: 'Nothing in this cart is sent by post: leave the shipping address out.',
  name: 'Please enter the name of the person receiving the parcel.',
  line1: 'Please enter the first line of the address (street and number).',
  line2: 'The second address line must be text.',
  city: 'Please enter the city or town.',
  state: 'Please enter the state or province.',
  postal_code: 'Please enter the postal code.',
  country: (countries: string) => `We only ship to ${countries}.`,
  rate: 'This shipping option does not exist for this address. Please choose another.',
  currency: 'Shipping is only available for carts priced in the shop’s shipping currency.',
} as const;

/** Stripe Tax could not place the address, or could not be asked. */
export const TAX_MESSAGES = {
  address:
    'We could not find this address to work out its tax. Please check the postal code, state ' +
    'and country.',
  unavailable:
    'We could not work out the tax on your order just now. Please try again in a moment. You ' +
    'have not been charged.',
} as const;
