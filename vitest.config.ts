import { defineConfig } from 'vitest/config';

/**
 * Every test suite of the repository, one Vitest project each:
 * - stripe-sim: the Stripe simulator driven by stripe-node (Miniflare);
 * - checkout: the checkout Worker through its fetch handler, with D1 migrations applied and the
 *   simulator as an auxiliary worker (Miniflare); unit tests beside the code in src/;
 * - budgets: bundle size and page weight (Node);
 * - browser: the Checkout page in Chromium against `wrangler dev` (Node);
 * - deploy: `npm run setup` against the simulator, and the GitHub workflows (Node).
 */
export default defineConfig({
  test: {
    projects: [
      'stripe-sim/vitest.config.ts',
      'test/vitest.config.ts',
      'bench/vitest.config.ts',
      'test/browser/vitest.config.ts',
      'test/deploy/vitest.config.ts',
    ],
  },
});
