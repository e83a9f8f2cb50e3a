import { describe, expect, it } from 'vitest';
import { BUNDLE_GZIP_KIB, PAGE_GZIP_BYTES } from './budgets.mjs';
import { measureBundle, measurePageWeight } from './measure.mjs';

// The two budgets that do not depend on the machine: sizes of what is built. (Stripe round trips
// are counted by the checkout project, test/integration, against the simulator's request log;
// timings are only reported, by `npm run bench`.)
describe('performance budgets', () => {
  it(`deploys at most ${BUNDLE_GZIP_KIB} KiB gzip: Hono, stripe-node, the app and its D1 code`, async () => {
    // `wrangler deploy --dry-run`: the [build] command, the [alias] to the lean stripe-node, minify.
    const bundle = await measureBundle();
    expect(bundle.rawBytes).toBeGreaterThan(0);
    expect(bundle.gzipKiB, `Worker bundle is ${bundle.gzipKiB.toFixed(2)} KiB gzip`).toBeLessThanOrEqual(BUNDLE_GZIP_KIB);
  });

  it(`serves the Checkout page in at most ${PAGE_GZIP_BYTES} bytes of first-party HTML, CSS and JS, gzip`, async () => {
    const page = await measurePageWeight();
    const detail = page.files.map((file) => `${file.path} ${file.gzipBytes} B`).join(', ');
    expect(page.files.every((file) => file.rawBytes > 0)).toBe(true);
    expect(page.totalGzipBytes, `page weight ${page.totalGzipBytes} B gzip (${detail})`).toBeLessThanOrEqual(PAGE_GZIP_BYTES);
  });
});
