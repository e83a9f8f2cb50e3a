// The bank's step of a payment (3-D Secure), a chunk of its own: only a payment the bank asks to
// confirm loads it, and a page the customer comes back to from the bank's without paying (its
// message is here, in every language).
import type { Stripe, StripeError } from '@stripe/stripe-js';
export { default as messages } from 'messages:bank';

/**
 * Hands the payment to the bank (Stripe's 3-D Secure page, or its redirect): the PaymentIntent's
 * id once the bank confirmed it, else Stripe's error.
 */
export async function authenticate(
  stripe: Stripe,
  clientSecret: string,
): Promise<string | StripeError> {
  const next = await stripe.handleNextAction({ clientSecret });
  return next.error ?? next.paymentIntent!.id;
}
