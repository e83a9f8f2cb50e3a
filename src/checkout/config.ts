/**
 * GET /config: the public data the Checkout page needs, and nothing else (no secret key, no
 * internal settings). Prices come from the catalog, so the page only displays them; names and
 * descriptions are in the reader's language (the page sends its own as Accept-Language).
 */
import { Hono } from 'hono/tiny';
import { PRODUCTS, MAX_QUANTITY, productText } from '../catalog';
import { readVar } from '../config';
import { SHIPPING } from '../shipping';
import { localeOf } from '../middleware/locale';
import { paymentConfig } from '../middleware/payment-config';
import type { AppEnv } from '../types';

export const config = new Hono<AppEnv>().get('/', paymentConfig(), function configHandler(c) {
  const payment = c.get('payment');
  const turnstileSiteKey = readVar(c.env, 'TURNSTILE_SITE_KEY');
  const { language } = localeOf(c);
  c.header('Cache-Control', 'no-store');
  return c.json({
    mode: payment.mode,
    publishableKey: payment.publishableKey,
    stripeJs: payment.stripeJs,
    maxQuantity: MAX_QUANTITY,
    // Where shippable products go: the page's address form offers only these countries.
    shippingCountries: SHIPPING.countries,
    products: PRODUCTS.map((product) => ({
      id: product.id,
      ...productText(product, language),
      unitAmount: product.unitAmount,
      currency: product.currency,
      ...(product.image ? { image: product.image } : {}),
      shippable: product.shippable,
    })),
    // Present only when Cloudflare Turnstile is configured: the page then shows the widget.
    ...(turnstileSiteKey ? { turnstileSiteKey } : {}),
  });
});
