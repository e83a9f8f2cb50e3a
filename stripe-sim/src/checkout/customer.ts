import type Stripe from 'stripe';
import { attach, createCustomer, customerChanges, updateCustomer } from '../customers';
import type { PaymentContext } from '../payments';
import type { StoredSession } from './stored';

/**
 * The Customer of a completing Checkout Session, as Stripe's Checkout treats it: the `customer`
 * the session was made for, updated with what the customer entered where `customer_update` says
 * `auto`; or, with `customer_creation=always`, a new Customer made from the details entered, which
 * then owns the session's PaymentIntent and, with `setup_future_usage`, its card. Otherwise
 * (`if_required` in payment mode) the session stays a guest checkout, with no Customer.
 */

type Details = Stripe.Checkout.Session.CustomerDetails | null;

/** An address as the Customers API takes it: the lines given, none of the nulls. */
const addressParam = (address: Stripe.Address): Stripe.AddressParam =>
  Object.fromEntries(
    Object.entries(address).filter(([, value]) => value !== null),
  ) as Stripe.AddressParam;

/** What a completed session's details set on its customer, per `customer_update`. */
function updates(session: StoredSession, details: Details) {
  const wanted = session.customer_update ?? {};
  const shipping = session.collected_information?.shipping_details;
  return {
    ...(wanted.name === 'auto' && details?.name && { name: details.name }),
    ...(wanted.address === 'auto' &&
      details?.address && { address: addressParam(details.address) }),
    ...(wanted.shipping === 'auto' &&
      shipping && { shipping: { name: shipping.name, address: addressParam(shipping.address) } }),
  };
}

/** A new Customer from a session's details, with Stripe's customer.created event. */
function newCustomer(ctx: PaymentContext, details: Details): Stripe.Customer {
  const customer = createCustomer(ctx.store, {
    ...(details?.email && { email: details.email }),
    ...(details?.name && { name: details.name }),
    ...(details?.phone && { phone: details.phone }),
    ...(details?.address && { address: addressParam(details.address) }),
  });
  ctx.events.record('customer.created', customer, ctx.request);
  return customer;
}

/** Gives the paid PaymentIntent its new customer, and the card it saves for future usage. */
function hand(ctx: PaymentContext, pi: Stripe.PaymentIntent | undefined, customer: string) {
  if (!pi) return;
  ctx.store.put({ ...pi, customer });
  const usage = pi.payment_method_options?.card?.setup_future_usage ?? pi.setup_future_usage;
  const method = typeof pi.payment_method === 'string' ? pi.payment_method : undefined;
  const card = method ? ctx.store.get('payment_method', method) : undefined;
  if (usage && usage !== 'none' && card) attach(ctx.store, card, customer);
}

/** The session's customer once it completes (its id), or null for a guest checkout. */
export function sessionCustomer(
  ctx: PaymentContext,
  session: StoredSession,
  pi: Stripe.PaymentIntent | undefined,
): string | null {
  const details = session.customer_details;
  if (typeof session.customer === 'string') {
    const before = ctx.store.get('customer', session.customer);
    if (!before || before.deleted) return session.customer;
    const after = updateCustomer(ctx.store, before, updates(session, details));
    const changes = customerChanges(before, after);
    if (changes) ctx.events.record('customer.updated', after, ctx.request, changes);
    return session.customer;
  }
  if (session.customer_creation !== 'always') return null;
  const customer = newCustomer(ctx, details);
  hand(ctx, pi, customer.id);
  return customer.id;
}
