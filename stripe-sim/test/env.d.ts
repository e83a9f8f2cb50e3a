declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('../src/index');
  }
  interface Env {
    SIM: DurableObjectNamespace;
    /** The webhook receiver worker (test/webhook-receiver.js). */
    RECEIVER: Fetcher;
  }
}
