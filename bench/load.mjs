#!/usr/bin/env node
// `npm run load`: a bounded load test of the checkout in simulated mode, on 127.0.0.1. Drives the
// page (GET /), GET /config and POST /charge with autocannon, one after the other, for 30 seconds
// in all; reports requests per second, latency percentiles and errors per endpoint with the
// machine, writes bench/load-results.json, and exits non-zero on any error: zero errors is the bar.
//
// An error is a socket error, a timeout, an answer other than 2xx/3xx, or (POST /charge) an answer
// that is not a succeeded payment. Every /charge is a new checkout from its own client IP, as real
// customers are, so the per-IP rate limit does not turn the test into a rate-limit test.
// Options: --seconds=N (total, default 30), --connections=N (default 8), --verbose.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startLocalStack } from '../scripts/local-stack.mjs';
import { describeMachine, machine } from './measure.mjs';
import { fixed, markdownTable, table } from './report.mjs';
import { cannon, chargeRoute } from './requests.mjs';
import { cleanupOnExit } from './servers.mjs';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((arg) => /^--([\w-]+)(?:=(.*))?$/.exec(arg))
    .filter(Boolean)
    .map((m) => [m[1], m[2] ?? 'true']),
);
const seconds = Number(args.seconds ?? 30);
const connections = Number(args.connections ?? 8);
const verbose = args.verbose === 'true';
const progress = (line) => process.stderr.write(`· ${line}\n`);

const cleanup = cleanupOnExit();
const results = { machine: machine(), seconds, connections, endpoints: [], errors: {} };

try {
  progress('starting the simulator and the checkout (wrangler dev)');
  const stack = await startLocalStack({
    log: verbose ? (chunk) => process.stderr.write(chunk) : undefined,
  });
  cleanup.add(stack.stop);
  const { checkout } = stack;

  const endpoints = [
    { name: 'GET /', options: () => ({ url: `${checkout}/` }) },
    { name: 'GET /config', options: () => ({ url: `${checkout}/config` }) },
    {
      name: 'POST /charge',
      options: (failures) => ({ url: checkout, requests: [chargeRoute(checkout, { failures })] }),
    },
  ];

  // A short warm-up (not counted): the first requests build the Worker, load stripe-node, open D1.
  progress('warming up');
  for (const endpoint of endpoints)
    await cannon({ ...endpoint.options(new Map()), amount: 20, connections: 2 });

  const each = seconds / endpoints.length;
  for (const endpoint of endpoints) {
    progress(`${endpoint.name}: ${each} s at ${connections} connections`);
    const failures = new Map();
    const { result, errors, errorDetail } = await cannon(
      { ...endpoint.options(failures), duration: each, connections },
      { failures },
    );
    results.endpoints.push({
      name: endpoint.name,
      seconds: each,
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      latencyMs: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
      },
      errors,
      errorDetail,
    });
  }
} catch (error) {
  results.errors.run = error instanceof Error ? error.message : String(error);
} finally {
  await cleanup.run();
}

const header = ['Endpoint', 'Req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'Requests', 'Errors'];
const rows = results.endpoints.map((e) => [
  e.name,
  fixed(e.requestsPerSecond, 1),
  fixed(e.latencyMs.p50, 0),
  fixed(e.latencyMs.p90, 0),
  fixed(e.latencyMs.p99, 0),
  String(e.requests),
  e.errors === 0 ? '0' : `${e.errors} ${JSON.stringify(e.errorDetail)}`,
]);
const where = describeMachine(results.machine);
const totalErrors =
  results.endpoints.reduce((sum, e) => sum + e.errors, 0) + Object.keys(results.errors).length;
process.stdout.write(
  `\nedge-checkout load · ${where}\n${seconds} s on 127.0.0.1 (${seconds / 3} s per endpoint), ` +
    `${connections} connections, simulated Stripe\n\n${table(header, rows)}\n\n`,
);
for (const [name, message] of Object.entries(results.errors))
  process.stdout.write(`Error (${name}): ${message}\n`);
process.stdout.write(
  totalErrors === 0 ? 'No errors.\n' : `${totalErrors} error(s): zero is the bar.\n`,
);

results.table = { header, rows };
results.markdown = `${where}\n\n${markdownTable(header, rows)}`;
writeFileSync(
  fileURLToPath(new URL('load-results.json', import.meta.url)),
  `${JSON.stringify(results, null, 2)}\n`,
);
process.exitCode = totalErrors === 0 ? 0 : 1;
