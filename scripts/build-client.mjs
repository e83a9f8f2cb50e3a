// Builds the Checkout page's script and stylesheets, and the console's (client/admin/), into
// public/, minified: the Checkout page's first-party weight is budgeted (see bench/). Run by
// wrangler ([build] in wrangler.toml) before `wrangler deploy` and a plain `wrangler dev`, by the
// test suite, and (watching) by `npm run dev`. The Checkout page's script is split: what only some
// customers run (hosted mode, the shipping address, the promotion code's form, the payment) is in
// chunks it imports when needed, and a chunk carries its own messages (`messages:<chunk>`), so
// that the page does not send them.
import { build, context } from 'esbuild';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeOutputs } from './write-atomic.mjs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The Checkout page's lazily imported chunks, under public/ (content-hashed names). */
export const CHUNKS_DIR = 'chunks';

/** Stylesheets a chunk loads with it: client/<chunk>.css for client/<chunk>.ts, to public/. */
export const CHUNK_STYLES = ['client/cart.css', 'client/shipping.css'];

/**
 * `import messages from 'messages:<chunk>'`: the messages of one of the page's chunks in every
 * language (src/i18n's chunkMessages), read from the catalogues when the chunk is built.
 * @type {import('esbuild').Plugin}
 */
const chunkMessages = {
  name: 'chunk-messages',
  setup(build) {
    const namespace = 'chunk-messages';
    build.onResolve({ filter: /^messages:/ }, (args) => ({
      path: args.path.slice('messages:'.length),
      namespace,
    }));
    build.onLoad({ filter: /.*/, namespace }, async (args) => {
      const i18n = await build.esbuild.build({
        entryPoints: ['src/i18n/index.ts'],
        absWorkingDir: root,
        bundle: true,
        format: 'esm',
        write: false,
        metafile: true,
        logLevel: 'warning',
      });
      const code = Buffer.from(i18n.outputFiles[0].contents).toString('base64');
      const { chunkMessages } = await import(`data:text/javascript;base64,${code}`);
      const watchFiles = Object.keys(i18n.metafile.inputs).map((input) => join(root, input));
      // Named as the page's script names them (client/messages.ts): script.pay is pay.
      const named = Object.entries(chunkMessages(args.path)).map(([language, messages]) => [
        language,
        Object.fromEntries(
          Object.entries(messages).map(([key, text]) => [key.replace(/^script\./, ''), text]),
        ),
      ]);
      return { contents: JSON.stringify(Object.fromEntries(named)), loader: 'json', watchFiles };
    });
  },
};

/**
 * Property names that only the page's own script uses (what checkout.ts lends its chunks, and the
 * shipping form's views): minified like variables (esbuild's mangleProps, -57 B of checkout.js
 * gzip, -48 B of the payment's chunk), consistently across the page and its chunks, which are
 * built together. Never a name that leaves the script: JSON to or from the shop, the checkout
 * kept in sessionStorage (read by the next deploy's page), Stripe.js's options and events, the
 * DOM's. (`elements`, `quote`, `items`, `shipping`, `shippable` and `products` (GET /config's),
 * `complete` and `form` are lent too, and stay as they are for that reason.)
 */
export const PAGE_PRIVATE_PROPS = [
  ...['stripe', 'saved', 'quoting', 'view', 'requote', 'show', 'setBusy', 'details', 'save'],
  ...['post', 'done', 'receipt', 'say', 'failed', 'load', 'siteKey', 'countries'],
  ...['priced', 'money', 'row', 'el', 'showAddress', 'problem', 'why', 'settle'],
  ...['quoted', 'chunk', 'quoteMs', 'chargeMs', 'version', 'changed', 'promo'],
];

/** @type {import('esbuild').BuildOptions} */
const COMMON = {
  write: false,
  absWorkingDir: root,
  outbase: 'client',
  outdir: 'public',
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  logLevel: 'warning',
};

// Two builds: the page's script alone is split, so that it shares no chunk with the console's.
/** @type {import('esbuild').BuildOptions[]} */
const BUILDS = [
  {
    ...COMMON,
    entryPoints: ['client/checkout.ts'],
    splitting: true,
    chunkNames: `${CHUNKS_DIR}/[name]-[hash]`,
    metafile: true,
    mangleProps: new RegExp(`^(${PAGE_PRIVATE_PROPS.join('|')})$`),
    plugins: [chunkMessages],
  },
  {
    ...COMMON,
    entryPoints: [
      'client/checkout.css',
      ...CHUNK_STYLES,
      'client/receipt.css',
      // The receipt's checks while a payment is being confirmed (its own page, not the Checkout's),
      // and its end of the tab's checkout once a payment is received.
      'client/recheck.ts',
      'client/ended.ts',
      'client/admin/console.ts',
      'client/admin/console.css',
    ],
  },
];

/** Writes a build's outputs, and removes the chunks an earlier build left that it no longer has. */
function written(outputFiles) {
  writeOutputs(outputFiles);
  const dir = join(root, 'public', CHUNKS_DIR);
  const kept = new Set(outputFiles.map((file) => file.path));
  if (!outputFiles.some((file) => file.path.startsWith(dir))) return; // the console's build
  for (const name of readdirSync(dir))
    if (!kept.has(join(dir, name))) rmSync(join(dir, name), { force: true });
}

/**
 * Builds client/checkout.ts (and its chunks), its stylesheets and client/admin/console.* into
 * public/.
 * @returns {Promise<import('esbuild').Metafile>} the Checkout script's metafile: which chunks it
 *   imports at once and which on demand (bench/measure.mjs weighs them)
 */
export async function buildClient() {
  const [page, rest] = await Promise.all(BUILDS.map((options) => build(options)));
  written(page.outputFiles);
  written(rest.outputFiles);
  return page.metafile;
}

/**
 * Builds the client, then again on every change to a file it is built from, until disposed.
 * Resolves once the first build is written. A build that fails is reported by esbuild (logLevel)
 * and leaves public/ as it was.
 * @returns {Promise<{ dispose: () => Promise<unknown> }>} its builds' contexts, disposed together
 */
export async function watchClient() {
  const contexts = await Promise.all(BUILDS.map(watchBuild));
  return { dispose: () => Promise.all(contexts.map((ctx) => ctx.dispose())) };
}

/** One build, watched; resolves once its first build is written. */
async function watchBuild(options) {
  let firstBuild;
  const built = new Promise((resolve) => (firstBuild = resolve));
  const ctx = await context({
    ...options,
    plugins: [
      ...(options.plugins ?? []),
      {
        name: 'write-outputs',
        setup(build) {
          build.onEnd((result) => {
            if (result.errors.length === 0 && result.outputFiles) written(result.outputFiles);
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

// `--metafile=<path>`: the Checkout script's metafile is written there too (bench/measure.mjs).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const metafile = await buildClient();
  const to = process.argv.find((arg) => arg.startsWith('--metafile='))?.slice('--metafile='.length);
  if (to) writeFileSync(to, JSON.stringify(metafile));
}
