import type Stripe from 'stripe';
import { newId, unixNow } from './ids';
import type { Store } from './store';
import type { Webhooks } from './webhooks';

/** The API version events are rendered in: the version stripe-node 23.1 pins. */
export const API_VERSION = '2026-10-28.endive';

/** The objects whose state changes produce events. */
export type EventObject = Stripe.PaymentIntent | Stripe.Charge | Stripe.Refund;

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
  ): Stripe.EventBase {
    const event = this.store.put<Stripe.EventBase>({
      id: newId('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: unixNow(),
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: this.webhooks.endpointCount,
      request,
      type,
    });
    this.webhooks.enqueue(event);
    return event;
  }
}
