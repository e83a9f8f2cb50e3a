// Bindings that exist only in the test suite (test/vitest.config.ts).
declare namespace Cloudflare {
  interface Env {
    /** D1 migrations read by the config, applied by support/setup.ts. */
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
    /** The Stripe simulator (auxiliary worker), for inspecting what the checkout did. */
    STRIPE_SIM: Fetcher;
    /** The Cloudflare Access stand-in (auxiliary worker), for minting tokens and keys. */
    ACCESS_SIM: Fetcher;
    /** The outbound worker: lists unexpected outbound requests. */
    OUTBOUND: Fetcher;
  }
}
