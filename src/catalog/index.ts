/**
 * The catalog: the only place prices come from. The products themselves are the merchant's, in
 * src/shop/products.ts (imported as `#shop/products`, which the tests point at their own fixture);
 * this module looks them up. The browser never sends a price, it only names products and
 * quantities (src/cart prices a cart from here).
 */
import { MAX_QUANTITY, PRODUCTS } from '#shop/products';
import type { Language } from '../i18n';

export { MAX_QUANTITY, PRODUCTS };

export interface Product {
  /** Stable identifier the page sends to POST /quote and /charge; also stored on each order. */
  id: string;
  name: string;
  /** Never a price: the page writes prices itself, through Intl, in the customer's language. */
  description: string;
  /** The name and description in other languages of src/i18n ("de", "fr", "es"), when you have them. */
  locales?: Partial<Record<Language, { name?: string; description?: string }>>;
  /** Price of one unit in minor units (500 = $5.00). */
  unitAmount: number;
  /** Lowercase ISO 4217 code. */
  currency: string;
  /** A picture of the product: a file of public/, by its path on the site ("/images/mug.svg"). */
  image?: string;
  /** Whether the product is sent by post (the checkout asks for no address while none is). */
  shippable: boolean;
  /** Stripe Tax's product tax code (`txcd_…`); absent: the account's default. */
  taxCode?: string;
  /** Whether unitAmount includes tax (`inclusive`) or tax is added (`exclusive`, the default). */
  taxBehavior?: 'exclusive' | 'inclusive';
}

/** What a product id may look like (in the catalog and in a request). */
export const PRODUCT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** A product's name and description in a language: its own translation, else the default. */
export function productText(
  product: Product,
  language: Language,
): { name: string; description: string } {
  const own = product.locales?.[language];
  return { name: own?.name ?? product.name, description: own?.description ?? product.description };
}

/**
 * How the shop prices a product for tax: `exclusive` (tax added) unless it says `inclusive`. Both
 * payment modes send it to Stripe, so Stripe never falls back on the account's default, which
 * could put the tax inside a price the shop's own page adds it to.
 */
export const taxBehaviorOf = (product: Pick<Product, 'taxBehavior'>): 'exclusive' | 'inclusive' =>
  product.taxBehavior ?? 'exclusive';

/** Looks a product up by id; undefined when the catalog has no such product. */
export function findProduct(
  id: string,
  products: readonly Product[] = PRODUCTS,
): Product | undefined {
  return products.find((product) => product.id === id);
}
