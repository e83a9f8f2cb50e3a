import type Stripe from 'stripe';
import { realNow } from './clock';
import { newId } from './ids';
import type { Env } from './env';
import type { Store } from './store';
import type { DeliveryTarget, WebhookEndpoints } from './webhook-endpoints';

/** Attempts per delivery before it is given up as failed (the first try plus five retries). */
export const MAX_ATTEMPTS = 6;

interface WebhookConfig {
  /** Configured endpoint URLs (WEBHOOK_URLS); each event is delivered to every one. */
  urls: string[];
  /** The secret (`whsec_...`) deliveries to the configured URLs are signed with. */
  secret: string;
  /** Retry n waits retryBaseMs * 2^(n-1). */
  retryBaseMs: number;
  /**
   * Deliveries under way at once (WEBHOOK_CONCURRENCY). 1, the default, sends them one at a time
   * in the order the events happened; more lets a slow endpoint fall behind no faster than Stripe
   * would, which does not wait for one delivery before the next (nor promise their order).
   */
  concurrency: number;
}

/** The most deliveries WEBHOOK_CONCURRENCY may allow at once. */
export const MAX_CONCURRENCY = 100;

/** WEBHOOK_CONCURRENCY checked: an integer from 1 to MAX_CONCURRENCY, 1 when unset. */
export function checkConcurrency(value: string | undefined): number {
  const n = Number(value ?? 1);
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY)
    throw new Error(`WEBHOOK_CONCURRENCY must be an integer from 1 to ${MAX_CONCURRENCY}.`);
  return n;
}

/** The webhook settings from the Worker's vars (a bad WEBHOOK_CONCURRENCY throws). */
export function webhookConfig(env: Env): WebhookConfig {
  return {
    urls: (env.WEBHOOK_URLS ?? '')
      .split(',')
      .map((url) => url.trim())
      .filter(Boolean),
    secret: env.WEBHOOK_SECRET ?? 'whsec_simulated_local_only',
    retryBaseMs: Number(env.WEBHOOK_RETRY_BASE_MS ?? 1000),
    concurrency: checkConcurrency(env.WEBHOOK_CONCURRENCY),
  };
}

/** How a delivery is POSTed: the runtime's fetch(), or an endpoint a test holds. */
export type Send = (url: string, init: RequestInit) => Promise<Response>;

/** The alarm the queue sets for its next due delivery (the Durable Object's storage). */
export type Alarm = Pick<DurableObjectStorage, 'setAlarm' | 'deleteAlarm'>;

/** One try at delivering an event. */
export interface DeliveryAttempt {
  at: string;
  /** The endpoint's HTTP status, or null when no response came (network error). */
  status: number | null;
  error: string | null;
}

/** The state of one event's delivery to one endpoint (GET /_sim/webhooks). */
export interface Delivery {
  id: string;
  event_id: string;
  event_type: string;
  url: string;
  /** The endpoint created through the API, or null for a configured WEBHOOK_URLS address. */
  endpoint_id: string | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: DeliveryAttempt[];
  last_status: number | null;
  /** When the next attempt is due (ms since epoch), while pending. */
  next_attempt_at: number | null;
}

interface DeliveryRow extends Record<string, SqlStorageValue> {
  id: string;
  event_id: string;
  event_type: string;
  url: string;
  endpoint_id: string | null;
  payload: string;
  status: Delivery['status'];
  attempts: string;
  next_attempt_at: number;
}

/** Counts of deliveries by state (POST /_sim/webhooks/flush answers these). */
export interface DeliveryCounts {
  delivered: number;
  failed: number;
  pending: number;
}

/**
 * The `Stripe-Signature` header Stripe sends: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload">`
 * keyed with the endpoint secret. Uses WebCrypto, so stripe-node stays out of the bundle.
 */
async function signatureHeader(
  secret: string,
  payload: string,
  timestamp = Math.floor(realNow() / 1000),
): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${payload}`));
  const hex = Array.from(new Uint8Array(mac), (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  );
  return `t=${timestamp},v1=${hex}`;
}

/**
 * The webhook delivery queue. Deliveries are rows of SQLite storage, attempted after the API response
 * (the Durable Object's alarm fires when the next one is due) and retried with exponential back-off
 * until the endpoint answers 2xx or MAX_ATTEMPTS is reached. Each event goes to every configured
 * URL (signed with the configured secret) and to every enabled endpoint created through the API that
 * subscribes to its type (signed with that endpoint's own secret). Deliveries can be paused
 * (POST /_sim/webhooks {"enabled": false}): events still queue, and go out in order on resume.
 */
export class Webhooks {
  /** Attempts under way or waiting for a slot, so that no row is attempted twice at once. */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Slots taken: deliveries under way, at most `config.concurrency`. */
  private active = 0;
  /** Attempts waiting for a slot, first come first served. */
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: Alarm,
    private readonly config: WebhookConfig,
    private readonly endpoints: WebhookEndpoints,
    private readonly store: Store,
    private readonly send: Send = (url, init) => fetch(url, init),
  ) {}

  /** Where an event of this type goes (their count is the event's `pending_webhooks`). */
  targets(type: string): DeliveryTarget[] {
    return [
      ...this.config.urls.map((url) => ({ url, endpointId: null, apiVersion: null })),
      ...this.endpoints.subscribedTo(type),
    ];
  }

  /**
   * Queues an event for every endpoint it goes to; the first attempt is due at once. An endpoint
   * with its own `api_version` gets the event in that version, as at Stripe ("Events sent to this
   * endpoint will be generated with this Stripe Version instead of your account's default"): the
   * same event, its `api_version` the endpoint's. The simulator knows one shape of each object
   * (stripe-node's), so `data` is not reshaped: only the version it says it is in differs.
   */
  enqueue(event: Stripe.EventBase): void {
    const targets = this.targets(event.type);
    for (const { url, endpointId, apiVersion } of targets) {
      const payload = JSON.stringify(
        apiVersion === null ? event : { ...event, api_version: apiVersion },
        null,
        2,
      );
      this.sql.exec(
        `INSERT INTO webhook_deliveries
           (id, event_id, event_type, url, endpoint_id, payload, status, attempts, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?, 'pending', '[]', ?)`,
        newId('whdel'),
        event.id,
        event.type,
        url,
        endpointId,
        payload,
        realNow(),
      );
    }
    if (targets.length > 0 && this.enabled) void this.storage.setAlarm(realNow());
  }

  /** False while deliveries are paused. */
  get enabled(): boolean {
    return (
      this.sql
        .exec<{ value: string }>("SELECT value FROM settings WHERE key = 'webhooks_paused'")
        .toArray()[0]?.value !== 'true'
    );
  }

  /**
   * Pauses or resumes deliveries. A delivery under way when they are paused finishes; on resume,
   * everything that queued meanwhile is attempted at once, in the order the events happened.
   */
  setEnabled(enabled: boolean): void {
    this.sql.exec(
      "INSERT INTO settings (key, value) VALUES ('webhooks_paused', ?) " +
        'ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      String(!enabled),
    );
    if (enabled) this.scheduleNext();
  }

  /** Every delivery, oldest first. */
  list(): Delivery[] {
    return this.rows('SELECT * FROM webhook_deliveries ORDER BY seq').map((row) => {
      const attempts = JSON.parse(row.attempts) as DeliveryAttempt[];
      return {
        id: row.id,
        event_id: row.event_id,
        event_type: row.event_type,
        url: row.url,
        endpoint_id: row.endpoint_id,
        status: row.status,
        attempts,
        last_status: attempts.at(-1)?.status ?? null,
        next_attempt_at: row.status === 'pending' ? row.next_attempt_at : null,
      };
    });
  }

  counts(): DeliveryCounts {
    const counts: DeliveryCounts = { delivered: 0, failed: 0, pending: 0 };
    for (const row of this.sql.exec<{ status: Delivery['status']; n: number }>(
      'SELECT status, COUNT(*) AS n FROM webhook_deliveries GROUP BY status',
    )) {
      counts[row.status] = row.n;
    }
    return counts;
  }

  /** The alarm handler: attempts what is due, then sets the alarm for what is left. */
  async deliverDue(): Promise<void> {
    if (!this.enabled) return;
    await this.attemptAll(
      this.rows(
        "SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY seq",
        realNow(),
      ),
    );
    this.scheduleNext();
  }

  /**
   * Attempts every pending delivery now, whatever its back-off, and waits for the outcome. While
   * deliveries are paused it attempts nothing and only counts.
   */
  async flush(): Promise<DeliveryCounts> {
    if (!this.enabled) return this.counts();
    await this.attemptAll(
      this.rows("SELECT * FROM webhook_deliveries WHERE status = 'pending' ORDER BY seq"),
    );
    this.scheduleNext();
    return this.counts();
  }

  /**
   * Waits for the deliveries under way, then forgets the alarm (the rows are cleared with all
   * state). An attempt still waiting for a slot skips a row that is gone, so nothing from before
   * a reset reaches an endpoint after it.
   */
  async reset(): Promise<void> {
    await this.storage.deleteAlarm();
    await Promise.allSettled([...this.inFlight.values()]);
    this.inFlight.clear();
  }

  private rows(query: string, ...bindings: SqlStorageValue[]): DeliveryRow[] {
    return this.sql.exec<DeliveryRow>(query, ...bindings).toArray();
  }

  /**
   * Every row's attempt, started in creation order as slots free up: with concurrency 1, endpoints
   * see events in the order they happened.
   */
  private async attemptAll(rows: DeliveryRow[]): Promise<void> {
    await Promise.all(rows.map((row) => this.schedule(row.id)));
  }

  /**
   * A delivery's attempt, queued for a slot. The alarm and a flush share the attempts and the
   * slots, so that together they neither send a row twice at once nor exceed the concurrency.
   */
  private schedule(id: string): Promise<void> {
    let attempt = this.inFlight.get(id);
    if (!attempt) {
      attempt = this.inTurn(id).finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, attempt);
    }
    return attempt;
  }

  /** Waits for a slot, attempts the delivery if it is still due, and hands the slot on. */
  private async inTurn(id: string): Promise<void> {
    if (this.active < this.config.concurrency) this.active += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      // Paused meanwhile: it waits for the resume. Read again: an earlier attempt may have seen
      // this one delivered, or a reset cleared it.
      if (!this.enabled) return;
      const row = this.rows(
        "SELECT * FROM webhook_deliveries WHERE id = ? AND status = 'pending'",
        id,
      )[0];
      if (row) await this.attempt(row);
    } finally {
      // Released on any outcome (an error, a timeout): the next waiting attempt takes the slot.
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }

  private async attempt(row: DeliveryRow): Promise<void> {
    const result: DeliveryAttempt = {
      at: new Date(realNow()).toISOString(),
      status: null,
      error: null,
    };
    const secret = row.endpoint_id ? this.endpoints.secret(row.endpoint_id) : this.config.secret;
    if (secret === undefined) {
      // As at Stripe, nothing more goes to an endpoint once it is deleted or disabled.
      result.error = 'The webhook endpoint was deleted or disabled.';
      this.record(row.id, result, 'failed');
      return;
    }
    try {
      const response = await this.send(row.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Stripe-Signature': await signatureHeader(secret, row.payload),
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body: row.payload,
        signal: AbortSignal.timeout(10_000),
      });
      result.status = response.status;
      await response.body?.cancel();
    } catch (err) {
      result.error = err instanceof Error ? err.message : String(err);
    }
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    this.record(row.id, result, ok ? 'delivered' : undefined);
  }

  /** Adds an attempt to a delivery; without a final `status`, it stays pending until MAX_ATTEMPTS. */
  private record(id: string, result: DeliveryAttempt, status?: Delivery['status']): void {
    // Re-read: the row may have been reset while the request was under way.
    const current = this.rows('SELECT * FROM webhook_deliveries WHERE id = ?', id)[0];
    if (!current) return;
    const attempts = [...(JSON.parse(current.attempts) as DeliveryAttempt[]), result];
    status ??= attempts.length >= MAX_ATTEMPTS ? 'failed' : 'pending';
    const nextAttemptAt = realNow() + this.config.retryBaseMs * 2 ** (attempts.length - 1);
    this.sql.exec(
      'UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ? WHERE id = ?',
      status,
      JSON.stringify(attempts),
      nextAttemptAt,
      id,
    );
    if (status === 'delivered') this.countPending(current.event_id);
  }

  /** An event's `pending_webhooks`: its deliveries not (yet) accepted by their endpoint. */
  private countPending(eventId: string): void {
    const event = this.store.get('event', eventId);
    if (!event) return;
    const { n } = this.sql
      .exec<{ n: number }>(
        "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE event_id = ? AND status != 'delivered'",
        eventId,
      )
      .one();
    this.store.put({ ...event, pending_webhooks: n });
  }

  private scheduleNext(): void {
    const next = this.sql
      .exec<{ at: number | null }>(
        "SELECT MIN(next_attempt_at) AS at FROM webhook_deliveries WHERE status = 'pending'",
      )
      .one().at;
    if (next !== null) void this.storage.setAlarm(next);
  }
}
