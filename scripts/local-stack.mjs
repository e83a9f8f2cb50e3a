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
import { stripVTControlCharacters } from 'node:util';
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

/**
 * Polls `url` until it answers (any HTTP status), or fails after `timeoutMs`, or as soon as
 * `exited` settles (the server behind `url` is gone: waiting longer cannot help). With `listening`,
 * it polls only once that says the server bound `url` itself: before, an answer there can come
 * from another process that took the port first (the server then exits, `exited` settles).
 * @param {string} url
 * @param {number} [timeoutMs]
 * @param {Promise<string>} [exited] resolves with why the server stopped, if it does
 * @param {() => boolean} [listening] whether the server said it listens on `url`
 */
export async function waitFor(url, timeoutMs = 60_000, exited, listening = () => true) {
  const deadline = Date.now() + timeoutMs;
  let gone;
  exited?.then((why) => (gone = why));
  for (;;) {
    if (gone) throw new ServerExited(`${url} did not answer: ${gone}`);
    if (listening()) {
      try {
        await fetch(url);
        return;
      } catch {
        // not answering yet
      }
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A server that stopped before it answered (a port taken in between, say): worth one retry. */
class ServerExited extends Error {}

/** The last lines a server printed, kept to say why it failed to start. */
const TAIL_LINES = 40;

/**
 * `npx wrangler dev …` on `url` (a loopback origin), in its own process group, its output passed
 * to `log` and its last lines kept.
 * @param {string} url the origin it serves: `http://127.0.0.1:PORT`
 * @param {string[]} args more `wrangler dev` arguments (`-c` its config, ...)
 * @param {(chunk: string) => void} [log]
 * @returns {{ child: import('node:child_process').ChildProcess, tail: string[],
 *   exited: Promise<string>, listening: () => boolean }} exited: resolves with the exit code or
 *   signal, if it ever stops; listening: whether it printed that it is ready on `url`
 */
export function wranglerDev(url, args, log) {
  const { hostname, port } = new URL(url);
  const dev = ['dev', '--ip', hostname, '--port', port, '--show-interactive-dev-session=false'];
  const child = spawn('npx', ['wrangler', ...dev, ...args], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...OFFLINE },
  });
  const tail = [];
  let ready = false;
  let recent = '';
  const keep = (chunk) => {
    log?.(String(chunk));
    tail.push(...String(chunk).split('\n'));
    tail.splice(0, Math.max(0, tail.length - TAIL_LINES));
    // "[wrangler:info] Ready on http://127.0.0.1:PORT", printed once its port is bound; its URL
    // coloured when FORCE_COLOR is set, so without the colours' escape codes.
    recent = (recent + String(chunk)).slice(-500);
    ready ||= stripVTControlCharacters(recent).includes(`Ready on ${url}`);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve(`exited (${signal ?? `code ${code}`})`)),
  );
  return { child, tail, exited, listening: () => ready };
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
 *   pids: { simulator: number, access: number, checkout: number }, stop: () => Promise<void>,
 *   d1: (sql: string) => unknown[] }>} d1: runs SQL on the checkout's local ledger, its rows
 */
export async function startLocalStack(options = {}) {
  const { state, config, removeState } = await prepareState(options);
  try {
    // A free port can be taken by another process before wrangler binds it (the whole suite runs
    // beside it): that server then exits at once, and the stack starts again on new ports, once.
    for (let attempt = 1; ; attempt++) {
      try {
        const stack = await startServers(state, config, options);
        return {
          ...stack,
          d1: (sql) => runD1(state, config, sql),
          stop: async () => {
            await stack.stop();
            removeState();
          },
        };
      } catch (error) {
        if (!(error instanceof ServerExited) || attempt === 2) throw error;
      }
    }
  } catch (error) {
    removeState();
    throw error;
  }
}

/**
 * What the checkout runs from, before any server starts: the page's files built, its wrangler.toml
 * for local servers (the tests' catalog unless `merchantShop`), and a temporary state folder whose
 * local D1 has the migrations applied (`--persist-to` it).
 * @param {{ merchantShop?: boolean }} [options]
 * @returns {Promise<{ state: string, config: string, removeState: () => void }>}
 */
export async function prepareState(options = {}) {
  const state = mkdtempSync(join(tmpdir(), 'edge-checkout-'));
  const removeState = () => rmSync(state, { recursive: true, force: true });
  try {
    await buildClient();
    const config = writeDevConfig({ alias: options.merchantShop ? {} : shopFixtures(root) });
    const migrate = spawnSync(
      'npx',
      ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state],
      { cwd: root, encoding: 'utf8', env: { ...process.env, ...OFFLINE } },
    );
    if (migrate.status !== 0)
      throw new Error(`D1 migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);
    return { state, config, removeState };
  } catch (error) {
    removeState();
    throw error;
  }
}

/**
 * Runs `sql` on the local ledger of `state` (`wrangler d1 execute --local`, beside the running
 * checkout): for a test whose ledger no payment makes quickly (many orders, a checkout's past).
 * @param {string} state
 * @param {string} config
 * @param {string} sql
 * @returns {unknown[]} the last statement's rows
 */
function runD1(state, config, sql) {
  const file = join(state, 'd1-command.sql');
  writeFileSync(file, sql);
  const run = spawnSync(
    'npx',
    [
      'wrangler',
      'd1',
      'execute',
      'DB',
      '--local',
      '--persist-to',
      state,
      '-c',
      config,
      '--json',
    ].concat(['--file', file]),
    { cwd: root, encoding: 'utf8', env: { ...process.env, ...OFFLINE } },
  );
  if (run.status !== 0) throw new Error(`D1 command failed:\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(run.stdout).at(-1)?.results ?? [];
}

/** The simulator's webhook signing secret (not a secret: the simulator's own, local only). */
const WEBHOOK_SECRET = 'whsec_simulated_local_only';

/**
 * The variables and test secrets of the local checkout and simulator, each pointing at the other.
 * @param {{ checkout: string, sim: string, access?: string, vars?: Record<string, string>,
 *   simVars?: Record<string, string>, webhookUrl?: string }} options the servers' origins (no
 *   Access stand-in: /admin is off), and startLocalStack's options of the same names
 * @returns {{ checkout: Record<string, string>, simulator: Record<string, string> }}
 */
export function stackVars({ checkout, sim, access, vars, simVars, webhookUrl }) {
  return {
    checkout: {
      STRIPE_SECRET_KEY: 'sk_test_local_stack',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_local_stack',
      STRIPE_API_BASE: sim,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      ...(access && { ACCESS_TEAM_DOMAIN: access, ACCESS_AUD: LOCAL_ACCESS_AUD }),
      ...vars,
    },
    simulator: {
      WEBHOOK_URLS: webhookUrl ?? `${checkout}/webhook`,
      WEBHOOK_SECRET,
      WEBHOOK_RETRY_BASE_MS: '200',
      ...simVars,
    },
  };
}

/**
 * Writes variables as an env file (`wrangler dev --env-file`) and answers its path.
 * @param {string} path
 * @param {Record<string, string>} vars
 */
export function writeEnvFile(path, vars) {
  writeFileSync(
    path,
    Object.entries(vars)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
  );
  return path;
}

/**
 * How long a server may take to answer: `wrangler dev` bundles and starts workerd, 10 to 30 s on
 * a 2-core machine that is also running the rest of the suite.
 */
const START_TIMEOUT_MS = 90_000;

/** One try of startLocalStack's servers, on new ports, over `state` (D1 already migrated). */
async function startServers(state, config, options) {
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
  // The tests' own settings, whatever the merchant's wrangler.toml says (as the checkout
  // project's TEST_ENV); a stack of the merchant's shop (the bench, screenshots) keeps theirs.
  const pinned = options.merchantShop ? {} : { CHECKOUT_UI: 'elements', TAX_CALCULATION: 'none' };
  const vars = stackVars({
    checkout,
    sim,
    access,
    ...options,
    vars: { ...pinned, ...options.vars },
  });
  const envFile = writeEnvFile(join(state, 'checkout.env'), vars.checkout);

  const servers = [
    wranglerDev(
      sim,
      [
        '-c',
        'stripe-sim/wrangler.toml',
        '--persist-to',
        state,
        ...Object.entries(vars.simulator).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
        '--inspector-port',
        String(inspectorPorts.sim),
      ],
      options.log,
    ),
    wranglerDev(
      access,
      [
        '-c',
        'access-sim/wrangler.toml',
        '--var',
        `ACCESS_AUD:${LOCAL_ACCESS_AUD}`,
        '--inspector-port',
        String(await freePort()),
      ],
      options.log,
    ),
    wranglerDev(
      checkout,
      [
        '-c',
        config,
        '--persist-to',
        state,
        '--env-file',
        envFile,
        '--inspector-port',
        String(inspectorPorts.checkout),
      ],
      options.log,
    ),
  ];
  const children = servers.map((server) => server.child);
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
  };
  const ready = (server, url, name) =>
    waitFor(url, START_TIMEOUT_MS, server.exited, server.listening).catch((error) => {
      // What the server last printed says why (a port in use, a build error, …).
      error.message += `\n--- the ${name}'s last lines ---\n${server.tail.join('\n')}`;
      throw error;
    });
  try {
    await Promise.all([
      ready(servers[0], `${sim}/v3/`, 'simulator'),
      ready(servers[1], `${access}/cdn-cgi/access/certs`, 'Access stand-in'),
      ready(servers[2], `${checkout}/config`, 'checkout'),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  // Each server's root process (npx), for measuring the CPU of its process tree (bench/load.mjs).
  const pids = { simulator: children[0].pid, access: children[1].pid, checkout: children[2].pid };
  return { checkout, sim, access, inspectorPorts, children, pids, stop };
}
