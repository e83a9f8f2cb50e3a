import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The simulator's tests: its Worker is the project's main worker (tests call it through
 * `exports.default.fetch`, with the official stripe-node client on top), and every fetch() it makes
 * (webhook deliveries) goes to a small receiver worker that records them.
 */
export default defineConfig({
  root: here('.'),
  plugins: [
    cloudflareTest({
      main: here('./src/index.ts'),
      wrangler: { configPath: here('./wrangler.toml') },
      miniflare: {
        bindings: {
          WEBHOOK_URLS: 'http://webhooks.test/webhook',
          WEBHOOK_SECRET: 'whsec_test_secret',
          // Retries after 10, 20, 40... ms, so the back-off is exercised without slowing the suite.
          WEBHOOK_RETRY_BASE_MS: '10',
        },
        outboundService: 'webhook-receiver',
        serviceBindings: { RECEIVER: 'webhook-receiver' },
        workers: [
          {
            name: 'webhook-receiver',
            modules: true,
            scriptPath: here('./test/webhook-receiver.js'),
            compatibilityDate: '2026-04-20',
          },
        ],
      },
    }),
  ],
  test: {
    name: 'stripe-sim',
    include: ['test/**/*.test.ts'],
    // Derives the parameter contract from the installed stripe-node (TypeScript compiler API).
    globalSetup: [here('./tools/test-setup.mjs')],
    // One Miniflare (one simulator state) serves every test file: run them one at a time.
    fileParallelism: false,
  },
});
