import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { negotiate } from '../src/i18n/index.js';
import { SHOP } from '../src/identity/index.js';
import { renderCheckoutPage } from '../src/pages/checkout-page.js';
import { themeCss } from '../src/theme/index.js';
import { BUNDLE_FLOOR_RATIO, PAGE_GZIP_BYTES } from './budgets.mjs';
import { FLOOR_CONFIG, measureBundle, measurePageWeight } from './measure.mjs';

/** The page as the Worker writes it (its own code, the tests' shop), in simulated mode. */
const rendered = {
  page: async (language: string) =>
    renderCheckoutPage(
      await readFile(new URL('../public/index.html', import.meta.url), 'utf8'),
      negotiate(undefined, language),
      'simulated',
      crypto.randomUUID(), // as long as a Worker version's id, which the page's links carry
    ),
  theme: async () => themeCss(SHOP.accent),
};

// The two budgets that do not depend on the machine: sizes of what is built. (Stripe round trips
// are counted by the checkout project, test/integration, against the simulator's request log;
// timings are only reported, by `npm run bench`.)
describe('performance budgets', () => {
  it(`deploys at most ${BUNDLE_FLOOR_RATIO}× the gzip size of Hono + stripe-node making one payment`, async () => {
    // `wrangler deploy --dry-run` of both: the [build] command, minify, stripe-node as published.
    const [bundle, floor] = await Promise.all([
      measureBundle(),
      measureBundle({ config: FLOOR_CONFIG }),
    ]);
    expect(floor.rawBytes).toBeGreaterThan(0);
    const ratio = bundle.gzipBytes / floor.gzipBytes;
    const detail = `Worker ${bundle.gzipKiB.toFixed(2)} KiB, floor ${floor.gzipKiB.toFixed(2)} KiB gzip`;
    expect(ratio, detail).toBeLessThanOrEqual(BUNDLE_FLOOR_RATIO);
  });

  it(`serves the Checkout page in at most ${PAGE_GZIP_BYTES} bytes of first-party HTML, CSS and JS, gzip`, async () => {
    const page = await measurePageWeight(rendered);
    const detail = [
      ...page.files.map((file) => `${file.path} ${file.gzipBytes} B`),
      // What some customers load later, named so that nothing is hidden in a chunk.
      ...page.lazy.map((c) => `with ${c.source} on demand ${c.totalGzipBytes} B`),
    ].join(', ');
    // What only some customers run, or runs only once the customer pays, is a chunk of its own,
    // never in the first load: hosted mode, shipping (with its stylesheet), the promotion code's
    // form (once opened), the payment with the bank's step (3-D Secure, fetched at the first sign
    // of paying) and Turnstile's challenge.
    expect(page.lazy.map((chunk) => chunk.source).sort()).toEqual([
      'client/hosted.ts',
      'client/pay.ts',
      'client/promo.ts',
      'client/shipping.ts',
      'client/turnstile.ts',
    ]);
    expect(page.files.map((file) => file.path)).not.toContain(
      expect.stringMatching(/hosted|shipping|promo|pay|turnstile/),
    );
    expect(page.files.every((file) => file.rawBytes > 0)).toBe(true);
    expect(
      page.totalGzipBytes,
      `page weight ${page.totalGzipBytes} B gzip (${detail})`,
    ).toBeLessThanOrEqual(PAGE_GZIP_BYTES);
  });
});
