import type Stripe from 'stripe';
import { withoutIncludables } from './expand';
import { newId, unixNow } from './ids';
import type { Store } from './store';
import type { Webhooks } from './webhooks';

/**
 * The simulated account's default API version, which Stripe renders an event in when it happens
 * (the Events API shows it so) and delivers it in to an endpoint without its own `api_version`
 * (webhooks.ts). A new account's default is the version current at its first request; the
 * simulated account's is the version stripe-node 23.1 pins, which its requests send.
 */
const ACCOUNT_API_VERSION = '2026-10-28.endive';

/** The objects whose state changes produce events. */
type EventObject =
  | Stripe.PaymentIntent
  | Stripe.Charge
  | Stripe.Refund
  | Stripe.Dispute
  | Stripe.Coupon
  | Stripe.DeletedCoupon
  | Stripe.PromotionCode
  | Stripe.Checkout.Session
  | Stripe.Customer;

/** Records Events (listed at GET /v1/events) and queues them for webhook delivery. */
export class Events {
  constructor(
    private readonly store: Store,
    private readonly webhooks: Webhooks,
  ) {}

  /**
   * Records an event carrying a snapshot of `object`. `request` is the API request that caused it
   * (null for changes made outside the API, such as the 3-D Secure page).
   */
  record(
    type: Stripe.Event.Type,
    object: EventObject,
    request: Stripe.Event.Request | null,
    previousAttributes?: Record<string, unknown>,
  ): Stripe.EventBase {
    const event = this.store.put<Stripe.EventBase>({
      id: newId('evt'),
      object: 'event',
      api_version: ACCOUNT_API_VERSION,
      created: unixNow(),
      data: {
        // As the API shows the object: without the fields only `expand[]` includes.
        object: structuredClone(withoutIncludables(object)),
        ...(previousAttributes && { previous_attributes: previousAttributes }),
      },
      livemode: false,
      pending_webhooks: this.webhooks.targets(type).length,
      request,
      type,
    });
    this.webhooks.enqueue(event);
    return event;
  }
}

type Fields = Record<string, unknown>;

/**
 * An `*.updated` event's `data.previous_attributes`: the old value of each field that changed, and
 * for `metadata` only the keys that changed (null for a key that was added), as Stripe sends them.
 * Undefined when nothing changed (Stripe then sends no event).
 */
export function previousAttributes(before: object, after: object): Fields | undefined {
  const [old, now] = [before as Fields, after as Fields];
  const changed: Fields = {};
  for (const key of Object.keys(now)) {
    if (JSON.stringify(old[key]) === JSON.stringify(now[key])) continue;
    changed[key] = key === 'metadata' ? metadataChanges(old[key], now[key]) : (old[key] ?? null);
  }
  return Object.keys(changed).length > 0 ? changed : undefined;
}

function metadataChanges(before: unknown, after: unknown): Fields {
  const [old, now] = [(before ?? {}) as Fields, (after ?? {}) as Fields];
  const keys = new Set([...Object.keys(old), ...Object.keys(now)]);
  return Object.fromEntries(
    [...keys].filter((key) => old[key] !== now[key]).map((key) => [key, old[key] ?? null]),
  );
}
