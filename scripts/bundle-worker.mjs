// Bundles a Worker into one ES module with plain esbuild (no wrangler), so that a test suite can
// run it in Miniflare as an auxiliary worker: the Stripe simulator, the Access stand-in.
import { build } from 'esbuild';

/**
 * Builds the Worker whose entry is `entry` into `outfile`.
 * @param {string} entry path of the Worker's main module
 * @param {string} outfile path of the bundle to write
 * @returns {Promise<string>} outfile
 */
export async function bundleWorker(entry, outfile) {
  await build({
    entryPoints: [entry],
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
