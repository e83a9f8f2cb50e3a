// The local servers `npm run bench` and `npm run load` measure. The checkout and the simulator come
// from scripts/local-stack.mjs (the same stack the browser tests use); the two baselines of the CPU
// budgets, the bare Hono worker (bench/bare/) and the same-I/O worker (bench/same-io/), are started
// here the same way, each with its inspector port, through which its isolate is profiled.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  freePort,
  LOCAL_ACCESS_AUD,
  OFFLINE,
  waitFor,
  wranglerDev,
} from '../scripts/local-stack.mjs';

/** The repository root (bench/..). */
export const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Starts a Worker with `wrangler dev` on a free loopback port and a free inspector port, in its own
 * process group so that stop() ends wrangler, esbuild and both workerd processes together.
 * @param {{ config: string, readyPath: string, args?: string[], log?: (chunk: string) => void,
 *   cleanup?: () => void }} options config: its wrangler.toml (from the repository root);
 *   readyPath: a path that answers once it runs; args: more `wrangler dev` arguments;
 *   log: receives wrangler's output; cleanup: runs after it stopped.
 * @returns {Promise<{ url: string, inspectorPort: number,
 *   child: import('node:child_process').ChildProcess, stop: () => Promise<void> }>}
 */
async function startWorker({ config, readyPath, args = [], log, cleanup }) {
  const url = `http://127.0.0.1:${await freePort()}`;
  const inspectorPort = await freePort();
  const server = wranglerDev(
    url,
    ['-c', config, '--inspector-port', String(inspectorPort), ...args],
    log,
  );
  const stop = async () => {
    await stopGroup(server.child);
    cleanup?.();
  };
  try {
    await waitFor(`${url}${readyPath}`, 60_000, server.exited, server.listening);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, inspectorPort, child: server.child, stop };
}

/**
 * Starts the bare Hono worker (bench/bare/): GET /hello.
 * @param {{ log?: (chunk: string) => void }} [options]
 */
export function startBareWorker(options = {}) {
  return startWorker({ config: 'bench/bare/wrangler.toml', readyPath: '/hello', log: options.log });
}

/**
 * Starts the same-I/O worker (bench/same-io/) against the simulator at `sim` and the Access
 * stand-in at `access` (the checkout's team, with its application audience), with a D1 database of
 * its own (the checkout's migrations, in a temporary folder removed on stop).
 * @param {{ sim: string, access: string, log?: (chunk: string) => void }} options
 */
export async function startSameIoWorker({ sim, access, log }) {
  const config = 'bench/same-io/wrangler.toml';
  const state = mkdtempSync(join(tmpdir(), 'edge-checkout-same-io-'));
  const cleanup = () => rmSync(state, { recursive: true, force: true });
  const migrate = spawnSync(
    'npx',
    ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', '-c', config, '--persist-to', state],
    { cwd: root, encoding: 'utf8', env: { ...process.env, ...OFFLINE } },
  );
  if (migrate.status !== 0) {
    cleanup();
    throw new Error(`same-I/O worker: D1 migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);
  }
  return startWorker({
    config,
    readyPath: '/',
    args: [
      '--persist-to',
      state,
      '--var',
      'STRIPE_SECRET_KEY:sk_test_bench_same_io',
      '--var',
      `STRIPE_API_BASE:${sim}`,
      '--var',
      `ACCESS_TEAM_DOMAIN:${access}`,
      '--var',
      `ACCESS_AUD:${LOCAL_ACCESS_AUD}`,
    ],
    log,
    cleanup,
  });
}

/**
 * Ends a detached child's whole process group (SIGTERM, then SIGKILL after `graceMs`) and waits for
 * the child to exit. Safe to call twice.
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} [graceMs]
 */
export async function stopGroup(child, graceMs = 5_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      // the group is already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Stops what a script started, in reverse order, when it ends or on Ctrl-C / SIGTERM: the servers
 * run in their own process groups (detached), so they would otherwise outlive it.
 * @returns {{ add: (stop: () => unknown) => void, run: () => Promise<void> }}
 */
export function cleanupOnExit() {
  const stops = [];
  const run = async () => {
    while (stops.length > 0) {
      try {
        await stops.pop()();
      } catch (error) {
        process.stderr.write(`cleanup: ${error instanceof Error ? error.message : error}\n`);
      }
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping the servers…\n`);
      void run().finally(() => process.exit(130));
    });
  }
  return { add: (stop) => stops.push(stop), run };
}
