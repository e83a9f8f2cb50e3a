// stripe-node, lean: the official client with only the API resources this Worker calls.
//
// stripe-node's core imports all ~150 API resources and constructs each one for every client, so
// a Worker that only creates, confirms and retrieves PaymentIntents (and verifies webhooks) ships
// and parses them all: about 15 KiB gzip of its 50 KiB budget. This build keeps stripe-node's own
// code (request signing, retries, errors, webhooks, the fetch HTTP client) and replaces every
// resource module not listed in KEEP by stand-ins that fail loudly if ever used. wrangler.toml
// aliases `stripe` to the result for the deployed Worker, and the test suite runs the checkout
// against the same file, so a resource missing from KEEP fails the tests, not production.
import { build } from 'esbuild';
import { writeOutputs } from './write-atomic.mjs';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The stripe-node resource modules the Worker uses (paths under stripe/esm/resources/). */
export const KEEP = ['PaymentIntents.js'];

/** Where the lean build is written; wrangler.toml's [alias] points here. */
export const LEAN_STRIPE = `${root}.wrangler/stripe-lean/index.js`;

const RESOURCE = /[\\/]node_modules[\\/]stripe[\\/]esm[\\/](?:resources[\\/](.+)|resources|StripeEventNotificationHandler)\.js$/;

/** Replaces an unused module by classes of the same names that throw when used. */
const leanResources = {
  name: 'stripe-lean',
  setup(esbuild) {
    esbuild.onLoad({ filter: RESOURCE }, ({ path }) => {
      const resource = RESOURCE.exec(path)?.[1];
      if (resource && KEEP.includes(`${resource.replaceAll('\\', '/')}.js`)) return undefined;
      const source = readFileSync(path, 'utf8');
      const names = new Set([
        ...[...source.matchAll(/export (?:class|const|function) (\w+)/g)].map((m) => m[1]),
        ...[...source.matchAll(/export \{([^}]*)\}/g)].flatMap((m) => m[1].split(',').map((part) => part.trim().split(/\s+as\s+/).pop()).filter(Boolean)),
      ]);
      const contents = [
        'const unused = (name) => class { constructor() { return new Proxy({}, { get(_, key) {',
        "  if (typeof key === 'symbol' || key === 'then') return undefined;",
        '  throw new Error(`stripe-lean: ${name}.${String(key)} is not bundled; add its module to KEEP in scripts/build-stripe-lean.mjs`);',
        '} }); } };',
        ...[...names].map((name) => `export const ${name} = unused(${JSON.stringify(name)});`),
      ].join('\n');
      return { contents, loader: 'js' };
    });
  },
};

/** Builds the lean stripe-node (ESM, Worker build) into LEAN_STRIPE. */
export async function buildStripeLean() {
  const { outputFiles } = await build({
    write: false,
    absWorkingDir: root,
    stdin: { contents: "export { default, Stripe } from 'stripe';", resolveDir: root, loader: 'js' },
    outfile: LEAN_STRIPE,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    plugins: [leanResources],
    logLevel: 'warning',
  });
  writeOutputs(outputFiles);
  return LEAN_STRIPE;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildStripeLean();
