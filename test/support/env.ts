/**
 * The checkout's configuration in the test suite: simulated mode against the simulator at its
 * usual address (reached through the outbound worker). None of these values is a real secret.
 */
export const SIM_ORIGIN = 'http://127.0.0.1:12111';

/** Where the checkout is reached in tests: a loopback origin, as under `npm run dev`. */
export const CHECKOUT_ORIGIN = 'http://127.0.0.1:8787';

export const SIM_WEBHOOK = { url: `${CHECKOUT_ORIGIN}/webhook`, secret: 'whsec_test_suite_only' };

export const TEST_ENV = {
  STRIPE_SECRET_KEY: 'sk_test_suite',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_suite',
  STRIPE_API_BASE: SIM_ORIGIN,
  STRIPE_WEBHOOK_SECRET: SIM_WEBHOOK.secret,
  // Short back-off between Stripe retries, so that fault-injection tests run quickly.
  STRIPE_RETRY_BASE_MS: '5',
};
