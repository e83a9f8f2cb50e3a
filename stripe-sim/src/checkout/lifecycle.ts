import type Stripe from 'stripe';
import type { Simulator } from '../context';
import { invalidRequest } from '../errors';
import { unixNow } from '../ids';
import { cancelPaymentIntent, type PaymentContext } from '../payments';
import type { Store } from '../store';
import { sessionCustomer } from './customer';
import type { StoredSession } from './stored';

/**
 * How a Checkout Session ends: `complete` once its payment succeeds (or, with nothing to pay, once
 * the customer confirms), `expired` when it is expired through the API or its `expires_at` passes.
 * Either happens once, with its event; a PaymentIntent left unfinished by an expired session is
 * canceled so that it can never be charged afterwards.
 */

/** The PaymentIntent of a session, once the customer has tried to pay. */
export const paymentIntentOf = (store: Store, session: Stripe.Checkout.Session) =>
  typeof session.payment_intent === 'string'
    ? store.get('payment_intent', session.payment_intent)
    : undefined;

const paid = (pi: Stripe.PaymentIntent | undefined) =>
  pi?.status === 'succeeded' || pi?.status === 'requires_capture';

/** What the customer entered on the page, kept on the completed session. */
export interface Collected {
  email: string | null;
  phone?: string | null;
  consent?: Stripe.Checkout.Session.Consent | null;
  customFields?: Stripe.Checkout.Session.CustomField[];
}

type CustomerDetails = Stripe.Checkout.Session.CustomerDetails;

/** A session's `customer_details` with `changes` (Stripe's empty details where there were none). */
export function withCustomerDetails(
  current: CustomerDetails | null,
  changes: Partial<CustomerDetails>,
): CustomerDetails {
  return {
    address: null,
    business_name: null,
    email: null,
    individual_name: null,
    name: null,
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
    ...current,
    ...changes,
  };
}

/** The session with what the customer entered on the payment form. */
export function withCollected(session: StoredSession, collected: Collected): StoredSession {
  return {
    ...session,
    customer_details: withCustomerDetails(session.customer_details, {
      email: collected.email,
      ...(collected.phone !== undefined && { phone: collected.phone }),
    }),
    ...(collected.consent !== undefined && { consent: collected.consent }),
    ...(collected.customFields && { custom_fields: collected.customFields }),
  };
}

/** Counts a redemption of the session's coupon and promotion code. */
function redeem(store: Store, session: StoredSession) {
  for (const { coupon, promotion_code: code } of session.discounts ?? []) {
    const found = typeof coupon === 'string' ? store.get('coupon', coupon) : undefined;
    if (found) store.put({ ...found, times_redeemed: found.times_redeemed + 1 });
    const promo = typeof code === 'string' ? store.get('promotion_code', code) : undefined;
    if (promo) store.put({ ...promo, times_redeemed: promo.times_redeemed + 1 });
  }
}

/**
 * Completes a paid session (or one with nothing to pay): `payment_status` is `paid`, or `unpaid`
 * while a manual-capture payment is only authorized; `checkout.session.completed` follows the
 * PaymentIntent's own events.
 */
export function completeSession(
  ctx: PaymentContext,
  session: StoredSession,
  collected?: Collected,
): StoredSession {
  const pi = paymentIntentOf(ctx.store, session);
  const entered = collected ? withCollected(session, collected) : session;
  const details = entered.customer_details;
  const named = withCustomerDetails(details, {
    email: details?.email ?? pi?.receipt_email ?? null,
    name: entered.collected_information?.shipping_details?.name ?? details?.name ?? null,
  });
  const customer = sessionCustomer(ctx, { ...entered, customer_details: named }, pi);
  const completed = ctx.store.put<StoredSession>({
    ...entered,
    customer,
    status: 'complete',
    payment_status:
      session.amount_total === 0
        ? 'no_payment_required'
        : pi?.status === 'succeeded'
          ? 'paid'
          : 'unpaid',
    url: null,
    customer_details: named,
  });
  redeem(ctx.store, completed);
  ctx.events.record('checkout.session.completed', completed, ctx.request);
  return completed;
}

/** Expires an open session, canceling its unfinished PaymentIntent first. */
export function expireSession(ctx: PaymentContext, session: StoredSession): StoredSession {
  const pi = paymentIntentOf(ctx.store, session);
  if (pi && pi.status !== 'canceled' && !paid(pi)) cancelPaymentIntent(ctx, pi, 'expired');
  const expired = ctx.store.put<StoredSession>({ ...session, status: 'expired', url: null });
  ctx.events.record('checkout.session.expired', expired, ctx.request);
  return expired;
}

/** Stripe's refusal to expire a session that is no longer open. */
export const notExpirable = (session: StoredSession) =>
  invalidRequest(
    `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a ` +
      `status of \`${session.status}\`.`,
  );

/**
 * Brings open sessions up to date, as Stripe does on its own: one whose payment succeeded (say,
 * after 3-D Secure, even if the customer never came back) completes; one past its `expires_at`
 * expires. Run before every request and when the alarm fires, so no one ever reads a stale session.
 * Returns the earliest `expires_at` still ahead, for the alarm (which finds nothing to do if that
 * session has completed meanwhile).
 */
export function settleSessions(sim: Simulator): number | null {
  const ctx: PaymentContext = { store: sim.store, events: sim.events, origin: '', request: null };
  const now = unixNow();
  const { sessions, nextExpiry } = sim.store.sessionsToSettle(now);
  for (const session of sessions) {
    const pi = paymentIntentOf(sim.store, session);
    if (paid(pi)) completeSession(ctx, session);
    else if (now >= session.expires_at) expireSession(ctx, session);
  }
  return nextExpiry;
}

/** The Checkout Session a PaymentIntent belongs to, if it was made by one. */
function sessionOfPaymentIntent(store: Store, id: string): StoredSession | undefined {
  return store.findBy('checkout.session', 'payment_intent', id);
}

/** Stripe's refusal to confirm or cancel a Checkout Session's PaymentIntent through the API. */
export function refuseCheckoutOwned(store: Store, pi: Stripe.PaymentIntent, action: string) {
  const session = sessionOfPaymentIntent(store, pi.id);
  if (!session) return;
  const instead =
    action === 'cancel'
      ? 'Expire the Checkout Session instead.'
      : 'The customer pays on the Checkout page.';
  throw invalidRequest(
    `You cannot ${action} this PaymentIntent because it belongs to the Checkout Session ` +
      `${session.id}. ${instead}`,
    { code: 'payment_intent_unexpected_state' },
  );
}
