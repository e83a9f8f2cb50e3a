import type Stripe from 'stripe';
import type { CreateParams } from './params';

/**
 * A Checkout Session as the simulator stores it: with its line items (includable, so left out of
 * most answers), and the `payment_intent_data` it was created with, kept for the PaymentIntent made
 * when the customer pays. The Session object has no such field: view.ts never shows it.
 */
export type StoredSession = Stripe.Checkout.Session & {
  line_items: Stripe.ApiList<Stripe.LineItem>;
  payment_intent_data: CreateParams['payment_intent_data'] | null;
};
