import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { shopFixtures } from '../scripts/shop-fixtures.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The `budgets` project: the checkout's deterministic performance budgets (bundle size and page
 * weight), checked in Node with the same measuring code as `npm run bench` (bench/measure.mjs).
 * Timings are never asserted: they are reported by `npm run bench`, on a shared machine. The
 * page is rendered by the Worker's own code for the tests' shop (`#shop/...`: test/fixtures/shop/).
 */
export default defineConfig({
  resolve: {
    alias: Object.entries(shopFixtures(root)).map(([find, path]) => ({
      find,
      replacement: join(root, path),
    })),
  },
  test: {
    name: 'budgets',
    include: ['bench/**/*.test.ts'],
    root,
    // Each test runs wrangler or esbuild once; wrangler alone takes a few seconds on a busy machine.
    testTimeout: 120_000,
  },
});
