/**
 * What a Checkout Session says of its order (CHECKOUT_UI=hosted): the status, its PaymentIntent
 * and card, and what the customer chose and pays on Stripe's page. One mapping serves the
 * webhook's events, the receipt and the sweep, which all read the Session itself from Stripe
 * (`retrieveSession`, with what it needs expanded) rather than trust a payload.
 */
import type Stripe from 'stripe';
import type { Order, PaymentFacts } from '../ledger';
import { linesOf } from '../ledger/lines';
import { shopRateName } from '../shipping';
import type { SessionTotals } from '../ledger/sessions';
import { spreadDiscount } from '../cart/spread';
import { amountStep } from '../money/format.js';
import { callStripe, type StripeBudget, type StripeCallOutcome } from '../stripe/call';
import { factsFromPaymentIntent } from '../stripe/facts';

/** What a Session is retrieved with: its PaymentIntent and card, its code and its rate. */
const SESSION_EXPAND = [
  'payment_intent.latest_charge',
  'discounts.promotion_code',
  'shipping_cost.shipping_rate',
];

/** A Session as `sessionFacts` reads it, retried like every Stripe call. */
export function retrieveSession(
  stripe: Stripe,
  id: string,
  budget: StripeBudget,
): Promise<StripeCallOutcome<Stripe.Checkout.Session>> {
  return callStripe(
    (options) => stripe.checkout.sessions.retrieve(id, { expand: SESSION_EXPAND }, options),
    budget,
  );
}

const objectOf = <T extends { id: string }>(value: string | T | null | undefined): T | null =>
  typeof value === 'object' && value !== null ? value : null;
const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === 'string' ? value : (value?.id ?? null);

/**
 * A Session's tax as the ledger keeps it: what was added on top of the prices, and what was inside
 * them. Stripe's `total_details.amount_tax` is all of it; `amount_subtotal` is the items at their
 * prices (inclusive tax in them), so what the total has beyond the goods and shipping was added.
 */
export function sessionTax(session: Stripe.Checkout.Session): { added: number; included: number } {
  const details = session.total_details;
  const all = details?.amount_tax ?? 0;
  const goods = (session.amount_subtotal ?? 0) - (details?.amount_discount ?? 0);
  const beyond = (session.amount_total ?? 0) - goods - (details?.amount_shipping ?? 0);
  const added = Math.min(Math.max(beyond, 0), all);
  return { added, included: all - added };
}

/** The totals of a completed Session, with the order's lines sharing its discount. */
function totalsOf(order: Order, session: Stripe.Checkout.Session): SessionTotals {
  const details = session.total_details;
  const discount = details?.amount_discount ?? 0;
  const tax = sessionTax(session);
  const lines = linesOf(order);
  const subtotals = lines.map((line) => line.unit_amount * line.quantity);
  // In the currency's steps, as Stripe's amounts are (a KWD line's discount ends in 0).
  const shares = spreadDiscount(subtotals, discount, amountStep(order.currency));
  const [applied] = session.discounts ?? [];
  const code = objectOf(applied?.promotion_code);
  const shipping = session.collected_information?.shipping_details;
  const rate = objectOf(session.shipping_cost?.shipping_rate);
  const rateId = rate?.metadata?.rate ?? rate?.id ?? '';
  const address = shipping?.address;
  return {
    amount: session.amount_total ?? order.amount,
    lines: JSON.stringify(
      lines.map((line, i) => ({
        ...line,
        discount: shares[i]!,
        amount: subtotals[i]! - shares[i]!,
      })),
    ),
    discount,
    promotionCode: code?.code ?? null,
    promotionCodeId: idOf(applied?.promotion_code),
    couponId: idOf(applied?.coupon) ?? idOf(code?.promotion.coupon),
    shipping:
      shipping && address
        ? {
            name: shipping.name,
            address: {
              line1: address.line1 ?? '',
              line2: address.line2 || null,
              city: address.city ?? '',
              state: address.state || null,
              postal_code: address.postal_code || null,
              country: address.country ?? '',
            },
            rate: rateId,
            // The ledger keeps the shop's own name of the rate (Stripe's page shows the reader's).
            rate_name: rate?.metadata?.name ?? shopRateName(rateId) ?? rate?.display_name ?? '',
          }
        : null,
    shippingAmount: details?.amount_shipping ?? 0,
    tax: tax.added,
    taxIncluded: tax.included,
    email: session.customer_details?.email ?? session.customer_email ?? null,
  };
}

/**
 * The ledger's facts from a Session: expired is canceled; complete is what its PaymentIntent says
 * (paid, or pending while an asynchronous method settles, or failed), with its totals; open says
 * nothing yet.
 */
export function sessionFacts(
  order: Order,
  session: Stripe.Checkout.Session,
): { facts: PaymentFacts; totals: SessionTotals | null } {
  if (session.status === 'expired') return { facts: { status: 'canceled' }, totals: null };
  if (session.status !== 'complete') return { facts: {}, totals: null };
  const totals = totalsOf(order, session);
  const pi = objectOf(session.payment_intent);
  if (pi) return { facts: factsFromPaymentIntent(pi), totals };
  // No PaymentIntent: nothing was due (a code took off everything).
  const paid = session.payment_status !== 'unpaid';
  return { facts: paid ? { status: 'paid' } : {}, totals };
}
