// `npm run dev`: the checkout at http://localhost:8787, with the Stripe simulator at
// http://127.0.0.1:12111 and the Cloudflare Access stand-in at http://127.0.0.1:12112 when
// .dev.vars points there (as .dev.vars.example does).
// First run: creates .dev.vars from .dev.vars.example, so no configuration is needed.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Offline: no fetch of the `Request.cf` placeholder from workers.cloudflare.com.
const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false' };
const wrangler = (args) =>
  spawn('npx', ['wrangler', ...args], { cwd: root, stdio: 'inherit', env });

if (!existsSync(`${root}.dev.vars`)) {
  copyFileSync(`${root}.dev.vars.example`, `${root}.dev.vars`);
  console.log(
    'Created .dev.vars from .dev.vars.example: simulated payments, no Stripe account needed.',
  );
}
const apiBase = /^STRIPE_API_BASE=(.*)$/m
  .exec(readFileSync(`${root}.dev.vars`, 'utf8'))?.[1]
  ?.trim();
const simulated = apiBase === 'http://127.0.0.1:12111';
// The local Cloudflare Access stand-in (access-sim/), when .dev.vars makes it /admin's team.
const ACCESS_SIM = 'http://127.0.0.1:12112';
const accessTeam = /^ACCESS_TEAM_DOMAIN=(.*)$/m.exec(readFileSync(`${root}.dev.vars`, 'utf8'));
const accessSim = accessTeam?.[1]?.trim() === ACCESS_SIM;

// The local ledger: apply pending D1 migrations (non-interactive).
const migrate = spawnSync('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local'], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...env, CI: 'true' },
});
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

// Each server gets its own inspector port: both would otherwise pick the default 9229 at start,
// and the checkout's reload after its first build (wrangler reruns [build] once its watcher is
// ready) would then fail to bind it ("Address already in use").
const children = [];
if (simulated) {
  children.push(
    wrangler([
      'dev',
      '-c',
      'stripe-sim/wrangler.toml',
      '--ip',
      '127.0.0.1',
      '--port',
      '12111',
      '--inspector-port',
      '9230',
      '--show-interactive-dev-session=false',
    ]),
  );
}
if (accessSim) {
  children.push(
    wrangler([
      'dev',
      '-c',
      'access-sim/wrangler.toml',
      '--ip',
      '127.0.0.1',
      '--port',
      '12112',
      '--inspector-port',
      '9231',
      '--show-interactive-dev-session=false',
    ]),
  );
}
children.push(
  wrangler([
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    '8787',
    '--inspector-port',
    '9229',
    ...process.argv.slice(2),
  ]),
);
console.log(
  `\nCheckout: http://localhost:8787${simulated ? '  (simulated Stripe at http://127.0.0.1:12111; pay with 4242 4242 4242 4242)' : ''}\n`,
);
if (accessSim)
  console.log(`Admin:    /admin signs in at the Access stand-in, ${ACCESS_SIM} (any email)\n`);

// One stops, all stop.
const stop = (code) => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code ?? 0;
};
for (const child of children) child.on('exit', stop);
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
