// @ts-check
// The command line and environment of `npm run setup`: flags win over environment variables, and
// anything missing is asked for in interactive mode (the default on a terminal).
import { parseArgs } from 'node:util';
import { SetupError } from './errors.mjs';

export const USAGE = `Usage: npm run setup -- [options]

Sets up a Stripe checkout on Cloudflare: checks the Stripe keys, creates the D1 database and
applies its migrations, creates the Stripe webhook endpoint and registers the payment method
domain, gives the Worker its secrets, then deploys it. Safe to run again: it changes only what is
missing or wrong. Without options it asks for what it needs, explaining each step.

Options (environment variables in brackets):
  --secret-key KEY         Stripe secret key, sk_... or a restricted rk_... key [STRIPE_SECRET_KEY]
  --publishable-key KEY    Stripe publishable key, pk_..., same mode [STRIPE_PUBLISHABLE_KEY]
  --worker-url URL         The Worker's address, e.g. https://edge-checkout.you.workers.dev [WORKER_URL]
  --webhook-secret SECRET  The signing secret of the existing webhook endpoint, if you have it
                           [SETUP_WEBHOOK_SECRET: setup's own name, since a shell may hold
                           STRIPE_WEBHOOK_SECRET for local development]. It keeps the endpoint,
                           and is given to a Worker only if it has no STRIPE_WEBHOOK_SECRET
                           (or only the placeholder, refusing every delivery)
  --replace-webhook-secret Give the Worker that secret even if it has one (undoes a roll)
  --webhook-only           Only the webhook endpoint and its secret (after the Deploy button)
  --back-to-test           Give a Worker that has live keys test keys again (real cards declined)
  --dry-run                Print every step and change nothing
  --non-interactive        Never ask; fail on anything missing [CI=true]
  --config PATH            Wrangler configuration (default: wrangler.toml)
  --api-base URL           A Stripe-compatible API instead of api.stripe.com [STRIPE_API_BASE]
  -h, --help               This text

Prefer the environment variables for keys and secrets: command-line arguments can be seen by
other users of the machine and stay in the shell's history.`;

/**
 * @typedef {object} SetupOptions
 * @property {boolean} interactive
 * @property {boolean} dryRun
 * @property {boolean} webhookOnly
 * @property {boolean} backToTest
 * @property {boolean} replaceWebhookSecret
 * @property {boolean} help
 * @property {string | undefined} secretKey
 * @property {string | undefined} publishableKey
 * @property {string | undefined} workerUrl
 * @property {string | undefined} webhookSecret
 * @property {string | undefined} apiBase
 * @property {string | undefined} config
 */

/**
 * Reads the options from argv (without the node and script paths) and the environment.
 * @param {string[]} argv
 * @param {Record<string, string | undefined>} env
 * @param {boolean} isTerminal whether stdin is a terminal a person can answer on
 * @returns {SetupOptions}
 */
export function parseOptions(argv, env, isTerminal) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        'secret-key': { type: 'string' },
        'publishable-key': { type: 'string' },
        'worker-url': { type: 'string' },
        'webhook-secret': { type: 'string' },
        'webhook-only': { type: 'boolean', default: false },
        'back-to-test': { type: 'boolean', default: false },
        'replace-webhook-secret': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        'non-interactive': { type: 'boolean', default: false },
        config: { type: 'string' },
        'api-base': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new SetupError(`${error instanceof Error ? error.message : error}\n\n${USAGE}`);
  }
  /** @param {string | undefined} value */
  const blank = (value) => (value?.trim() ? value.trim() : undefined);
  return {
    interactive: isTerminal && !values['non-interactive'] && env.CI !== 'true',
    dryRun: values['dry-run'],
    webhookOnly: values['webhook-only'],
    backToTest: values['back-to-test'],
    replaceWebhookSecret: values['replace-webhook-secret'],
    help: values.help,
    secretKey: blank(values['secret-key'] ?? env.STRIPE_SECRET_KEY),
    publishableKey: blank(values['publishable-key'] ?? env.STRIPE_PUBLISHABLE_KEY),
    workerUrl: blank(values['worker-url'] ?? env.WORKER_URL),
    // Not STRIPE_WEBHOOK_SECRET: `stripe listen`'s or .dev.vars' secret, exported in a shell,
    // would replace the Worker's right one, and every delivery would fail its signature.
    webhookSecret: blank(values['webhook-secret'] ?? env.SETUP_WEBHOOK_SECRET),
    apiBase: blank(values['api-base'] ?? env.STRIPE_API_BASE),
    config: blank(values.config),
  };
}
