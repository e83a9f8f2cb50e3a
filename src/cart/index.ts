/**
 * A cart: products of the catalog and how many of each, priced by the server. The browser names
 * products and quantities; every amount comes from the catalog (src/catalog). Shared by POST /quote
 * and POST /charge, so that both read a cart the same way and refuse the same carts.
 */
import * as v from 'valibot';
import { findProduct, MAX_QUANTITY, PRODUCT_ID, type Product } from '../catalog';
import { STRIPE_MAX_AMOUNT } from '../money/stripe-limits';
import type { FieldError } from '../checkout/field-error';
import { SHIPPING } from '../shipping';
import { parseShipping, type ShippingChoice } from '../shipping/request';
import { CART_MESSAGES, SHIPPING_MESSAGES } from './messages';

/** The most different products one cart may hold. */
export const MAX_LINES = 20;

/** A line of a cart, priced from the catalog. */
export interface PricedLine {
  product: Product;
  quantity: number;
  /** unitAmount × quantity, in minor units. */
  subtotal: number;
}

/** A cart priced from the catalog, before any discount. */
export interface PricedCart {
  currency: string;
  lines: PricedLine[];
  subtotal: number;
}

/** What a cart request asks for: the priced cart, and the promotion code typed, if any. */
export interface CartRequest {
  cart: PricedCart;
  /** Trimmed; null when none was given. Checked against Stripe later (src/promotion). */
  promotionCode: string | null;
  /** Where a shippable cart goes (src/shipping); null for a cart with nothing to send. */
  shipping: ShippingChoice | null;
}

/**
 * A shippable cart whose address is not known yet (`shipping: null`, a quote while the customer
 * types it): its shipping is still to come, so its total is not one to pay (/charge refuses it).
 */
export const addressPending = (request: CartRequest): boolean =>
  request.shipping === null && request.cart.lines.some((line) => line.product.shippable);

/** A quantity from JSON (a number) or a form (digits). */
const QUANTITY = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.regex(/^\d{1,2}$/), v.transform(Number))]),
  v.integer(),
  v.minValue(1),
  v.maxValue(MAX_QUANTITY),
);

const ITEM = v.object({ product: v.pipe(v.string(), v.regex(PRODUCT_ID)), quantity: QUANTITY });
const ITEMS = v.pipe(v.array(ITEM), v.minLength(1), v.maxLength(MAX_LINES));
const CODE = v.nullish(v.pipe(v.string(), v.trim(), v.maxLength(200)));

type Item = v.InferOutput<typeof ITEM>;

/** The field at fault in an `items` list, named as Stripe names nested fields. */
function itemsError(issue: v.BaseIssue<unknown>): FieldError {
  const path = issue.path ?? [];
  if (path.length === 0) {
    if (issue.type === 'min_length') return { param: 'items', message: CART_MESSAGES.empty };
    if (issue.type === 'max_length')
      return { param: 'items', message: CART_MESSAGES.tooManyLines(MAX_LINES) };
    return { param: 'items', message: CART_MESSAGES.notAList };
  }
  const [index, field] = path.map((item) => item.key);
  if (field === 'product' || field === 'quantity')
    return { param: `items[${String(index)}][${field}]`, message: CART_MESSAGES[field] };
  return { param: `items[${String(index)}]`, message: CART_MESSAGES.notAList };
}

/** The items of a request: `items`, or the single line of `product` and `quantity`. */
function itemsOf(
  body: Record<string, unknown>,
): { items: Item[]; param: (index: number, field: string) => string } | FieldError {
  const single = body.product !== undefined || body.quantity !== undefined;
  if (body.items !== undefined) {
    if (single) return { param: 'items', message: CART_MESSAGES.both };
    const parsed = v.safeParse(ITEMS, body.items);
    if (!parsed.success) return itemsError(parsed.issues[0]);
    return { items: parsed.output, param: (index, field) => `items[${index}][${field}]` };
  }
  if (!single) return { param: 'items', message: CART_MESSAGES.empty };
  // The original one-product checkout: product + quantity, as one line.
  const parsed = v.safeParse(ITEM, { product: body.product, quantity: body.quantity });
  if (!parsed.success) {
    const field = parsed.issues[0].path?.[0]?.key === 'quantity' ? 'quantity' : 'product';
    return { param: field, message: CART_MESSAGES[field] };
  }
  return { items: [parsed.output], param: (_, field) => field };
}

/**
 * Reads and prices the cart of a request body (an object already): each product known, once, all
 * in one currency, the total within what Stripe charges. Nothing is written and Stripe is not
 * asked; the promotion code is only read here. `addressLater` (POST /quote) takes `"shipping": null`
 * for a shippable cart whose address is not known yet (its goods priced alone); without it, or with
 * no `shipping` at all, a shippable cart needs its address.
 */
export function parseCart(
  body: Record<string, unknown>,
  { addressLater = false } = {},
): CartRequest | FieldError {
  const found = itemsOf(body);
  if ('message' in found) return found;
  const code = v.safeParse(CODE, body.promotion_code);
  if (!code.success) return { param: 'promotion_code', message: 'api.promotionCode' };

  const lines: PricedLine[] = [];
  const seen = new Set<string>();
  for (const [index, item] of found.items.entries()) {
    const product = findProduct(item.product);
    if (!product) return { param: found.param(index, 'product'), message: CART_MESSAGES.product };
    if (seen.has(product.id))
      return { param: found.param(index, 'product'), message: CART_MESSAGES.duplicate };
    seen.add(product.id);
    lines.push({ product, quantity: item.quantity, subtotal: product.unitAmount * item.quantity });
  }
  const currency = lines[0]!.product.currency;
  if (lines.some((line) => line.product.currency !== currency))
    return { param: 'items', message: CART_MESSAGES.currencies };
  const subtotal = lines.reduce((sum, line) => sum + line.subtotal, 0);
  if (subtotal > STRIPE_MAX_AMOUNT) return { param: 'items', message: CART_MESSAGES.tooLarge };
  const shippable = lines.some((line) => line.product.shippable);
  if (shippable && currency !== SHIPPING.currency)
    return { param: 'items', message: SHIPPING_MESSAGES.currency };
  const later = addressLater && body.shipping === null;
  const shipping = later ? null : parseShipping(body.shipping, shippable);
  if (shipping && 'message' in shipping) return shipping;
  return { cart: { currency, lines, subtotal }, promotionCode: code.output || null, shipping };
}
