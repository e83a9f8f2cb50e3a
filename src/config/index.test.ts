import { describe, expect, it } from 'vitest';
import { isLoopback, resolveCheckoutConfig, resolvePaymentConfig } from '.';

const local = new URL('http://127.0.0.1:8787/charge');
const deployed = new URL('https://shop.example.com/charge');
const keys = { STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_PUBLISHABLE_KEY: 'pk_test_abc' };

describe('resolvePaymentConfig', () => {
  it('takes the payment form from CHECKOUT_UI: elements by default, hosted, and nothing else', () => {
    expect(resolvePaymentConfig(keys, deployed)).toMatchObject({ ok: true, ui: 'elements' });
    const hosted = { ...keys, CHECKOUT_UI: 'hosted' };
    expect(resolvePaymentConfig(hosted, deployed)).toMatchObject({ ok: true, ui: 'hosted' });
    // A form post is redirected to Stripe's page: the CSP's form-action allows it.
    expect(resolvePaymentConfig(hosted, deployed)).toMatchObject({
      stripeOrigins: { frame: expect.arrayContaining(['https://checkout.stripe.com']) },
    });
    expect(resolvePaymentConfig({ ...keys, CHECKOUT_UI: 'Hosted ' }, deployed)).toEqual({
      ok: false,
      reason: 'misconfigured',
      detail: 'CHECKOUT_UI must be elements or hosted',
    });
  });

  it('takes TAX_CALCULATION none (the default) or stripe, and refuses anything else', () => {
    expect(resolveCheckoutConfig(keys, deployed, 'usd')).toMatchObject({ ok: true });
    for (const value of ['none', 'stripe', ' stripe '])
      expect(
        resolveCheckoutConfig({ ...keys, TAX_CALCULATION: value }, deployed, 'usd'),
      ).toMatchObject({
        ok: true,
      });
    // A typo must not quietly charge no tax.
    for (const value of ['Stripe', 'on', 'true', 'stripe-tax']) {
      expect(resolveCheckoutConfig({ ...keys, TAX_CALCULATION: value }, deployed, 'usd')).toEqual({
        ok: false,
        reason: 'misconfigured',
        detail: 'TAX_CALCULATION must be none or stripe',
      });
      // What prices nothing (refunds, the webhook, the sweep) is not stopped by it.
      expect(resolvePaymentConfig({ ...keys, TAX_CALCULATION: value }, deployed)).toMatchObject({
        ok: true,
      });
    }
  });

  it('refuses Stripe Tax, and only it, for a shop shipping in a currency of steps', () => {
    const stripeTax = { ...keys, TAX_CALCULATION: 'stripe' };
    // Its tax would make totals off the step (1.235 KWD), which Stripe refuses: none charged.
    for (const currency of ['kwd', 'bhd', 'jod', 'omr', 'tnd', 'isk', 'ugx'])
      expect(resolveCheckoutConfig(stripeTax, deployed, currency)).toEqual({
        ok: false,
        reason: 'misconfigured',
        detail: `TAX_CALCULATION must be none in ${currency}`,
      });
    expect(resolveCheckoutConfig(stripeTax, deployed, 'jpy')).toMatchObject({ ok: true });
    expect(resolveCheckoutConfig(keys, deployed, 'kwd')).toMatchObject({ ok: true });
    expect(resolvePaymentConfig(stripeTax, deployed)).toMatchObject({ ok: true });
  });

  it('is test mode against Stripe with test keys', () => {
    const config = resolvePaymentConfig(keys, deployed);
    expect(config).toMatchObject({ ok: true, mode: 'test', stripeJs: 'https://js.stripe.com/v3/' });
    expect(config).not.toHaveProperty('endpoint');
  });

  it('is live mode with live keys, and accepts restricted keys', () => {
    expect(
      resolvePaymentConfig(
        { STRIPE_SECRET_KEY: 'rk_live_abc', STRIPE_PUBLISHABLE_KEY: 'pk_live_abc' },
        deployed,
      ),
    ).toMatchObject({ ok: true, mode: 'live' });
  });

  it('is simulated mode against a loopback API base, for loopback requests only', () => {
    const env = { ...keys, STRIPE_API_BASE: 'http://127.0.0.1:12111' };
    expect(resolvePaymentConfig(env, local)).toMatchObject({
      ok: true,
      mode: 'simulated',
      endpoint: { host: '127.0.0.1', port: 12111, protocol: 'http' },
      stripeJs: 'http://127.0.0.1:12111/v3/',
      stripeOrigins: { script: ['http://127.0.0.1:12111'] },
    });
    expect(resolvePaymentConfig(env, new URL('http://localhost:8787/'))).toMatchObject({
      ok: true,
      mode: 'simulated',
    });
    expect(resolvePaymentConfig(env, deployed)).toMatchObject({
      ok: false,
      reason: 'misconfigured',
    });
  });

  it('uses an https proxy in the key mode', () => {
    expect(
      resolvePaymentConfig(
        { ...keys, STRIPE_API_BASE: 'https://stripe-proxy.example.com:8443' },
        deployed,
      ),
    ).toMatchObject({
      ok: true,
      mode: 'test',
      endpoint: { host: 'stripe-proxy.example.com', port: 8443, protocol: 'https' },
    });
  });

  it.each([
    ['no secret', {}, 'not_configured', 'STRIPE_SECRET_KEY is not set'],
    [
      'a blank secret',
      { STRIPE_SECRET_KEY: '  ', STRIPE_PUBLISHABLE_KEY: 'pk_test_abc' },
      'not_configured',
      'STRIPE_SECRET_KEY is not set',
    ],
    [
      'no publishable key',
      { STRIPE_SECRET_KEY: 'sk_test_abc' },
      'not_configured',
      'STRIPE_PUBLISHABLE_KEY is not set',
    ],
    [
      'a malformed secret',
      { ...keys, STRIPE_SECRET_KEY: 'secret' },
      'misconfigured',
      'not a Stripe secret key',
    ],
    [
      'a publishable key as secret',
      { ...keys, STRIPE_SECRET_KEY: 'pk_test_abc' },
      'misconfigured',
      'not a Stripe secret key',
    ],
    [
      'a malformed publishable key',
      { ...keys, STRIPE_PUBLISHABLE_KEY: 'sk_test_abc' },
      'misconfigured',
      'not a Stripe publishable key',
    ],
    [
      'test secret with live publishable',
      { ...keys, STRIPE_PUBLISHABLE_KEY: 'pk_live_abc' },
      'misconfigured',
      'test key but STRIPE_PUBLISHABLE_KEY is a live key',
    ],
    [
      'live secret with test publishable',
      { ...keys, STRIPE_SECRET_KEY: 'sk_live_abc' },
      'misconfigured',
      'live key but STRIPE_PUBLISHABLE_KEY is a test key',
    ],
    [
      'an API base that is not a URL',
      { ...keys, STRIPE_API_BASE: 'stripe' },
      'misconfigured',
      'not a URL',
    ],
    [
      'an API base with a path',
      { ...keys, STRIPE_API_BASE: 'https://proxy.example.com/v1' },
      'misconfigured',
      'must be an origin',
    ],
    [
      'plain http to a remote API base',
      { ...keys, STRIPE_API_BASE: 'http://proxy.example.com' },
      'misconfigured',
      'must use https',
    ],
    [
      'live keys against the simulator',
      {
        STRIPE_SECRET_KEY: 'sk_live_abc',
        STRIPE_PUBLISHABLE_KEY: 'pk_live_abc',
        STRIPE_API_BASE: 'http://127.0.0.1:12111',
      },
      'misconfigured',
      'test mode only',
    ],
  ])('refuses %s', (_, env, reason, detail) => {
    const config = resolvePaymentConfig(env, local);
    expect(config).toMatchObject({ ok: false, reason });
    expect(config.ok || config.detail).toContain(detail);
  });

  it('never puts a key value in its reason', () => {
    const config = resolvePaymentConfig(
      { STRIPE_SECRET_KEY: 'sk_live_topsecret', STRIPE_PUBLISHABLE_KEY: 'pk_test_x' },
      local,
    );
    expect(JSON.stringify(config)).not.toContain('topsecret');
  });
});

describe('isLoopback', () => {
  it.each(['localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1'])('%s is loopback', (host) =>
    expect(isLoopback(host)).toBe(true),
  );
  it.each(['example.com', '10.0.0.1', '127.0.0.1.example.com', 'localhost.example.com', '0.0.0.0'])(
    '%s is not',
    (host) => expect(isLoopback(host)).toBe(false),
  );
});
