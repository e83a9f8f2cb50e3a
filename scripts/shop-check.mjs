// @ts-check
// The shop check of every build ([build] in wrangler.toml runs scripts/build.mjs before each
// `wrangler deploy` and `wrangler dev`): setup, `npm run deploy` and the Deploy button's Workers
// Builds never ship a catalog, rates or identity that `npm run check` refuses. The checks are the
// Worker's own (src/catalog/check.ts, src/shipping/check.ts, src/identity/check.ts), compiled by
// esbuild in memory as scripts/setup/source.mjs does: a fraction of a second, no test runner.
// `node scripts/shop-check.mjs [shop folder]` runs it alone (the tests give it a fixture folder).
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { varIn } from './setup/vars.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Imports the checks and one shop folder's files, as `#shop/<name>` names them. */
const ENTRY = `
import { catalogProblems, catalogWarnings } from './src/catalog/check.ts';
import { shippingProblems, stepTaxProblem } from './src/shipping/check.ts';
import { identityProblems } from './src/identity/check.ts';
import { MAX_QUANTITY, PRODUCTS } from '#shop/products';
import { SHIPPING } from '#shop/shipping';
import { SHOP } from '#shop/identity';
export { catalogProblems, catalogWarnings, shippingProblems, stepTaxProblem, identityProblems };
export { MAX_QUANTITY, PRODUCTS, SHIPPING, SHOP };
`;

/**
 * The checks and one shop folder's files, compiled together and imported.
 * @param {string} shopDir the folder of products.ts, shipping.ts and identity.ts
 * @returns {Promise<any>}
 */
export async function loadShop(shopDir) {
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
    plugins: [
      {
        name: 'shop-folder',
        setup(shop) {
          shop.onResolve({ filter: /^#shop\// }, (args) => ({
            path: join(shopDir, `${args.path.slice('#shop/'.length)}.ts`),
          }));
        },
      },
    ],
  });
  const code = result.outputFiles[0]?.text ?? '';
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

/**
 * A file of a shop folder as messages name it: the file actually checked (src/shop/…,
 * test/fixtures/shop/…, or in full outside the repository).
 * @param {string} shopDir
 * @param {string} file
 */
const shopFile = (shopDir, file) => {
  const inRoot = relative(root, join(shopDir, file));
  return inRoot.startsWith('..') || isAbsolute(inRoot) ? join(shopDir, file) : inRoot;
};

/**
 * The problems of a shop, each as `npm run check` words it, after the file it is in (empty when
 * the shop can be deployed).
 * @param {string} shopDir the folder of products.ts, shipping.ts and identity.ts (src/shop)
 * @param {string} publicDir the folder the site's files are served from (public)
 * @param {string} config the wrangler.toml whose TAX_CALCULATION the shop is deployed with
 * @returns {Promise<string[]>}
 */
export async function shopProblems(
  shopDir = join(root, 'src/shop'),
  publicDir = join(root, 'public'),
  config = join(root, 'wrangler.toml'),
) {
  const shop = await loadShop(shopDir);
  /** @param {string} path a path on the site, such as /logo.svg */
  const inPublic = (path) => existsSync(join(publicDir, path));
  /** @type {{ id: string; image?: string }[]} */
  const products = shop.PRODUCTS;
  // As src/shop/shipping.test.ts: Stripe Tax in a currency of steps, which the Worker refuses.
  /** @type {string | null} */
  const tax = shop.stepTaxProblem(
    varIn(readFileSync(config, 'utf8'), 'TAX_CALCULATION'),
    shop.SHIPPING,
  );
  const at = (/** @type {string} */ file, /** @type {string[]} */ problems) =>
    problems.map((problem) => `${shopFile(shopDir, file)}: ${problem}`);
  return [
    ...at('products.ts', shop.catalogProblems(shop.PRODUCTS, shop.MAX_QUANTITY)),
    // As src/shop/products.test.ts: a picture the page would show broken.
    ...at(
      'products.ts',
      products
        .filter(({ image }) => image && !inPublic(image))
        .map(({ id, image }) => `${id}: ${image} is not a file in public/`),
    ),
    ...at('shipping.ts', shop.shippingProblems(shop.SHIPPING, shop.PRODUCTS)),
    ...at('shipping.ts', tax ? [tax] : []),
    ...at('identity.ts', shop.identityProblems(shop.SHOP, inPublic)),
  ];
}

/**
 * What may still fail at payment in a shop that can be deployed, each after its file: a price
 * under Stripe's smallest charge in a currency whose smallest charge Stripe does not list, more
 * products in one currency than a cart holds (catalogWarnings in src/catalog/check.ts).
 * @param {string} shopDir the folder of products.ts (src/shop)
 * @returns {Promise<string[]>}
 */
export async function shopWarnings(shopDir = join(root, 'src/shop')) {
  const shop = await loadShop(shopDir);
  return shop
    .catalogWarnings(shop.PRODUCTS)
    .map((/** @type {string} */ warning) => `${shopFile(shopDir, 'products.ts')}: ${warning}`);
}

/**
 * Prints a shop's problems and ends the process with status 1 when it has any; else prints its
 * warnings, if any, and lets it through.
 * @param {string} [shopDir]
 */
export async function refuseBrokenShop(shopDir) {
  const problems = await shopProblems(shopDir);
  if (problems.length === 0) {
    for (const warning of await shopWarnings(shopDir)) console.error(`Warning: ${warning}`);
    return;
  }
  console.error(
    `This shop cannot be deployed: fix ${problems.length === 1 ? 'this' : 'these'} first ` +
      `(npm run check shows the same).\n${problems.map((problem) => `  ${problem}`).join('\n')}`,
  );
  process.exit(1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await refuseBrokenShop(process.argv[2] && resolve(process.argv[2]));
}
