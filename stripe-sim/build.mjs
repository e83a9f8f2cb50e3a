// Bundles the simulator Worker into one ES module with plain esbuild (no wrangler), so that other
// test suites can run it in Miniflare as an auxiliary worker, with bindings SIM (Durable Object
// class StripeSimulator) and the WEBHOOK_* vars. The simulated Stripe.js (public/) is not part of it.
import { fileURLToPath } from 'node:url';
import { bundleWorker } from '../scripts/bundle-worker.mjs';

/**
 * Builds stripe-sim/src/index.ts into `outfile`.
 * @param {string} outfile path of the bundle to write
 * @returns {Promise<string>} outfile
 */
export function buildStripeSim(outfile) {
  return bundleWorker(fileURLToPath(new URL('./src/index.ts', import.meta.url)), outfile);
}
