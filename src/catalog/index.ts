/**
 * The catalog: the only place prices come from. The products themselves are the merchant's, in
 * src/shop/products.ts (imported as `#shop/products`, which the tests point at their own fixture);
 * this module looks them up and prices orders. The browser never sends a price, it only names a
 * product and a quantity.
 */
import { MAX_QUANTITY, PRODUCTS } from '#shop/products';

export { MAX_QUANTITY, PRODUCTS };

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

/** What a product id may look like (in the catalog and in a POST /charge). */
export const PRODUCT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

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
