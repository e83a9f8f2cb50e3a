import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The `budgets` project: the checkout's deterministic performance budgets (bundle size and page
 * weight), checked in Node with the same measuring code as `npm run bench` (bench/measure.mjs).
 * Timings are never asserted: they are reported by `npm run bench`, on a shared machine.
 */
export default defineConfig({
  test: {
    name: 'budgets',
    include: ['bench/**/*.test.ts'],
    root: fileURLToPath(new URL('..', import.meta.url)),
    // Each test runs wrangler or esbuild once; wrangler alone takes a few seconds on a busy machine.
    testTimeout: 120_000,
  },
});
