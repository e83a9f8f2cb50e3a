// The stack `npm run load` measures: the checkout and the simulator served as production's runtime
// serves a Worker, each its deployable bundle (`wrangler deploy --dry-run`: minified, the tests'
// catalog) in a workerd of its own (serve-worker.mjs, through Miniflare's API), with the bindings
// wrangler builds from its wrangler.toml (D1 with the migrations applied, the rate limiters, the
// assets, the Durable Object), the local stack's variables and test secrets (stackVars), and no
// `wrangler dev` proxy in front: a customer's request reaches the Worker's workerd directly, as on
// Cloudflare. (`npm run bench` and the browser tests keep `wrangler dev`: scripts/local-stack.mjs.)
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  freePort,
  OFFLINE,
  prepareState,
  stackVars,
  writeEnvFile,
} from '../scripts/local-stack.mjs';
import { root, stopGroup } from './servers.mjs';

/** How long a Worker may take to start: workerd compiles the bundle (a few seconds, 2 busy cores). */
const START_TIMEOUT_MS = 90_000;

/**
 * The Worker of `config` bundled as `wrangler deploy` would upload it, into `outdir`.
 * @returns {string} the bundle's path
 */
function bundle(config, outdir) {
  const built = spawnSync(
    'npx',
    ['wrangler', 'deploy', '--dry-run', '--outdir', outdir, '-c', config],
    { cwd: root, encoding: 'utf8', env: { ...process.env, ...OFFLINE } },
  );
  if (built.status !== 0)
    throw new Error(
      `${config}: wrangler deploy --dry-run failed:\n${built.stdout}\n${built.stderr}`,
    );
  return join(outdir, 'index.js');
}

/**
 * Serves one Worker (serve-worker.mjs) in its own process group, and waits until it answers.
 * @param {{ name: string, config: string, script: string, state: string,
 *   vars: Record<string, string>, port: number, inspectorPort?: number, verbose: boolean }} worker
 * @returns {Promise<{ url: string, inspector?: string,
 *   child: import('node:child_process').ChildProcess }>} inspector: its isolate's DevTools URL
 */
async function serve({ name, config, script, state, vars, port, inspectorPort, verbose }) {
  const settings = {
    config,
    script,
    port,
    persist: state,
    envFile: writeEnvFile(join(state, `${name}.env`), vars),
    inspectorPort,
    verbose,
  };
  const child = spawn(process.execPath, ['bench/serve-worker.mjs', JSON.stringify(settings)], {
    cwd: root,
    detached: true,
    stdio: ['ignore', verbose ? 'inherit' : 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, ...OFFLINE },
  });
  try {
    const ready = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name}: not ready in ${START_TIMEOUT_MS / 1000} s`)),
        START_TIMEOUT_MS,
      );
      child.once('message', (message) => {
        clearTimeout(timer);
        resolve(message);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${name}: exited (${signal ?? `code ${code}`}) before it was ready`));
      });
    });
    child.disconnect();
    return { url: ready.url, inspector: ready.inspector, child };
  } catch (error) {
    await stopGroup(child);
    throw error;
  }
}

/**
 * Starts the simulator and the checkout, each pointing at the other; `stop()` ends both and
 * removes their state.
 * @param {{ simVars?: Record<string, string>, inspect?: boolean, verbose?: boolean }} [options]
 *   simVars: extra simulator variables (WEBHOOK_CONCURRENCY); inspect: open each workerd's
 *   inspector (for a profile: production has none); verbose: the Workers' output on stderr
 * @returns {Promise<{ checkout: string, sim: string, pids: { checkout: number, simulator: number },
 *   inspectors: { checkout?: string, simulator?: string }, stop: () => Promise<void> }>}
 *   inspectors: each isolate's DevTools WebSocket URL, when `inspect`
 */
export async function startLoadStack(options = {}) {
  const { state, config, removeState } = await prepareState();
  const children = [];
  const stop = async () => {
    for (const child of children.reverse()) await stopGroup(child);
    removeState();
  };
  try {
    const ports = { checkout: await freePort(), sim: await freePort() };
    const checkout = `http://127.0.0.1:${ports.checkout}`;
    const sim = `http://127.0.0.1:${ports.sim}`;
    const vars = stackVars({ checkout, sim, simVars: options.simVars });
    const workers = {
      simulator: { config: 'stripe-sim/wrangler.toml', port: ports.sim },
      checkout: { config, port: ports.checkout },
    };
    const inspectors = {};
    const served = {};
    for (const [role, worker] of Object.entries(workers)) {
      const { child, url, inspector } = await serve({
        name: role,
        config: worker.config,
        script: bundle(worker.config, join(state, `${role}-bundle`)),
        state,
        vars: vars[role],
        port: worker.port,
        inspectorPort: options.inspect ? await freePort() : undefined,
        verbose: options.verbose ?? false,
      });
      children.push(child);
      if (inspector) inspectors[role] = inspector;
      served[role] = { url, pid: child.pid };
    }
    return {
      checkout: served.checkout.url,
      sim: served.simulator.url,
      pids: { checkout: served.checkout.pid, simulator: served.simulator.pid },
      inspectors,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
