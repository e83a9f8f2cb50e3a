/**
 * Stripe refusing a request for the shop's configuration rather than the customer's card: its key
 * (authentication, permission), or parameters the shop's catalog, shipping or tax set-up produce
 * (an invalid_request_error that names no payment method). No retry can change the answer, so the
 * customer is told the shop cannot take the payment (not_configured), and the request's log line
 * tells the merchant what to fix, in the vocabulary of src/middleware/payment-config.
 */
import type Stripe from 'stripe';
import type { LogFields } from '../log';

/** Stripe's messages quote a parameter's whole value (a URL, a list of countries): kept short. */
const DETAIL_MAX = 500;

/** The cause is the customer's payment method (one already used, of another customer...). */
const namesPaymentMethod = (error: Stripe.errors.StripeError): boolean =>
  error.payment_method !== undefined ||
  error.param === 'payment_method' ||
  (error.param?.startsWith('payment_method_data') ?? false);

/** Stripe refused the shop's secret key itself (wrong, revoked or without the permission). */
export const rejectsKey = (error: Stripe.errors.StripeError): boolean =>
  error.type === 'StripeAuthenticationError' || error.type === 'StripePermissionError';

/** The log fields of a refused key: what the merchant must fix, never the key. */
export const KEY_REJECTED: LogFields = {
  problem: 'payments.refused',
  reason: 'misconfigured',
  detail: 'Stripe rejected STRIPE_SECRET_KEY',
};

/**
 * The log fields of a refusal that is the shop's configuration, or null for any other error.
 * `personal`: the request carried the customer's email or address, which Stripe's message may
 * quote (an invalid email is); then the message is left out, and Stripe's request id lets the
 * merchant read it in the Dashboard's logs.
 */
export function configurationRefusal(
  error: Stripe.errors.StripeError,
  personal: boolean,
): LogFields | null {
  if (rejectsKey(error)) return KEY_REJECTED;
  if (error.type !== 'StripeInvalidRequestError' || namesPaymentMethod(error)) return null;
  return {
    problem: 'payments.refused',
    reason: 'misconfigured',
    detail: personal ? undefined : error.message.slice(0, DETAIL_MAX),
    code: error.code ?? null,
    param: error.param ?? null,
    stripe_request_id: error.requestId ?? null,
  };
}
