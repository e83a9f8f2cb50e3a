// @ts-check
// Step 5: the Worker's secrets, all in one `wrangler secret bulk`. Cloudflare never shows a
// secret again, so what is already in place is known from the names the Worker has and from the
// fingerprints this machine kept of the values it set (state.mjs).
import { fingerprint } from './state.mjs';

/**
 * The secrets the Worker should have.
 * @param {object} input
 * @param {{ secretKey: string, publishableKey: string } | undefined} input.keys none with --webhook-only
 * @param {string | undefined} input.webhookSecret the endpoint's, when this run knows it
 * @param {string | undefined} input.apiBase the API setup checked the keys against (Stripe if none)
 * @param {boolean} input.simulated that API is a local simulator, which a deployed Worker refuses
 * @param {string[]} input.existing names of the Worker's secrets
 * @returns {Record<string, string>}
 */
export function desiredSecrets({ keys, webhookSecret, apiBase, simulated, existing }) {
  /** @type {Record<string, string>} */
  const desired = keys
    ? { STRIPE_SECRET_KEY: keys.secretKey, STRIPE_PUBLISHABLE_KEY: keys.publishableKey }
    : {};
  if (webhookSecret) desired.STRIPE_WEBHOOK_SECRET = webhookSecret;
  // The Worker calls the API whose answers setup checked; a STRIPE_API_BASE already there (the
  // Deploy button copies the simulator's from .dev.vars.example) is pointed at Stripe.
  if (apiBase && !simulated) desired.STRIPE_API_BASE = apiBase;
  else if (!apiBase && existing.includes('STRIPE_API_BASE'))
    desired.STRIPE_API_BASE = 'https://api.stripe.com';
  return desired;
}

/**
 * The secrets that must be written: those the Worker lacks, and those whose value differs from
 * what this machine last gave it (or that it never gave it).
 * @param {Record<string, string>} desired
 * @param {string[]} existing names of the Worker's secrets
 * @param {Record<string, string>} fingerprints of the values last set from this machine
 * @returns {Record<string, string>}
 */
export function secretsToWrite(desired, existing, fingerprints) {
  return Object.fromEntries(
    Object.entries(desired).filter(
      ([name, value]) => !existing.includes(name) || fingerprints[name] !== fingerprint(value),
    ),
  );
}
