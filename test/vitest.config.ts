import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { buildClient } from '../scripts/build-client.mjs';
import { bundleWorker } from '../scripts/bundle-worker.mjs';
import { shopFixtures } from '../scripts/shop-fixtures.mjs';
import { buildStripeSim } from '../stripe-sim/build.mjs';
import { ACCESS_TEST_AUD } from './support/access-env.ts';
import { OUTBOUND_WORKER } from './support/outbound.mjs';
import { SIM_WEBHOOK, TEST_ENV, TEST_RATE_LIMITS } from './support/env.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * The variables of a developer's .dev.vars (`npm run dev` writes one from .dev.vars.example),
 * which wrangler loads beside wrangler.toml into the tests' Worker too: each, blank (unset for
 * the Worker, src/config readVar), so that `npm test` after `npm run dev` runs as on a clean
 * clone (with /admin's Access off unless a test turns it on). TEST_ENV's own are set over them.
 */
async function blankDevVars(): Promise<Record<string, string>> {
  const text = await readFile(join(root, '.dev.vars'), 'utf8').catch(() => '');
  const names = text.match(/^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*(?=\s*=)/gm) ?? [];
  return Object.fromEntries(names.map((name) => [name.replace(/^\s*(?:export\s+)?/, ''), '']));
}

/**
 * The checkout project: the Worker through its fetch handler (src/index.ts), D1 with the migrations
 * applied (setup.ts), and three auxiliary workers:
 * - stripe-sim: the Stripe simulator, bundled from stripe-sim/src; its webhook deliveries are routed
 *   back to the checkout (outboundService → this project's runner worker);
 * - access-sim: the local Cloudflare Access stand-in (access-sim/), the team of /admin's tokens;
 * - outbound: every fetch() the checkout makes goes through it; the simulator's and the Access
 *   stand-in's addresses reach them, anything else is recorded and fails the test
 *   (see support/outbound.mjs).
 * Static assets are not served inside the test pool, so ASSETS is a small stand-in that reads public/.
 * The shop's own files (`#shop/...`: the catalog) are the tests' fixtures (scripts/shop-fixtures.mjs).
 */
export default defineConfig(async () => {
  await buildClient();
  const simScript = await buildStripeSim(join(root, '.wrangler/test/stripe-sim.js'));
  const accessScript = await bundleWorker(
    join(root, 'access-sim/src/index.ts'),
    join(root, '.wrangler/test/access-sim.js'),
  );
  const migrations = await readD1Migrations(join(root, 'migrations'));
  return {
    resolve: {
      alias: Object.entries(shopFixtures(root)).map(([find, path]) => ({
        find,
        replacement: join(root, path),
      })),
    },
    plugins: [
      cloudflareTest({
        main: join(root, 'src/index.ts'),
        wrangler: { configPath: join(root, 'wrangler.toml') },
        miniflare: {
          bindings: { ...(await blankDevVars()), ...TEST_ENV, TEST_MIGRATIONS: migrations },
          ratelimits: Object.fromEntries(
            Object.entries(TEST_RATE_LIMITS).map(([name, limit]) => [
              name,
              { simple: { limit, period: 60 as const } },
            ]),
          ),
          outboundService: 'outbound',
          serviceBindings: {
            STRIPE_SIM: 'stripe-sim',
            ACCESS_SIM: 'access-sim',
            OUTBOUND: 'outbound',
            async ASSETS(request: Request) {
              const { pathname } = new URL(request.url);
              // As Workers static assets do, a folder's index.html is served at its path with a `/`.
              const file = pathname.endsWith('/') ? `${pathname}index.html` : pathname;
              try {
                const body = await readFile(join(root, 'public', file));
                return new Response(body, {
                  headers: { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' },
                });
              } catch {
                return new Response('Not found', { status: 404 });
              }
            },
          },
          workers: [
            {
              name: 'stripe-sim',
              modules: true,
              scriptPath: simScript,
              compatibilityDate: '2026-04-20',
              durableObjects: { SIM: { className: 'StripeSimulator', useSQLite: true } },
              bindings: {
                WEBHOOK_URLS: SIM_WEBHOOK.url,
                WEBHOOK_SECRET: SIM_WEBHOOK.secret,
                WEBHOOK_RETRY_BASE_MS: '20',
              },
              outboundService: 'vitest-pool-workers-runner-checkout',
            },
            {
              name: 'access-sim',
              modules: true,
              scriptPath: accessScript,
              compatibilityDate: '2026-04-20',
              bindings: { ACCESS_AUD: ACCESS_TEST_AUD },
            },
            {
              name: 'outbound',
              modules: true,
              script: OUTBOUND_WORKER,
              compatibilityDate: '2026-04-20',
              serviceBindings: { SIM: 'stripe-sim', ACCESS: 'access-sim' },
            },
          ],
        },
      }),
    ],
    test: {
      name: 'checkout',
      include: ['test/integration/**/*.test.ts', 'src/**/*.test.ts'],
      // The merchant's files are checked in Node by the `shop` project (vitest.config.ts).
      exclude: ['src/shop/**'],
      root,
      setupFiles: ['./test/support/setup.ts'],
      // One simulator and one database serve every file: run files one at a time.
      fileParallelism: false,
      testTimeout: 30_000,
      // expect.poll waits for work the Worker finishes after answering (waitUntil): generous, as the
      // machine may be busy; a poll that passes returns at once.
      expect: { poll: { timeout: 5_000 } },
    },
  };
});
