/**
 * Verifies a Stripe webhook on its raw body, before anything parses it, with stripe-node's
 * `constructEventAsync` (Web Crypto: the synchronous variant does not run on Workers). The event
 * goes to c.var.stripeEvent. No secret configured: 503, so that Stripe keeps retrying until it
 * is set. A missing, wrong or stale signature: 400, and nothing changes.
 *
 * STRIPE_WEBHOOK_SECRET may hold two secrets, comma-separated, while one endpoint replaces another
 * (each signs with its own secret): an event signed with either is accepted.
 */
import type { MiddlewareHandler } from 'hono';
import Stripe from 'stripe';
import { isLoopback, readVar } from '../../config';
import type { AppEnv } from '../../types';
import { requestUrl } from '../request-url';

/** Signed events older than this are refused (Stripe's default tolerance). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * The simulator's signing secret, published in .dev.vars.example and stripe-sim/wrangler.toml:
 * anyone can sign with it, so it is accepted only on a loopback address (local development), never
 * by a deployed Worker (where the Deploy to Cloudflare button may have copied it).
 */
export const PUBLIC_PLACEHOLDER_SECRET = 'whsec_simulated_local_only';

/** The secrets STRIPE_WEBHOOK_SECRET holds for this request, or why there are none. */
function webhookSecrets(env: object, url: URL): { secrets: string[] } | { refused: string } {
  const listed = (readVar(env, 'STRIPE_WEBHOOK_SECRET') ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter(Boolean);
  if (listed.length === 0) return { refused: 'STRIPE_WEBHOOK_SECRET is not set' };
  const secrets = isLoopback(url.hostname)
    ? listed
    : listed.filter((secret) => secret !== PUBLIC_PLACEHOLDER_SECRET);
  if (secrets.length === 0)
    return {
      refused:
        "STRIPE_WEBHOOK_SECRET is the simulator's public placeholder: set the endpoint's own secret",
    };
  return { secrets };
}

/** The event, if any of the secrets verifies the signature; otherwise the first failure. */
async function verify(
  payload: string,
  signature: string,
  secrets: string[],
): Promise<{ event: Stripe.Event } | { error: unknown }> {
  let first: unknown;
  for (const secret of secrets) {
    try {
      return {
        event: await Stripe.webhooks.constructEventAsync(
          payload,
          signature,
          secret,
          SIGNATURE_TOLERANCE_SECONDS,
        ),
      };
    } catch (error) {
      first ??= error;
    }
  }
  return { error: first };
}

/** Checks `Stripe-Signature` with STRIPE_WEBHOOK_SECRET. */
export function stripeSignature(): MiddlewareHandler<AppEnv> {
  return async function stripeSignature(c, next) {
    const configured = webhookSecrets(c.env, requestUrl(c));
    if ('refused' in configured) {
      Object.assign(c.get('log'), { problem: 'webhook.refused', detail: configured.refused });
      return c.json({ error: { message: 'Webhooks are not configured.' } }, 503);
    }
    const signature = c.req.header('stripe-signature');
    const payload = await c.req.text();
    const verified = signature
      ? await verify(payload, signature, configured.secrets)
      : { error: new Error('no Stripe-Signature header') };
    if ('error' in verified) {
      const { error } = verified;
      Object.assign(c.get('log'), {
        problem: 'webhook.bad_signature',
        error: (error instanceof Error ? error.message : 'invalid').split('\n')[0],
      });
      return c.json({ error: { message: 'Invalid or stale Stripe-Signature.' } }, 400);
    }
    c.set('stripeEvent', verified.event);
    await next();
  };
}
