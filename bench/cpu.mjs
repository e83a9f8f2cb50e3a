// Isolate CPU per request, as Cloudflare bills a Worker: the V8 CPU profile of each Worker's own
// isolate (isolate-profiler.mjs), never the workerd processes, which under `wrangler dev` also run
// D1, the rate limiters, the asset router and the dev proxy. Each checkout endpoint is compared with
// a baseline measured in the same run under the same profiler settings:
//   GET /config      ÷ the bare Hono worker's GET /hello (bench/bare/; its GET /hello/logged, the
//                      same with one log line, shows what a log line costs)
//   POST /charge     ÷ the same-I/O worker's POST /charge (bench/same-io/: the same D1 statements,
//   GET /thank-you   ÷ the same-I/O worker's GET /thank-you   rate limiters and Stripe call, no code;
//                      its PaymentIntent through stripe-node, the stack's Stripe client; /charge
//                      is also reported over its /charge/fetch, the same call as one fetch)
//   POST /quote      ÷ the same-I/O worker's POST /quote (its rate limiter; a one-product cart
//                      without a code or Stripe Tax makes no other I/O)
//   POST /admin/api/orders/search
//                    ÷ the same-I/O worker's (the same Access token verified with jose, the
//                      same first page of orders read): the merchant's console API
// The endpoints are profiled in interleaved rounds, so that a busy moment of the shared machine
// falls on all of them. While a window is profiled, the simulator's webhooks wait in the gate
// (webhook-gate.mjs): they are other requests, and would otherwise land in the checkout's profile.
import { openIsolateProfiler } from './isolate-profiler.mjs';
import {
  cannon,
  chargeRoute,
  postCharge,
  quoteRoute,
  simulator,
  thankYouRoute,
} from './requests.mjs';

/**
 * The measured endpoints. `baseline` names the endpoint each is divided by (the budget).
 * @param {{ checkout: string, bare: string, sameIo: string }} origins
 * @param {string} accessToken a token of the checkout's Access team, for the console API
 */
function endpoints(origins, accessToken) {
  const get = (origin, path) => () => ({ url: `${origin}${path}` });
  // The console's search: a POST (its fields in the body, none here), which reads only.
  const orders = (origin) => () => ({
    url: `${origin}/admin/api/orders/search`,
    method: 'POST',
    headers: { 'cf-access-jwt-assertion': accessToken },
  });
  const charge = (origin, path) => (sink) => ({
    url: origin,
    requests: [chargeRoute(origin, sink, path)],
  });
  const quote = (origin) => (sink) => ({ url: origin, requests: [quoteRoute(origin, sink)] });
  const thankYou = (origin) => (sink) => ({
    url: origin,
    requests: [thankYouRoute(sink.paid, sink)],
  });
  return [
    {
      key: 'hello',
      name: 'GET /hello (bare Hono)',
      worker: 'bare',
      kind: 'get',
      load: get(origins.bare, '/hello'),
    },
    {
      // What one structured log line costs (the checkout writes one per request; the baselines none).
      key: 'helloLogged',
      name: 'GET /hello/logged (bare Hono + a log line)',
      worker: 'bare',
      kind: 'get',
      calibration: true,
      load: get(origins.bare, '/hello/logged'),
    },
    {
      key: 'config',
      name: 'GET /config',
      worker: 'checkout',
      kind: 'get',
      baseline: 'hello',
      load: get(origins.checkout, '/config'),
    },
    {
      key: 'quoteFloor',
      name: 'POST /quote (same I/O)',
      worker: 'sameIo',
      kind: 'get',
      load: quote(origins.sameIo),
    },
    {
      key: 'quote',
      name: 'POST /quote',
      worker: 'checkout',
      kind: 'get',
      baseline: 'quoteFloor',
      load: quote(origins.checkout),
    },
    {
      key: 'chargeFloor',
      name: 'POST /charge (same I/O, stripe-node)',
      worker: 'sameIo',
      kind: 'charge',
      load: charge(origins.sameIo),
    },
    {
      // The same, its PaymentIntent made as one hand-encoded fetch: what stripe-node costs.
      key: 'chargeFloorFetch',
      name: 'POST /charge (same I/O, one fetch)',
      worker: 'sameIo',
      kind: 'charge',
      load: charge(origins.sameIo, '/charge/fetch'),
    },
    {
      key: 'charge',
      name: 'POST /charge',
      worker: 'checkout',
      kind: 'charge',
      baseline: 'chargeFloor',
      reportedAgainst: 'chargeFloorFetch',
      load: charge(origins.checkout),
    },
    {
      key: 'thankYouFloor',
      name: 'GET /thank-you (same I/O)',
      worker: 'sameIo',
      kind: 'get',
      paidBy: 'chargeFloor',
      load: thankYou(origins.sameIo),
    },
    {
      key: 'thankYou',
      name: 'GET /thank-you',
      worker: 'checkout',
      kind: 'get',
      baseline: 'thankYouFloor',
      paidBy: 'charge',
      load: thankYou(origins.checkout),
    },
    {
      // After the payments above: both ledgers hold more orders than a page (50).
      key: 'ordersFloor',
      name: 'POST /admin/api/orders/search (same I/O)',
      worker: 'sameIo',
      kind: 'get',
      load: orders(origins.sameIo),
    },
    {
      key: 'orders',
      name: 'POST /admin/api/orders/search',
      worker: 'checkout',
      kind: 'get',
      baseline: 'ordersFloor',
      load: orders(origins.checkout),
    },
  ];
}

/** A token of the Access stand-in for the console (an hour: longer than any bench). */
async function consoleToken(access) {
  const response = await fetch(`${access}/_dev/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      email: 'bench@example.com',
      exp: Math.floor(Date.now() / 1000) + 3600,
    }),
  });
  if (!response.ok)
    throw new Error(`Access stand-in: POST /_dev/token answered ${response.status}`);
  return (await response.json()).token;
}

/** A string each Worker's bundle holds, by which its isolate is recognised (isolate-profiler.mjs). */
const MARKERS = {
  checkout: 'Thanks for your payment!',
  bare: 'Hello!',
  sameIo: 'Same-I/O worker',
};

/**
 * Measures isolate CPU per request of every endpoint.
 * @param {{ stack: { checkout: string, sim: string, access: string,
 *   inspectorPorts: { checkout: number } },
 *   bare: { url: string, inspectorPort: number }, sameIo: { url: string, inspectorPort: number },
 *   gate: Awaited<ReturnType<typeof import('./webhook-gate.mjs').startWebhookGate>>,
 *   requests?: number, charges?: number, rounds?: number, intervalUs?: number, connections?: number,
 *   byModule?: boolean, only?: string[], log?: (line: string) => void }} options
 *   requests: per GET endpoint; charges: POST /charge per worker; both split over `rounds`;
 *   only: the keys of the endpoints to measure (with their baselines), to try a change;
 *   byModule: each endpoint's CPU by module and by function too (modules.mjs), as `modulesUs` and
 *   `functionsUs` (µs, all windows).
 */
export async function measureCpu(options) {
  const { stack, bare, sameIo, gate, log = () => {} } = options;
  const rounds = options.rounds ?? 6;
  const requests = options.requests ?? 3000;
  const charges = options.charges ?? 600;
  const intervalUs = options.intervalUs ?? 50;
  const connections = options.connections ?? 4;
  const sim = simulator(stack.sim);
  const all = endpoints(
    { checkout: stack.checkout, bare: bare.url, sameIo: sameIo.url },
    await consoleToken(stack.access),
  );
  // --endpoints: those asked, with what they are divided by and what they need paid first.
  // Transitively (a Set's loop visits what it adds): the receipt needs POST /charge, which is
  // divided by its own baselines.
  const asked = new Set(options.only ?? all.map((e) => e.key));
  const endpointOf = new Map(all.map((e) => [e.key, e]));
  for (const key of asked) {
    const e = endpointOf.get(key);
    for (const need of [e?.baseline, e?.reportedAgainst, e?.paidBy]) if (need) asked.add(need);
  }
  const list = all.filter((e) => asked.has(e.key));
  const ports = {
    checkout: stack.inspectorPorts.checkout,
    bare: bare.inspectorPort,
    sameIo: sameIo.inspectorPort,
  };

  const profilers = {};
  try {
    for (const [worker, inspectorPort] of Object.entries(ports)) {
      profilers[worker] = await openIsolateProfiler({
        name: worker,
        inspectorPort,
        marker: MARKERS[worker],
        intervalUs,
        byModule: options.byModule,
      });
      const { url, bytes } = profilers[worker].script;
      log(
        `CPU: ${worker} isolate runs ${url} (${Math.round(bytes / 1024)} KiB, holds "${MARKERS[worker]}")`,
      );
    }

    const stripeCalls = await compareStripeCalls(stack, sameIo.url, gate);

    const tallies = Object.fromEntries(list.map((e) => [e.key, newTally()]));
    const sinkOf = (endpoint, failures) => ({
      failures,
      paymentIntents: tallies[endpoint.key].paid,
      paid: tallies[endpoint.paidBy]?.paid,
    });
    /** One autocannon run of an endpoint; with `profiler`, inside one profiled window. */
    const load = async (endpoint, amount, profiler) => {
      const failures = new Map();
      const options = { ...endpoint.load(sinkOf(endpoint, failures)), amount, connections };
      if (!profiler) return { run: await cannon(options, { failures }) };
      let run;
      gate.hold();
      const profile = await profiler.measure(async () => {
        run = await cannon(options, { failures });
      });
      await settleWebhooks(sim, gate);
      return { run, profile };
    };

    // Warm-up, outside the profiles: JIT, lazily loaded modules (stripe-node), D1, connections.
    log('CPU: warming up');
    for (const endpoint of list) {
      const { run } = await load(endpoint, endpoint.kind === 'charge' ? 100 : 300);
      if (run.errors)
        throw new Error(
          `${endpoint.name}: ${run.errors} errors in the warm-up: ${JSON.stringify(run.errorDetail)}`,
        );
    }
    await settleWebhooks(sim, gate);

    for (let round = 1; round <= rounds; round++) {
      for (const endpoint of list) {
        const amount = Math.ceil((endpoint.kind === 'charge' ? charges : requests) / rounds);
        const started = Date.now();
        // One retry: on a loaded machine the inspector has once answered a stop without its
        // profile (a window lost, not a measurement to make up).
        const { run, profile } = await load(endpoint, amount, profilers[endpoint.worker]).catch(
          (error) => {
            log(`CPU: ${endpoint.name}, round ${round}: ${error.message}; once more`);
            return load(endpoint, amount, profilers[endpoint.worker]);
          },
        );
        addWindow(tallies[endpoint.key], run, profile);
        const took = ((Date.now() - started) / 1000).toFixed(1);
        log(`CPU: ${endpoint.name} × ${amount} (round ${round} of ${rounds}, ${took} s)`);
      }
    }

    const results = list.map((endpoint) => ({
      key: endpoint.key,
      name: endpoint.name,
      worker: endpoint.worker,
      baseline: endpoint.baseline ?? null,
      reportedAgainst: endpoint.reportedAgainst ?? null,
      calibration: endpoint.calibration ?? false,
      ...summary(tallies[endpoint.key], profilers[endpoint.worker].script),
    }));
    const byKey = Object.fromEntries(results.map((r) => [r.key, r]));
    const over = (result, key) =>
      key ? result.cpuUsPerRequest / byKey[key].cpuUsPerRequest : null;
    for (const result of results) {
      result.ratio = over(result, result.baseline);
      result.reportedRatio = over(result, result.reportedAgainst);
    }

    return {
      method: {
        intervalUs,
        rounds,
        connections,
        counted: 'JS, (program), (garbage collector); not (idle)',
      },
      isolates: Object.fromEntries(
        Object.entries(profilers).map(([worker, p]) => [
          worker,
          { ...p.script, marker: MARKERS[worker] },
        ]),
      ),
      stripeCalls,
      endpoints: results,
    };
  } finally {
    for (const profiler of Object.values(profilers)) await profiler.close().catch(() => {});
  }
}

/** What the profiled windows of one endpoint add up to. */
function newTally() {
  return {
    paid: [],
    requests: 0,
    errors: 0,
    failures: new Map(),
    busyUs: 0,
    ticksUs: [],
    samples: { js: 0, program: 0, gc: 0, idle: 0 },
    jsByScript: new Map(),
    modulesUs: {},
    functionsUs: {},
  };
}

function addWindow(tally, run, profile) {
  tally.requests += run.result.requests.total;
  tally.errors += run.errors;
  for (const [key, n] of Object.entries(run.errorDetail))
    tally.failures.set(key, (tally.failures.get(key) ?? 0) + n);
  tally.busyUs += profile.busyUs;
  tally.ticksUs.push(profile.tickUs);
  for (const key of Object.keys(tally.samples)) tally.samples[key] += profile.samples[key];
  for (const key of ['modulesUs', 'functionsUs'])
    for (const [name, us] of Object.entries(profile[key]))
      tally[key][name] = (tally[key][name] ?? 0) + us;
  for (const [id, { url, samples }] of profile.jsByScript) {
    const seen = tally.jsByScript.get(id) ?? { url, samples: 0 };
    seen.samples += samples;
    tally.jsByScript.set(id, seen);
  }
}

/**
 * Per request: CPU µs and samples by category; and the proof of which isolate was profiled: the
 * share of JS samples in the Worker's own bundle (the rest are the runtime's built-ins and its
 * internal modules, such as the D1 client), and the scripts with the most samples.
 */
function summary(tally, script) {
  const perRequest = (n) => n / tally.requests;
  const js = tally.samples.js;
  return {
    requests: tally.requests,
    cpuUsPerRequest: perRequest(tally.busyUs),
    samplesPerRequest: Object.fromEntries(
      Object.entries(tally.samples).map(([key, n]) => [key, perRequest(n)]),
    ),
    // The time one sample stood for in each window (the sampler's real period).
    tickUs: tally.ticksUs,
    workerScriptShare: js ? (tally.jsByScript.get(script.id)?.samples ?? 0) / js : 0,
    topScripts: [...tally.jsByScript.values()]
      .sort((a, b) => b.samples - a.samples)
      .slice(0, 5)
      .map(({ url, samples }) => ({ url: url || '(runtime built-ins)', share: samples / js })),
    errors: tally.errors,
    errorDetail: Object.fromEntries(tally.failures),
    modulesUs: tally.modulesUs,
    functionsUs: tally.functionsUs,
  };
}

/** Delivers every pending webhook (into the gate, if it holds them), then lets the checkout have them. */
async function settleWebhooks(sim, gate) {
  await sim.flushWebhooks();
  const { refused } = await gate.release();
  if (refused.length > 0)
    throw new Error(`the checkout refused ${refused.length} webhook(s): ${refused[0]}`);
}

/**
 * The Stripe requests (method and path) of one POST /charge on each Worker, from the simulator's
 * request log: the same-I/O worker must make the checkout's, or it is not its baseline.
 */
async function compareStripeCalls(stack, sameIo, gate) {
  const sim = simulator(stack.sim);
  const callsOf = async (origin) => {
    gate.hold(); // no webhook (and none of its Stripe calls) in between
    try {
      const start = (await sim.requests()).length;
      const answer = await postCharge(origin);
      if (answer.status !== 200)
        throw new Error(
          `POST ${origin}/charge: HTTP ${answer.status} ${JSON.stringify(answer.body)}`,
        );
      return (await sim.requests())
        .slice(start)
        .filter((r) => r.auth === 'secret')
        .map((r) => `${r.method} ${r.path}`);
    } finally {
      await settleWebhooks(sim, gate);
    }
  };
  const checkout = await callsOf(stack.checkout);
  const same = await callsOf(sameIo);
  if (checkout.join() !== same.join())
    throw new Error(
      `the same-I/O worker's Stripe calls (${same.join(', ')}) are not the checkout's ` +
        `(${checkout.join(', ')}): update bench/same-io/io.ts`,
    );
  return checkout;
}
