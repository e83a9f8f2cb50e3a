/**
 * What the Stripe simulator recorded, through its control API and its /v1 API (with the local
 * stack's secret key): the other half of every assertion, beside what the customer sees.
 */
import { inject } from 'vitest';

const SIM = inject('sim');
const AUTH = `Basic ${btoa('sk_test_local_stack:')}`;

export interface SimRequest {
  request_id: string;
  method: string;
  path: string;
  idempotency_key: string | null;
  status: number;
  replayed: boolean;
  auth: 'secret' | 'publishable' | null;
}

export interface PaymentIntent {
  id: string;
  status: string;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  last_payment_error: { code?: string; decline_code?: string } | null;
}

/** Every /v1 request the simulator answered since the servers started, in order. */
export async function simRequests(): Promise<SimRequest[]> {
  const response = await fetch(`${SIM}/_sim/requests`);
  if (!response.ok) throw new Error(`GET /_sim/requests answered ${response.status}`);
  return (await response.json()) as SimRequest[];
}

/** The PaymentIntents the checkout created for one checkout (metadata.checkout_id), newest first. */
export async function paymentIntentsOf(checkoutId: string): Promise<PaymentIntent[]> {
  const found: PaymentIntent[] = [];
  let after = '';
  for (;;) {
    const response = await fetch(
      `${SIM}/v1/payment_intents?limit=100${after ? `&starting_after=${after}` : ''}`,
      { headers: { Authorization: AUTH } },
    );
    if (!response.ok) throw new Error(`GET /v1/payment_intents answered ${response.status}`);
    const page = (await response.json()) as { data: PaymentIntent[]; has_more: boolean };
    found.push(...page.data.filter((pi) => pi.metadata.checkout_id === checkoutId));
    if (!page.has_more || page.data.length === 0) return found;
    after = page.data[page.data.length - 1]!.id;
  }
}

/** The simulator's /v1 requests made with the checkout's Idempotency-Keys (`<checkout_id>/<attempt>`). */
export async function stripeCallsOf(checkoutId: string): Promise<SimRequest[]> {
  return (await simRequests()).filter((request) =>
    request.idempotency_key?.startsWith(`${checkoutId}/`),
  );
}

/**
 * Whether the simulator has delivered (2xx from the checkout) its `type` event for a PaymentIntent
 * to the checkout's /webhook.
 */
export async function webhookDelivered(
  paymentIntentId: string,
  type = 'payment_intent.succeeded',
): Promise<boolean> {
  const response = await fetch(`${SIM}/v1/events?type=${type}&limit=100`, {
    headers: { Authorization: AUTH },
  });
  if (!response.ok) throw new Error(`GET /v1/events answered ${response.status}`);
  const events = (await response.json()) as {
    data: { id: string; data: { object: { id: string } } }[];
  };
  const event = events.data.find((e) => e.data.object.id === paymentIntentId);
  if (!event) return false;
  const deliveries = (await (await fetch(`${SIM}/_sim/webhooks`)).json()) as {
    event_id: string;
    status: string;
  }[];
  return deliveries.some(
    (delivery) => delivery.event_id === event.id && delivery.status === 'delivered',
  );
}

/** A /v1 POST with the local stack's secret key, form-encoded as stripe-node sends it. */
export async function simPost<T = { id: string }>(
  path: string,
  fields: Record<string, string>,
): Promise<T> {
  const response = await fetch(`${SIM}${path}`, {
    method: 'POST',
    headers: { Authorization: AUTH, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}`);
  return (await response.json()) as T;
}

/**
 * A Stripe coupon (`coupon`: its parameters, such as `{ percent_off: '20' }`) and a promotion code
 * for it, as the merchant makes them in the Dashboard: the code's text, new for each call.
 */
export async function createPromotionCode(
  coupon: Record<string, string> = { percent_off: '20' },
): Promise<string> {
  const made = await simPost('/v1/coupons', { duration: 'once', ...coupon });
  const code = `SPRING${crypto.randomUUID().replaceAll('-', '').slice(0, 6).toUpperCase()}`;
  await simPost('/v1/promotion_codes', {
    'promotion[type]': 'coupon',
    'promotion[coupon]': made.id,
    code,
  });
  return code;
}

/** Arms a simulator fault for the next `count` /v1 requests (stripe-sim/README.md), or clears it. */
export async function simFault(
  spec: { mode: 'drop' | 'error'; status?: number; count: number } | null,
) {
  const response = await fetch(`${SIM}/_sim/faults`, {
    method: spec ? 'POST' : 'DELETE',
    ...(spec && { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(spec) }),
  });
  if (!response.ok) throw new Error(`/_sim/faults answered ${response.status}`);
}

/** Pauses the simulator's webhook deliveries (they queue) or resumes them. */
export async function simWebhooks(enabled: boolean) {
  const response = await fetch(`${SIM}/_sim/webhooks`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ enabled }),
  });
  if (!response.ok) throw new Error(`/_sim/webhooks answered ${response.status}`);
}
