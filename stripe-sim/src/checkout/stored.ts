import type Stripe from 'stripe';
import type { CreateParams } from './params';

/**
 * A Checkout Session as the simulator stores it: with its line items (includable, so left out of
 * most answers), the `payment_intent_data` it was created with, kept for the PaymentIntent made
 * when the customer pays, and its `customer_update`, applied when it completes. The Session object
 * has neither field: expand.ts never shows them.
 */
export type StoredSession = Stripe.Checkout.Session & {
  line_items: Stripe.ApiList<Stripe.LineItem>;
  payment_intent_data: CreateParams['payment_intent_data'] | null;
  customer_update?: CreateParams['customer_update'] | null;
};

/**
 * The email Checkout does not let the customer change: `customer_email`, or the email of the
 * `customer` the session was made for, as Stripe prefills it.
 */
export const fixedEmail = (session: StoredSession): string | null =>
  session.customer_email ?? (session.customer ? (session.customer_details?.email ?? null) : null);
