// The local servers `npm run bench` and `npm run load` measure, and the processes behind them.
// The checkout and the simulator come from scripts/local-stack.mjs (the same stack the browser tests
// use); the bare Hono worker (bench/bare/) is started here the same way, so that their CPU figures
// are comparable. CPU time is read from /proc, per workerd process: `wrangler dev` runs two of them
// (its proxy and the Worker's runtime), and both do work for every request, so both are counted.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort, OFFLINE, waitFor } from '../scripts/local-stack.mjs';

/** The repository root (bench/..). */
export const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Starts the bare Hono worker (bench/bare/) with `wrangler dev` on a free loopback port, in its own
 * process group so that stop() ends wrangler, esbuild and both workerd processes together.
 * @param {{ log?: (chunk: string) => void }} [options] log: receives wrangler's output.
 * @returns {Promise<{ url: string, child: import('node:child_process').ChildProcess, stop: () => Promise<void> }>}
 */
export async function startBareWorker(options = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    'npx',
    [
      'wrangler',
      'dev',
      '-c',
      'bench/bare/wrangler.toml',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--show-interactive-dev-session=false',
      '--inspector-port',
      String(await freePort()),
    ],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...OFFLINE },
    },
  );
  child.stdout.on('data', (chunk) => options.log?.(String(chunk)));
  child.stderr.on('data', (chunk) => options.log?.(String(chunk)));
  const stop = () => stopGroup(child);
  try {
    await waitFor(`${url}/hello`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, child, stop };
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
 * Reads /proc/<pid>/stat; null when the process is gone. Fields are split after the last ')',
 * since comm may hold spaces.
 */
function readStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    // rest[0] is field 3 (state), so field N is rest[N - 3].
    const rest = text.slice(close + 2).split(' ');
    return { pid, comm, ppid: Number(rest[1]), utime: Number(rest[11]), stime: Number(rest[12]) };
  } catch {
    return null;
  }
}

/**
 * The workerd processes under `rootPid` (any depth): the ones whose comm or command line is workerd.
 * @param {number} rootPid e.g. the pid of a `wrangler dev` child process.
 * @returns {number[]}
 */
export function workerdPids(rootPid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (!stat) continue;
    if (!children.has(stat.ppid)) children.set(stat.ppid, []);
    children.get(stat.ppid).push(stat);
  }
  const found = [];
  const queue = [...(children.get(rootPid) ?? [])];
  while (queue.length > 0) {
    const stat = queue.shift();
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${stat.pid}/cmdline`, 'utf8').split('\0')[0];
    } catch {
      // gone meanwhile
    }
    if (stat.comm === 'workerd' || /(^|\/)workerd$/.test(cmdline)) found.push(stat.pid);
    queue.push(...(children.get(stat.pid) ?? []));
  }
  return found;
}

let ticksPerSecond;
/** Clock ticks per second of /proc's utime and stime (`getconf CLK_TCK`, 100 on Linux). */
export function clockTicks() {
  ticksPerSecond ??=
    Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

/**
 * CPU seconds (user + system) used so far by these processes. Throws when one has exited, since a
 * restarted workerd would silently reset the count.
 * @param {number[]} pids
 * @returns {number}
 */
export function cpuSeconds(pids) {
  let ticks = 0;
  for (const pid of pids) {
    const stat = readStat(pid);
    if (!stat) throw new Error(`workerd process ${pid} exited during the measurement`);
    ticks += stat.utime + stat.stime;
  }
  return ticks / clockTicks();
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
