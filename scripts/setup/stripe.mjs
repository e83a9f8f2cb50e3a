// @ts-check
// The Stripe client setup uses: stripe-node, against api.stripe.com or the API base it was given
// (the local simulator when rehearsing).
import Stripe from 'stripe';

/**
 * A stripe-node client for the secret key.
 * @param {string} secretKey
 * @param {string | undefined} apiBase an origin such as http://127.0.0.1:12111; Stripe by default
 * @returns {Stripe}
 */
export function createStripe(secretKey, apiBase) {
  const base = apiBase ? new URL(apiBase) : undefined;
  return new Stripe(secretKey, {
    maxNetworkRetries: 2,
    appInfo: { name: 'edge-checkout setup' },
    ...(base && {
      host: base.hostname,
      port: Number(base.port) || (base.protocol === 'https:' ? 443 : 80),
      protocol: base.protocol === 'https:' ? 'https' : 'http',
    }),
  });
}
