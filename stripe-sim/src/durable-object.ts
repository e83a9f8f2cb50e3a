import { createSimulatorApp } from './app';
import { settleSessions } from './checkout/lifecycle';
import { Clock } from './clock';
import type { Simulator } from './context';
import type { Env } from './env';
import { Events } from './events';
import { Faults, Held } from './faults';
import { Idempotency } from './idempotency';
import { checkLatency, Latency } from './latency';
import { RefundFailures, settleRefunds } from './refund-failures';
import { RequestLog } from './request-log';
import { clearAll, migrate } from './schema';
import { Store } from './store';
import { WebhookEndpoints } from './webhook-endpoints';
import { webhookConfig, Webhooks } from './webhooks';

/**
 * The one Durable Object holding all simulator state (the Worker addresses it by the name "global").
 * Handlers change SQLite storage synchronously, so requests never interleave in the middle of a
 * change; the alarm delivers webhooks after the responses.
 *
 * A plain class rather than `extends DurableObject` from "cloudflare:workers": without that import
 * the simulator bundles with plain esbuild and runs anywhere workerd does.
 */
export class StripeSimulator implements DurableObject {
  private readonly app: ReturnType<typeof createSimulatorApp>;
  private readonly webhooks: Webhooks;
  private readonly sim: Simulator;

  constructor(ctx: DurableObjectState, env: Env) {
    const { sql } = ctx.storage;
    migrate(sql);
    const store = new Store(sql);
    const webhookEndpoints = new WebhookEndpoints(sql, store);
    const webhooks = new Webhooks(sql, ctx.storage, webhookConfig(env), webhookEndpoints, store);
    const idempotency = new Idempotency(sql);
    const clock = new Clock(sql);
    const held = new Held();
    const latency = new Latency(sql, checkLatency(Number(env.LATENCY_MS ?? 0), 'LATENCY_MS'));
    const sim: Simulator = {
      store,
      events: new Events(store, webhooks),
      webhooks,
      webhookEndpoints,
      faults: new Faults(sql),
      latency,
      held,
      idempotency,
      requests: new RequestLog(sql),
      clock,
      refundFailures: new RefundFailures(sql),
      async wakeAt(time) {
        // The alarm runs on real time; the simulator's clock may be ahead of it.
        const at = (time - clock.state().offset_seconds) * 1000;
        const current = await ctx.storage.getAlarm();
        if (current === null || current > at) await ctx.storage.setAlarm(at);
      },
      async reset() {
        held.releaseAll(true);
        latency.waits.releaseAll(true);
        clearAll(sql);
        clock.reset();
        idempotency.clear();
        await webhooks.reset();
      },
    };
    this.webhooks = webhooks;
    this.sim = sim;
    this.app = createSimulatorApp(sim);
  }

  fetch(request: Request): Response | Promise<Response> {
    return this.app.fetch(request);
  }

  /**
   * Settles Checkout Sessions (paid, or past expires_at) and refunds due to fail, then delivers
   * what webhooks are due.
   */
  async alarm(): Promise<void> {
    const next = [settleSessions(this.sim), settleRefunds(this.sim)].filter((at) => at !== null);
    await this.webhooks.deliverDue();
    if (next.length) await this.sim.wakeAt(Math.min(...next));
  }
}
