/** Bindings and vars of the simulator Worker (see wrangler.toml). */
export interface Env {
  /** The single Durable Object that holds all simulator state. */
  SIM: DurableObjectNamespace;
  /** Static assets (the simulated Stripe.js); absent when the bundle runs without wrangler. */
  ASSETS?: Fetcher;
  /** Comma-separated webhook endpoint URLs. */
  WEBHOOK_URLS?: string;
  /** Webhook signing secret (a local placeholder, never a real one). */
  WEBHOOK_SECRET?: string;
  /** Base delay of the exponential retry back-off, in milliseconds. */
  WEBHOOK_RETRY_BASE_MS?: string;
  /**
   * How many webhook deliveries may be under way at once (src/webhooks.ts); default 1: one at a
   * time, in the order the events happened.
   */
  WEBHOOK_CONCURRENCY?: string;
  /** Milliseconds every /v1 request waits before it is carried out (src/latency.ts); default 0. */
  LATENCY_MS?: string;
}
