/**
 * GET /config: the public data the Checkout page needs, and nothing else (no secret key, no
 * internal settings). Prices come from the catalog, so the page only displays them; names and
 * descriptions are in the reader's language (the page sends its own as Accept-Language).
 */
import { Hono } from 'hono/tiny';
import { PRODUCTS, MAX_QUANTITY, productText } from '../catalog';
import { readVar, type CheckoutUi, type Mode } from '../config';
import type { Language } from '../i18n';
import { localeOf } from '../middleware/locale';
import { paymentConfig } from '../middleware/payment-config';
import { memo } from '../memo';
import { SHIPPING } from '../shipping';
import type { AppEnv } from '../types';

/**
 * The answer's JSON for one configuration and language: the same for every request that has them,
 * so it is written once per isolate (a dozen or so keys: four languages, one configuration).
 */
const answer = memo(
  16,
  (
    mode: Mode,
    ui: CheckoutUi,
    publishableKey: string,
    stripeJs: string,
    language: Language,
    turnstileSiteKey: string,
  ): string =>
    JSON.stringify({
      mode,
      ui,
      publishableKey,
      stripeJs,
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
    }),
);

export const config = new Hono<AppEnv>().get('/', paymentConfig(), function configHandler(c) {
  const payment = c.get('payment');
  const body = answer(
    payment.mode,
    payment.ui,
    payment.publishableKey,
    payment.stripeJs,
    localeOf(c).language,
    readVar(c.env, 'TURNSTILE_SITE_KEY') ?? '',
  );
  return c.body(body, 200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
});
