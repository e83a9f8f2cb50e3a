// Where a run's CPU goes, per process: the CPU time (user + system, from /proc/<pid>/stat) that
// each process of the local stack and the load driver itself used during a window, grouped by role
// (the checkout's workerd, the simulator's workerd, the Node processes serving them), beside the
// whole machine's busy time, so that what other work on a shared machine took is visible too.
// Linux only: elsewhere `cpuWindow` answers null and the report says so.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Kernel clock ticks per second (USER_HZ), 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/**
 * The fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses).
 * @param {string} text
 */
export function statFields(text) {
  const close = text.lastIndexOf(')');
  return {
    comm: text.slice(text.indexOf('(') + 1, close),
    // Fields from the 3rd on: state, ppid, ..., utime (14th), stime (15th).
    rest: text
      .slice(close + 2)
      .trim()
      .split(/\s+/),
  };
}

/**
 * How long a process's threads have waited for a CPU while ready to run, in seconds (the second
 * field of each /proc/<pid>/task/<tid>/schedstat, in ns): on a machine with more work than cores,
 * the time a process's requests queue although it has nothing to wait for.
 */
function waitedOf(pid) {
  let ns = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1]);
      } catch {
        // the thread ended
      }
    }
  } catch {
    // the process ended, or no schedstat on this kernel
  }
  return ns / 1e9;
}

/** Every process now: pid → { ppid, comm, ticks } (ticks: user + system CPU so far). */
function processes() {
  const all = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const { comm, rest } = statFields(readFileSync(`/proc/${name}/stat`, 'utf8'));
      all.set(Number(name), {
        ppid: Number(rest[1]),
        comm,
        ticks: Number(rest[11]) + Number(rest[12]),
      });
    } catch {
      // it ended while we looked
    }
  }
  return all;
}

/** The machine's busy and total ticks so far (/proc/stat's first line; iowait counts as idle). */
function machineTicks() {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const ticks = values.map(Number);
  const total = ticks.slice(0, 8).reduce((sum, n) => sum + n, 0);
  return { busy: total - ticks[3] - ticks[4], total };
}

/**
 * The role of a process under one of the stack's roots (load-stack.mjs: a Node process serving one
 * Worker through Miniflare): `<root> workerd (Worker, bindings)` for the runtime, which runs the
 * Worker's isolate and the local emulation of its bindings, `<root> Miniflare (Node)` for the
 * Node process that started it and reads its output, `<root> <comm>` for anything else.
 * @param {string} rootName
 * @param {string} comm
 */
export function roleOf(rootName, comm) {
  if (comm === 'workerd') return `${rootName} workerd (Worker, bindings)`;
  if (comm === 'node') return `${rootName} Miniflare (Node)`;
  return `${rootName} ${comm}`;
}

/** Each descendant of the roots (and the roots) → its role, walking the process tree now. */
function rolesNow(roots, all) {
  const children = new Map();
  for (const [pid, { ppid }] of all) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const roles = new Map();
  for (const [rootName, rootPid] of Object.entries(roots)) {
    const queue = [rootPid];
    while (queue.length) {
      const pid = queue.shift();
      const info = all.get(pid);
      if (!info || roles.has(pid)) continue;
      roles.set(pid, roleOf(rootName, info.comm));
      queue.push(...(children.get(pid) ?? []));
    }
  }
  return roles;
}

/**
 * Starts measuring the CPU of the processes under `roots` (name → pid; their descendants too) and
 * of the machine. `stop()` answers each role's CPU seconds over the window, the busy seconds of the
 * rest of the machine (other work: other users of a shared machine, the kernel), the machine's
 * cores and the window's length, and how long each role waited for a CPU; or null where /proc is
 * missing.
 * @param {Record<string, number>} roots e.g. { driver: process.pid, checkout: child.pid }
 */
export function cpuWindow(roots) {
  if (!existsSync('/proc/stat')) return { stop: () => null };
  const startedAt = performance.now();
  const before = processes();
  const waitedBefore = new Map(
    [...rolesNow(roots, before).keys()].map((pid) => [pid, waitedOf(pid)]),
  );
  const machineBefore = machineTicks();
  return {
    /**
     * @returns {{ seconds: number, cores: number, byRole: Record<string, number>,
     *   waitedByRole: Record<string, number>, others: number, machineBusy: number } | null}
     *   CPU seconds; waitedByRole: seconds the role's threads were ready to run and waited
     */
    stop() {
      const after = processes();
      const machineAfter = machineTicks();
      const roles = rolesNow(roots, after);
      const byRole = {};
      const waitedByRole = {};
      let ours = 0;
      for (const [pid, role] of roles) {
        const used = after.get(pid).ticks - (before.get(pid)?.ticks ?? 0);
        byRole[role] = (byRole[role] ?? 0) + used / TICKS_PER_SECOND;
        waitedByRole[role] =
          (waitedByRole[role] ?? 0) + waitedOf(pid) - (waitedBefore.get(pid) ?? 0);
        ours += used;
      }
      const seconds = (performance.now() - startedAt) / 1000;
      const machineBusy = (machineAfter.busy - machineBefore.busy) / TICKS_PER_SECOND;
      const machineAll = (machineAfter.total - machineBefore.total) / TICKS_PER_SECOND;
      return {
        seconds,
        cores: Math.round(machineAll / seconds),
        byRole,
        waitedByRole,
        others: Math.max(0, machineBusy - ours / TICKS_PER_SECOND),
        machineBusy,
      };
    },
  };
}
