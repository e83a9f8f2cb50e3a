import type Stripe from 'stripe';
import { invalidRequest } from './errors';

/**
 * The PaymentIntent fields Stripe returns to a publishable key (Stripe.js retrieving or confirming
 * with the client secret): those its API reference marks "retrievable with publishable key"
 * (https://docs.stripe.com/api/payment_intents/object). The others (metadata, customer,
 * latest_charge, amount_received, payment_method_options...) are for the secret key only.
 */
const PUBLISHABLE_FIELDS = [
  'id',
  'object',
  'amount',
  'automatic_payment_methods',
  'canceled_at',
  'cancellation_reason',
  'capture_method',
  'client_secret',
  'confirmation_method',
  'created',
  'currency',
  'description',
  'last_payment_error',
  'livemode',
  'next_action',
  'payment_method',
  'payment_method_types',
  'processing',
  'receipt_email',
  'setup_future_usage',
  'shipping',
  'status',
] as const satisfies readonly (keyof Stripe.PaymentIntent)[];

/** A PaymentIntent as a publishable key sees it. */
type PublishablePaymentIntent = Pick<Stripe.PaymentIntent, (typeof PUBLISHABLE_FIELDS)[number]>;

/** What a publishable key may expand: the payment method, the one expandable field it sees. */
const PUBLISHABLE_EXPANSIONS = new Set(['payment_method']);

/** Refuses `expand[]` of a field a publishable key does not see, as for a field with no object. */
export function checkPublishableExpand(paths: readonly string[] = []): void {
  const refused = paths.find((path) => !PUBLISHABLE_EXPANSIONS.has(path));
  if (refused !== undefined)
    throw invalidRequest(`This property cannot be expanded (${refused}).`, { param: 'expand' });
}

/** The publishable key's subset of a PaymentIntent (already expanded as the request asked). */
export function publishableView(paymentIntent: Stripe.PaymentIntent): PublishablePaymentIntent {
  return Object.fromEntries(
    PUBLISHABLE_FIELDS.map((field) => [field, paymentIntent[field]]),
  ) as PublishablePaymentIntent;
}
