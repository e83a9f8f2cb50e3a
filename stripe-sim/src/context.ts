import type { Context } from 'hono';
import type Stripe from 'stripe';
import type { Clock } from './clock';
import type { Events } from './events';
import type { Faults, FaultMode, Held } from './faults';
import type { FormHash } from './form';
import type { Idempotency } from './idempotency';
import type { Latency } from './latency';
import type { PaymentContext } from './payments';
import type { RefundFailures } from './refund-failures';
import type { RequestLog } from './request-log';
import type { Store } from './store';
import type { WebhookEndpoints } from './webhook-endpoints';
import type { Webhooks } from './webhooks';

/** The simulator's state and services, owned by the Durable Object. */
export interface Simulator {
  store: Store;
  events: Events;
  webhooks: Webhooks;
  /** Webhook endpoints created through the API (/v1/webhook_endpoints). */
  webhookEndpoints: WebhookEndpoints;
  faults: Faults;
  latency: Latency;
  /** The requests `delay` faults are holding. */
  held: Held;
  idempotency: Idempotency;
  requests: RequestLog;
  /** Refunds of the refund-failing test card, still to fail. */
  refundFailures: RefundFailures;
  /** The simulated time, which tests may advance. */
  clock: Clock;
  /** Makes sure the alarm fires by this simulated Unix time (a Checkout Session's expires_at, a
   * refund's failure). */
  wakeAt(time: number): Promise<void>;
  /** Forgets everything (POST /_sim/reset). */
  reset(): Promise<void>;
}

/** Hono environment of the simulator's routes (run inside the Durable Object). */
export interface SimEnv {
  Variables: {
    sim: Simulator;
    /** This API request's `Request-Id`. */
    requestId: string;
    /** Which kind of key authenticated the request. */
    keyKind: 'secret' | 'publishable';
    /** The decoded query string and form body. */
    form: FormHash;
    /** The fault injected into this request, if any. */
    fault: FaultMode;
    /** A `delay` fault's wait, taken while the request holds its Idempotency-Key (see idempotency.ts). */
    delayMs: number;
  };
}

export type SimContext = Context<SimEnv>;

/** The simulator's own origin, from which it serves the 3-D Secure page and receipts. */
export const originOf = (c: SimContext) => new URL(c.req.url).origin;

/** What the PaymentIntent state machine needs from an API request. */
export function paymentContext(c: SimContext): PaymentContext {
  const request: Stripe.Event.Request | null = c.get('requestId')
    ? { id: c.get('requestId'), idempotency_key: c.req.header('Idempotency-Key') ?? null }
    : null;
  return { store: c.var.sim.store, events: c.var.sim.events, origin: originOf(c), request };
}
