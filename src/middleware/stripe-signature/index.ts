/**
 * Verifies a Stripe webhook on its raw body, before anything parses it, with stripe-node's
 * `constructEventAsync` (Web Crypto: the synchronous variant does not run on Workers). The event
 * goes to c.var.stripeEvent. No secret configured: 503, so that Stripe keeps retrying until it
 * is set. A missing, wrong or stale signature: 400, and nothing changes.
 */
import type { MiddlewareHandler } from 'hono';
import type Stripe from 'stripe';
import { readVar } from '../../config';
import { loadStripe } from '../../stripe/client';
import type { AppEnv } from '../../types';

/** Signed events older than this are refused (Stripe's default tolerance). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** Checks `Stripe-Signature` with STRIPE_WEBHOOK_SECRET. */
export function stripeSignature(): MiddlewareHandler<AppEnv> {
  return async function stripeSignature(c, next) {
    const secret = readVar(c.env, 'STRIPE_WEBHOOK_SECRET');
    if (!secret) {
      Object.assign(c.get('log'), {
        problem: 'webhook.refused',
        detail: 'STRIPE_WEBHOOK_SECRET is not set',
      });
      return c.json({ error: { message: 'Webhooks are not configured.' } }, 503);
    }
    const signature = c.req.header('stripe-signature');
    const payload = await c.req.text();
    const StripeClient = await loadStripe();
    let event: Stripe.Event;
    try {
      if (!signature) throw new Error('no Stripe-Signature header');
      event = await StripeClient.webhooks.constructEventAsync(
        payload,
        signature,
        secret,
        SIGNATURE_TOLERANCE_SECONDS,
      );
    } catch (error) {
      Object.assign(c.get('log'), {
        problem: 'webhook.bad_signature',
        error: (error instanceof Error ? error.message : 'invalid').split('\n')[0],
      });
      return c.json({ error: { message: 'Invalid or stale Stripe-Signature.' } }, 400);
    }
    c.set('stripeEvent', event);
    await next();
  };
}
