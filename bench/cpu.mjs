// CPU per request: workerd CPU seconds per 1,000 requests under bounded local load, for the
// checkout's GET /config, POST /charge (against the simulator) and GET /thank-you, against the bare
// Hono worker's GET /hello measured in the same run. Only ratios are compared: the machine is shared.
//
// `wrangler dev` runs two workerd processes per server: its dev proxy (listening on the port we
// call) and the runtime that runs the Worker, its D1 database and its rate limiters. Both are
// read; the budget uses the runtime's figure, since the proxy exists only under `wrangler dev` and
// adds about the same cost to every request of both workers, which would pull every ratio toward 1.
import { readFileSync } from 'node:fs';
import { cannon, chargeRoute, simulator, thankYouRoute } from './requests.mjs';
import { cpuSeconds, workerdPids } from './servers.mjs';

/**
 * The workerd processes of one `wrangler dev`, told apart by the port their entry socket listens on.
 * @param {number} wranglerPid the spawned wrangler child process
 * @param {string} origin the URL the server answers on (the proxy's port)
 * @returns {{ runtime: number[], proxy: number[] }}
 */
export function workerdOf(wranglerPid, origin) {
  const port = new URL(origin).port;
  const pids = workerdPids(wranglerPid);
  const proxy = [];
  const runtime = [];
  for (const pid of pids) {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    (new RegExp(`--socket-addr=entry=127\\.0\\.0\\.1:${port}\\b`).test(cmdline)
      ? proxy
      : runtime
    ).push(pid);
  }
  if (runtime.length === 0)
    throw new Error(`no workerd process found under wrangler (pid ${wranglerPid})`);
  return { runtime, proxy };
}

/** CPU seconds of a server's processes, runtime and all (runtime + dev proxy). */
function sample(server) {
  const runtime = cpuSeconds(server.runtime);
  return { runtime, all: runtime + cpuSeconds(server.proxy) };
}

const diff = (a, b) => ({ runtime: b.runtime - a.runtime, all: b.all - a.all });
const add = (a, b) => ({ runtime: a.runtime + b.runtime, all: a.all + b.all });
const ZERO = { runtime: 0, all: 0 };

/**
 * Measures CPU per 1,000 requests.
 *
 * POST /charge makes the simulator send webhooks (three events per payment) to the checkout while
 * the load runs, and those are other requests (POST /webhook). They are taken out: after the
 * charges, every pending webhook is flushed alone, which gives the CPU of one delivery, and the
 * deliveries that landed during the charge window are subtracted at that rate.
 *
 * @param {{ checkout: string, sim: string, checkoutPid: number, bare: string, barePid: number,
 *   requests?: number, charges?: number, connections?: number, log?: (line: string) => void }} options
 *   requests: per GET endpoint (split in two interleaved rounds); charges: POST /charge count.
 */
export async function measureCpu(options) {
  const { checkout, bare, log = () => {} } = options;
  const requests = options.requests ?? 1000;
  const charges = options.charges ?? 300;
  const connections = options.connections ?? 4;
  const sim = simulator(options.sim);
  const servers = {
    checkout: workerdOf(options.checkoutPid, checkout),
    bare: workerdOf(options.barePid, bare),
  };
  const errors = {};
  const note = (name, run) => {
    if (run.errors) {
      const seen = errors[name] ?? { count: 0, detail: {} };
      for (const [key, n] of Object.entries(run.errorDetail))
        seen.detail[key] = (seen.detail[key] ?? 0) + n;
      errors[name] = { count: seen.count + run.errors, detail: seen.detail };
    }
    return run;
  };

  // Warm-up: JIT, lazily loaded modules (stripe-node), D1 and connections, outside the counts.
  log('CPU: warming up');
  const paymentIntents = [];
  await cannon({ url: `${bare}/hello`, amount: 200, connections });
  await cannon({ url: `${checkout}/config`, amount: 200, connections });
  const warmFailures = new Map();
  note(
    'POST /charge (warm-up)',
    await cannon(
      {
        url: checkout,
        amount: 30,
        connections,
        requests: [chargeRoute(checkout, { paymentIntents, failures: warmFailures })],
      },
      { failures: warmFailures },
    ),
  );
  if (paymentIntents.length === 0) throw new Error('no successful POST /charge during the warm-up');
  await cannon({
    url: checkout,
    amount: 100,
    connections,
    requests: [thankYouRoute(paymentIntents)],
  });
  await sim.flushWebhooks();

  // POST /charge, then its webhooks alone.
  log(`CPU: POST /charge × ${charges}`);
  const delivered = async () =>
    (await sim.webhooks()).filter((d) => d.status === 'delivered').length;
  const chargeFailures = new Map();
  const d0 = await delivered();
  const c0 = sample(servers.checkout);
  const chargeRun = note(
    'POST /charge',
    await cannon(
      {
        url: checkout,
        amount: charges,
        connections,
        requests: [chargeRoute(checkout, { paymentIntents, failures: chargeFailures })],
      },
      { failures: chargeFailures },
    ),
  );
  const c1 = sample(servers.checkout);
  const d1 = await delivered();
  const flushStarted = Date.now();
  await sim.flushWebhooks();
  const c2 = sample(servers.checkout);
  const d2 = await delivered();
  const flushed = d2 - d1;
  const perDelivery =
    flushed > 0
      ? { runtime: (c2.runtime - c1.runtime) / flushed, all: (c2.all - c1.all) / flushed }
      : ZERO;
  const during = d1 - d0;
  const chargeRaw = diff(c0, c1);
  const chargeCpu = {
    runtime: chargeRaw.runtime - during * perDelivery.runtime,
    all: chargeRaw.all - during * perDelivery.all,
  };
  const flushSeconds = ((Date.now() - flushStarted) / 1000).toFixed(1);
  log(`CPU: ${during} webhooks during the charges, ${flushed} flushed after in ${flushSeconds} s`);

  // GET /hello, /config and /thank-you in two interleaved rounds, so that a noisy moment of the
  // machine falls on all of them rather than on one.
  const half = Math.ceil(requests / 2);
  const totals = {
    hello: { cpu: ZERO, n: 0 },
    config: { cpu: ZERO, n: 0 },
    thankYou: { cpu: ZERO, n: 0 },
  };
  const routes = {
    hello: {
      server: servers.bare,
      name: 'GET /hello (bare)',
      options: () => ({ url: `${bare}/hello` }),
    },
    config: {
      server: servers.checkout,
      name: 'GET /config',
      options: () => ({ url: `${checkout}/config` }),
    },
    thankYou: {
      server: servers.checkout,
      name: 'GET /thank-you',
      options: (failures) => ({
        url: checkout,
        requests: [thankYouRoute(paymentIntents, { failures })],
      }),
    },
  };
  for (let round = 1; round <= 2; round++) {
    for (const [key, route] of Object.entries(routes)) {
      log(`CPU: ${route.name} × ${half} (round ${round} of 2)`);
      const failures = new Map();
      const before = sample(route.server);
      const run = note(
        route.name,
        await cannon({ ...route.options(failures), amount: half, connections }, { failures }),
      );
      totals[key].cpu = add(totals[key].cpu, diff(before, sample(route.server)));
      totals[key].n += run.result.requests.total ?? half;
    }
  }

  const per1000 = (cpu, n) => ({ runtime: (cpu.runtime / n) * 1000, all: (cpu.all / n) * 1000 });
  const hello = per1000(totals.hello.cpu, totals.hello.n);
  const endpoint = (name, cpu, n, extra = {}) => {
    const value = per1000(cpu, n);
    return {
      name,
      requests: n,
      cpuSecondsPer1000: value,
      ratio: { runtime: value.runtime / hello.runtime, all: value.all / hello.all },
      ...extra,
    };
  };
  return {
    connections,
    processes: { checkout: servers.checkout, bare: servers.bare },
    baseline: endpoint('GET /hello (bare)', totals.hello.cpu, totals.hello.n),
    endpoints: [
      endpoint('GET /config', totals.config.cpu, totals.config.n),
      endpoint('POST /charge', chargeCpu, charges, {
        webhooks: {
          duringCharges: during,
          flushedAfter: flushed,
          cpuSecondsPer1000: per1000(perDelivery, 1),
          includedRaw: per1000(chargeRaw, charges),
        },
        requestsPerSecond: chargeRun.result.requests.average,
      }),
      endpoint('GET /thank-you', totals.thankYou.cpu, totals.thankYou.n),
    ],
    errors,
  };
}
