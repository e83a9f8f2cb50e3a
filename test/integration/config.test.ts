/**
 * Configuration and modes, through the Worker's fetch handler with the environment a deployment
 * would have.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { assetVersion } from '../../src/assets/version';
import worker from '../../src/index';
import { MAX_QUANTITY, PRODUCTS } from '../fixtures/shop/products';
import Stripe from 'stripe';
import { accessVars, adminFetch, mint } from '../support/access';
import { ACCESS_SIM_ORIGIN } from '../support/access-env';
import {
  charge,
  checkout,
  confirmationToken,
  order,
  orderOf,
  resetAll,
  sim,
  simRequests,
  stripe,
  webhookDeliveries,
} from '../support/checkout';
import { CHECKOUT_ORIGIN, TEST_ENV } from '../support/env';
import { remember } from '../support/hygiene';

beforeEach(resetAll);

/** Calls the Worker with a modified environment, as a deployment with other settings would. */
async function withEnv(
  overrides: Record<string, string | undefined>,
  request: Request,
): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, { ...env, ...overrides } as Env, ctx);
  await waitOnExecutionContext(ctx);
  await remember(response);
  return response;
}

/**
 * What the checkout sent outside the simulator and the suite's doubles (support/outbound.mjs):
 * api.stripe.com, a proxy. Read only: the suite's afterEach (support/setup.ts) clears it.
 */
const unexpectedOutbound = async () =>
  (await env.OUTBOUND.fetch('http://outbound.test/unexpected')).json<string[]>();

const postCharge = (origin: string) =>
  new Request(`${origin}/charge`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify(order()),
  });

describe('GET /config', () => {
  it('gives the page public data only: mode, payment form, publishable key, Stripe.js and the catalog', async () => {
    const response = await checkout('/config');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const config = await response.json();
    expect(config).toEqual({
      mode: 'simulated',
      ui: 'elements',
      publishableKey: TEST_ENV.STRIPE_PUBLISHABLE_KEY,
      stripeJs: 'http://127.0.0.1:12111/v3/',
      // The tests' own catalog, never the merchant's (src/shop/).
      maxQuantity: MAX_QUANTITY,
      // The fixture's countries (test/fixtures/shop/shipping.ts): the address form offers them.
      shippingCountries: ['US', 'DE', 'FR'],
      // Not how Stripe Tax treats them (the page has no use for it), nor their translations (the
      // reader's language is the product's name and description).
      products: PRODUCTS.map(
        ({ taxCode: _, taxBehavior: __, locales: ___, ...product }) => product,
      ),
    });
    expect(JSON.stringify(config)).not.toContain(TEST_ENV.STRIPE_SECRET_KEY);
    expect(JSON.stringify(config)).not.toContain(TEST_ENV.STRIPE_WEBHOOK_SECRET);
  });

  it("names and describes the products in the page's language", async () => {
    const response = await checkout('/config', { headers: { 'Accept-Language': 'de-DE' } });
    const { products } = await response.json<{
      products: { name: string; description: string }[];
    }>();
    expect(products[0]).toMatchObject(PRODUCTS[0]!.locales!.de!);
    expect(response.headers.get('content-language')).toBe('de-DE');
    expect(response.headers.get('vary')).toContain('Accept-Language');
  });

  it('says test mode and Stripe.js from js.stripe.com with test keys and no API base', async () => {
    const response = await withEnv(
      {
        STRIPE_SECRET_KEY: 'sk_test_abc',
        STRIPE_PUBLISHABLE_KEY: 'pk_test_abc',
        STRIPE_API_BASE: undefined,
      },
      new Request('https://shop.example.com/config'),
    );
    expect(await response.json()).toMatchObject({
      mode: 'test',
      publishableKey: 'pk_test_abc',
      stripeJs: 'https://js.stripe.com/v3/',
    });
  });
});

describe("a deployed Worker's Content-Security-Policy", () => {
  /** The policy's directives, each with its sources. */
  const directives = (response: Response) =>
    Object.fromEntries(
      (response.headers.get('content-security-policy') ?? '')
        .split('; ')
        .map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1)]),
    );

  it("allows what Stripe's CSP guide lists for Stripe.js and its Elements, configured or not", async () => {
    const page = () =>
      new Request('https://shop.example.com/', { headers: { Accept: 'text/html' } });
    const configured = await withEnv(
      {
        STRIPE_SECRET_KEY: 'sk_test_abc',
        STRIPE_PUBLISHABLE_KEY: 'pk_test_abc',
        STRIPE_API_BASE: undefined,
      },
      page(),
    );
    const refused = await withEnv(
      { STRIPE_SECRET_KEY: undefined, STRIPE_API_BASE: undefined },
      page(),
    );
    expect([configured.status, refused.status]).toEqual([200, 503]);
    for (const response of [configured, refused])
      expect(directives(response)).toMatchObject({
        'script-src': [
          "'self'",
          'https://js.stripe.com',
          'https://*.js.stripe.com',
          'https://maps.googleapis.com',
        ],
        'frame-src': [
          'https://js.stripe.com',
          'https://*.js.stripe.com',
          'https://hooks.stripe.com',
        ],
        'connect-src': ["'self'", 'https://api.stripe.com', 'https://maps.googleapis.com'],
        'img-src': ["'self'", 'data:', 'https://*.stripe.com'],
      });
  });
});

describe('payments refused when not configured', () => {
  it('answers a deployed Worker without a secret "not configured" (503), with no Stripe call', async () => {
    const log = vi.spyOn(console, 'error');
    const before = (await simRequests()).length;
    const response = await withEnv(
      { STRIPE_SECRET_KEY: undefined, STRIPE_API_BASE: undefined },
      postCharge('https://shop.example.com'),
    );
    expect(response.status).toBe(503);
    const { error } = await response.json<{ error: { code: string; message: string } }>();
    expect(error.code).toBe('payments_not_configured');
    expect(error.message).toBe(
      'This shop cannot take your payment right now. You have not been charged. Please contact ' +
        'the shop.',
    );
    expect((await simRequests()).length).toBe(before);
    expect(log.mock.calls.flat().join('\n')).toContain('STRIPE_SECRET_KEY is not set');
    log.mockRestore();
  });

  it('answers GET /config of a Worker without a secret "not configured" (503), with its log line', async () => {
    const log = vi.spyOn(console, 'error');
    const response = await withEnv(
      { STRIPE_SECRET_KEY: undefined },
      new Request('https://shop.example.com/config'),
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: 'payments_not_configured' } });
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(log.mock.calls.flat().join('\n')).toContain('STRIPE_SECRET_KEY is not set');
    log.mockRestore();
  });

  it('shows the Checkout page of a Worker without a secret as "not configured" (503)', async () => {
    const page = await withEnv(
      { STRIPE_SECRET_KEY: undefined },
      new Request('https://shop.example.com/', { headers: { Accept: 'text/html' } }),
    );
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('This shop cannot take your payment right now.');
  });

  it.each(['Stripe', 'on', 'true'])(
    'refuses TAX_CALCULATION=%s (not none or stripe) with 503, no Stripe call, one log line',
    async (value) => {
      const before = (await simRequests()).length;
      const log = vi.spyOn(console, 'error');
      const response = await withEnv({ TAX_CALCULATION: value }, postCharge(CHECKOUT_ORIGIN));
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: 'payments_not_configured' } });
      expect((await simRequests()).length).toBe(before);
      const lines = log.mock.calls.flat().join('\n').split('\n');
      expect(
        lines.filter((line) => line.includes('TAX_CALCULATION must be none or stripe')),
      ).toHaveLength(1);
      log.mockRestore();
    },
  );

  it('refunds and applies webhooks with TAX_CALCULATION=Stripe: only what prices refuses it', async () => {
    const mistyped = { TAX_CALCULATION: 'Stripe' };
    await webhookDeliveries(false);
    // Paid in the browser after 3-D Secure: the ledger learns it from the webhook's fresh read.
    const body = order({
      confirmation_token: await confirmationToken('pm_card_authenticationRequired'),
    });
    const { client_secret: secret } = await (await charge(body)).json<{ client_secret: string }>();
    const id = secret.split('_secret_')[0]!;
    const confirmed = await sim(`/v1/payment_intents/${id}/confirm`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${TEST_ENV.STRIPE_PUBLISHABLE_KEY}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ client_secret: secret, payment_method: 'pm_card_visa' }),
    });
    expect(confirmed.status).toBe(200);
    const [event] = (await stripe.events.list({ type: 'payment_intent.succeeded' })).data;
    const payload = JSON.stringify(event);
    const signature = await Stripe.webhooks.generateTestHeaderStringAsync({
      payload,
      secret: TEST_ENV.STRIPE_WEBHOOK_SECRET,
    });
    const webhook = new Request(`${CHECKOUT_ORIGIN}/webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature },
      body: payload,
    });
    expect((await withEnv(mistyped, webhook)).status).toBe(200);
    const paid = (await orderOf(body.checkout_id!))!;
    expect(paid.status).toBe('paid');

    const refunded = await adminFetch(`/admin/api/orders/${paid.id}/refunds`, {
      method: 'POST',
      headers: {
        'Cf-Access-Jwt-Assertion': await mint(ACCESS_SIM_ORIGIN, { email: 'ada@shop.example' }),
        Origin: CHECKOUT_ORIGIN,
        'Sec-Fetch-Site': 'same-origin',
        'Content-Type': 'application/json',
        'Idempotency-Key': crypto.randomUUID(),
      },
      body: '{}',
      vars: { ...accessVars(), ...mistyped },
    });
    expect(refunded.status, await refunded.clone().text()).toBeLessThan(300);
    expect((await orderOf(body.checkout_id!))?.status).toBe('refunded');
  });

  it.each([
    [
      'a test secret key with a live publishable key',
      {
        STRIPE_SECRET_KEY: 'sk_test_abc',
        STRIPE_PUBLISHABLE_KEY: 'pk_live_abc',
        STRIPE_API_BASE: undefined,
      },
      'https://shop.example.com',
    ],
    ['a malformed secret key', { STRIPE_SECRET_KEY: 'hunter2' }, CHECKOUT_ORIGIN],
    ['a publishable key as the secret', { STRIPE_SECRET_KEY: 'pk_test_abc' }, CHECKOUT_ORIGIN],
    [
      'a live key against the simulator',
      { STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_PUBLISHABLE_KEY: 'pk_live_abc' },
      CHECKOUT_ORIGIN,
    ],
    ['the simulator on a public host', {}, 'https://shop.example.com'],
    [
      'a plain-http API base that is not loopback',
      { STRIPE_API_BASE: 'http://stripe-proxy.example.com' },
      CHECKOUT_ORIGIN,
    ],
  ])('refuses %s with 503 and no Stripe call', async (_, overrides, origin) => {
    const before = (await simRequests()).length;
    const log = vi.spyOn(console, 'error');
    const response = await withEnv(overrides, postCharge(origin));
    expect(response.status).toBe(503);
    // Stripe, for this configuration, is the simulator, api.stripe.com (no STRIPE_API_BASE) or
    // the proxy: none was called.
    expect((await simRequests()).length).toBe(before);
    expect(await unexpectedOutbound()).toEqual([]);
    const logged = log.mock.calls.flat().join('\n');
    expect(logged).toContain('payments.refused');
    for (const value of Object.values(overrides)) if (value) expect(logged).not.toContain(value);
    log.mockRestore();
  });
});

describe('the Checkout page', () => {
  it('is served from public/ with the page, its script and the simulated-payments notice', async () => {
    const response = await checkout('/');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`src="/checkout.js?v=${assetVersion(env)}"`);
    expect(html).toContain('<p class="mode-notice">Simulated payments: card 4242 4242 4242 4242');
    expect(html).not.toMatch(/\{\{/);
    expect((await checkout('/checkout.js')).status).toBe(200);
  });

  // src/index.ts sends a request to an app of its first segment's routes, or to the whole app.
  it('routes an encoded path as Hono decodes it, and an address below a route to the 404', async () => {
    const encoded = await checkout('/%63onfig');
    expect(encoded.status).toBe(200);
    expect(await encoded.json()).toEqual(await (await checkout('/config')).json());
    for (const path of ['/quote/more', '/webhook/x', '/thank-you/x/y']) {
      const answer = await checkout(path);
      expect([path, answer.status]).toEqual([path, 404]);
      expect(await answer.json()).toMatchObject({ error: { code: 'not_found' } });
    }
  });

  it('answers an unknown address with a friendly 404 page (or JSON for scripts)', async () => {
    const page = await checkout('/no-such-page', { headers: { Accept: 'text/html' } });
    expect(page.status).toBe(404);
    const html = await page.text();
    expect(html).toContain('<h1>Page not found</h1>');
    expect(html).toContain('href="/"');
    const json = await checkout('/no-such-page');
    expect(json.status).toBe(404);
    expect(await json.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('never leaks a secret through any of its answers', async () => {
    for (const path of [
      '/',
      '/config',
      '/checkout.js',
      '/thank-you?payment_intent=pi_unknown',
      '/nope',
    ]) {
      const response = await checkout(path);
      const text = [...response.headers].join('\n') + (await response.text());
      expect(text).not.toContain(TEST_ENV.STRIPE_SECRET_KEY);
      expect(text).not.toContain(TEST_ENV.STRIPE_WEBHOOK_SECRET);
    }
    const paid = await charge(order());
    expect(await paid.text()).not.toContain(TEST_ENV.STRIPE_SECRET_KEY);
  });
});
