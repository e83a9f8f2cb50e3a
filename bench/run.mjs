#!/usr/bin/env node
// `npm run bench`: measures the checkout against its budgets in one run, prints a table, writes
// bench/results.json, and exits non-zero when a budget fails (or a measurement could not be made).
//
//   1. Bundle        wrangler deploy --dry-run, gzip -9, ÷ the floor (Hono + stripe-node making one
//                    payment), with a table of the bundle by package and src/ folder (metafile)
//   2. Start-up      wrangler check startup, checkout ÷ bare Hono worker, medians of 5
//   3. CPU           isolate CPU per request from V8 profiles (cpu.mjs): GET /config ÷ bare GET
//                    /hello, POST /charge and GET /thank-you ÷ the same-I/O worker's; and what one
//                    structured log line costs (bare GET /hello/logged − GET /hello, reported)
//   4. Round trips   Stripe calls per /charge, per thank-you view (none when known paid)
//   5. Page weight   first-party HTML (as served, heaviest language) + CSS + JS, gzip -9; paints
//                    before Stripe.js
//   6. Time to paid  Chromium, click on Pay → thank-you page, median of 10 (reported only)
//   7. Waterfall     one purchase at Stripe-like latency, each request with its Server-Timing;
//                    time-to-receipt ÷ its unavoidable round trips. Without the Server-Timing
//                    header the ratio cannot be taken, which fails the run.
// The budgets, with why each is what it is, are in budgets.mjs.
//
// Timings come from a shared, noisy machine: they are compared only as ratios measured in the same
// run, and the machine is recorded with them. Options: --requests=N (CPU: per GET endpoint, default
// 3000), --charges=N (CPU: POST /charge per worker, default 600), --rounds=N (CPU, default 6),
// --interval-us=N (CPU sampling, default 50), --runs=N (start-up runs, default 5), --paid-runs=N
// (browser payments, default 10), --verbose (servers' output), --profile-modules (CPU: also a
// table of each endpoint's isolate CPU by module, from the bundles' source maps: modules.mjs),
// --cpu-only (only the CPU figures: for trying a change; the budgets need the whole run),
// --endpoints=config,charge,… (CPU: only these, with their baselines: cpu.mjs's keys),
// --top-functions=N (with --profile-modules: each endpoint's N costliest functions, default 15).
import { createWriteStream, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startLocalStack } from '../scripts/local-stack.mjs';
import * as budget from './budgets.mjs';
import { launchBrowser, paintBeforeStripeJs, timeToPaid } from './browser.mjs';
import { measureCpu } from './cpu.mjs';
import { functionLists, moduleTable } from './modules.mjs';
import { simulator } from './requests.mjs';
import {
  BARE_CONFIG,
  FLOOR_CONFIG,
  describeMachine,
  machine,
  measureBundle,
  measurePageWeight,
  measureStartup,
  servedBy,
} from './measure.mjs';
import { fixed, markdownTable, table } from './report.mjs';
import { measureRoundTrips } from './round-trips.mjs';
import { cleanupOnExit, root, startBareWorker, startSameIoWorker } from './servers.mjs';
import { medianPurchase } from './waterfall.mjs';
import { startWebhookGate } from './webhook-gate.mjs';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((arg) => /^--([\w-]+)(?:=(.*))?$/.exec(arg))
    .filter(Boolean)
    .map((m) => [m[1], m[2] ?? 'true']),
);
const option = (name, fallback) => (args[name] === undefined ? fallback : Number(args[name]));
const verbose = args.verbose === 'true';
const byModule = args['profile-modules'] === 'true';
const cpuOnly = args['cpu-only'] === 'true';
const progress = (line) => process.stderr.write(`· ${line}\n`);

// Everything started is stopped on the way out, also on Ctrl-C.
const cleanup = cleanupOnExit();

// The servers' output: all of it in bench/servers.log (gitignored, *.log), the end kept to print
// when something fails.
const serverLogPath = fileURLToPath(new URL('servers.log', import.meta.url));
const serverLogFile = createWriteStream(serverLogPath);
const serverLog = [];
const log = (chunk) => {
  if (verbose) process.stderr.write(chunk);
  serverLogFile.write(chunk);
  serverLog.push(chunk);
  if (serverLog.length > 400) serverLog.shift();
};

const results = { machine: machine(), errors: {} };
/** Runs one measurement; a failure is recorded (and fails the run) without stopping the others. */
async function measure(name, fn) {
  try {
    return await fn();
  } catch (error) {
    results.errors[name] = error instanceof Error ? error.message : String(error);
    progress(`${name} failed: ${results.errors[name]}`);
    return null;
  }
}

try {
  if (!cpuOnly) {
    progress('bundle: wrangler deploy --dry-run (checkout, bare worker)');
    results.bundle = await measure('bundle', async () => ({
      checkout: await measureBundle(),
      floor: await measureBundle({ config: FLOOR_CONFIG }),
      bare: await measureBundle({ config: BARE_CONFIG }),
    }));

    const runs = option('runs', 5);
    progress(`start-up: wrangler check startup × ${runs} each, interleaved`);
    results.startup = await measure('start-up', () => measureStartup({ runs }));
  }

  progress('starting the simulator, the checkout and the two baselines (wrangler dev)');
  const gate = await startWebhookGate();
  cleanup.add(gate.close);
  const stack = await startLocalStack({ log, webhookUrl: gate.url });
  cleanup.add(stack.stop);
  gate.setTarget(`${stack.checkout}/webhook`);
  const bare = await startBareWorker({ log });
  cleanup.add(bare.stop);
  const sameIo = await startSameIoWorker({ sim: stack.sim, access: stack.access, log });
  cleanup.add(sameIo.stop);

  if (!cpuOnly) await measureTheRest(stack);

  results.cpu = await measure('CPU', () =>
    measureCpu({
      stack,
      bare,
      sameIo,
      gate,
      requests: option('requests', 3000),
      charges: option('charges', 600),
      rounds: option('rounds', 6),
      intervalUs: option('interval-us', 50),
      byModule,
      only: args.endpoints?.split(','),
      log: progress,
    }),
  );
} catch (error) {
  results.errors.run = error instanceof Error ? error.message : String(error);
} finally {
  await cleanup.run();
}

/** Page weight, Stripe round trips and the browser's figures, against the running stack. */
async function measureTheRest(stack) {
  progress('page weight: the Checkout page as served, in each language');
  results.pageWeight = await measure('page weight', () =>
    measurePageWeight(servedBy(stack.checkout)),
  );

  progress('Stripe round trips');
  results.roundTrips = await measure('round trips', () => measureRoundTrips(stack));

  progress('Chromium: first paint, time to paid, waterfall');
  const browser = await measure('browser', () => launchBrowser());
  if (browser) {
    cleanup.add(() => browser.close()); // on Ctrl-C during the browser runs
    results.machine.chromium = browser.version();
    // One retry: a page load can stall while `wrangler dev` reloads (it watches src/, client/ and
    // public/, which others may be editing or rebuilding); the first error is kept in results.json.
    results.paint = await measure('paint', () =>
      paintBeforeStripeJs(browser, stack.checkout).catch((error) => {
        results.paintFirstAttemptError = error.message;
        progress(`paint: first attempt failed, retrying: ${error.message}`);
        return paintBeforeStripeJs(browser, stack.checkout);
      }),
    );
    results.timeToPaid = await measure('time to paid', () =>
      timeToPaid(browser, stack.checkout, { runs: option('paid-runs', 10), log: progress }),
    );
    results.waterfall = await measure('waterfall', async () => {
      const sim = simulator(stack.sim);
      await sim.setLatency(budget.STRIPE_LATENCY_MS);
      try {
        return await medianPurchase(browser, stack, {
          runs: Math.max(1, option('waterfall-runs', 5) || 5),
          log: progress,
        });
      } finally {
        await sim.setLatency(0);
      }
    });
    // Closed now (closing twice is harmless): it would compete for the CPU measured next.
    await browser.close();
  }
}

/**
 * The bundle breakdown table: every package, the larger src/ folders one by one and the rest of
 * src/ together, beside the floor's, with the difference.
 * @param {{ rawBytes: number, parts: { name: string, bytes: number }[] }} worker
 * @param {{ rawBytes: number, parts: { name: string, bytes: number }[] }} floor
 */
function bundleBreakdown(worker, floor) {
  const bytes = (n) => n.toLocaleString('en-US');
  const diff = (n) => (n === 0 ? '0' : `${n > 0 ? '+' : '−'}${bytes(Math.abs(n))}`);
  const inFloor = new Map(floor.parts.map((part) => [part.name, part.bytes]));
  const isSrc = (name) => name.startsWith('src/');
  const line = (name, mine, theirs) => [name, bytes(mine), bytes(theirs), diff(mine - theirs)];
  const rows = worker.parts
    .filter((part) => !isSrc(part.name))
    .map((part) => line(part.name, part.bytes, inFloor.get(part.name) ?? 0));
  const src = worker.parts.filter((part) => isSrc(part.name));
  const large = src.filter((part) => part.bytes >= 2_000);
  const rest = src.filter((part) => part.bytes < 2_000);
  for (const part of large) rows.push(line(part.name, part.bytes, 0));
  const sum = (parts) => parts.reduce((total, part) => total + part.bytes, 0);
  rows.push(line(`src/, the other ${rest.length} folders and files`, sum(rest), 0));
  rows.push(line('src/, all', sum(src), 0));
  const floorOnly = floor.parts.filter((part) => !worker.parts.some((p) => p.name === part.name));
  for (const part of floorOnly) rows.push(line(`floor: ${part.name}`, 0, part.bytes));
  rows.push(line('index.js, whole (with esbuild glue)', worker.rawBytes, floor.rawBytes));
  return { header: ['Part', 'Worker, B', 'Floor, B', 'Worker − floor'], rows };
}

// ---- The table ----
const rows = [];
const failures = [];
/** One line of the table; `ok` undefined means reported only. */
const row = (metric, value, limit = '', ok = undefined) => {
  rows.push([metric, value, limit, ok === undefined ? '' : ok ? 'ok' : 'FAIL']);
  if (ok === false) failures.push(metric);
};
const kib = (bytes) => `${fixed(bytes / 1024, 2)} KiB`;

const { bundle, pageWeight, startup, roundTrips, paint, timeToPaid: paid, cpu } = results;
if (bundle) {
  const ratio = bundle.checkout.gzipBytes / bundle.floor.gzipBytes;
  row(
    'Bundle: Worker, gzip -9',
    `${kib(bundle.checkout.gzipBytes)} (raw ${kib(bundle.checkout.rawBytes)})`,
  );
  row(
    'Bundle: floor (Hono + stripe-node, one payment), gzip -9',
    `${kib(bundle.floor.gzipBytes)} (raw ${kib(bundle.floor.rawBytes)})`,
  );
  row(
    'Bundle: Worker ÷ floor',
    `${fixed(ratio)}×`,
    `≤ ${budget.BUNDLE_FLOOR_RATIO}×`,
    ratio <= budget.BUNDLE_FLOOR_RATIO,
  );
  row(
    'Bundle: bare Hono worker, gzip -9',
    `${kib(bundle.bare.gzipBytes)} (raw ${kib(bundle.bare.rawBytes)})`,
  );
}
if (startup) {
  const spread = (samples) => `${fixed(Math.min(...samples), 1)}–${fixed(Math.max(...samples), 1)}`;
  row(
    `Start-up: checkout (median of ${startup.samples.checkout.length})`,
    `${fixed(startup.checkoutMs, 1)} ms (runs ${spread(startup.samples.checkout)})`,
  );
  row(
    `Start-up: bare Hono (median of ${startup.samples.bare.length})`,
    `${fixed(startup.bareMs, 1)} ms (runs ${spread(startup.samples.bare)})`,
  );
  row(
    'Start-up: checkout ÷ bare',
    `${fixed(startup.ratio)}×`,
    `≤ ${budget.STARTUP_RATIO}×`,
    startup.ratio <= budget.STARTUP_RATIO,
  );
}
if (cpu) {
  // Which isolate each profile is of: the script it runs, found by a string only its bundle holds.
  for (const [worker, script] of Object.entries(cpu.isolates))
    row(
      `CPU: isolate profiled, ${worker}`,
      `${script.url.replace(`file://${root}`, '')} (${fixed(script.bytes / 1024, 0)} KiB, ` +
        `holds "${script.marker}")`,
    );
  const byKey = Object.fromEntries(cpu.endpoints.map((e) => [e.key, e]));
  for (const e of cpu.endpoints) {
    const per = e.samplesPerRequest;
    row(
      `CPU: ${e.name}, isolate µs per request`,
      `${fixed(e.cpuUsPerRequest, 0)} µs (samples/req: JS ${fixed(per.js)}, program ` +
        `${fixed(per.program)}, GC ${fixed(per.gc)}; ${fixed(e.workerScriptShare * 100, 0)}% of JS ` +
        `in its bundle)`,
      e.baseline || e.calibration ? '' : 'baseline',
    );
    if (e.baseline)
      row(
        `CPU: ${e.name} ÷ ${byKey[e.baseline].name}`,
        `${fixed(e.ratio)}×`,
        `≤ ${budget.CPU_RATIO}×`,
        e.ratio <= budget.CPU_RATIO,
      );
    if (e.reportedAgainst)
      row(
        `CPU: ${e.name} ÷ ${byKey[e.reportedAgainst].name}`,
        `${fixed(e.reportedRatio)}× (stripe-node's own work counted as the checkout's)`,
        'reported',
      );
  }
  if (byKey.helloLogged && byKey.hello)
    row(
      'CPU: one structured log line (GET /hello/logged − GET /hello)',
      `${fixed(byKey.helloLogged.cpuUsPerRequest - byKey.hello.cpuUsPerRequest, 0)} µs ` +
        '(the checkout: one per write, refusal or error, two per paid /charge, none per plain read)',
      'reported',
    );
  row(
    "CPU: Stripe calls of the same-I/O worker = checkout's",
    cpu.stripeCalls.join(', '),
    'same',
    true,
  );
  const errors = cpu.endpoints.filter((e) => e.errors > 0);
  row(
    'CPU load: errors (HTTP, socket, wrong body)',
    errors.length === 0
      ? '0'
      : errors.map((e) => `${e.name}: ${e.errors} ${JSON.stringify(e.errorDetail)}`).join('; '),
    '0',
    errors.length === 0,
  );
}
if (roundTrips) {
  row(
    'Stripe calls per successful /charge',
    String(roundTrips.charge.calls),
    `≤ ${budget.CHARGE_ROUND_TRIPS}`,
    roundTrips.charge.calls <= budget.CHARGE_ROUND_TRIPS,
  );
  row(
    'Stripe calls per 3-D Secure payment (all)',
    `${roundTrips.threeDSecure.calls} (${roundTrips.threeDSecure.requests.join(', ')})`,
  );
  row(
    'Stripe calls per thank-you view, known paid',
    String(roundTrips.thankYouPaid.calls),
    `${budget.THANK_YOU_PAID_ROUND_TRIPS}`,
    roundTrips.thankYouPaid.calls <= budget.THANK_YOU_PAID_ROUND_TRIPS,
  );
  const unknown = roundTrips.thankYouUnknown;
  const when =
    unknown.ledgerKnewPaid === false
      ? 'ledger not yet paid'
      : unknown.ledgerKnewPaid
        ? 'webhook came first'
        : 'webhook not seen';
  row(
    'Stripe calls per thank-you view, not yet known paid',
    `${unknown.calls} (${when})`,
    `≤ ${budget.THANK_YOU_ROUND_TRIPS}`,
    unknown.calls <= budget.THANK_YOU_ROUND_TRIPS,
  );
}
if (pageWeight) {
  for (const file of pageWeight.files)
    row(
      `Page: ${file.path.replace(/^public\//, '')}, gzip -9`,
      `${file.gzipBytes} B (raw ${file.rawBytes} B)`,
    );
  row(
    'Page: first-party total, gzip -9',
    `${pageWeight.totalGzipBytes} B`,
    `≤ ${budget.PAGE_GZIP_BYTES} B`,
    pageWeight.totalGzipBytes <= budget.PAGE_GZIP_BYTES,
  );
  // Loaded on demand (hosted mode, a cart with something to send): reported, not budgeted.
  for (const chunk of pageWeight.lazy)
    row(
      `Page with ${chunk.source.replace(/^client\//, '')} (on demand), gzip -9`,
      `${chunk.totalGzipBytes} B (chunk ${chunk.gzipBytes} B)`,
    );
}
if (paint) {
  row(
    'Page: paints before Stripe.js arrives',
    `${paint.paintsFirst ? 'yes' : 'no'} (FCP ${fixed(paint.firstContentfulPaintMs, 0)} ms, ` +
      `Stripe.js ${fixed(paint.stripeJsResponseEndMs, 0)} ms)`,
    'yes',
    paint.paintsFirst,
  );
}
if (paid) {
  row(
    `Time to paid, Chromium (median of ${paid.runs})`,
    `${fixed(paid.medianMs, 0)} ms (min ${fixed(paid.minMs, 0)}, max ${fixed(paid.maxMs, 0)})`,
    'reported',
  );
}
const { waterfall } = results;
if (waterfall) {
  const missing = waterfall.missingServerTiming;
  row(
    'Server-Timing on POST /charge and GET /thank-you',
    missing.length === 0 ? 'present' : `missing on ${missing.join(', ')}`,
    'present',
    missing.length === 0,
  );
  const u = waterfall.unavoidable;
  const each = waterfall.runs.map((r) => (r.ratio === null ? '?' : fixed(r.ratio))).join(', ');
  row(
    `Time to receipt ÷ unavoidable round trips (Stripe at ${budget.STRIPE_LATENCY_MS} ms; ` +
      `the click event → the receipt's first paint, median of ${waterfall.runs.length})`,
    waterfall.ratio === null
      ? `${fixed(waterfall.timeToReceiptMs, 0)} ms ÷ ? (needs Server-Timing and a paint)`
      : `${fixed(waterfall.ratio)}× (${fixed(waterfall.timeToReceiptMs, 0)} ms ÷ ` +
          `${fixed(u.sumMs, 0)} ms: token ${fixed(u.confirmationTokenMs, 0)}, PaymentIntent ` +
          `${fixed(u.paymentIntentMs, 0)}, ledger ${fixed(u.ledgerReadMs, 1)}; each: ${each})`,
    `≤ ${budget.RECEIPT_ROUND_TRIPS_RATIO}×`,
    waterfall.ratio !== null && waterfall.ratio <= budget.RECEIPT_ROUND_TRIPS_RATIO,
  );
  row(
    "Pay → receipt as Playwright times it (its click() → the receipt's text found)",
    `${fixed(waterfall.textFoundMs, 0)} ms (the click event came ` +
      `${fixed(waterfall.beforeToken.clickEventMs, 0)} ms after click())`,
    'reported',
  );
}
for (const [name, message] of Object.entries(results.errors)) {
  // The first line only, shortened: the whole message is in results.json.
  row(`Error: ${name}`, message.split('\n')[0].slice(0, 100), '', false);
}

const header = ['Metric', 'Value', 'Budget', 'OK'];
const where = describeMachine(results.machine);
process.stdout.write(`\nedge-checkout bench · ${where}\n\n${table(header, rows)}\n\n`);
if (bundle) {
  const { header: partHeader, rows: partRows } = bundleBreakdown(bundle.checkout, bundle.floor);
  results.bundleBreakdown = {
    header: partHeader,
    rows: partRows,
    markdown: markdownTable(partHeader, partRows),
  };
  process.stdout.write(
    'The Worker bundle by package and src/ folder (bytes of minified code in index.js, from ' +
      "esbuild's metafile;\ngzip compresses across modules, so only the whole is measured gzipped)" +
      `\n\n${table(partHeader, partRows)}\n\n`,
  );
}
if (cpu && byModule) {
  const { header: moduleHeader, rows: moduleRows } = moduleTable(cpu.endpoints);
  cpu.byModule = { header: moduleHeader, rows: moduleRows };
  cpu.byModule.markdown = markdownTable(moduleHeader, moduleRows);
  process.stdout.write(
    "Isolate CPU by module, µs per request (with the profiler's slowing; a built-in counts for " +
      `the module that called it: bench/modules.mjs)\n\n${table(moduleHeader, moduleRows)}\n\n`,
  );
  // Each endpoint's costliest functions (own time): where to look inside a module's row.
  cpu.topFunctions = functionLists(cpu.endpoints, option('top-functions', 15));
  for (const endpoint of cpu.endpoints) delete endpoint.functionsUs; // the lists say enough
  for (const { name, lines } of cpu.topFunctions)
    process.stdout.write(
      `Costliest functions of ${name}, µs per request:\n${lines.join('\n')}\n\n`,
    );
}
if (waterfall) {
  const ms = (value, digits = 0) =>
    value === null || value === undefined ? '—' : fixed(value, digits);
  const lines = waterfall.requests.map((r) => [
    `${r.method} ${r.url.replace(/^https?:\/\/[^/]+/, '').replace(/(pi_|secret_)[A-Za-z0-9_]+/g, '$1…')}`,
    String(r.status),
    ms(r.startMs),
    ms(r.durationMs),
    r.serverTiming ? ms(r.serverTiming.total, 1) : 'no header',
    r.serverTiming ? ms(r.serverTiming.d1, 1) : '',
    r.serverTiming ? ms(r.serverTiming.stripe, 1) : '',
  ]);
  const header = [
    'Request after the click on Pay',
    'Status',
    'Start ms',
    'Took ms',
    'Server ms',
    'D1 ms',
    'Stripe ms',
  ];
  // The receipt page as the browser rendered it: what Playwright's requests do not show.
  const { receipt } = waterfall;
  lines.push(['(receipt: navigation)', '', ms(receipt.navigationMs), '', '', '', '']);
  lines.push(['(receipt: its HTML received)', '', ms(receipt.htmlEndMs), '', '', '', '']);
  for (const sheet of receipt.stylesheets)
    lines.push([
      `(receipt) ${sheet.url}, ${sheet.how}${sheet.blocking ? ', render-blocking' : ''}`,
      '',
      ms(sheet.startMs),
      ms(sheet.endMs - sheet.startMs),
      '',
      '',
      '',
    ]);
  lines.push(['(receipt: first contentful paint)', '', ms(receipt.firstPaintMs), '', '', '', '']);
  process.stdout.write(
    `Waterfall of the median purchase (Stripe at ${budget.STRIPE_LATENCY_MS} ms): receipt after ` +
      `${fixed(waterfall.timeToReceiptMs, 0)} ms\n\n${table(header, lines)}\n\n`,
  );
  waterfall.markdown = markdownTable(header, lines);
  if (waterfall.missingServerTiming.length > 0)
    process.stdout.write(
      `Server-Timing is missing on ${waterfall.missingServerTiming.join(', ')}: the Worker does not ` +
        'send it yet, so the server, D1 and Stripe shares and the round-trip ratio are unknown.\n\n',
    );
}
process.stdout.write(
  failures.length === 0
    ? 'Every budget is met.\n'
    : `Over budget or not measured: ${failures.join('; ')}\n`,
);
serverLogFile.end();
if (Object.keys(results.errors).length > 0 && serverLog.length > 0) {
  const last = serverLog.join('').split('\n').slice(-40).join('\n');
  process.stderr.write(`\nLast lines from the servers (all of them: ${serverLogPath}):\n${last}\n`);
}

results.failures = failures;
results.table = { header, rows };
results.markdown = `${where}\n\n${markdownTable(header, rows)}`;
// A CPU-only run leaves the whole run's figures alone (results.local.json is gitignored).
writeFileSync(
  fileURLToPath(new URL(cpuOnly ? 'results.local.json' : 'results.json', import.meta.url)),
  `${JSON.stringify(results, null, 2)}\n`,
);
process.exitCode = failures.length === 0 ? 0 : 1;
