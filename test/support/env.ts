/**
 * The checkout's configuration in the test suite: simulated mode against the simulator at its
 * usual address (reached through the outbound worker). None of these values is a real secret.
 */
export const SIM_ORIGIN = 'http://127.0.0.1:12111';

/** Where the checkout is reached in tests: a loopback origin, as under `npm run dev`. */
export const CHECKOUT_ORIGIN = 'http://127.0.0.1:8787';

export const SIM_WEBHOOK = { url: `${CHECKOUT_ORIGIN}/webhook`, secret: 'whsec_test_suite_only' };

export const TEST_ENV = {
  // The tests' own settings, whatever wrangler.toml's [vars] say (a merchant changes them there).
  CHECKOUT_UI: 'elements',
  TAX_CALCULATION: 'none',
  STRIPE_SECRET_KEY: 'sk_test_suite',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_suite',
  STRIPE_API_BASE: SIM_ORIGIN,
  STRIPE_WEBHOOK_SECRET: SIM_WEBHOOK.secret,
  // Short back-off between Stripe retries, so that fault-injection tests run quickly.
  STRIPE_RETRY_BASE_MS: '5',
};

/**
 * The rate limits of the tests' Worker, per window of RATE_LIMIT_PERIOD_SECONDS (60): its own,
 * whatever wrangler.toml's [[ratelimits]] say, which merchants may change (test/vitest.config.ts
 * gives these to Miniflare over the configuration's).
 */
export const TEST_RATE_LIMITS = {
  CHARGE_IP_LIMITER: 30,
  CHARGE_CHECKOUT_LIMITER: 15,
  RECEIPT_LIMITER: 20,
  QUOTE_LIMITER: 60,
};
