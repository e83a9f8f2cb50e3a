/**
 * The Checkout Session of an order (CHECKOUT_UI=hosted): what Stripe's hosted page shows and
 * charges, built from the order the ledger opened at the server's prices. Pure, and the same for
 * every request of one attempt (the expiry and the basis are the ledger's), so that a repeated
 * create under the same idempotency key replays Stripe's first Session instead of being refused
 * as a different one.
 */
import type Stripe from 'stripe';
import * as v from 'valibot';
import { findProduct, taxBehaviorOf } from '../catalog';
import { LANGUAGES, type Language } from '../i18n';
import { SHOP } from '../identity';
import type { Order } from '../ledger';
import { lineName, lineTextIn, linesOf, linesText } from '../ledger/lines';
import { rateAmount, rateName, SHIPPING } from '../shipping';
import { SHIPPING_TAX_CODE } from '../tax/calculate';

/** How long a Session stays open: Stripe's shortest (30 minutes), so a cart's price is fresh. */
const SESSION_MINUTES = 30;
/** Added to the shortest, so that a create retried within the request is still 30 minutes ahead. */
const SESSION_SLACK_SECONDS = 60;

/** The expiry of a Session made now (unix s): Stripe's shortest, and the slack. */
export const sessionExpiry = (now: number): number =>
  now + SESSION_MINUTES * 60 + SESSION_SLACK_SECONDS;

/**
 * The idempotency key of the expire that ends an order's attempt for a new one (./linked.ts): its
 * `checkout.session.expired` event carries it (the event's `request`), so the webhook leaves the
 * order to that click rather than cancel it.
 */
export const replacementExpireKey = (order: Pick<Order, 'checkout_id' | 'attempt'>): string =>
  `${order.checkout_id}/session/${order.attempt}/expire`;

/**
 * The idempotency key of the expire that ends an attempt's Session found open past its expiry by
 * the Worker's clock (./linked.ts): not replacementExpireKey, so that the webhook records its
 * `checkout.session.expired` as the checkout's end (canceled), not leave it to a new attempt.
 */
export const endExpireKey = (order: Pick<Order, 'checkout_id' | 'attempt'>): string =>
  `${order.checkout_id}/session/${order.attempt}/end`;

/**
 * What a Session is made from besides its order and the shop's configuration: the request's,
 * fixed by the first click of an attempt (the ledger's `session_basis`, migrations/0021), so that
 * a click from a page in another language, or another shop origin, sends the same parameters.
 */
export interface SessionBasis {
  /** The customer's language, for Stripe's page and the products and rates it lists. */
  language: Language;
  /** The country a shippable cart goes to (it prices the shipping options); null: nothing to send. */
  shipTo: string | null;
  /** The shop's origin (https://shop.example): where Stripe sends the customer back. */
  origin: string;
  /** The language tag a link chose, which the way back keeps (src/i18n, keepingLanguage). */
  linkLanguage: string | null;
}

const StoredBasis = v.object({
  attempt: v.number(),
  language: v.picklist(LANGUAGES),
  shipTo: v.nullable(v.string()),
  origin: v.string(),
  // Absent in a basis fixed before links kept their language.
  linkLanguage: v.optional(v.nullable(v.string()), null),
});

/** The basis the order's current attempt fixed, or null when it has none yet. */
export function basisOf(order: Pick<Order, 'attempt' | 'session_basis'>): SessionBasis | null {
  if (order.session_basis === null) return null;
  const stored = v.safeParse(StoredBasis, JSON.parse(order.session_basis));
  if (!stored.success || stored.output.attempt !== order.attempt) return null;
  const { language, shipTo, origin, linkLanguage } = stored.output;
  return { language, shipTo, origin, linkLanguage };
}

/**
 * Whether a click of the order's current attempt may have sent its create: it fixes the
 * attempt's basis first (an order without one, from before migrations/0021, is taken to have).
 * Until one has, the attempt's expiry is not yet its Session's (see chooseSessionExpiry).
 */
export function attemptMayHaveSession(order: Pick<Order, 'attempt' | 'session_basis'>): boolean {
  if (order.session_basis === null) return true;
  return (JSON.parse(order.session_basis) as { attempt?: unknown }).attempt === order.attempt;
}

/** What a Session is made from. */
interface SessionInput {
  order: Order;
  basis: SessionBasis;
  /** `stripe`: Stripe Tax on the hosted page (automatic_tax). */
  tax: 'stripe' | 'none';
}

/** Stripe's longest description and metadata value (characters). */
const DESCRIPTION_MAX = 1000;
const METADATA_VALUE_MAX = 500;

/** The order's lines at the catalog's prices, as Stripe's `price_data` (no saved Prices needed). */
function lineItems(
  order: Order,
  language: Language,
): Stripe.Checkout.SessionCreateParams.LineItem[] {
  return linesOf(order).map((line) => {
    const product = findProduct(line.product);
    // Stripe's page is in the customer's language (`locale`): so are the products it lists.
    const { name, description } = lineTextIn(line, language);
    return {
      quantity: line.quantity,
      price_data: {
        currency: order.currency,
        unit_amount: line.unit_amount,
        // Always said, as the own page's calculation says it: left out, Stripe Tax takes the
        // account's default, or refuses the Session when there is none.
        tax_behavior: taxBehaviorOf(product ?? {}),
        product_data: {
          name,
          ...(description && { description }),
          ...(product?.taxCode && { tax_code: product.taxCode }),
          metadata: { product: line.product },
        },
      },
    };
  });
}

/** The shop's rates to one country, for goods worth `goods` (before any code on Stripe's page). */
function shippingOptions(
  country: string,
  goods: number,
  language: Language,
): Stripe.Checkout.SessionCreateParams.ShippingOption[] {
  return SHIPPING.rates.flatMap((rate) => {
    const amount = rateAmount(rate, country, goods);
    if (amount === null) return [];
    return [
      {
        shipping_rate_data: {
          type: 'fixed_amount' as const,
          display_name: rateName(rate.id, language),
          fixed_amount: { amount, currency: SHIPPING.currency },
          tax_code: rate.taxCode ?? SHIPPING_TAX_CODE,
          // Added on top, as the own page's calculation taxes shipping (src/tax/calculate.ts).
          tax_behavior: 'exclusive' as const,
          // The shop's own name travels with it: the order keeps it, whatever the page showed.
          metadata: { rate: rate.id, name: rate.name },
        },
      },
    ];
  });
}

/** The success URL's query: Stripe fills in the Session's id; the token proves the receipt. */
const successQuery = (order: Order): string =>
  `session_id={CHECKOUT_SESSION_ID}${
    order.receipt_token ? `&receipt_token=${order.receipt_token}` : ''
  }`;

/** The Session's parameters for an order whose expiry the ledger holds. */
export function sessionParams(input: SessionInput): Stripe.Checkout.SessionCreateParams {
  const { order } = input;
  const { origin, shipTo, language, linkLanguage } = input.basis;
  // Concatenated: a URL's searchParams would encode Stripe's {CHECKOUT_SESSION_ID} placeholder.
  const lang = linkLanguage ? `lang=${encodeURIComponent(linkLanguage)}` : '';
  const lines = linesOf(order);
  const metadata = {
    checkout_id: order.checkout_id,
    order_id: order.id,
    items: linesText(lines, (line) => line.product, METADATA_VALUE_MAX),
  };
  const subtotal = lines.reduce((sum, line) => sum + line.unit_amount * line.quantity, 0);
  return {
    mode: 'payment',
    line_items: lineItems(order, language),
    // Stripe's page takes Stripe's promotion codes, and redeems them at Stripe.
    allow_promotion_codes: true,
    ...(shipTo && {
      shipping_address_collection: {
        allowed_countries: [
          shipTo as Stripe.Checkout.SessionCreateParams.ShippingAddressCollection.AllowedCountry,
        ],
      },
      shipping_options: shippingOptions(shipTo, subtotal, language),
    }),
    // A cart with nothing to ship has no tax on our own page (no address is asked there either,
    // docs/shipping-and-tax.md): Stripe's page would ask a billing address and add tax.
    ...(input.tax === 'stripe' && shipTo && { automatic_tax: { enabled: true } }),
    ...(order.email && { customer_email: order.email }),
    client_reference_id: order.id,
    locale: language,
    metadata,
    payment_intent_data: {
      description: linesText(lines, lineName, DESCRIPTION_MAX),
      // Not the checkout_id: the PaymentIntent's amount is the Session's total (codes, shipping and
      // tax chosen on Stripe's page), linked to the order when the Session completes.
      metadata: { order_id: order.id },
      ...(SHOP.receiptEmails.stripe && order.email && { receipt_email: order.email }),
    },
    // The order's receipt token proves the payer, not the Session's id: a click of anyone who
    // knows the checkout and its cart is answered the Session's address, id included.
    success_url: `${origin}/thank-you?${successQuery(order)}${lang && `&${lang}`}`,
    cancel_url: `${origin}/${lang && `?${lang}`}`,
    expires_at: order.checkout_session_expires_at!,
  };
}
