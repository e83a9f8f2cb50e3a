/**
 * The shop's identity: who the customer is paying. The values are the merchant's, in
 * src/shop/identity.ts (imported as `#shop/identity`, which the tests point at their own fixture);
 * every page shows them (src/pages/shell.ts), the theme takes its accent (src/theme), and the
 * receipt says whether an email follows (`promisesEmail`).
 */
// .js: bench/ and the browser tests type-check this file with Node's module resolution.
import { SHOP } from '#shop/identity';
import type { CheckoutUi, Mode } from '../config/index.js';

export { SHOP };

/** Who sends the customer an email once they have paid (see `promisesEmail`). */
export interface ReceiptEmails {
  /**
   * Stripe's receipt: the checkout gives Stripe the customer's email (`receipt_email`), and Stripe
   * sends its receipt for live payments only (never in test mode). Not on Stripe's hosted page
   * (CHECKOUT_UI=hosted), which collects the email itself: there Stripe emails a receipt only if
   * the account's "Successful payments" customer email is on, a setting the Worker cannot read.
   */
  stripe: boolean;
  /** Your own email, sent by your fulfilment code (src/shop/fulfilment.ts), in every mode. */
  shop: boolean;
}

export interface ShopIdentity {
  /** The shop's name: the page title, the header, the receipt. */
  name: string;
  /** The shop's own site, where the header and the receipt lead back to ("/" is this checkout). */
  url: string;
  /**
   * The logo beside the name in the header: a file in public/ (its path from the site's root, such
   * as "/logo.svg") and its size in pixels, so that the page keeps its place while it loads. It is
   * shown 32 px high.
   */
  logo: { src: string; width: number; height: number };
  /** The brand colour, `#rrggbb`: pages use the nearest shade with WCAG AA contrast (src/theme). */
  accent: string;
  /** Where customers write with questions: in every page's footer and on the receipt. */
  supportEmail: string;
  /** Your terms of sale and privacy policy: links in every page's footer. */
  termsUrl: string;
  privacyUrl: string;
  /**
   * The text on the customer's card statement: your Stripe account's statement descriptor
   * (Dashboard → Settings → Public details), shown on the receipt so the charge is recognised.
   * Stripe's rules: 5 to 22 Latin characters, at least one letter, none of < > \ ' " *.
   */
  statementDescriptor: string;
  /** Which receipt emails are really sent; the receipt page promises one only when one is. */
  receiptEmails: ReceiptEmails;
}

/**
 * Whether a paid order's customer will get an email: the shop's own (every mode), or Stripe's
 * receipt, which Stripe sends for live payments with `receipt_email` only (test-mode receipts are
 * never emailed). An order paid on Stripe's hosted page (`form`) had no `receipt_email` (Stripe
 * collected the email) and gets Stripe's receipt only by an account setting the Worker cannot
 * see, so it is not promised.
 */
export function promisesEmail(
  mode: Mode,
  emails: ReceiptEmails = SHOP.receiptEmails,
  form: CheckoutUi = 'elements',
): boolean {
  return emails.shop || (emails.stripe && mode === 'live' && form === 'elements');
}
