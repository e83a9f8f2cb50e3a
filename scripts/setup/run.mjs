// @ts-check
// `npm run setup`, step by step: the keys, the D1 database, the webhook endpoint, the payment
// method domain, the Worker's secrets, the deploy. Every read happens before the first change, so
// a wrong key or a missing permission stops it with nothing changed; every change goes through
// `change()`, which a dry run only prints and an interactive run asks about first.
import { randomBytes } from 'node:crypto';
import { relative } from 'node:path';
import Stripe from 'stripe';
import { SetupError } from './errors.mjs';
import { checkAccount, checkKeyPair, checkWorkerReads, withPermission } from './keys.mjs';
import { checkLive, descriptorWarning, ledgerWarning } from './live.mjs';
import { findDomain, walletStatus } from './payment-domain.mjs';
import { desiredSecrets, secretsToWrite } from './secrets.mjs';
import { fingerprint } from './state.mjs';
import { findEndpoints, planWebhook } from './webhook.mjs';
import { deployedConfig, describeAnswer, isCheckout, webhookRefusesAll } from './worker-mode.mjs';
import { readWorkerConfig, writeDatabaseId } from './wrangler-config.mjs';

/**
 * @typedef {object} WorkerRules the Worker's own rules (src/), loaded by source.mjs
 * @property {readonly string[]} handledEventTypes
 * @property {(env: object, url: URL) => { ok: boolean, mode?: string, detail?: string }} resolvePaymentConfig
 * @property {(hostname: string) => boolean} isLoopback
 * @property {import('./live.mjs').ShopIdentity} [identity] src/shop/identity.ts's SHOP
 * @property {string} [examplePublishableKey] .dev.vars.example's, the simulator's
 */

/**
 * @typedef {object} SetupDeps
 * @property {import('./wrangler.mjs').Wrangler} wrangler
 * @property {import('./state.mjs').SetupState} state
 * @property {WorkerRules} rules
 * @property {(secretKey: string, apiBase?: string) => Stripe} stripeFor
 * @property {import('./prompt.mjs').Prompt} [prompt] asked when interactive
 * @property {(line: string) => void} out
 * @property {string} configPath absolute path of wrangler.toml
 * @property {typeof fetch} [fetch] asks the deployed Worker its GET /config (global fetch if unset)
 * @property {(ms: number) => Promise<void>} [sleep] waits before asking a fresh deploy again
 */

/**
 * @typedef {object} SetupResult
 * @property {string[]} changes what was changed (or, in a dry run, would be)
 * @property {string | undefined} workerUrl
 * @property {'test' | 'live'} mode
 */

const TEST_CARD = '4242 4242 4242 4242, any future expiry date, any CVC';

/**
 * Waits before each ask of a Worker just deployed (about two minutes in all): a first deploy to a
 * new workers.dev subdomain, or a custom domain whose certificate is still being issued, can take
 * minutes to answer at its address, and a wrong address never answers, so the waits are bounded.
 */
const AFTER_DEPLOY_WAITS_MS = [0, 2000, 5000, 10000, 20000, 30000, 45000];

/** @param {number} ms */
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The restricted key permissions setup's own Stripe requests need, as the Dashboard names them. */
const WEBHOOK_READ = 'Webhook Endpoints (read)';
const WEBHOOK_WRITE = 'Webhook Endpoints (write)';
const DOMAINS_READ = 'Payment Method Domains (read)';
const DOMAINS_WRITE = 'Payment Method Domains (write)';

/**
 * The Worker's address as an origin: https, or http on a loopback address when rehearsing
 * against a local simulator.
 * @param {string} value
 * @param {boolean} simulated
 * @param {WorkerRules} rules
 */
function workerOrigin(value, simulated, rules) {
  let url;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const local = simulated && url?.protocol === 'http:' && rules.isLoopback(url.hostname);
  if (!url || (url.protocol !== 'https:' && !local) || url.pathname !== '/' || url.search)
    throw new SetupError(
      `--worker-url (WORKER_URL) must be the Worker's https:// address without a path, such as ` +
        `https://edge-checkout.your-subdomain.workers.dev (got ${value}).`,
    );
  return url.origin;
}

/**
 * A Stripe-compatible API origin (--api-base), and whether it is a local simulator (which refuses
 * live keys itself).
 * @param {string | undefined} value
 * @param {WorkerRules} rules
 */
function apiOrigin(value, rules) {
  if (!value) return { apiBase: undefined, simulated: false };
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new SetupError(`STRIPE_API_BASE (--api-base) is not a URL: ${value}`);
  }
  const simulated = rules.isLoopback(url.hostname);
  if (!simulated && url.protocol !== 'https:')
    throw new SetupError('STRIPE_API_BASE (--api-base) must use https unless it is local.');
  return { apiBase: url.origin, simulated };
}

/**
 * A host name Stripe can register for wallets (not a loopback or bare IP address).
 * @param {string} hostname
 * @param {WorkerRules} rules
 */
const registrable = (hostname, rules) =>
  !rules.isLoopback(hostname) && hostname.includes('.') && !/^[\d.]+$/.test(hostname);

/**
 * Runs the setup.
 * @param {import('./options.mjs').SetupOptions} options
 * @param {SetupDeps} deps
 * @returns {Promise<SetupResult>}
 */
export async function runSetup(options, deps) {
  const { wrangler, state, rules, out, prompt } = deps;
  const interactive = options.interactive && prompt !== undefined;
  /** @param {string} text */
  const explain = (text) => interactive && out(`   ${text}`);
  /** @param {string} title @param {string} [explanation] */
  const section = (title, explanation) => {
    out(`\n${title}`);
    if (explanation) explain(explanation);
  };
  /** @type {string[]} */
  const changes = [];
  const runId = randomBytes(8).toString('hex');
  /** @param {string} step */
  const idempotencyKey = (step) => `edge-checkout-setup-${runId}-${step}`;

  /**
   * One change: printed and skipped in a dry run, asked about when interactive, else made.
   * @template T
   * @param {string} description
   * @param {() => Promise<T>} make
   * @returns {Promise<T | undefined>}
   */
  async function change(description, make) {
    if (options.dryRun) {
      out(`   would ${description}`);
      changes.push(description);
      return undefined;
    }
    if (
      interactive &&
      !(await prompt.confirm(`   ${description[0]?.toUpperCase()}${description.slice(1)}?`))
    ) {
      out('   skipped');
      return undefined;
    }
    const result = await make();
    out(`   ✓ ${description}`);
    changes.push(description);
    return result;
  }

  out(
    `edge-checkout setup${options.dryRun ? ' (dry run: prints every step, changes nothing)' : ''}` +
      `${options.webhookOnly ? ' (webhook only)' : ''}`,
  );

  // Inputs: flags and environment, else asked for.
  let { secretKey, publishableKey, workerUrl } = options;
  if (interactive) {
    if (!secretKey) {
      out('\nYour Stripe keys are in the Dashboard: Developers → API keys. Use the test keys');
      out('(sk_test_, pk_test_) to try the shop; the live keys take real payments.');
      secretKey = await prompt.ask('Secret key (sk_… or restricted rk_…, not shown): ', {
        secret: true,
      });
    }
    publishableKey ||= await prompt.ask('Publishable key (pk_…): ');
    if (!workerUrl)
      workerUrl = await prompt.ask(
        "Your Worker's address, e.g. https://edge-checkout.you.workers.dev (Enter: deploy first " +
          'and use the address Cloudflare gives it): ',
      );
  }

  // 1. Keys: nothing changes unless Stripe accepts them.
  section(
    '1. Stripe keys',
    'Both keys must be of one mode, and Stripe must accept the secret key.',
  );
  const mode = checkKeyPair({ secretKey, publishableKey }, rules);
  const { apiBase, simulated } = apiOrigin(options.apiBase, rules);
  const stripe = deps.stripeFor(/** @type {string} */ (secretKey), apiBase);
  const account = await checkAccount(stripe, Boolean(secretKey?.startsWith('rk_')));
  out(
    `   ✓ STRIPE_SECRET_KEY accepted by Stripe: ` +
      `${account.id ? `account "${account.name}" (${account.id})` : 'a restricted key'}, ${mode} mode`,
  );
  if (simulated) out(`   (a rehearsal against the Stripe simulator at ${apiBase})`);
  // Live keys on an account without charges would refuse every payment, in place of the test
  // keys' working shop: refused. --webhook-only sets no keys, so it only warns.
  if (mode === 'live' && account.chargesEnabled === false) {
    if (!options.webhookOnly)
      throw new SetupError(
        'Stripe has not enabled charges on this account yet: with these live keys the shop ' +
          'would refuse every payment. Finish activating it (Dashboard → Activate payments), ' +
          'then run setup again once Stripe shows charges as enabled. Nothing was changed.',
      );
    out('   ! Stripe has not enabled charges on this account yet: finish activating it first.');
  }

  if (workerUrl) workerUrl = workerOrigin(workerUrl, simulated, rules);
  else if (options.webhookOnly)
    throw new SetupError("--webhook-only needs the Worker's address: pass --worker-url.");

  // Reads, before any change.
  const config = readWorkerConfig(deps.configPath);
  // A restricted key that setup gives the Worker (not --webhook-only's, which it keeps for itself)
  // is checked for what the Worker reads; what it writes cannot be checked without writing.
  if (secretKey?.startsWith('rk_') && !options.webhookOnly) {
    await checkWorkerReads(stripe, { hosted: config.checkoutUi === 'hosted' });
    out(
      '   ✓ the restricted key reads what the Worker reads. Its Write permissions (docs/going-live.md)' +
        ' cannot be checked without writing: give them in the Dashboard.',
    );
  }
  const workerSecrets = await wrangler.listSecrets();
  const workerState = state.worker(config.name);
  /** @type {Map<string, Promise<import('./worker-mode.mjs').WorkerAnswer>>} */
  const answers = new Map();
  /**
   * What the Worker at `url` answers to GET /config, asked once per address unless `fresh`.
   * @param {string} url
   * @param {boolean} [fresh]
   */
  const answerAt = (url, fresh = false) => {
    if (fresh || !answers.has(url)) answers.set(url, deployedConfig(url, deps.fetch ?? fetch));
    return /** @type {Promise<import('./worker-mode.mjs').WorkerAnswer>} */ (answers.get(url));
  };
  /**
   * The mode the Worker at `url` says it runs in, if it answers like this checkout.
   * @param {string} url
   */
  const modeAt = async (url) => (await answerAt(url)).mode;
  /**
   * Live payments back to test keys would decline every real card (and refuse the live webhook
   * endpoint's deliveries): only when asked for. This machine's state may not know the Worker
   * has live keys (set from another machine, a fresh clone, CI), so the Worker is asked too.
   * @param {string | undefined} url the Worker's address, when known
   */
  async function refuseTestKeys(url) {
    if (mode !== 'test' || options.backToTest) return;
    let how;
    if (workerState.mode === 'live') how = 'set by setup here';
    else if (url && (await modeAt(url)) === 'live') how = `its ${url}/config says so`;
    if (how)
      throw new SetupError(
        `The Worker "${config.name}" has live keys (${how}), and these are test keys: ` +
          'with them it would decline every real card. Use the live keys, or, to take test ' +
          'payments again on purpose, run setup again with --back-to-test.',
      );
  }
  await refuseTestKeys(workerUrl);

  const fullSetup =
    'set them with `npm run setup` (without --webhook-only), which also makes the ' +
    'webhook endpoint. Nothing was changed.';
  /**
   * --webhook-only makes the endpoint in the account and mode of the keys it is given, and sets
   * no keys: they must be the Worker's own, or every event goes where the Worker's payments are
   * not. The Worker names its publishable key (GET /config), so the two are compared, before any
   * change; also in a dry run, since it is a read. A Worker answering `simulated` (a local
   * rehearsal against the simulator, on a loopback address) may run the example keys: they are
   * the simulator's. Deployed, they are refused.
   * @param {string} url
   */
  async function requireWorkerKeys(url) {
    const answer = await answerAt(url);
    if (!isCheckout(answer))
      throw new SetupError(
        `${url} does not answer like this checkout's Worker (GET ${url}/config: ` +
          `${describeAnswer(answer)}). --webhook-only needs the deployed Worker's address, as ` +
          'the Deploy button or `wrangler deploy` printed it. Nothing was changed.',
      );
    if (answer.kind === 'unconfigured')
      throw new SetupError(
        `The Worker at ${url} refuses payments (its GET /config answers 503): its Stripe keys ` +
          'are missing or do not go together (its log says which: payments.refused). Then ' +
          fullSetup,
      );
    if (answer.mode !== 'simulated' && answer.publishableKey === rules.examplePublishableKey)
      throw new SetupError(
        `The Worker at ${url} has the example keys of .dev.vars.example ` +
          `(${answer.publishableKey}, the local simulator's), with which every payment fails ` +
          `at Stripe. Give it your own keys: ${fullSetup}`,
      );
    if (answer.publishableKey !== publishableKey)
      throw new SetupError(
        `The Worker at ${url} has the publishable key ${answer.publishableKey} ` +
          `(${answer.mode} mode), not ${publishableKey}: these keys are of another Stripe ` +
          "account or mode, where the Worker's payments are not. Give setup the Worker's own " +
          `keys, or, to change them, ${fullSetup}`,
      );
    out(`   ✓ ${url} is this checkout, with these keys (${answer.mode} mode)`);
  }
  if (options.webhookOnly && workerUrl) await requireWorkerKeys(workerUrl);
  const databases = options.webhookOnly ? [] : await wrangler.listDatabases();

  /**
   * Stripe's side at the Worker's address: its webhook endpoints and payment method domain.
   * @param {string} url the Worker's address
   */
  async function readStripe(url) {
    const host = new URL(url).hostname;
    const existing = await withPermission(WEBHOOK_READ, () =>
      findEndpoints(stripe, `${url}/webhook`),
    );
    const domain =
      !options.webhookOnly && registrable(host, rules)
        ? await withPermission(DOMAINS_READ, () => findDomain(stripe, host))
        : undefined;
    return { existing, domain };
  }
  // Read now; without the address (the first deploy tells it), at least check the key may read.
  const stripeSide = workerUrl ? await readStripe(workerUrl) : undefined;
  if (!stripeSide) {
    await withPermission(WEBHOOK_READ, () => stripe.webhookEndpoints.list({ limit: 1 }));
    await withPermission(DOMAINS_READ, () => stripe.paymentMethodDomains.list({ limit: 1 }));
  }

  // Live keys: what only the merchant can fix, before any change.
  if (mode === 'live') {
    section('   Ready for live payments?');
    await checkLive({
      identity: rules.identity,
      taxCalculation: config.taxCalculation,
      taxStatus: async () => {
        try {
          return (await stripe.tax.settings.retrieve()).status;
        } catch (error) {
          if (!(error instanceof Stripe.errors.StripePermissionError)) throw error;
          throw new SetupError(
            'STRIPE_SECRET_KEY is a restricted key without access to Tax Settings (read), ' +
              'which setup checks when TAX_CALCULATION is "stripe".',
          );
        }
      },
    });
    out('   ✓ your own identity in src/shop/identity.ts');
    if (config.taxCalculation === 'stripe') out('   ✓ Stripe Tax is active on the account');
    const warnings = [
      rules.identity &&
        descriptorWarning(rules.identity.statementDescriptor, account.statementDescriptor),
      // Switching from test keys (or a first live run here): test orders may be in the ledger.
      // Not when the Worker says it is live already (set from another machine).
      !options.webhookOnly &&
      config.databaseId &&
      workerState.mode !== 'live' &&
      !(workerUrl && (await modeAt(workerUrl)) === 'live')
        ? ledgerWarning(await wrangler.countOrders(config.binding))
        : null,
    ];
    for (const warning of warnings) if (warning) out(`   ${warning}`);
  }

  // 2. D1.
  if (!options.webhookOnly) {
    section(
      '2. Cloudflare D1 database (the order ledger)',
      'wrangler would create it on deploy, but remote migrations need its id in wrangler.toml first.',
    );
    const configFile = relative(process.cwd(), deps.configPath) || deps.configPath;
    const current = databases.find((db) => db.uuid === config.databaseId);
    if (current) out(`   ✓ ${config.binding} is "${current.name}" (${current.uuid})`);
    else {
      const named = databases.find((db) => db.name === config.databaseName);
      if (named)
        await change(
          `write the id of the existing database "${named.name}" into ${configFile}`,
          async () => writeDatabaseId(deps.configPath, config.binding, named.uuid),
        );
      else
        await change(
          `create the D1 database "${config.databaseName}" and write its id into ${configFile}`,
          async () => {
            await wrangler.createDatabase(config.databaseName);
            const created = (await wrangler.listDatabases()).find(
              (db) => db.name === config.databaseName,
            );
            if (!created)
              throw new SetupError(`D1 did not list "${config.databaseName}" after creating it.`);
            writeDatabaseId(deps.configPath, config.binding, created.uuid);
          },
        );
      if (!options.dryRun)
        out(`   Commit ${configFile}: the deploy workflow reads the database id from it.`);
    }
    await change('apply the remote D1 migrations not yet applied', () =>
      wrangler.applyMigrations(config.binding),
    );
  }

  // Stripe gets an endpoint and a domain only for an address that answers like this checkout
  // (GET /config: 200, or its 503 while it has no keys). One that does not yet (a first run:
  // nothing deployed there; or no address given) is deployed to first, then asked again. Still
  // not answering, it is not where this Worker is served (a mistyped address, a custom domain not
  // attached yet), and setup stops before the endpoint, which would fail every delivery. A dry
  // run cannot deploy, so it says what it would do and goes on with the address given.
  let deployed = false;
  const before = workerUrl ? await answerAt(workerUrl) : undefined;
  if (!options.webhookOnly && !(before && isCheckout(before))) {
    section(
      workerUrl ? '   Deploy first, to check the address' : '   Deploy first, to learn the address',
    );
    if (workerUrl && before)
      out(`   ${workerUrl} does not answer like this checkout yet (${describeAnswer(before)})`);
    const urls = await change(
      `deploy the Worker "${config.name}"`,
      async () => (await wrangler.deploy()).urls,
    );
    deployed = true;
    if (options.dryRun && workerUrl)
      out(`   A real run then stops unless ${workerUrl}/config answers like this checkout.`);
    else if (options.dryRun) {
      out('   The webhook endpoint and the wallets depend on that address: pass --worker-url.');
      out('\nDry run: nothing was changed.');
      return { changes, workerUrl: undefined, mode };
    } else {
      if (!urls)
        throw new SetupError(
          'Skipped the deploy: setup checks that the Worker answers at its address before making ' +
            'the webhook endpoint for it. Run setup again and let it deploy.',
        );
      const first = urls.find((url) => url.startsWith('https://'));
      if (!workerUrl && !first)
        throw new SetupError('The deploy reported no https address: pass --worker-url.');
      workerUrl ??= workerOrigin(/** @type {string} */ (first), simulated, rules);
      if (!before) out(`   The Worker is at ${workerUrl}`);
      let after = await answerAt(workerUrl, true);
      for (const ms of AFTER_DEPLOY_WAITS_MS.slice(1)) {
        if (isCheckout(after)) break;
        await (deps.sleep ?? delay)(ms);
        after = await answerAt(workerUrl, true);
      }
      if (!isCheckout(after)) {
        const given = workerUrl;
        const elsewhere = urls.filter(
          (url) => url.startsWith('https://') && url.replace(/\/$/, '') !== given,
        );
        throw new SetupError(
          `${given} does not answer like this checkout's Worker after its deploy (GET ` +
            `${given}/config: ${describeAnswer(after)})` +
            (elsewhere.length > 0 ? `; wrangler deployed it to ${elsewhere.join(', ')}` : '') +
            '. The deploy is done; a new workers.dev subdomain or a certificate still being ' +
            'issued can take minutes to answer: if so, run setup again in a few minutes. Else ' +
            'pass the address the Worker is served at as --worker-url, or attach this one to ' +
            `it (Workers → ${config.name} → Settings → Domains & Routes). No webhook ` +
            'endpoint, payment method domain or secret was made.',
        );
      }
      out(`   ✓ ${workerUrl} answers: ${describeAnswer(after)}`);
      // Its keys are not yet changed: the Worker found at that address may have live ones.
      await refuseTestKeys(workerUrl);
    }
  }

  // Known by now: given, or learnt from the deploy (a dry run without it has returned).
  const shopUrl = /** @type {string} */ (workerUrl);
  const webhookUrl = `${shopUrl}/webhook`;
  const hostname = new URL(shopUrl).hostname;
  const { existing, domain } = stripeSide ?? (await readStripe(shopUrl));
  const plan = planWebhook({
    existing,
    events: rules.handledEventTypes,
    apiVersion: Stripe.API_VERSION,
    workerHas: workerSecrets.includes('STRIPE_WEBHOOK_SECRET')
      ? workerState.webhookEndpoint
      : undefined,
    secretSupplied: Boolean(options.webhookSecret),
  });

  // 3. Wallets, before the endpoint: once the endpoint is made, nothing but the Worker's secrets
  // may come between it and them (its signing secret is shown only when it is created).
  if (!options.webhookOnly) {
    section(
      '3. Apple Pay and Google Pay',
      "Wallets show in the payment form only on a domain registered with Stripe: the Worker's.",
    );
    if (!registrable(hostname, rules)) out(`   skipped: ${hostname} is not a public domain name`);
    else if (domain?.enabled) out(`   ✓ ${hostname} (${domain.id}): ${walletStatus(domain)}`);
    else if (domain)
      await change(`enable the payment method domain ${hostname} (${domain.id})`, () =>
        withPermission(DOMAINS_WRITE, () =>
          stripe.paymentMethodDomains.update(
            domain.id,
            { enabled: true },
            { idempotencyKey: idempotencyKey(`enable-${domain.id}`) },
          ),
        ),
      );
    else {
      const registered = await change(`register ${hostname} as a payment method domain`, () =>
        withPermission(DOMAINS_WRITE, () =>
          stripe.paymentMethodDomains.create(
            { domain_name: hostname, enabled: true },
            { idempotencyKey: idempotencyKey('payment-method-domain') },
          ),
        ),
      );
      if (registered) out(`   ${walletStatus(registered)}`);
    }
  }

  // 4. Webhook endpoint.
  section(
    '4. Stripe webhook endpoint',
    'Stripe tells the Worker about payments (also those whose customer never came back) here.',
  );
  const events = [...rules.handledEventTypes];
  let endpointId = plan.keep?.id;
  /** @type {string | undefined} the endpoint this run created, until the Worker has its secret */
  let made;
  // A supplied secret (SETUP_WEBHOOK_SECRET, often a CI variable) proves nothing about the
  // Worker's: after a roll (going-live.md) the Worker has the new one and the variable still the
  // old, which would be written back on every run from a checkout without this machine's state,
  // and fail every delivery once the old one expires. So it fills a missing secret only, unless
  // asked (--replace-webhook-secret). A Worker holding only the Deploy button's public
  // placeholder has the secret's name too (all setup can list), but refuses every delivery: its
  // /webhook says so (webhookRefusesAll), and then the supplied secret replaces it.
  const supplied = plan.keep ? options.webhookSecret : undefined;
  const workerHasSecret = workerSecrets.includes('STRIPE_WEBHOOK_SECRET');
  let webhookSecret = supplied;
  if (supplied && workerHasSecret && !options.replaceWebhookSecret) {
    if (await webhookRefusesAll(shopUrl, deps.fetch ?? fetch))
      out(
        "   STRIPE_WEBHOOK_SECRET: the Worker's refuses every delivery (it is empty or the " +
          "Deploy button's placeholder), so the secret given replaces it.",
      );
    else {
      webhookSecret = undefined;
      if (workerState.fingerprints.STRIPE_WEBHOOK_SECRET !== fingerprint(supplied))
        out(
          '   STRIPE_WEBHOOK_SECRET left as the Worker has it: the secret given ' +
            '(SETUP_WEBHOOK_SECRET or --webhook-secret) only fills a missing one, so a run does ' +
            'not undo a roll. Pass --replace-webhook-secret to give it that secret.',
        );
    }
  }
  if (plan.keep && !plan.update) out(`   ✓ ${webhookUrl} (${plan.keep.id}): ${events.join(', ')}`);
  if (plan.keep && plan.update) {
    const { id } = plan.keep;
    await change(`update the webhook endpoint ${id} to ${events.join(', ')}, enabled`, () =>
      withPermission(WEBHOOK_WRITE, () =>
        stripe.webhookEndpoints.update(id, /** @type {any} */ (plan.update), {
          idempotencyKey: idempotencyKey(`update-${id}`),
        }),
      ),
    );
  }
  if (plan.create) {
    const replaced = plan.remove.map((endpoint) => endpoint.id).join(', ');
    const created = await change(
      plan.reason
        ? `replace the webhook endpoint ${replaced} with a new one: ${plan.reason}`
        : `create the webhook endpoint ${webhookUrl} for ${events.join(', ')}`,
      () =>
        withPermission(WEBHOOK_WRITE, () =>
          stripe.webhookEndpoints.create(
            {
              url: webhookUrl,
              enabled_events: /** @type {any} */ (events),
              api_version: Stripe.API_VERSION,
              description: 'edge-checkout: orders and refunds (managed by npm run setup)',
            },
            { idempotencyKey: idempotencyKey('create-webhook-endpoint') },
          ),
        ),
    );
    endpointId = created?.id;
    webhookSecret = created?.secret;
    made = created?.id;
  }

  // 5. Secrets.
  section(
    `5. Worker secrets (${config.name})`,
    'Set all at once with `wrangler secret bulk`; their values are never shown.',
  );
  const desired = desiredSecrets({
    keys: options.webhookOnly
      ? undefined
      : {
          secretKey: /** @type {string} */ (secretKey),
          publishableKey: /** @type {string} */ (publishableKey),
        },
    webhookSecret,
    apiBase,
    simulated,
    existing: workerSecrets,
  });
  const toWrite = secretsToWrite(desired, workerSecrets, workerState.fingerprints);
  const names = Object.keys(toWrite);
  if (plan.create && options.dryRun) names.push('STRIPE_WEBHOOK_SECRET (the new endpoint’s)');
  let workerHas = workerSecrets.includes('STRIPE_WEBHOOK_SECRET')
    ? workerState.webhookEndpoint
    : undefined;
  if (names.length === 0)
    out(`   ✓ up to date: ${Object.keys(desired).join(', ') || 'nothing to set'}`);
  else {
    let written;
    try {
      written = await change(`set ${names.join(', ')}`, async () => {
        await wrangler.putSecrets(toWrite);
        return true;
      });
    } catch (error) {
      if (!made) throw error;
      const note = await dropEndpoint(made, 'setting the secrets failed');
      const message = error instanceof Error ? error.message : String(error);
      throw new SetupError(`${message}\n\n${note}`, { cause: error });
    }
    if (!written && made) {
      out(`   ${await dropEndpoint(made, 'the secrets were skipped')}`);
      endpointId = plan.keep?.id;
    }
    if (written) {
      if (toWrite.STRIPE_WEBHOOK_SECRET) workerHas = endpointId;
      state.saveWorker(config.name, {
        webhookEndpoint: workerHas,
        mode: options.webhookOnly ? workerState.mode : mode,
        fingerprints: {
          ...workerState.fingerprints,
          ...Object.fromEntries(names.map((name) => [name, fingerprint(toWrite[name] ?? '')])),
        },
      });
    }
  }

  /**
   * Deletes the endpoint this run made when the Worker did not get its secret: every delivery
   * to it would fail (the Worker has no secret, or another endpoint's), and a run failing there
   * each time would add an endpoint per run. The account is then as before for the endpoint.
   * DELETE takes no idempotency key at Stripe (deleting twice only answers 404), as for the old
   * endpoints below. Says what happened, and what to do if the delete failed too.
   * @param {string} id
   * @param {string} why
   */
  async function dropEndpoint(id, why) {
    try {
      await withPermission(WEBHOOK_WRITE, () => stripe.webhookEndpoints.del(id));
      return (
        `Deleted the webhook endpoint ${id} this run created, since the Worker did not get its ` +
        `signing secret (${why}). Run setup again once that is fixed.`
      );
    } catch (error) {
      return (
        `The webhook endpoint ${id} this run created is left, without its signing secret on the ` +
        `Worker (${why}), and deleting it failed (${error instanceof Error ? error.message : error}). ` +
        'Delete it in the Stripe Dashboard (Developers → Webhooks), or run setup again, which ' +
        'replaces it.'
      );
    }
  }

  // 6. Deploy.
  if (!options.webhookOnly && !deployed) {
    section('6. Deploy', 'Builds the page and uploads the Worker with its cron trigger.');
    await change(`deploy the Worker "${config.name}"`, () => wrangler.deploy());
  }

  // Endpoints replaced or doubled go only once the Worker verifies the one that stays.
  const stale = plan.remove.filter((endpoint) => endpoint.id !== workerHas);
  if (stale.length > 0 && (workerHas || options.dryRun)) {
    section('   Old webhook endpoints');
    for (const endpoint of stale)
      await change(`delete the webhook endpoint ${endpoint.id} (${endpoint.url})`, () =>
        withPermission(WEBHOOK_WRITE, () => stripe.webhookEndpoints.del(endpoint.id)),
      );
  }

  out(`\n${options.dryRun ? 'Dry run: nothing was changed.' : 'Done.'}`);
  out(`   Shop:       ${workerUrl}`);
  out(`   Mode:       ${mode}${simulated ? ' (simulated)' : ''}`);
  if (mode === 'test') out(`   Test card:  ${TEST_CARD}`);
  else out('   Live mode: real cards are charged. Read docs/going-live.md.');
  return { changes, workerUrl, mode };
}
