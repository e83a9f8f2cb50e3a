import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SetupError } from '../../scripts/setup/errors.mjs';
import { parseOptions } from '../../scripts/setup/options.mjs';
import { createPrompt } from '../../scripts/setup/prompt.mjs';
import { runSetup } from '../../scripts/setup/run.mjs';
import { examplePublishableKey } from '../../scripts/setup/source.mjs';
import { fileState } from '../../scripts/setup/state.mjs';
import { createStripe } from '../../scripts/setup/stripe.mjs';
import { readWorkerConfig } from '../../scripts/setup/wrangler-config.mjs';
import { isLoopback, resolvePaymentConfig } from '../../src/config/index.ts';
import { WEBHOOK_EVENTS } from '../../src/webhook/events.js';
import type { ShopIdentity } from '../../scripts/setup/live.mjs';
import { fakeWrangler } from './fake-wrangler.ts';
import { startReceiver, startSimulator } from './simulator.ts';

/** The Deploy button's STRIPE_WEBHOOK_SECRET (src/middleware/stripe-signature): public. */
const PUBLIC_PLACEHOLDER_SECRET = 'whsec_simulated_local_only';

const rules = {
  handledEventTypes: WEBHOOK_EVENTS,
  resolvePaymentConfig,
  isLoopback,
  examplePublishableKey: examplePublishableKey(),
};
const KEYS = {
  STRIPE_SECRET_KEY: 'sk_test_setup_suite',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_setup_suite',
};

let sim: Awaited<ReturnType<typeof startSimulator>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  [sim, receiver] = await Promise.all([startSimulator(), startReceiver()]);
});
afterAll(async () => {
  await Promise.all([sim?.stop(), receiver?.stop()]);
});

/** A live account rehearsed against the simulator: the shop's identity, the ledger's orders. */
interface LiveAccount {
  identity: ShopIdentity;
  orders?: number;
  /** false: Stripe has not enabled charges yet (an account not activated) */
  chargesEnabled?: boolean;
}

/**
 * A live account's client: the simulator serves test mode only, so a live key reaches it as the
 * test key it stands for, and the account says what `live` says of it.
 */
function liveStripe(key: string, base: string | undefined, live: LiveAccount) {
  const client = createStripe(key.replace('_live_', '_test_'), base);
  const retrieve = client.accounts.retrieveCurrent.bind(client.accounts);
  client.accounts.retrieveCurrent = (async () => ({
    ...(await retrieve()),
    ...(live.chargesEnabled === false && { charges_enabled: false }),
  })) as typeof client.accounts.retrieveCurrent;
  return client;
}

/**
 * One machine running setup: its checkout (a copy of wrangler.toml), its state, its account, and
 * a Cloudflare account of its own unless it shares `cloudflare` (another clone, CI).
 */
function machine(
  workerUrl?: string,
  live?: LiveAccount,
  cloudflare = fakeWrangler({ workerUrl, orders: live?.orders }),
) {
  const folder = mkdtempSync(join(tmpdir(), 'setup-test-'));
  const configPath = join(folder, 'wrangler.toml');
  copyFileSync(fileURLToPath(new URL('../../wrangler.toml', import.meta.url)), configPath);
  const statePath = join(folder, 'state.json');
  // The Worker's GET /config, at the receiver's address and at the one the fake deploy reports;
  // any other address answers nothing. A Worker set up elsewhere answers `receiver.worker.config`
  // when a test sets it. Else this account's Worker answers once deployed, as src/config resolves
  // its secrets (200, or the 503 while its keys are missing), and Cloudflare's 404 page before.
  // Its POST /webhook answers as the signature middleware does, from this account's secrets.
  const workerFetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    if (url.origin !== receiver.origin && url.origin !== workerUrl)
      throw new TypeError('fetch failed');
    if (url.pathname === '/webhook') {
      // src/middleware/stripe-signature, as a deployed Worker answers an unsigned delivery: 503
      // while its secret is missing or only the public placeholder, else 400.
      const usable = (cloudflare.secrets.get('STRIPE_WEBHOOK_SECRET') ?? '')
        .split(',')
        .some((secret) => secret.trim() && secret.trim() !== PUBLIC_PLACEHOLDER_SECRET);
      return usable
        ? Response.json({ error: { message: 'Invalid signature.' } }, { status: 400 })
        : Response.json({ error: { message: 'Webhooks are not configured.' } }, { status: 503 });
    }
    if (receiver.worker.config !== undefined)
      return fetch(`${receiver.origin}${url.pathname}`, init);
    if (!cloudflare.deployed())
      return new Response('<h1>There is nothing here yet</h1>', {
        status: 404,
        headers: { 'Content-Type': 'text/html' },
      });
    const payment = resolvePaymentConfig(Object.fromEntries(cloudflare.secrets), url);
    return payment.ok
      ? Response.json({ mode: payment.mode, publishableKey: payment.publishableKey })
      : Response.json({ error: { code: 'payments_not_configured' } }, { status: 503 });
  };
  /**
   * Runs `npm run setup -- <argv>` with these environment variables; with `answers`, on a
   * terminal where a person types them, one per question.
   */
  async function setup(argv: string[], env: Record<string, string> = KEYS, answers?: string[]) {
    const lines: string[] = [];
    const terminal = answers && typeScripted(answers);
    const options = parseOptions(argv, { STRIPE_API_BASE: sim.origin, ...env }, Boolean(answers));
    try {
      const result = await runSetup(options, {
        wrangler: cloudflare.wrangler,
        state: fileState(statePath),
        rules: live ? { ...rules, identity: live.identity } : rules,
        stripeFor: live
          ? (key: string, base?: string) => liveStripe(key, base, live)
          : createStripe,
        out: (line) => lines.push(line),
        configPath,
        fetch: workerFetch,
        sleep: async () => {},
        ...(terminal && { prompt: terminal.prompt }),
      });
      return { result, output: lines.join('\n'), error: undefined, screen: terminal?.screen() };
    } catch (error) {
      return {
        result: undefined,
        output: lines.join('\n'),
        error: error as Error,
        screen: terminal?.screen(),
      };
    } finally {
      terminal?.prompt.close();
    }
  }
  return {
    setup,
    cloudflare,
    configPath,
    statePath,
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}

/** A prompt whose questions are answered in turn, and what its screen showed. */
function typeScripted(answers: string[]) {
  // A terminal echoes what is typed (readline does, for a TTY): the secret key must not show.
  const input = Object.assign(new PassThrough(), { isTTY: true });
  let screen = '';
  const output = new Writable({
    write(chunk, _encoding, callback) {
      screen += String(chunk);
      // Each question ends with ': ' or '[Y/n] ': the next answer is typed once it is asked.
      if (/(: |\] )$/.test(String(chunk)) && answers.length > 0) {
        const answer = answers.shift();
        setImmediate(() => input.write(`${answer}\n`));
      }
      callback();
    },
  });
  return { prompt: createPrompt(input, output), screen: () => screen };
}

const stripe = () => createStripe(KEYS.STRIPE_SECRET_KEY, sim.origin);
const endpoints = async () => (await stripe().webhookEndpoints.list({ limit: 100 })).data;

beforeEach(async () => {
  await sim.control('/reset');
  receiver.received.length = 0;
  receiver.worker.config = undefined;
});

describe('npm run setup (non-interactive, against the simulator)', () => {
  it('creates the database, one webhook endpoint, gives the Worker its secrets and deploys', async () => {
    const shop = machine();
    const { error, output, result } = await shop.setup(['--worker-url', receiver.origin]);
    expect(error).toBeUndefined();

    const [endpoint, ...others] = await endpoints();
    expect(others).toEqual([]);
    expect(endpoint).toMatchObject({
      url: `${receiver.origin}/webhook`,
      status: 'enabled',
      api_version: Stripe.API_VERSION,
    });
    expect([...(endpoint?.enabled_events ?? [])].sort()).toEqual([...WEBHOOK_EVENTS].sort());

    const puts = shop.cloudflare.calls.filter((call) => call.command === 'putSecrets');
    expect(puts).toHaveLength(1);
    const given = puts[0]?.command === 'putSecrets' ? puts[0].secrets : {};
    expect(Object.keys(given).sort()).toEqual([
      'STRIPE_PUBLISHABLE_KEY',
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRET',
    ]);
    expect(given).toMatchObject(KEYS);
    expect(given.STRIPE_WEBHOOK_SECRET).toMatch(/^whsec_/);

    // D1: created, its id written into the configuration, migrated, then the deploy.
    const [database] = shop.cloudflare.databases;
    expect(database?.name).toBe('edge-checkout');
    expect(readWorkerConfig(shop.configPath).databaseId).toBe(database?.uuid);
    expect(readFileSync(shop.configPath, 'utf8')).toContain('# DB: the order ledger');
    // Nothing answered at the address yet: deployed first, then checked, then its secrets.
    expect(shop.cloudflare.changes().map((call) => call.command)).toEqual([
      'createDatabase',
      'applyMigrations',
      'deploy',
      'putSecrets',
    ]);

    // The Worker's secret is the endpoint's: an event the simulator delivers verifies with it.
    const payment = await stripe().paymentIntents.create({
      amount: 500,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    await sim.control('/webhooks/flush');
    // Only the subscribed types (not payment_intent.created), each verified with that secret.
    const events: Stripe.Event[] = [];
    for (const delivery of receiver.received) {
      expect(delivery.path).toBe('/webhook');
      events.push(
        await stripe().webhooks.constructEventAsync(
          delivery.body,
          delivery.signature ?? '',
          given.STRIPE_WEBHOOK_SECRET ?? '',
        ),
      );
    }
    const paymentEvents = [
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
    ];
    expect(events.map((e) => e.type)).toEqual(
      paymentEvents.filter((type) => (WEBHOOK_EVENTS as readonly string[]).includes(type)),
    );
    expect(events.at(-1)?.data.object).toMatchObject({ id: payment.id, status: 'succeeded' });

    expect(output).toContain('Stripe simulator (test mode)');
    expect(output).toMatch(/Mode: +test/);
    expect(output).toContain('4242 4242 4242 4242');
    expect(output).not.toContain(given.STRIPE_WEBHOOK_SECRET);
    expect(output).not.toContain(KEYS.STRIPE_SECRET_KEY);
    expect(result?.workerUrl).toBe(receiver.origin);
    shop.remove();
  });

  it('changes nothing on a second run', async () => {
    const shop = machine();
    await shop.setup(['--worker-url', receiver.origin]);
    const before = await endpoints();
    const config = readFileSync(shop.configPath, 'utf8');
    shop.cloudflare.calls.length = 0;

    const { error, output } = await shop.setup(['--worker-url', receiver.origin]);
    expect(error).toBeUndefined();
    expect(await endpoints()).toEqual(before);
    expect(readFileSync(shop.configPath, 'utf8')).toBe(config);
    expect(shop.cloudflare.changes().map((call) => call.command)).toEqual([
      'applyMigrations',
      'deploy',
    ]);
    expect(output).toContain('✓ up to date');
    shop.remove();
  });

  it('updates the events of the endpoint it made rather than adding one', async () => {
    const shop = machine();
    await shop.setup(['--worker-url', receiver.origin]);
    const [endpoint] = await endpoints();
    await stripe().webhookEndpoints.update(endpoint?.id ?? '', {
      enabled_events: ['charge.refunded'],
    });
    const { error } = await shop.setup(['--worker-url', receiver.origin]);
    expect(error).toBeUndefined();
    const [after, ...others] = await endpoints();
    expect(others).toEqual([]);
    expect(after?.id).toBe(endpoint?.id);
    expect([...(after?.enabled_events ?? [])].sort()).toEqual([...WEBHOOK_EVENTS].sort());
    shop.remove();
  });

  it('replaces an endpoint whose secret it does not know, says so, and leaves one', async () => {
    const existing = await stripe().webhookEndpoints.create({
      url: `${receiver.origin}/webhook`,
      enabled_events: ['*'],
      api_version: Stripe.API_VERSION,
    });
    const shop = machine();
    const { error, output } = await shop.setup(['--worker-url', receiver.origin]);
    expect(error).toBeUndefined();
    expect(output).toContain(`replace the webhook endpoint ${existing.id}`);
    expect(output).toContain('signing secret is shown only when it is created');
    expect(output).toContain('if you have it, set SETUP_WEBHOOK_SECRET to it');
    const [endpoint, ...others] = await endpoints();
    expect(others).toEqual([]);
    expect(endpoint?.id).not.toBe(existing.id);
    expect(shop.cloudflare.secrets.get('STRIPE_WEBHOOK_SECRET')).toMatch(/^whsec_/);
    shop.remove();
  });

  it.each(['--webhook-secret', 'SETUP_WEBHOOK_SECRET'])(
    'keeps an existing endpoint when given its secret (%s)',
    async (how) => {
      const existing = await stripe().webhookEndpoints.create({
        url: `${receiver.origin}/webhook`,
        enabled_events: [...WEBHOOK_EVENTS],
        api_version: Stripe.API_VERSION,
      });
      const shop = machine();
      const secret = existing.secret ?? '';
      const url = ['--worker-url', receiver.origin];
      const { error, output } =
        how === '--webhook-secret'
          ? await shop.setup([...url, how, secret])
          : await shop.setup(url, { ...KEYS, [how]: secret });
      expect(error).toBeUndefined();
      expect((await endpoints()).map((e) => e.id)).toEqual([existing.id]);
      expect(shop.cloudflare.secrets.get('STRIPE_WEBHOOK_SECRET')).toBe(existing.secret);
      expect(output).not.toContain(existing.secret);
      shop.remove();
    },
  );

  it('a supplied secret fills a missing one only: a run from CI does not undo a roll', async () => {
    const existing = await stripe().webhookEndpoints.create({
      url: `${receiver.origin}/webhook`,
      enabled_events: [...WEBHOOK_EVENTS],
      api_version: Stripe.API_VERSION,
    });
    const ci = { ...KEYS, SETUP_WEBHOOK_SECRET: existing.secret ?? '' };
    const url = ['--worker-url', receiver.origin];
    const first = machine();
    expect((await first.setup(url, ci)).error).toBeUndefined();
    const { secrets } = first.cloudflare;
    expect(secrets.get('STRIPE_WEBHOOK_SECRET')).toBe(existing.secret);
    // Rolled in the Dashboard and set by hand (`wrangler secret put`), as going-live.md says.
    secrets.set('STRIPE_WEBHOOK_SECRET', 'whsec_rolled');
    // The next CI run: a fresh checkout (no state), the same Cloudflare account, the old variable.
    for (const shop of [machine(undefined, undefined, first.cloudflare), first]) {
      const { error, output } = await shop.setup(url, ci);
      expect(error).toBeUndefined();
      expect(secrets.get('STRIPE_WEBHOOK_SECRET')).toBe('whsec_rolled');
      if (shop !== first)
        expect(output).toContain('STRIPE_WEBHOOK_SECRET left as the Worker has it');
      expect((await endpoints()).map((e) => e.id)).toEqual([existing.id]);
      shop.remove();
    }
    // Asked for: given.
    const asked = machine(undefined, undefined, first.cloudflare);
    const replaced = await asked.setup([...url, '--replace-webhook-secret'], ci);
    expect(replaced.error).toBeUndefined();
    expect(secrets.get('STRIPE_WEBHOOK_SECRET')).toBe(existing.secret);
    asked.remove();
  });

  it("a supplied secret replaces the Deploy button's placeholder, which refuses all", async () => {
    const existing = await stripe().webhookEndpoints.create({
      url: `${receiver.origin}/webhook`,
      enabled_events: [...WEBHOOK_EVENTS],
      api_version: Stripe.API_VERSION,
    });
    // A Deploy-button Worker (package.json's `cloudflare`), the endpoint made by hand, then
    // `--webhook-only --webhook-secret` from a checkout that never set the Worker's secret.
    receiver.worker.config = { mode: 'test', publishableKey: KEYS.STRIPE_PUBLISHABLE_KEY };
    const shop = machine();
    shop.cloudflare.secrets.set('STRIPE_WEBHOOK_SECRET', PUBLIC_PLACEHOLDER_SECRET);
    const argv = ['--webhook-only', '--worker-url', receiver.origin];
    const { error, output } = await shop.setup(argv, {
      ...KEYS,
      SETUP_WEBHOOK_SECRET: existing.secret ?? '',
    });
    expect(error).toBeUndefined();
    expect(shop.cloudflare.secrets.get('STRIPE_WEBHOOK_SECRET')).toBe(existing.secret);
    expect(output).toContain('so the secret given replaces it');
    expect(output).not.toContain('left as the Worker has it');
    expect((await endpoints()).map((e) => e.id)).toEqual([existing.id]);
    shop.remove();
  });

  it("never gives the Worker a shell's STRIPE_WEBHOOK_SECRET, local development's", async () => {
    const shop = machine();
    expect((await shop.setup(['--worker-url', receiver.origin])).error).toBeUndefined();
    const given = shop.cloudflare.secrets.get('STRIPE_WEBHOOK_SECRET');
    // `stripe listen`'s secret, or .dev.vars' exported (direnv): not the endpoint's.
    const local = { ...KEYS, STRIPE_WEBHOOK_SECRET: 'whsec_simulated_local_only' };
    expect((await shop.setup(['--worker-url', receiver.origin], local)).error).toBeUndefined();
    expect(shop.cloudflare.secrets.get('STRIPE_WEBHOOK_SECRET')).toBe(given);
    expect(given).not.toBe('whsec_simulated_local_only');
    shop.remove();
  });

  it('registers the Worker’s domain for Apple Pay and Google Pay, once', async () => {
    const url = 'https://edge-checkout.shop-owner.workers.dev';
    const shop = machine(url);
    expect((await shop.setup(['--worker-url', url])).error).toBeUndefined();
    expect((await shop.setup(['--worker-url', url])).error).toBeUndefined();
    const domains = (await stripe().paymentMethodDomains.list()).data;
    expect(domains.map((d) => [d.domain_name, d.enabled])).toEqual([
      ['edge-checkout.shop-owner.workers.dev', true],
    ]);
    shop.remove();
  });

  it('with --webhook-only, sets up the endpoint and its secret and nothing else', async () => {
    // Deployed with the Deploy button, with these keys.
    receiver.worker.config = { mode: 'test', publishableKey: KEYS.STRIPE_PUBLISHABLE_KEY };
    const shop = machine();
    const { error } = await shop.setup(['--webhook-only', '--worker-url', receiver.origin]);
    expect(error).toBeUndefined();
    expect(await endpoints()).toHaveLength(1);
    expect(shop.cloudflare.changes()).toEqual([
      {
        command: 'putSecrets',
        secrets: { STRIPE_WEBHOOK_SECRET: expect.stringMatching(/^whsec_/) },
      },
    ]);
    shop.remove();
  });

  it('learns the address from a first deploy when none is given', async () => {
    const shop = machine('https://edge-checkout.shop-owner.workers.dev');
    const { error, result } = await shop.setup([]);
    expect(error).toBeUndefined();
    expect(result?.workerUrl).toBe('https://edge-checkout.shop-owner.workers.dev');
    expect((await endpoints()).map((e) => e.url)).toEqual([
      'https://edge-checkout.shop-owner.workers.dev/webhook',
    ]);
    // Deployed once, before the secrets (which apply to the deployed Worker).
    expect(shop.cloudflare.changes().map((call) => call.command)).toEqual([
      'createDatabase',
      'applyMigrations',
      'deploy',
      'putSecrets',
    ]);
    shop.remove();
  });

  it('asks for what is missing, without echoing the secret key, and each change first', async () => {
    // Deployed before (it answers at its address): the deploy comes last.
    receiver.worker.config = { mode: 'test', publishableKey: 'pk_test_before' };
    const shop = machine();
    const { error, screen, output } = await shop.setup([], {}, [
      KEYS.STRIPE_SECRET_KEY,
      KEYS.STRIPE_PUBLISHABLE_KEY,
      receiver.origin,
      'y', // create the database
      'y', // migrations
      'y', // webhook endpoint
      'y', // secrets
      'n', // deploy
    ]);
    expect(error).toBeUndefined();
    expect(screen).toContain('Secret key (sk_… or restricted rk_…, not shown): ');
    expect(screen).not.toContain(KEYS.STRIPE_SECRET_KEY);
    expect(screen).toContain(KEYS.STRIPE_PUBLISHABLE_KEY);
    expect(output).toContain('Stripe tells the Worker about payments');
    expect(await endpoints()).toHaveLength(1);
    expect(shop.cloudflare.changes().map((call) => call.command)).toEqual([
      'createDatabase',
      'applyMigrations',
      'putSecrets',
    ]);
    expect(output).toContain('skipped');
    shop.remove();
  });

  it('keeps no history: Up at the next question does not show the secret key', async () => {
    const shop = machine();
    const up = '\u001b[A';
    const { error, screen } = await shop.setup(['--dry-run'], {}, [
      KEYS.STRIPE_SECRET_KEY,
      `${up}${KEYS.STRIPE_PUBLISHABLE_KEY}`,
      receiver.origin,
    ]);
    expect(screen).not.toContain(KEYS.STRIPE_SECRET_KEY);
    expect(screen).toContain(KEYS.STRIPE_PUBLISHABLE_KEY);
    expect(error).toBeUndefined();
    shop.remove();
  });

  it('--dry-run prints each step and changes nothing', async () => {
    const shop = machine();
    const config = readFileSync(shop.configPath, 'utf8');
    const { error, output, result } = await shop.setup([
      '--dry-run',
      '--worker-url',
      'https://edge-checkout.shop-owner.workers.dev',
    ]);
    expect(error).toBeUndefined();
    expect(shop.cloudflare.changes()).toEqual([]);
    expect(await endpoints()).toEqual([]);
    expect((await stripe().paymentMethodDomains.list()).data).toEqual([]);
    expect(readFileSync(shop.configPath, 'utf8')).toBe(config);
    expect(() => readFileSync(shop.statePath)).toThrow();
    expect(result?.changes.length).toBeGreaterThanOrEqual(6);
    for (const step of [
      'would create the D1 database "edge-checkout"',
      'would apply the remote D1 migrations',
      'would create the webhook endpoint https://edge-checkout.shop-owner.workers.dev/webhook',
      'would register edge-checkout.shop-owner.workers.dev as a payment method domain',
      'would set STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET',
      'would deploy the Worker "edge-checkout"',
      // Nothing answers there yet: deployed first, and checked in a real run.
      'A real run then stops unless https://edge-checkout.shop-owner.workers.dev/config answers',
    ])
      expect(output).toContain(step);
    expect(output).toContain('Dry run: nothing was changed.');
    shop.remove();
  });
});

describe('the Worker at --worker-url must be this checkout (GET /config)', () => {
  /** Nothing changed anywhere: no wrangler change, no endpoint, no domain. */
  async function unchanged(shop: ReturnType<typeof machine>) {
    expect(shop.cloudflare.changes()).toEqual([]);
    expect(await endpoints()).toEqual([]);
    expect((await stripe().paymentMethodDomains.list()).data).toEqual([]);
  }
  const webhookOnly = ['--webhook-only', '--worker-url'];

  it('--webhook-only: refuses a Worker with another account’s (or mode’s) keys', async () => {
    receiver.worker.config = { mode: 'test', publishableKey: 'pk_test_other_account' };
    const shop = machine();
    for (const dryRun of [[], ['--dry-run']]) {
      const { error } = await shop.setup([...webhookOnly, receiver.origin, ...dryRun]);
      expect(error).toBeInstanceOf(SetupError);
      expect(error?.message).toContain(
        'has the publishable key pk_test_other_account (test mode), not ' +
          KEYS.STRIPE_PUBLISHABLE_KEY,
      );
      expect(error?.message).toContain('without --webhook-only');
      expect(error?.message).not.toContain(KEYS.STRIPE_SECRET_KEY);
    }
    await unchanged(shop);
    shop.remove();
  });

  it('--webhook-only: refuses a deployed Worker running the example keys', async () => {
    // The Deploy button's pre-filled keys with STRIPE_API_BASE=https://api.stripe.com: test mode.
    receiver.worker.config = { mode: 'test', publishableKey: examplePublishableKey() };
    const shop = machine();
    const { error } = await shop.setup([...webhookOnly, receiver.origin]);
    expect(error).toBeInstanceOf(SetupError);
    expect(error?.message).toMatch(/has the example keys of \.dev\.vars\.example .*every payment/s);
    await unchanged(shop);
    // A local rehearsal: the Worker against the simulator (simulated) runs them on purpose.
    receiver.worker.config = { mode: 'simulated', publishableKey: examplePublishableKey() };
    const local = {
      STRIPE_SECRET_KEY: 'sk_test_simulated',
      STRIPE_PUBLISHABLE_KEY: examplePublishableKey() ?? '',
    };
    expect((await shop.setup([...webhookOnly, receiver.origin], local)).error).toBeUndefined();
    shop.remove();
  });

  it('--webhook-only: refuses an address not this checkout’s, or refusing payments', async () => {
    const shop = machine();
    // Nothing deployed: Cloudflare's page, not this checkout's JSON.
    const absent = await shop.setup([...webhookOnly, receiver.origin]);
    expect(absent.error?.message).toContain(
      `${receiver.origin} does not answer like this checkout's Worker ` +
        `(GET ${receiver.origin}/config: HTTP 404, text/html`,
    );
    const elsewhere = 'https://edge-checkout.typo.workers.dev';
    const silent = await shop.setup([...webhookOnly, elsewhere]);
    expect(silent.error?.message).toContain(`${elsewhere}/config: no answer`);
    await unchanged(shop);
    // Deployed without keys: this checkout's 503.
    await shop.cloudflare.wrangler.deploy();
    const refusing = await shop.setup([...webhookOnly, receiver.origin]);
    expect(refusing.error).toBeInstanceOf(SetupError);
    expect(refusing.error?.message).toMatch(/refuses payments .*503.*without --webhook-only/s);
    expect(shop.cloudflare.changes().map((call) => call.command)).toEqual(['deploy']);
    expect(await endpoints()).toEqual([]);
    shop.remove();
  });

  it('a mistyped address: deployed, found not answering, stopped before Stripe', async () => {
    const shop = machine('https://edge-checkout.real.workers.dev');
    const typo = 'https://edge-checkout.typo.workers.dev';
    const { error, output } = await shop.setup(['--worker-url', typo]);
    expect(error).toBeInstanceOf(SetupError);
    expect(error?.message).toContain(`${typo} does not answer like this checkout's Worker`);
    expect(error?.message).toContain(
      'wrangler deployed it to https://edge-checkout.real.workers.dev',
    );
    // Or a first deploy still propagating: the same run, later, completes.
    expect(error?.message).toContain('run setup again in a few minutes');
    expect(output).not.toContain('webhook endpoint');
    expect(await endpoints()).toEqual([]);
    expect((await stripe().paymentMethodDomains.list()).data).toEqual([]);
    expect(shop.cloudflare.changes().map((call) => call.command)).toEqual([
      'createDatabase',
      'applyMigrations',
      'deploy',
    ]);
    // The address wrangler gave: it answers (no keys yet), and setup goes on.
    const right = await shop.setup(['--worker-url', 'https://edge-checkout.real.workers.dev']);
    expect(right.error).toBeUndefined();
    expect((await endpoints()).map((e) => e.url)).toEqual([
      'https://edge-checkout.real.workers.dev/webhook',
    ]);
    shop.remove();
  });

  it('interactive, the deploy to check the address declined: stops, saying why', async () => {
    const shop = machine();
    const { error } = await shop.setup([], {}, [
      KEYS.STRIPE_SECRET_KEY,
      KEYS.STRIPE_PUBLISHABLE_KEY,
      receiver.origin,
      'y', // create the database
      'y', // migrations
      'n', // deploy
    ]);
    expect(error).toBeInstanceOf(SetupError);
    expect(error?.message).toContain('Skipped the deploy');
    expect(await endpoints()).toEqual([]);
    expect(shop.cloudflare.changes().map((call) => call.command)).not.toContain('putSecrets');
    shop.remove();
  });
});

describe('parseOptions', () => {
  it('takes the webhook signing secret from SETUP_WEBHOOK_SECRET, --webhook-secret first', () => {
    const env = { SETUP_WEBHOOK_SECRET: ' whsec_from_env ' };
    expect(parseOptions([], env, false).webhookSecret).toBe('whsec_from_env');
    const flag = ['--webhook-secret', 'whsec_from_flag'];
    expect(parseOptions(flag, env, false).webhookSecret).toBe('whsec_from_flag');
    expect(parseOptions([], {}, false).webhookSecret).toBeUndefined();
    // The Worker's own variable, which a shell may hold for local development: not setup's.
    const local = { STRIPE_WEBHOOK_SECRET: 'whsec_simulated_local_only' };
    expect(parseOptions([], local, false).webhookSecret).toBeUndefined();
  });
});

describe('a Worker with live keys', () => {
  /**
   * After a refused run: nothing changed (`config`: wrangler.toml before it), and the same keys
   * with --back-to-test go ahead (a dry run).
   */
  async function unchangedThenBackToTest(shop: ReturnType<typeof machine>, config: string) {
    expect(shop.cloudflare.changes()).toEqual([]);
    expect(await endpoints()).toEqual([]);
    expect(readFileSync(shop.configPath, 'utf8')).toBe(config);
    const asked = await shop.setup([
      '--worker-url',
      receiver.origin,
      '--back-to-test',
      '--dry-run',
    ]);
    expect(asked.error).toBeUndefined();
    return asked;
  }

  it('is given test keys only when asked (--back-to-test), refused before any change', async () => {
    const shop = machine();
    // What a live run here saved (the simulator takes no live keys).
    writeFileSync(
      shop.statePath,
      JSON.stringify({ workers: { 'edge-checkout': { fingerprints: {}, mode: 'live' } } }),
    );
    const config = readFileSync(shop.configPath, 'utf8');
    const { error } = await shop.setup(['--worker-url', receiver.origin]);
    expect(error).toBeInstanceOf(SetupError);
    expect(error?.message).toMatch(
      /has live keys .* test keys: .*decline every real card.*--back-to-test/s,
    );
    const asked = await unchangedThenBackToTest(shop, config);
    expect(asked.result?.mode).toBe('test');
    shop.remove();
  });

  it('set from elsewhere: refused test keys when the Worker’s /config says live', async () => {
    // No state file here (a fresh clone, CI): the deployed Worker itself says it is live.
    receiver.worker.config = { mode: 'live', publishableKey: 'pk_live_elsewhere' };
    const shop = machine();
    const config = readFileSync(shop.configPath, 'utf8');
    for (const argv of [
      ['--worker-url', receiver.origin],
      ['--webhook-only', '--worker-url', receiver.origin],
    ]) {
      const { error } = await shop.setup(argv);
      expect(error).toBeInstanceOf(SetupError);
      expect(error?.message).toContain(`has live keys (its ${receiver.origin}/config says so)`);
      expect(error?.message).toMatch(/test keys: .*decline every real card.*--back-to-test/s);
    }
    expect(() => readFileSync(shop.statePath)).toThrow();
    await unchangedThenBackToTest(shop, config);
    shop.remove();
  });

  it('learnt from the first deploy: refused test keys before its secrets change', async () => {
    receiver.worker.config = { mode: 'live', publishableKey: 'pk_live_elsewhere' };
    const url = 'https://edge-checkout.shop-owner.workers.dev';
    const shop = machine(url);
    const { error } = await shop.setup([]);
    expect(error).toBeInstanceOf(SetupError);
    expect(error?.message).toContain(`has live keys (its ${url}/config says so)`);
    expect(shop.cloudflare.changes().map((call) => call.command)).not.toContain('putSecrets');
    expect(await endpoints()).toEqual([]);
    shop.remove();
  });

  it('a Worker in test mode is not taken for a live one', async () => {
    receiver.worker.config = { mode: 'test', publishableKey: 'pk_test_before' };
    const shop = machine();
    const { error } = await shop.setup(['--worker-url', receiver.origin, '--dry-run']);
    expect(error).toBeUndefined();
    shop.remove();
  });
});

describe('keys that do not go together stop setup before any change', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    [
      'a live secret key with a test publishable key',
      { STRIPE_SECRET_KEY: 'sk_live_setup_suite', STRIPE_PUBLISHABLE_KEY: 'pk_test_setup_suite' },
      /STRIPE_SECRET_KEY \(--secret-key\) is a live key but STRIPE_PUBLISHABLE_KEY/,
    ],
    [
      'a publishable key in the secret key’s place',
      { STRIPE_SECRET_KEY: 'pk_test_setup_suite', STRIPE_PUBLISHABLE_KEY: 'pk_test_setup_suite' },
      /STRIPE_SECRET_KEY \(--secret-key\) is not a Stripe secret key.*publishable key/s,
    ],
    [
      'a key Stripe refuses',
      { STRIPE_SECRET_KEY: 'sk_live_setup_suite', STRIPE_PUBLISHABLE_KEY: 'pk_live_setup_suite' },
      /STRIPE_SECRET_KEY was refused by Stripe: .*test mode only/s,
    ],
    [
      'no secret key at all',
      { STRIPE_PUBLISHABLE_KEY: 'pk_test_x' },
      /STRIPE_SECRET_KEY .*not set/,
    ],
  ];
  for (const [name, env, message] of cases) {
    it(name, async () => {
      const shop = machine();
      const config = readFileSync(shop.configPath, 'utf8');
      const { error } = await shop.setup(['--worker-url', receiver.origin], env);
      expect(error).toBeInstanceOf(SetupError);
      expect(error?.message).toMatch(message);
      expect(shop.cloudflare.calls).toEqual([]);
      expect(await endpoints()).toEqual([]);
      expect(readFileSync(shop.configPath, 'utf8')).toBe(config);
      shop.remove();
    });
  }
});

describe('a restricted key without what setup needs', () => {
  const RESTRICTED = { ...KEYS, STRIPE_SECRET_KEY: 'rk_test_setup_suite_restricted' };
  const WORKERS_DEV = 'https://edge-checkout.shop-owner.workers.dev';
  /** The simulator's restricted key loses `lacks` (until the next reset). */
  const restrict = (lacks: string) =>
    sim.control('/restricted_keys', {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ key: RESTRICTED.STRIPE_SECRET_KEY, lacks }),
    });
  const atReceiver = () => receiver.origin;
  const cases: [string, string, string, () => string | undefined][] = [
    ['rak_webhook_endpoint_read', 'Webhook Endpoints (read)', '', atReceiver],
    ['rak_payment_method_domain_read', 'Payment Method Domains (read)', '', () => WORKERS_DEV],
    // No address: the first deploy would tell it, so the key is checked before that deploy.
    ['rak_webhook_endpoint_read', 'Webhook Endpoints (read)', ', no address', () => undefined],
    // What the Worker reads with the key setup gives it (its writes cannot be probed).
    ['rak_event_read', "Events (read), which the Worker needs for the cron's", '', atReceiver],
    ['rak_charge_read', 'Charges (read)', '', atReceiver],
    ['rak_refund_read', 'Refunds (write), which the Worker needs for refunds', '', atReceiver],
    ['rak_promotion_code_read', 'Promotion Codes (read)', '', atReceiver],
    ['rak_coupon_read', 'Coupons (read)', '', atReceiver],
  ];
  for (const [lacks, permission, label, address] of cases) {
    it(`lacking ${lacks}${label}: stops before any change`, async () => {
      await restrict(lacks);
      const url = address();
      const shop = machine(url ? undefined : WORKERS_DEV);
      const config = readFileSync(shop.configPath, 'utf8');
      const { error } = await shop.setup(url ? ['--worker-url', url] : [], RESTRICTED);
      expect(error).toBeInstanceOf(SetupError);
      expect(error?.message).toContain(`a restricted key without access to ${permission}`);
      expect(error?.message).not.toContain(RESTRICTED.STRIPE_SECRET_KEY);
      expect(shop.cloudflare.changes()).toEqual([]);
      expect(readFileSync(shop.configPath, 'utf8')).toBe(config);
      expect(await endpoints()).toEqual([]);
      shop.remove();
    });
  }

  it('lacking rak_webhook_endpoint_write: says so, before the Worker’s secrets', async () => {
    await restrict('rak_webhook_endpoint_write');
    const shop = machine();
    const { error } = await shop.setup(['--worker-url', receiver.origin], RESTRICTED);
    expect(error).toBeInstanceOf(SetupError);
    expect(error?.message).toContain('without access to Webhook Endpoints (write)');
    expect(shop.cloudflare.changes().map((call) => call.command)).toEqual([
      'createDatabase',
      'applyMigrations',
      'deploy',
    ]);
    shop.remove();
  });
});

describe('the endpoint is never left without its secret on the Worker', () => {
  it('secrets that cannot be set: the endpoint just made is deleted, every run', async () => {
    const cloudflare = fakeWrangler();
    // A Cloudflare token that may list secrets but not write them.
    cloudflare.wrangler.putSecrets = async () => {
      throw new SetupError('`wrangler secret bulk` failed:\nAuthentication error [code: 10000]');
    };
    const shop = machine(undefined, undefined, cloudflare);
    for (let run = 0; run < 3; run++) {
      const { error, output } = await shop.setup(['--worker-url', receiver.origin]);
      expect(error).toBeInstanceOf(SetupError);
      expect(error?.message).toContain('Authentication error');
      expect(error?.message).toMatch(
        new RegExp(
          'Deleted the webhook endpoint we_\\w+ this run created, since the Worker did not ' +
            'get its signing secret \\(setting the secrets failed\\)\\. Run setup again',
        ),
      );
      expect(output).toContain('✓ create the webhook endpoint');
      expect(await endpoints()).toEqual([]);
    }
    shop.remove();
  });

  it('a key that cannot register the domain stops before the endpoint is made', async () => {
    await sim.control('/restricted_keys', {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        key: 'rk_test_setup_suite_restricted',
        lacks: 'rak_payment_method_domain_write',
      }),
    });
    const url = 'https://edge-checkout.shop-owner.workers.dev';
    const shop = machine(url);
    const restricted = { ...KEYS, STRIPE_SECRET_KEY: 'rk_test_setup_suite_restricted' };
    const { error } = await shop.setup(['--worker-url', url], restricted);
    expect(error?.message).toContain('without access to Payment Method Domains (write)');
    expect(await endpoints()).toEqual([]);
    expect(shop.cloudflare.changes().map((call) => call.command)).not.toContain('putSecrets');
    shop.remove();
  });

  it('interactive, the secrets declined: the endpoint just made is deleted, saying so', async () => {
    receiver.worker.config = { mode: 'test', publishableKey: KEYS.STRIPE_PUBLISHABLE_KEY };
    const shop = machine();
    const { error, output } = await shop.setup([], {}, [
      KEYS.STRIPE_SECRET_KEY,
      KEYS.STRIPE_PUBLISHABLE_KEY,
      receiver.origin,
      'y', // create the database
      'y', // migrations
      'y', // webhook endpoint
      'n', // secrets
      'n', // deploy
    ]);
    expect(error).toBeUndefined();
    expect(output).toMatch(/Deleted the webhook endpoint we_\w+ this run created/);
    expect(output).toContain('the secrets were skipped');
    expect(await endpoints()).toEqual([]);
    shop.remove();
  });
});

describe('live keys: what only the merchant can fix', () => {
  const LIVE = {
    STRIPE_SECRET_KEY: 'sk_live_setup_suite',
    STRIPE_PUBLISHABLE_KEY: 'pk_live_setup_suite',
  };
  /** A shop of its own, whose descriptor is the (simulated) account's. */
  const OWN: ShopIdentity = {
    url: 'https://shop.acme.test/',
    supportEmail: 'help@acme.test',
    termsUrl: 'https://shop.acme.test/terms',
    privacyUrl: '/privacy',
    statementDescriptor: 'SIMULATED PAYMENT',
  };
  const EXAMPLE: ShopIdentity = {
    url: '/',
    supportEmail: 'support@example.com',
    termsUrl: 'https://example.com/terms',
    privacyUrl: 'https://example.com/privacy',
    statementDescriptor: 'EDGE CHECKOUT',
  };
  const argv = ['--worker-url', 'https://edge-checkout.acme.workers.dev', '--dry-run'];

  it('stops on the example identity, naming its fields, before any change', async () => {
    const shop = machine(undefined, { identity: EXAMPLE });
    const { error } = await shop.setup(argv, LIVE);
    expect(error).toBeInstanceOf(SetupError);
    expect(error?.message).toMatch(/supportEmail, termsUrl, privacyUrl \(example\.com\)/);
    expect(shop.cloudflare.changes()).toEqual([]);
    expect(await endpoints()).toEqual([]);
    shop.remove();
  });

  it('passes a shop of its own, quietly when its descriptor is the account’s', async () => {
    const shop = machine(undefined, { identity: OWN });
    const { error, output, result } = await shop.setup(argv, LIVE);
    expect(error).toBeUndefined();
    expect(result?.mode).toBe('live');
    expect(output).toContain('✓ your own identity');
    expect(output).not.toMatch(/statementDescriptor|ledger already/);
    shop.remove();
  });

  it('stops, changing nothing, while Stripe has not enabled charges on the account', async () => {
    const shop = machine(argv[1], { identity: OWN, chargesEnabled: false });
    receiver.worker.config = { mode: 'live', publishableKey: LIVE.STRIPE_PUBLISHABLE_KEY };
    const config = readFileSync(shop.configPath, 'utf8');
    const { error } = await shop.setup(
      ['--worker-url', 'https://edge-checkout.acme.workers.dev'],
      LIVE,
    );
    expect(error).toBeInstanceOf(SetupError);
    expect(error?.message).toMatch(/has not enabled charges .*refuse every payment/s);
    expect(error?.message).toMatch(/Activate payments.*Nothing was changed/s);
    expect(shop.cloudflare.changes()).toEqual([]);
    expect(readFileSync(shop.configPath, 'utf8')).toBe(config);
    expect(await endpoints()).toEqual([]);
    expect((await stripe().paymentMethodDomains.list()).data).toEqual([]);
    // --webhook-only sets no keys: it only warns.
    const webhookOnly = await shop.setup([...argv, '--webhook-only'], LIVE);
    expect(webhookOnly.error).toBeUndefined();
    expect(webhookOnly.output).toContain('Stripe has not enabled charges on this account yet');
    shop.remove();
  });

  it('--webhook-only with live keys refuses a Worker that has test keys', async () => {
    receiver.worker.config = { mode: 'test', publishableKey: KEYS.STRIPE_PUBLISHABLE_KEY };
    const shop = machine(argv[1], { identity: OWN });
    const { error } = await shop.setup([...argv, '--webhook-only'], LIVE);
    expect(error).toBeInstanceOf(SetupError);
    expect(error?.message).toContain(
      `has the publishable key ${KEYS.STRIPE_PUBLISHABLE_KEY} (test mode), ` +
        `not ${LIVE.STRIPE_PUBLISHABLE_KEY}`,
    );
    expect(await endpoints()).toEqual([]);
    shop.remove();
  });

  it('warns when the receipt’s descriptor is not the account’s', async () => {
    const shop = machine(undefined, { identity: { ...OWN, statementDescriptor: 'ACME SHOP' } });
    const { error, output } = await shop.setup(argv, LIVE);
    expect(error).toBeUndefined();
    expect(output).toMatch(/statementDescriptor is "ACME SHOP" but .* show "SIMULATED PAYMENT"/);
    shop.remove();
  });

  it('stops with what to do when TAX_CALCULATION=stripe and Stripe Tax is not set up', async () => {
    const shop = machine(undefined, { identity: OWN });
    const config = readFileSync(shop.configPath, 'utf8');
    writeFileSync(
      shop.configPath,
      config.replace('TAX_CALCULATION = "none"', 'TAX_CALCULATION = "stripe"'),
    );
    expect((await shop.setup(argv, LIVE)).output).toContain('✓ Stripe Tax is active');
    await sim.control('/tax_settings', {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'pending' }),
    });
    const { error } = await shop.setup(argv, LIVE);
    expect(error).toBeInstanceOf(SetupError);
    expect(error?.message).toMatch(/Stripe Tax is not set up .*"pending"/s);
    expect(error?.message).toMatch(/Settings → Tax.*TAX_CALCULATION = "none"/s);
    expect(shop.cloudflare.changes()).toEqual([]);
    shop.remove();
  });

  it('does not warn of test orders when the Worker says it is live already', async () => {
    // Set live from another machine: no state here, but the Worker's /config says live.
    receiver.worker.config = { mode: 'live', publishableKey: LIVE.STRIPE_PUBLISHABLE_KEY };
    const shop = machine(argv[1], { identity: OWN, orders: 3 });
    const { error, output } = await shop.setup(argv, LIVE);
    expect(error).toBeUndefined();
    expect(output).not.toContain('already holds');
    // The same run against a Worker that says test keys: warned.
    receiver.worker.config = { mode: 'test', publishableKey: KEYS.STRIPE_PUBLISHABLE_KEY };
    expect((await shop.setup(argv, LIVE)).output).toContain('already holds 3 orders');
    shop.remove();
  });

  it('warns, switching from test keys, with the count of orders in the remote ledger', async () => {
    const shop = machine(undefined, { identity: OWN, orders: 3 });
    // Set up in test mode first: the Worker's keys are test keys, then live ones.
    expect((await shop.setup(['--worker-url', receiver.origin])).error).toBeUndefined();
    const { error, output } = await shop.setup(argv, LIVE);
    expect(error).toBeUndefined();
    expect(output).toContain('The remote ledger already holds 3 orders');
    expect(output).toContain('docs/going-live.md');
    shop.remove();
  });
});
