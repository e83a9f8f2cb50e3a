import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The `browser` project: the Checkout page in Debian's Chromium (playwright-core, never a browser
 * download) against the checkout and the Stripe simulator under `wrangler dev` (started once by
 * global-setup.ts, fresh state). Runs in Node, one file at a time: every file shares the servers.
 */
export default defineConfig({
  test: {
    name: 'browser',
    include: ['test/browser/**/*.test.ts'],
    root: fileURLToPath(new URL('../..', import.meta.url)),
    globalSetup: ['test/browser/global-setup.ts'],
    // A flow is a few page loads and payments; generous for a busy 2-core machine running every project.
    testTimeout: 60_000,
    // Starting both servers under wrangler dev (with its build step) takes 10 to 30 s.
    hookTimeout: 120_000,
    fileParallelism: false,
    // Under CI only, a failed flow runs once more (reported as retried, never hidden): a shared,
    // loaded machine once held a receipt's `load` event past 30 s. Locally a failure is final.
    retry: process.env.CI === 'true' ? 1 : 0,
  },
});
