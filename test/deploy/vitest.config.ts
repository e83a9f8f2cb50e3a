import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The `deploy` project, in Node: `npm run setup` end to end against the Stripe simulator (started
 * once per file with wrangler's unstable_startWorker, on a free port) with wrangler replaced by a
 * recording fake; the setup's pure parts beside their code; the GitHub workflows; `npm run orders`
 * against a ledger of its own.
 */
export default defineConfig({
  test: {
    name: 'deploy',
    include: ['test/deploy/**/*.test.ts', 'scripts/setup/**/*.test.ts'],
    root: fileURLToPath(new URL('../..', import.meta.url)),
    // Starting the simulator under workerd takes a few seconds on a busy machine.
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
