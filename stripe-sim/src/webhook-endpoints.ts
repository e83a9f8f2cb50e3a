import type Stripe from 'stripe';
import { newId, randomString, unixNow } from './ids';
import type { Store } from './store';

/** Where one event goes: an endpoint's URL and the secret its deliveries are signed with. */
export interface DeliveryTarget {
  url: string;
  /** The endpoint created through the API, or null for one of the configured WEBHOOK_URLS. */
  endpointId: string | null;
  /**
   * The endpoint's own `api_version`, which its events are rendered in instead of the account's
   * default; null for an endpoint without one and for the configured URLs (the account's).
   */
  apiVersion: string | null;
}

/** What creating or updating an endpoint may set. */
interface EndpointFields {
  url: string;
  enabled_events: string[];
  description?: string | null;
  metadata?: Record<string, string>;
  api_version?: string | null;
  connect?: boolean;
}

/**
 * An endpoint as stored: with `connect`, which the object does not show (an endpoint for events
 * from connected accounts, of which the simulated account has none: it receives nothing).
 */
export type StoredWebhookEndpoint = Stripe.WebhookEndpoint & { connect?: boolean };

/**
 * Webhook endpoints created through the API. The endpoint is stored like any Stripe object; its
 * signing secret is kept apart, in its own table, because Stripe shows it only in the response to
 * the creation: no list, retrieve or update response can carry it by mistake.
 */
export class WebhookEndpoints {
  constructor(
    private readonly sql: SqlStorage,
    private readonly store: Store,
  ) {}

  /** Creates an enabled endpoint; the returned object is the only one with `secret`. */
  create(fields: EndpointFields): StoredWebhookEndpoint {
    const endpoint = this.store.put<StoredWebhookEndpoint>({
      id: newId('we'),
      object: 'webhook_endpoint',
      api_version: fields.api_version ?? null,
      application: null,
      created: unixNow(),
      description: fields.description ?? null,
      enabled_events: fields.enabled_events,
      livemode: false,
      metadata: fields.metadata ?? {},
      status: 'enabled',
      url: fields.url,
      connect: fields.connect ?? false,
    });
    const secret = `whsec_${randomString(32)}`;
    this.sql.exec(
      'INSERT INTO webhook_endpoint_secrets (endpoint_id, secret) VALUES (?, ?)',
      endpoint.id,
      secret,
    );
    return { ...endpoint, secret };
  }

  /** Deletes the endpoint and its secret; its pending deliveries are then given up. */
  remove(id: string): void {
    this.sql.exec('DELETE FROM objects WHERE id = ? AND type = ?', id, 'webhook_endpoint');
    this.sql.exec('DELETE FROM webhook_endpoint_secrets WHERE endpoint_id = ?', id);
  }

  /**
   * The secret deliveries to this endpoint are signed with; undefined once the endpoint is deleted
   * or disabled, when Stripe sends it nothing more.
   */
  secret(id: string): string | undefined {
    if (this.store.get('webhook_endpoint', id)?.status !== 'enabled') return undefined;
    return this.sql
      .exec<{ secret: string }>(
        'SELECT secret FROM webhook_endpoint_secrets WHERE endpoint_id = ?',
        id,
      )
      .toArray()[0]?.secret;
  }

  /** The enabled endpoints an event of this type goes to (`*` subscribes to every type), oldest first. */
  subscribedTo(type: string): DeliveryTarget[] {
    return this.sql
      .exec<{ data: string }>(
        "SELECT data FROM objects WHERE type = 'webhook_endpoint' ORDER BY seq",
      )
      .toArray()
      .map((row) => JSON.parse(row.data) as StoredWebhookEndpoint)
      .filter(
        (endpoint) =>
          endpoint.status === 'enabled' &&
          !endpoint.connect &&
          (endpoint.enabled_events.includes('*') || endpoint.enabled_events.includes(type)),
      )
      .map((endpoint) => ({
        url: endpoint.url,
        endpointId: endpoint.id,
        apiVersion: endpoint.api_version,
      }));
  }
}
