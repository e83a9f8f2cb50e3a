/**
 * Stripe access. The client is made on first use from the resolved configuration and then reused
 * by the isolate's later requests, as Stripe advises. stripe-node is imported statically: loaded
 * lazily (import('stripe')), its modules were wrapped for deferred evaluation, which made the
 * bundle 2 KiB gzip larger and start-up no faster (`npm run bench`; docs/performance.md).
 */
import Stripe from 'stripe';
import { STRIPE_TIMEOUT_MS } from '../budget';
import type { PaymentConfig } from '../config';
import { callStripe, type StripeBudget, type StripeCallOutcome } from './call';

export type { Stripe };

/** The isolate's client and the configuration it was made for. */
let current: { config: PaymentConfig; key: string; client: Stripe } | undefined;

/**
 * The stripe-node client for a configuration: made once, reused while the key and endpoint stay
 * the same (a rotated secret gets a new client). It holds no per-request state or I/O, so sharing
 * it between requests is safe. Retries are ours (see `call.ts`), not stripe-node's, so that a lost
 * response is never mistaken for a clean failure.
 */
export async function stripeFor(config: PaymentConfig): Promise<Stripe> {
  // The same configuration object (it is decided once per isolate, see resolvePaymentConfig).
  if (current?.config === config) return current.client;
  const key = JSON.stringify([config.secretKey, config.endpoint ?? null]);
  if (current?.key === key) return (current = { ...current, config }).client;
  const client = new Stripe(config.secretKey, {
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 0,
    // No X-Stripe-Client-Telemetry: stripe-node would keep each call's duration and send it as
    // JSON with the next call, CPU on every payment for Stripe's statistics, not the shop's.
    telemetry: false,
    // Each call passes its own timeout (src/budget.ts); this one is only a backstop.
    timeout: STRIPE_TIMEOUT_MS,
    appInfo: { name: 'edge-checkout', url: 'https://github.com/edge-checkout/edge-checkout' },
    ...(config.endpoint ?? {}),
  });
  current = { config, key, client };
  return client;
}

/** A PaymentIntent with its charge (for the card on the receipt), retried like every Stripe call. */
export function retrievePaymentIntent(
  stripe: Stripe,
  id: string,
  budget: StripeBudget,
): Promise<StripeCallOutcome<Stripe.PaymentIntent>> {
  return callStripe(
    (options) => stripe.paymentIntents.retrieve(id, { expand: ['latest_charge'] }, options),
    budget,
  );
}

/**
 * Creates a refund under an idempotency key, retried like every Stripe write, with its charge
 * expanded: the charge's amount_refunded is then the total refunded, this refund included.
 */
export function createRefund(
  stripe: Stripe,
  params: Stripe.RefundCreateParams,
  idempotencyKey: string,
  budget: StripeBudget,
): Promise<StripeCallOutcome<Stripe.Refund>> {
  return callStripe(
    (options) =>
      stripe.refunds.create({ ...params, expand: ['charge'] }, { idempotencyKey, ...options }),
    budget,
  );
}
