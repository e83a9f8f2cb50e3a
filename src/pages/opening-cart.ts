/**
 * The cart a Checkout page opens with: the catalog's first product, or the one of `/?product=<id>`,
 * once, with no code and no address, beside the other products of its currency (a checkout kept
 * in the customer's tab replaces it there: client/checkout.ts). Priced by POST /quote's own code
 * (src/cart: the same cart read and quoted), so that the page shows the price the server would
 * answer before any script runs.
 */
import { parseCart } from '../cart';
import { quoteOf } from '../cart/quote';
import { findProduct, MAX_QUANTITY, PRODUCTS, productText, taxBehaviorOf } from '../catalog';
import { isFieldError } from '../checkout/field-error';
import type { Locale } from '../i18n';
import { SHIPPING } from '../shipping';
import type { OpeningCart } from './checkout-page';

/**
 * The opening cart for a reader, with the product a link names (`?product=`). A product the
 * catalog no longer has opens an empty cart that says so (`gone`): never another product's price
 * a click away. `tax`: the Worker's TAX_CALCULATION (src/tax/calculate.ts).
 */
export function openingCart(
  reader: Locale,
  product: string | null,
  tax: 'stripe' | 'none' = 'none',
): OpeningCart {
  const found = product ? findProduct(product) : PRODUCTS[0];
  const first = found ?? PRODUCTS[0]!;
  // "shipping": null as the page sends it: a cart with something to send is priced without it.
  const request = parseCart(
    { items: [{ product: first.id, quantity: 1 }], shipping: null },
    { addressLater: true },
  );
  // A product the catalog's check accepted always prices alone (npm run check).
  if (isFieldError(request)) throw new Error(`the catalog's ${first.id} cannot be priced`);
  const quote = quoteOf(request.cart, null, reader);
  const rows = PRODUCTS.filter((p) => p.currency === first.currency).map((p) => {
    const line = found && quote.lines.find((l) => l.product === p.id);
    return {
      id: p.id,
      ...productText(p, reader.language),
      unitAmount: p.unitAmount,
      ...(p.image ? { image: p.image } : {}),
      quantity: line?.quantity ?? 0,
      subtotal: line?.subtotal ?? 0,
    };
  });
  return {
    currency: quote.currency,
    max: MAX_QUANTITY,
    rows,
    total: found ? quote.total : 0,
    complete: !found || !first.shippable,
    gone: !found,
    countries: SHIPPING.countries,
    taxed: tax === 'stripe',
    inclusive: taxBehaviorOf(first) === 'inclusive',
  };
}
