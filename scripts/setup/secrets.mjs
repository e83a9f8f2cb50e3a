// @ts-check
// Step 5: the Worker's secrets, all in one `wrangler secret bulk`. Cloudflare never shows a
// secret again, so what is already in place is known from the names the Worker has and from the
// fingerprints this machine kept of the values it set (state.mjs).
import { fingerprint } from './state.mjs';

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
