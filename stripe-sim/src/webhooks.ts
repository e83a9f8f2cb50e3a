import type Stripe from 'stripe';
import { newId } from './ids';

/** Attempts per delivery before it is given up as failed (the first try plus five retries). */
export const MAX_ATTEMPTS = 6;

export interface WebhookConfig {
  /** Endpoint URLs; each event is delivered to every one. */
  urls: string[];
  /** The endpoint secret (`whsec_...`) signatures are made with. */
  secret: string;
  /** Retry n waits retryBaseMs * 2^(n-1). */
  retryBaseMs: number;
}

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
export async function signatureHeader(
  secret: string,
  payload: string,
  timestamp = Math.floor(Date.now() / 1000),
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
 * until the endpoint answers 2xx or MAX_ATTEMPTS is reached.
 */
export class Webhooks {
  /** Attempts under way, so that the alarm and a flush never deliver the same row twice at once. */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
    private readonly config: WebhookConfig,
  ) {}

  /** How many endpoints each event goes to (an event's `pending_webhooks`). */
  get endpointCount(): number {
    return this.config.urls.length;
  }

  /** Queues an event for every endpoint; the first attempt is due at once. */
  enqueue(event: Stripe.EventBase): void {
    const payload = JSON.stringify(event, null, 2);
    for (const url of this.config.urls) {
      this.sql.exec(
        `INSERT INTO webhook_deliveries (id, event_id, event_type, url, payload, status, attempts, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, 'pending', '[]', ?)`,
        newId('whdel'),
        event.id,
        event.type,
        url,
        payload,
        Date.now(),
      );
    }
    if (this.config.urls.length > 0) void this.storage.setAlarm(Date.now());
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
    await this.attemptAll(
      this.rows(
        "SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY seq",
        Date.now(),
      ),
    );
    this.scheduleNext();
  }

  /** Attempts every pending delivery now, whatever its back-off, and waits for the outcome. */
  async flush(): Promise<DeliveryCounts> {
    await this.attemptAll(
      this.rows("SELECT * FROM webhook_deliveries WHERE status = 'pending' ORDER BY seq"),
    );
    this.scheduleNext();
    return this.counts();
  }

  /**
   * Waits for the deliveries under way, then forgets the alarm (the rows are cleared with all
   * state). A delivery loop that was running skips the rows that are gone, so nothing from before
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

  /** One at a time, in creation order, so that endpoints see events in the order they happened. */
  private async attemptAll(rows: DeliveryRow[]): Promise<void> {
    for (const listed of rows) {
      let attempt = this.inFlight.get(listed.id);
      if (!attempt) {
        // Read again: an earlier delivery's wait may have seen this one delivered, or a reset.
        const row = this.rows(
          "SELECT * FROM webhook_deliveries WHERE id = ? AND status = 'pending'",
          listed.id,
        )[0];
        if (!row) continue;
        attempt = this.attempt(row).finally(() => this.inFlight.delete(row.id));
        this.inFlight.set(row.id, attempt);
      }
      await attempt;
    }
  }

  private async attempt(row: DeliveryRow): Promise<void> {
    const result: DeliveryAttempt = { at: new Date().toISOString(), status: null, error: null };
    try {
      const response = await fetch(row.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Stripe-Signature': await signatureHeader(this.config.secret, row.payload),
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
    // Re-read: the row may have been reset while the request was under way.
    const current = this.rows('SELECT * FROM webhook_deliveries WHERE id = ?', row.id)[0];
    if (!current) return;
    const attempts = [...(JSON.parse(current.attempts) as DeliveryAttempt[]), result];
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const status = ok ? 'delivered' : attempts.length >= MAX_ATTEMPTS ? 'failed' : 'pending';
    const nextAttemptAt = Date.now() + this.config.retryBaseMs * 2 ** (attempts.length - 1);
    this.sql.exec(
      'UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ? WHERE id = ?',
      status,
      JSON.stringify(attempts),
      nextAttemptAt,
      row.id,
    );
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
