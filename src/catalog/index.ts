/**
 * The catalog: the only place prices live. Merchants edit PRODUCTS (and MAX_QUANTITY) here and redeploy.
 * Amounts are integers in the currency's minor unit (cents for USD), as Stripe expects;
 * the browser never sends a price, it only names a product and a quantity.
 */

export interface Product {
  /** Stable identifier the page sends to POST /charge; also stored on each order. */
  id: string;
  name: string;
  description: string;
  /** Price of one unit in minor units (500 = $5.00). */
  unitAmount: number;
  /** Lowercase ISO 4217 code. */
  currency: string;
}

/** How many of one product a single checkout may buy. */
export const MAX_QUANTITY = 10;

export const PRODUCTS: readonly Product[] = [
  {
    id: 'support-5',
    name: 'Support our work',
    description: 'A one-time $5.00 payment, like the classic Stripe tutorial.',
    unitAmount: 500,
    currency: 'usd',
  },
];

/** An order priced by the server. */
export interface PricedOrder {
  product: Product;
  quantity: number;
  /** unitAmount × quantity, in minor units. */
  amount: number;
  currency: string;
}

/** Looks a product up by id; undefined when the catalog has no such product. */
export function findProduct(
  id: string,
  products: readonly Product[] = PRODUCTS,
): Product | undefined {
  return products.find((product) => product.id === id);
}

/** Prices an order from the catalog. Returns undefined for an unknown product or a quantity out of range. */
export function priceOrder(
  productId: string,
  quantity: number,
  products: readonly Product[] = PRODUCTS,
): PricedOrder | undefined {
  const product = findProduct(productId, products);
  if (!product || !Number.isSafeInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY)
    return undefined;
  return { product, quantity, amount: product.unitAmount * quantity, currency: product.currency };
}
