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

/** A PaymentIntent's parameters that the shop decides, not the customer (card, email, address). */
const SHOP_PARAM = /^(amount|currency|description|metadata|return_url|automatic_payment_methods)\b/;

/**
 * A PaymentIntent refused for what the shop sent (a total under Stripe's minimum or over its
 * maximum, a currency the account cannot take): another card cannot change the answer. A refusal
 * of the customer's confirmation token, card, email or address is not one.
 */
export const refusesShopParameter = (error: Stripe.errors.StripeError): boolean =>
  error.type === 'StripeInvalidRequestError' &&
  (error.code === 'amount_too_small' ||
    error.code === 'amount_too_large' ||
    SHOP_PARAM.test(error.param ?? ''));

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
