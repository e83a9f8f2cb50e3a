/**
 * Who your customers are paying: edit these and redeploy. Every page shows the name, the logo and
 * the footer's links; the receipt adds the statement descriptor and says whether an email follows.
 * `npm run check` checks this file (a logo in public/, a colour, URLs, Stripe's descriptor rules);
 * the tests use test/fixtures/shop/identity.ts instead, so editing it never breaks them.
 */
// .js: bench/ and the browser tests type-check this file with Node's module resolution.
import type { ShopIdentity } from '../identity/index.js';

export const SHOP: ShopIdentity = {
  name: 'Edge Checkout',
  url: '/',
  // Replace public/logo.svg with your own (any image type; give its size in pixels).
  logo: { src: '/logo.svg', width: 32, height: 32 },
  // Any colour: pages use the nearest shade that stays readable, in light and dark mode.
  accent: '#4f46e5',
  supportEmail: 'support@example.com',
  termsUrl: 'https://example.com/terms',
  privacyUrl: 'https://example.com/privacy',
  // As set in the Stripe Dashboard (Settings → Public details): what the card statement shows.
  statementDescriptor: 'EDGE CHECKOUT',
  // stripe: Stripe emails its receipt for live payments (never in test mode; with
  // CHECKOUT_UI=hosted only if Dashboard → Customer emails → Successful payments is on);
  // shop: your fulfilment code (src/shop/fulfilment.ts) sends its own email. Receipts promise
  // an email only when one of them will really be sent.
  receiptEmails: { stripe: true, shop: false },
};
