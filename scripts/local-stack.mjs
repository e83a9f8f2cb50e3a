// Starts the checkout, the Stripe simulator and the Cloudflare Access stand-in with `wrangler dev`
// on free loopback ports, with their own state in a temporary folder: what the browser tests,
// `npm run bench`, `npm run load` and `npm run screenshots` run against. Nothing here is deployed.
// The checkout sells the tests' catalog (test/fixtures/shop/), unless asked for the merchant's
// (src/shop/).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildClient } from './build-client.mjs';
import { shopFixtures } from './shop-fixtures.mjs';
import { writeDevConfig } from './wrangler-dev-config.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Environment for wrangler here: non-interactive, no telemetry, and no fetch of the `Request.cf`
 * placeholder from workers.cloudflare.com (everything local runs offline).
 */
export const OFFLINE = {
  CI: 'true',
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
};

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address();
        server.close(() => resolve(port));
      });
  });
}

/** Polls `url` until it answers (any HTTP status), or fails after `timeoutMs`. */
export async function waitFor(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function wrangler(args, log) {
  const child = spawn('npx', ['wrangler', ...args], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...OFFLINE },
  });
  child.stdout.on('data', (chunk) => log?.(String(chunk)));
  child.stderr.on('data', (chunk) => log?.(String(chunk)));
  return child;
}

/** The AUD tag of the local stack's Access application (not a secret). */
export const LOCAL_ACCESS_AUD = 'edge-checkout-local-stack';

/**
 * Starts the simulator, the Access stand-in and the checkout (simulated mode, /admin behind the
 * stand-in) and waits until they answer.
 * @param {{ log?: (line: string) => void, vars?: Record<string, string>, webhookUrl?: string,
 *   merchantShop?: boolean, simVars?: Record<string, string> }} [options]
 *   log: receives the servers' output; vars: extra checkout variables (TURNSTILE_*, ...);
 *   simVars: extra simulator variables (WEBHOOK_CONCURRENCY, ...);
 *   webhookUrl: where the simulator delivers webhooks, if not the checkout's /webhook (the bench
 *   passes them through a relay it can hold); merchantShop: the shop as the merchant edited it
 *   (src/shop/) instead of the tests' fixtures.
 * @returns {Promise<{ checkout: string, sim: string, access: string,
 *   inspectorPorts: { checkout: number, sim: number },
 *   children: import('node:child_process').ChildProcess[],
 *   pids: { simulator: number, access: number, checkout: number }, stop: () => Promise<void> }>}
 */
export async function startLocalStack(options = {}) {
  const state = mkdtempSync(join(tmpdir(), 'edge-checkout-'));
  const [checkoutPort, simPort, accessPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  // The DevTools inspector of each Worker (the bench profiles the checkout's isolate through it).
  const inspectorPorts = { checkout: await freePort(), sim: await freePort() };
  const checkout = `http://127.0.0.1:${checkoutPort}`;
  const sim = `http://127.0.0.1:${simPort}`;
  const access = `http://127.0.0.1:${accessPort}`;
  const webhookSecret = 'whsec_simulated_local_only';
  const envFile = join(state, 'checkout.env');
  const vars = {
    STRIPE_SECRET_KEY: 'sk_test_local_stack',
    STRIPE_PUBLISHABLE_KEY: 'pk_test_local_stack',
    STRIPE_API_BASE: sim,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    ACCESS_TEAM_DOMAIN: access,
    ACCESS_AUD: LOCAL_ACCESS_AUD,
    ...options.vars,
  };
  writeFileSync(
    envFile,
    Object.entries(vars)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
  );

  await buildClient();
  const config = writeDevConfig({ alias: options.merchantShop ? {} : shopFixtures(root) });
  const migrate = spawnSync(
    'npx',
    ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state],
    { cwd: root, encoding: 'utf8', env: { ...process.env, ...OFFLINE } },
  );
  if (migrate.status !== 0)
    throw new Error(`D1 migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);

  const children = [
    wrangler(
      [
        'dev',
        '-c',
        'stripe-sim/wrangler.toml',
        '--ip',
        '127.0.0.1',
        '--port',
        String(simPort),
        '--persist-to',
        state,
        '--var',
        `WEBHOOK_URLS:${options.webhookUrl ?? `${checkout}/webhook`}`,
        '--var',
        `WEBHOOK_SECRET:${webhookSecret}`,
        '--var',
        'WEBHOOK_RETRY_BASE_MS:200',
        ...Object.entries(options.simVars ?? {}).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
        '--show-interactive-dev-session=false',
        '--inspector-port',
        String(inspectorPorts.sim),
      ],
      options.log,
    ),
    wrangler(
      [
        'dev',
        '-c',
        'access-sim/wrangler.toml',
        '--ip',
        '127.0.0.1',
        '--port',
        String(accessPort),
        '--var',
        `ACCESS_AUD:${LOCAL_ACCESS_AUD}`,
        '--show-interactive-dev-session=false',
        '--inspector-port',
        String(await freePort()),
      ],
      options.log,
    ),
    wrangler(
      [
        'dev',
        '-c',
        config,
        '--ip',
        '127.0.0.1',
        '--port',
        String(checkoutPort),
        '--persist-to',
        state,
        '--env-file',
        envFile,
        '--show-interactive-dev-session=false',
        '--inspector-port',
        String(inspectorPorts.checkout),
      ],
      options.log,
    ),
  ];
  const stop = async () => {
    for (const child of children) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await Promise.all(
      children.map((child) =>
        child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined,
      ),
    );
    rmSync(state, { recursive: true, force: true });
  };
  try {
    await Promise.all([
      waitFor(`${sim}/v3/`),
      waitFor(`${access}/cdn-cgi/access/certs`),
      waitFor(`${checkout}/config`),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  // Each server's root process (npx), for measuring the CPU of its process tree (bench/load.mjs).
  const pids = { simulator: children[0].pid, access: children[1].pid, checkout: children[2].pid };
  return { checkout, sim, access, inspectorPorts, children, pids, stop };
}
