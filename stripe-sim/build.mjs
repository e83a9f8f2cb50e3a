// Bundles the simulator Worker into one ES module with plain esbuild (no wrangler), so that other
// test suites can run it in Miniflare as an auxiliary worker, with bindings SIM (Durable Object
// class StripeSimulator) and the WEBHOOK_* vars. The simulated Stripe.js (public/) is not part of it.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Builds stripe-sim/src/index.ts into `outfile`.
 * @param {string} outfile path of the bundle to write
 * @returns {Promise<string>} outfile
 */
export async function buildStripeSim(outfile) {
  await build({
    entryPoints: [fileURLToPath(new URL('./src/index.ts', import.meta.url))],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  return outfile;
}
