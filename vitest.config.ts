import { defineConfig } from 'vitest/config';

/**
 * Every test suite of the repository, one Vitest project each:
 * - shop: the merchant's own files (src/shop/: the catalog) are valid (Node; also in `npm run check`);
 * - stripe-sim: the Stripe simulator driven by stripe-node (Miniflare);
 * - checkout: the checkout Worker through its fetch handler, with D1 migrations applied and the
 *   simulator as an auxiliary worker (Miniflare); unit tests beside the code in src/;
 * - budgets: bundle size and page weight (Node);
 * - browser: the Checkout page in Chromium against `wrangler dev` (Node);
 * - deploy: `npm run setup` against the simulator, and the GitHub workflows (Node).
 * Tests never depend on the merchant's files: they use test/fixtures/shop/ instead.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shop', include: ['src/shop/**/*.test.ts'], environment: 'node' } },
      'stripe-sim/vitest.config.ts',
      'test/vitest.config.ts',
      'bench/vitest.config.ts',
      'test/browser/vitest.config.ts',
      'test/deploy/vitest.config.ts',
    ],
  },
});
