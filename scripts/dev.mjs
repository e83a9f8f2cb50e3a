// `npm run dev`: the checkout at http://localhost:8787, with the Stripe simulator at
// http://127.0.0.1:12111 and the Cloudflare Access stand-in at http://127.0.0.1:12112 when
// .dev.vars points there (as .dev.vars.example does): both only in simulated mode.
// First run: creates .dev.vars from .dev.vars.example, so no configuration is needed.
//
// It prints the address, the mode and the test card once the servers answer, then only warnings
// and errors (wrangler's, the Worker's, the build's). `WRANGLER_LOG=log npm run dev` shows
// everything, every request included. Every file the Worker or its page is built from reloads on
// save: wrangler follows the Worker's imports, esbuild the page's (client/), and a change to
// wrangler.toml restarts the checkout's server.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, readFileSync, watch } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { amountStep } from '../src/money/format.js';
import { watchClient } from './build-client.mjs';
import { ACCESS_SIM, SIM, localStandIns } from './dev-vars.mjs';
import { waitFor } from './local-stack.mjs';
import { loadShop } from './shop-check.mjs';
import { writeDevConfig } from './wrangler-dev-config.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const CHECKOUT = 'http://localhost:8787';
/** Where the checkout listens (localhost may resolve to ::1 first, where nothing listens). */
const LISTEN = 'http://127.0.0.1:8787';
/** The project's wrangler (not through npx, whose progress spinner would share the terminal). */
const WRANGLER = `${root}node_modules/.bin/wrangler`;

const env = {
  ...process.env,
  // Wrangler's banner (with its update check, once per server) says nothing about this project.
  WRANGLER_HIDE_BANNER: 'true',
  WRANGLER_SEND_METRICS: 'false',
  // Offline: no fetch of the `Request.cf` placeholder from workers.cloudflare.com.
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  // Warnings and errors only (bindings tables, "Ready on", request lines are info).
  WRANGLER_LOG: process.env.WRANGLER_LOG ?? 'warn',
};

if (!existsSync(`${root}.dev.vars`)) {
  copyFileSync(`${root}.dev.vars.example`, `${root}.dev.vars`);
  console.log(
    'Created .dev.vars from .dev.vars.example: simulated payments, no Stripe account needed.',
  );
}
// Read as wrangler reads it, addresses compared by origin (scripts/dev-vars.mjs).
const { simulated, accessSimNamed, taxSet, warning } = localStandIns(
  readFileSync(`${root}.dev.vars`, 'utf8'),
);
if (warning) console.warn(warning);
// The local Cloudflare Access stand-in (access-sim/), when .dev.vars makes it /admin's team. The
// Worker accepts it (plain http) only in simulated mode: with your own Stripe keys it is not
// started, and the summary says why /admin is closed.
const accessSim = simulated && accessSimNamed;
/** The shop's shipping currency ('' when its files do not build: wrangler then says why). */
async function shippingCurrency() {
  try {
    return (await loadShop(`${root}src/shop`)).SHIPPING.currency;
  } catch {
    return '';
  }
}
// The simulated shop charges tax at the simulator's rates; wrangler.toml's `none` is for a deploy
// (a Stripe account without Stripe Tax would refuse every shippable cart). .dev.vars may say else.
// Not for a shop shipping in a currency of steps (KWD, ISK…): Stripe Tax cannot tax it, and the
// Worker would refuse every payment (src/config).
const taxable = simulated && amountStep(await shippingCurrency()) === 1;
const simulatedTax = taxable && !taxSet ? ['--var', 'TAX_CALCULATION:stripe'] : [];

// Migrations, the first build and wrangler's start take up to a minute: say so, not silence.
console.log(`Starting the checkout${simulated ? ' and the Stripe simulator' : ''} (wrangler dev)…`);

// The local ledger: apply pending D1 migrations. Non-interactive (CI: no "continue?" prompt), and
// silent unless it fails, when all it said is shown.
const migrate = spawnSync(WRANGLER, ['d1', 'migrations', 'apply', 'DB', '--local'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...env, CI: 'true', WRANGLER_LOG: 'log' },
});
if (migrate.status !== 0) {
  console.error(`Applying the D1 migrations failed:\n${migrate.stdout}${migrate.stderr}`);
  process.exit(migrate.status ?? 1);
}

const client = await watchClient();
const config = writeDevConfig();
// wrangler watches the copy it runs with: keep the copy in step with wrangler.toml (once an
// editor has finished writing it).
let configChanged;
const configWatcher = watch(root, (_event, file) => {
  if (file !== 'wrangler.toml') return;
  clearTimeout(configChanged);
  configChanged = setTimeout(() => {
    try {
      writeDevConfig();
    } catch (error) {
      console.error(`wrangler.toml could not be read: ${error.message}`);
    }
  }, 200);
});

/** `wrangler dev` with the given arguments, sharing this terminal. */
const wrangler = (args, cwd = root) =>
  spawn(WRANGLER, ['dev', '--show-interactive-dev-session=false', ...args], {
    cwd,
    stdio: 'inherit',
    env,
  });

// Each server gets its own inspector port: they would otherwise all try the default 9229. The
// stand-ins run in their own folders: wrangler compares the worker-configuration.d.ts of the folder
// it runs in with the Worker it serves, and the checkout's would look "out of date" to them.
const children = [];
if (simulated)
  children.push(
    wrangler(
      ['--ip', '127.0.0.1', '--port', '12111', '--inspector-port', '9230'],
      `${root}stripe-sim`,
    ),
  );
if (accessSim)
  children.push(
    wrangler(
      ['--ip', '127.0.0.1', '--port', '12112', '--inspector-port', '9231'],
      `${root}access-sim`,
    ),
  );
children.push(
  wrangler([
    '-c',
    config,
    '--ip',
    '127.0.0.1',
    '--port',
    '8787',
    '--inspector-port',
    '9229',
    // The fulfilment retry (the cron) on demand at /__scheduled, instead of a warning that it
    // does not run by itself.
    '--test-scheduled',
    ...simulatedTax,
    ...process.argv.slice(2),
  ]),
);

// One stops, all stop: a server that exits on its own (its port taken, say) ends the session.
let stopping = false;
const stop = (code) => {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  configWatcher.close();
  clearTimeout(configChanged);
  const gone = children.map((child) =>
    child.exitCode === null && child.signalCode === null ? once(child, 'exit') : undefined,
  );
  void Promise.all([...gone, client.dispose()]).then(() => process.exit());
};
const exited = new Promise((resolve) => {
  for (const child of children)
    child.on('exit', (code) => {
      stop(code || 1);
      resolve();
    });
});
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const ready = Promise.all([
  waitFor(`${LISTEN}/config`, 120_000),
  simulated ? waitFor(`${SIM}/v3/`, 120_000) : undefined,
  accessSim ? waitFor(`${ACCESS_SIM}/cdn-cgi/access/certs`, 120_000) : undefined,
]);
try {
  await Promise.race([ready, exited]);
  if (!stopping) console.log(await summary());
} catch (error) {
  console.error(error.message);
  stop(1);
}

/** What the developer needs to start: where, in which mode, and with which card. */
async function summary() {
  const response = await fetch(`${LISTEN}/config`);
  const body = await response.json().catch(() => ({}));
  if (!response.ok)
    return `\nCheckout: ${CHECKOUT}\nProblem: ${body.error?.message ?? response.status} (see the error line)\n`;
  const modes = {
    simulated: `simulated: the Stripe simulator at ${SIM}, no money moves`,
    test: 'test: your Stripe test account, no money moves',
    live: 'LIVE: real cards are charged',
  };
  const card =
    body.mode === 'live'
      ? ''
      : '\nPay with 4242 4242 4242 4242, any future expiry date and any CVC.';
  const admin = accessSim
    ? `\nAdmin: ${CHECKOUT}/admin signs in at the Access stand-in, ${ACCESS_SIM} (any email)`
    : accessSimNamed
      ? `\nAdmin: closed (/admin answers 404). The Access stand-in works only in simulated mode: set` +
        ' ACCESS_TEAM_DOMAIN and ACCESS_AUD in .dev.vars to an Access application of yours' +
        ' (docs/console.md), or remove them.'
      : '';
  return `\nCheckout: ${CHECKOUT}\nMode: ${modes[body.mode] ?? body.mode}${card}${admin}\nStop with Ctrl+C.\n`;
}
