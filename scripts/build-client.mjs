// Builds the Checkout page's script and stylesheets, and the console's (client/admin/), into
// public/, minified: the Checkout page's first-party weight is budgeted (see bench/). Run by
// wrangler ([build] in wrangler.toml) before `wrangler deploy` and a plain `wrangler dev`, by the
// test suite, and (watching) by `npm run dev`.
import { build, context } from 'esbuild';
import { writeOutputs } from './write-atomic.mjs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** @type {import('esbuild').BuildOptions} */
const OPTIONS = {
  write: false,
  absWorkingDir: root,
  entryPoints: [
    'client/checkout.ts',
    'client/checkout.css',
    'client/receipt.css',
    'client/admin/console.ts',
    'client/admin/console.css',
  ],
  outbase: 'client',
  outdir: 'public',
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  logLevel: 'warning',
};

/** Builds client/checkout.ts, its stylesheets and client/admin/console.* into public/. */
export async function buildClient() {
  const { outputFiles } = await build(OPTIONS);
  writeOutputs(outputFiles);
}

/**
 * Builds the client, then again on every change to a file it is built from, until disposed.
 * Resolves once the first build is written. A build that fails is reported by esbuild (logLevel)
 * and leaves public/ as it was.
 * @returns {Promise<import('esbuild').BuildContext>}
 */
export async function watchClient() {
  let firstBuild;
  const built = new Promise((resolve) => (firstBuild = resolve));
  const ctx = await context({
    ...OPTIONS,
    plugins: [
      {
        name: 'write-outputs',
        setup(build) {
          build.onEnd((result) => {
            if (result.errors.length === 0 && result.outputFiles) writeOutputs(result.outputFiles);
            firstBuild();
          });
        },
      },
    ],
  });
  await ctx.watch();
  await built;
  return ctx;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildClient();
