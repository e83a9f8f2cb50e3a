// Builds the Checkout page's script and stylesheet (client/) into public/, minified: the page's
// first-party weight is budgeted (see bench/). Run by wrangler ([build] in wrangler.toml) before
// `wrangler dev` and `wrangler deploy`, and by the test suite.
import { build } from 'esbuild';
import { writeOutputs } from './write-atomic.mjs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds client/checkout.ts and client/checkout.css into public/. */
export async function buildClient() {
  const { outputFiles } = await build({
    write: false,
    absWorkingDir: root,
    entryPoints: ['client/checkout.ts', 'client/checkout.css', 'client/receipt.css'],
    outdir: 'public',
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    logLevel: 'warning',
  });
  writeOutputs(outputFiles);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildClient();
