/**
 * Stripe's events delivered to the checkout's POST /webhook as Stripe sends them: signed with the
 * endpoint's secret (or another secret, time or signature, to test the refusals).
 */
import Stripe from 'stripe';
import { checkout } from './checkout';
import { TEST_ENV } from './env';

/**
 * Sends an event to /webhook signed as Stripe signs it (or with another secret / time), to the
 * test environment's checkout with `vars` over it.
 */
export async function deliver(
  event: object,
  options: {
    secret?: string;
    timestamp?: number;
    signature?: string | null;
    vars?: Record<string, string>;
  } = {},
): Promise<Response> {
  const payload = JSON.stringify(event);
  const header =
    options.signature === undefined
      ? await Stripe.webhooks.generateTestHeaderStringAsync({
          payload,
          secret: options.secret ?? TEST_ENV.STRIPE_WEBHOOK_SECRET,
          timestamp: options.timestamp,
        })
      : options.signature;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (header !== null) headers['Stripe-Signature'] = header;
  return checkout('/webhook', { method: 'POST', headers, body: payload }, options.vars);
}
