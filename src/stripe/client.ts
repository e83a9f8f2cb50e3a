/**
 * Stripe access. The client is made per request from the resolved configuration (no work at module
 * load), and stripe-node is imported lazily so that a cold start does not evaluate its resource
 * modules before the first payment needs them.
 */
import type Stripe from 'stripe';
import type { PaymentConfig } from '../config';
import { callStripe, retryPolicy, type StripeCallOutcome } from './call';

export type { Stripe };

/** Loads stripe-node's Worker build (ESM) on first use. */
export async function loadStripe(): Promise<typeof Stripe> {
  return (await import('stripe')).default;
}

/**
 * A stripe-node client for this request. Retries are ours (see `call.ts`), not stripe-node's, so
 * that a lost response is never mistaken for a clean failure.
 */
export async function createStripe(config: PaymentConfig): Promise<Stripe> {
  const StripeClient = await loadStripe();
  return new StripeClient(config.secretKey, {
    httpClient: StripeClient.createFetchHttpClient(),
    maxNetworkRetries: 0,
    timeout: 10_000,
    appInfo: { name: 'edge-checkout', url: 'https://github.com/edge-checkout/edge-checkout' },
    ...(config.endpoint ?? {}),
  });
}

/** A PaymentIntent with its charge (for the card on the receipt), retried like every Stripe call. */
export function retrievePaymentIntent(stripe: Stripe, id: string, env: object): Promise<StripeCallOutcome<Stripe.PaymentIntent>> {
  return callStripe(() => stripe.paymentIntents.retrieve(id, { expand: ['latest_charge'] }), retryPolicy(env));
}
