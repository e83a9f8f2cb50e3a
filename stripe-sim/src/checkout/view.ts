import type Stripe from 'stripe';
import { showCoupon } from '../coupons';
import { showPromotionCode } from '../promotion-codes';
import type { Store } from '../store';
import type { StoredSession } from './stored';
import type { View } from '../views';

/**
 * Checkout Sessions and their line items as responses show them. Stored in full, they leave out
 * Stripe's includable fields unless the request names them in `expand[]` (`line_items`,
 * `total_details.breakdown`, `shipping_cost.taxes`, a line's `discounts` and `taxes`), and replace
 * the ids the request expands with their objects.
 */

/** How many line items an expanded `line_items` holds; the rest are a page away, as at Stripe. */
const INCLUDED_LINES = 10;

const LINE_PATHS = ['discounts', 'taxes', 'price.product'] as const;

/** A line item as shown: `discounts` and `taxes` only when included, the product when expanded. */
function showLine(line: Stripe.LineItem, expanded: ReadonlySet<string>, store: Store) {
  const { discounts, taxes, ...shown } = line;
  const result: Stripe.LineItem = {
    ...shown,
    ...(expanded.has('discounts') && { discounts: discounts ?? [] }),
    ...(expanded.has('taxes') && { taxes: taxes ?? [] }),
  };
  const product = line.price?.product;
  if (expanded.has('price.product') && result.price && typeof product === 'string')
    result.price = { ...result.price, product: store.get('product', product) ?? product };
  return result;
}

/** The line items of GET /v1/checkout/sessions/:id/line_items. */
export const lineItemView: View<Stripe.LineItem> = {
  paths: LINE_PATHS,
  present: showLine,
};

/** Expansions of ids that the simulator never sets on a session (no customers, invoices...). */
const ALWAYS_NULL = ['customer', 'invoice', 'payment_link', 'setup_intent', 'subscription'];

/** `expand[]` paths below the PaymentIntent (`payment_intent.latest_charge`) expand it first. */
export function withParents(paths: readonly string[] = [], prefix = ''): string[] {
  const parent = `${prefix}payment_intent`;
  return paths.some((path) => path.startsWith(`${parent}.`)) && !paths.includes(parent)
    ? [parent, ...paths]
    : [...paths];
}

function present(
  session: StoredSession,
  expanded: ReadonlySet<string>,
  store: Store,
): StoredSession {
  const { line_items: lines, payment_intent_data: _kept, ...rest } = session;
  const shown = structuredClone(rest) as StoredSession;
  // A path inside the line items (line_items.data.taxes) includes them too.
  if ([...expanded].some((path) => path === 'line_items' || path.startsWith('line_items.'))) {
    const own = new Set(
      LINE_PATHS.filter((path) => expanded.has(`line_items.data.${path}`)) as string[],
    );
    shown.line_items = {
      ...lines,
      data: lines.data.slice(0, INCLUDED_LINES).map((line) => showLine(line, own, store)),
      has_more: lines.data.length > INCLUDED_LINES,
    };
  }
  if (shown.total_details && !expanded.has('total_details.breakdown'))
    delete shown.total_details.breakdown;
  if (shown.shipping_cost && !expanded.has('shipping_cost.taxes')) delete shown.shipping_cost.taxes;
  const rate = (id: string | Stripe.ShippingRate) =>
    typeof id === 'string' ? (store.get('shipping_rate', id) ?? id) : id;
  if (shown.shipping_cost && expanded.has('shipping_cost.shipping_rate'))
    shown.shipping_cost.shipping_rate = rate(shown.shipping_cost.shipping_rate ?? '');
  if (expanded.has('shipping_options.shipping_rate'))
    shown.shipping_options = shown.shipping_options.map((option) => ({
      ...option,
      shipping_rate: rate(option.shipping_rate),
    }));
  if (expanded.has('payment_intent') && typeof shown.payment_intent === 'string')
    shown.payment_intent =
      store.get('payment_intent', shown.payment_intent) ?? shown.payment_intent;
  shown.discounts = (shown.discounts ?? []).map(({ coupon, promotion_code: code }) => {
    // A coupon deleted since keeps its id, as at Stripe.
    const fullCoupon =
      expanded.has('discounts.coupon') && typeof coupon === 'string'
        ? store.get('coupon', coupon)
        : undefined;
    const fullCode =
      expanded.has('discounts.promotion_code') && typeof code === 'string'
        ? store.get('promotion_code', code)
        : undefined;
    return {
      coupon: fullCoupon ? showCoupon(fullCoupon) : coupon,
      promotion_code: fullCode ? showPromotionCode(fullCode) : code,
    };
  });
  return shown;
}

/** The view of Checkout Sessions in responses and events (views.ts). */
export const sessionView: View<StoredSession> = {
  paths: [
    'line_items',
    ...LINE_PATHS.map((path) => `line_items.data.${path}`),
    'total_details.breakdown',
    'shipping_cost.taxes',
    'shipping_cost.shipping_rate',
    'shipping_options.shipping_rate',
    'payment_intent',
    'discounts.coupon',
    'discounts.promotion_code',
    ...ALWAYS_NULL,
  ],
  present,
};

/** A session as events carry it: nothing included, nothing expanded. */
export const eventSession = (store: Store, session: StoredSession): Stripe.Checkout.Session =>
  present(session, new Set(), store);
