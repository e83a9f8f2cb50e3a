// @ts-check
// .dev.vars as wrangler reads it (dotenv), and which local stand-ins `npm run dev` starts from it.
// The Worker takes any loopback STRIPE_API_BASE for the simulator (simulated mode), so the
// simulator must start however the address is spelled (quoted, with a trailing `/`, localhost):
// an exact string match left it stopped while the Worker still said "simulated".

/** Where `npm run dev` starts the Stripe simulator and the Cloudflare Access stand-in. */
export const SIM = 'http://127.0.0.1:12111';
export const ACCESS_SIM = 'http://127.0.0.1:12112';

/**
 * The variables of a dotenv file: `NAME=value` lines (`export ` allowed), a value in matching
 * quotes taken as it is, an unquoted one up to a ` #` comment. Enough for .dev.vars (no escapes
 * or multi-line values), and without node:util's parseEnv, which Node 20 has only from 20.12.
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function readDotenv(text) {
  /** @type {Record<string, string>} */
  const vars = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, name = '', raw = ''] = match;
    const quoted = /^(["'`])(.*)\1\s*(?:#.*)?$/.exec(raw);
    vars[name] = quoted ? (quoted[2] ?? '') : raw.replace(/\s+#.*$/, '').trim();
  }
  return vars;
}

/** @param {string} hostname */
const isLoopback = (hostname) =>
  hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);

/**
 * `value` as a loopback http URL's origin and port, or undefined.
 * @param {string | undefined} value
 */
function loopback(value) {
  if (!value || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'http:' && isLoopback(url.hostname) ? url : undefined;
}

/**
 * Which stand-ins .dev.vars asks for, and a warning when STRIPE_API_BASE is local but not the
 * simulator's host and port (the Worker would still run simulated, against nothing). On its port
 * the simulator starts whatever the loopback host (the Worker runs simulated anyway), but it
 * listens on 127.0.0.1 only: [::1] or 127.0.0.2 never reach it, and localhost may resolve to ::1.
 * @param {string} text .dev.vars
 */
export function localStandIns(text) {
  const vars = readDotenv(text);
  const api = loopback(vars.STRIPE_API_BASE);
  const sim = new URL(SIM);
  const simulated = api?.port === sim.port;
  const elsewhere = simulated && api?.hostname !== sim.hostname;
  const access = loopback(vars.ACCESS_TEAM_DOMAIN);
  return {
    simulated,
    accessSimNamed: access?.port === new URL(ACCESS_SIM).port,
    /** Whether .dev.vars sets TAX_CALCULATION itself. */
    taxSet: 'TAX_CALCULATION' in vars,
    warning:
      api && !simulated
        ? `STRIPE_API_BASE in .dev.vars is ${api.origin}, a local address but not the ` +
          `simulator's (${SIM}, which npm run dev starts): payments will find nothing there.`
        : elsewhere
          ? `STRIPE_API_BASE in .dev.vars is ${api.origin}: the simulator listens on ${SIM} ` +
            `only, which ${api.hostname} may not reach. Set STRIPE_API_BASE=${SIM}.`
          : undefined,
  };
}
