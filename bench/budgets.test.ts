import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assetVersion } from '../src/assets/version.js';
import { negotiate } from '../src/i18n/index.js';
import { SHOP } from '../src/identity/index.js';
import type { Locale } from '../src/i18n/index.js';
import { renderCheckoutPage, type OpeningCart } from '../src/pages/checkout-page.js';
import { themeCss } from '../src/theme/index.js';
import { BUNDLE_FLOOR_RATIO, PAGE_GZIP_BYTES } from './budgets.mjs';
import { FLOOR_CONFIG, measureBundle, measurePageWeight } from './measure.mjs';
import { shopFixtures } from '../scripts/shop-fixtures.mjs';
import { writeDevConfig } from '../scripts/wrangler-dev-config.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// The opening cart is priced by src/cart, whose imports Node's module resolution (this file's type
// check) does not follow: imported by a name that tsc does not read, typed as the page takes it.
const OPENING_CART = '../src/pages/opening-cart.ts';
const { openingCart } = (await import(OPENING_CART)) as {
  openingCart: (reader: Locale, product: string | null) => OpeningCart;
};

/**
 * Worker versions' ids, as the page's links carry them (src/assets/version.ts: 48 random bits in
 * base 36): they move the page by a few bytes of gzip (4,668 to 4,672 B over 40 random ones).
 * Fixed, so that every run measures the same; several, so that the budget holds for any version.
 */
const VERSIONS = [
  'f113d91f-5711-4da7-966e-43eb60a0a9b2',
  '4121d566-b828-472b-a4d7-94eaa6773019',
  'd9b656a0-b3ab-4389-bac3-502842c474da',
  'fdc78cfd-b4b4-4d5b-ab08-145d25b859b0',
  '0bcf0ce0-2702-4783-8340-426b2f45ded5',
  'f5604416-5ab4-4ba6-b1c7-b921b6b4835e',
  '894b1401-e589-4102-be28-8f133fe4662a',
  '72482a65-b832-4a43-8e5d-31a5f8f26e5d',
];

/** The page as a Worker `version` writes it (its own code, the tests' shop), in simulated mode. */
const renderedBy = (version: string) => ({
  page: async (language: string) => {
    const reader = negotiate(undefined, language);
    return renderCheckoutPage(
      await readFile(new URL('../public/index.html', import.meta.url), 'utf8'),
      reader,
      'simulated',
      assetVersion({ CF_VERSION_METADATA: { id: version } }),
      openingCart(reader, null),
    );
  },
  theme: async () => themeCss(SHOP.accent),
});

// The two budgets that do not depend on the machine: sizes of what is built. (Stripe round trips
// are counted by the checkout project, test/integration, against the simulator's request log;
// timings are only reported, by `npm run bench`.)
describe('performance budgets', () => {
  it(`deploys at most ${BUNDLE_FLOOR_RATIO}× the gzip size of Hono + stripe-node making one payment`, async () => {
    // `wrangler deploy --dry-run` of both: minify, stripe-node as published. The checkout with the
    // tests' shop (as every test has it), so that a merchant's longer catalog fails no test:
    // `npm run bench` measures the merchant's own against the same budget.
    const [bundle, floor] = await Promise.all([
      measureBundle({ config: writeDevConfig({ alias: shopFixtures(ROOT) }) }),
      measureBundle({ config: FLOOR_CONFIG }),
    ]);
    expect(floor.rawBytes).toBeGreaterThan(0);
    const ratio = bundle.gzipBytes / floor.gzipBytes;
    const detail = `Worker ${bundle.gzipKiB.toFixed(2)} KiB, floor ${floor.gzipKiB.toFixed(2)} KiB gzip`;
    expect(ratio, detail).toBeLessThanOrEqual(BUNDLE_FLOOR_RATIO);
  });

  it(`serves the Checkout page in at most ${PAGE_GZIP_BYTES} bytes of first-party HTML, CSS and JS, gzip`, async () => {
    // The heaviest of the versions' pages.
    const pages = [];
    for (const version of VERSIONS) pages.push(await measurePageWeight(renderedBy(version)));
    const page = pages.reduce((a, b) => (b.totalGzipBytes > a.totalGzipBytes ? b : a));
    const detail = [
      ...page.files.map((file) => `${file.path} ${file.gzipBytes} B`),
      // What some customers load later, named so that nothing is hidden in a chunk.
      ...page.lazy.map((c) => `with ${c.source} on demand ${c.totalGzipBytes} B`),
    ].join(', ');
    // What only some customers run, or runs only once the customer pays, is a chunk of its own,
    // never in the first load: the cart once touched (the Worker writes its first state), a kept
    // checkout's rows, hosted mode, shipping (with its stylesheet), the promotion code's form
    // (once opened), the payment with the bank's step (3-D Secure, fetched at the first sign of
    // paying) and Turnstile's challenge.
    expect(page.lazy.map((chunk) => chunk.source).sort()).toEqual([
      'client/cart.ts',
      'client/hosted.ts',
      'client/kept.ts',
      'client/pay.ts',
      'client/promo.ts',
      'client/shipping.ts',
      'client/turnstile.ts',
    ]);
    expect(page.files.map((file) => file.path)).not.toContain(
      expect.stringMatching(/cart|kept|hosted|shipping|promo|pay|turnstile/),
    );
    expect(page.files.every((file) => file.rawBytes > 0)).toBe(true);
    expect(
      page.totalGzipBytes,
      `page weight ${page.totalGzipBytes} B gzip (${detail})`,
    ).toBeLessThanOrEqual(PAGE_GZIP_BYTES);
  });
});
