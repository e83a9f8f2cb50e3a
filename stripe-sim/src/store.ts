import type Stripe from 'stripe';
import { withStatus } from './balance';
import type { StoredSession } from './checkout/stored';
import { withValidity } from './coupons';
import type { StoredWebhookEndpoint } from './webhook-endpoints';

/** The Stripe objects the simulator keeps. */
export type StripeObject =
  | Stripe.PaymentIntent
  | Stripe.PaymentMethod
  | Stripe.ConfirmationToken
  | Stripe.Charge
  | Stripe.Refund
  | Stripe.Dispute
  | Stripe.EventBase
  | Stripe.Coupon
  | Stripe.PromotionCode
  | StoredCalculation
  | Stripe.Tax.Transaction
  | StoredWebhookEndpoint
  | Stripe.PaymentMethodDomain
  | StoredSession
  | Stripe.Product
  | Stripe.ShippingRate
  | Stripe.Customer
  | Stripe.DeletedCustomer
  | Stripe.TaxId
  | Stripe.BalanceTransaction;

/** A tax calculation as stored: always with an id (only previews have none). */
export type StoredCalculation = Stripe.Tax.Calculation & { id: string };

export type ObjectName = StripeObject['object'];
export type ObjectOf<N extends ObjectName> = Extract<StripeObject, { object: N }>;

/** A page of a Stripe list, as `GET /v1/<resource>` answers it. */
export interface ListPage<T> {
  data: T[];
  has_more: boolean;
}

interface ListOptions<T> {
  limit: number;
  startingAfter?: string;
  /** Stripe's backward cursor: the page of objects just newer than this one (newest first). */
  endingBefore?: string;
  where?: (object: T) => boolean;
}

/** Stripe objects in the Durable Object's SQLite storage, stored as the JSON Stripe would return. */
export class Store {
  constructor(private readonly sql: SqlStorage) {}

  /**
   * Fields that depend on the time they are read at: a balance transaction becomes available, a
   * coupon stops being valid once its `redeem_by` has passed or its redemptions run out, and a
   * promotion code is active only while its coupon is valid ("A promotion code is only active if
   * the coupon is also valid", Stripe's `active`), whatever the merchant set.
   */
  private current(object: StripeObject): StripeObject {
    if (object.object === 'balance_transaction') return withStatus(object);
    if (object.object === 'coupon' && !('deleted' in object)) return withValidity(object);
    if (object.object === 'promotion_code' && object.active) {
      const id = object.promotion.coupon;
      const coupon = typeof id === 'string' ? this.get('coupon', id) : undefined;
      if (!coupon?.valid) return { ...object, active: false };
    }
    return object;
  }

  private parse<T extends StripeObject>(data: string): T {
    return this.current(JSON.parse(data) as T) as T;
  }

  /** Notes a fact the API does not show (see the `marks` table). */
  mark(key: string): void {
    this.sql.exec('INSERT OR IGNORE INTO marks (key) VALUES (?)', key);
  }

  /** Whether `mark(key)` was called since the last reset. */
  marked(key: string): boolean {
    return this.sql.exec('SELECT 1 FROM marks WHERE key = ?', key).toArray().length > 0;
  }

  /** The object of type `name` with this id, if there is one. */
  get<N extends ObjectName>(name: N, id: string): ObjectOf<N> | undefined {
    const row = this.sql
      .exec<{ data: string }>('SELECT data FROM objects WHERE id = ? AND type = ?', id, name)
      .toArray()[0];
    return row && this.parse<ObjectOf<N>>(row.data);
  }

  /** Any object by id (used by `expand[]`, where the id's owner type is known from the field). */
  find(id: string): StripeObject | undefined {
    const row = this.sql
      .exec<{ data: string }>('SELECT data FROM objects WHERE id = ?', id)
      .toArray()[0];
    return row && this.parse(row.data);
  }

  /** The newest object of type `name` whose top-level `field` is `value`, found by SQLite. */
  findBy<N extends ObjectName>(name: N, field: string, value: string): ObjectOf<N> | undefined {
    const row = this.sql
      .exec<{ data: string }>(
        'SELECT data FROM objects WHERE type = ? AND json_extract(data, ?) = ? ORDER BY seq DESC',
        name,
        `$.${field}`,
        value,
      )
      .toArray()[0];
    return row && this.parse<ObjectOf<N>>(row.data);
  }

  /** Inserts the object, or replaces it while keeping its place in lists. */
  put<T extends StripeObject>(object: T): T {
    this.sql.exec(
      'INSERT INTO objects (id, type, data) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data',
      object.id,
      object.object,
      JSON.stringify(object),
    );
    return object;
  }

  /** Objects of type `name`, newest first, as Stripe pages them (`limit`, `starting_after`, `ending_before`). */
  list<N extends ObjectName>(
    name: N,
    { limit, startingAfter, endingBefore, where }: ListOptions<ObjectOf<N>>,
  ): ListPage<ObjectOf<N>> {
    const cursor = startingAfter ?? endingBefore;
    const at = cursor
      ? this.sql
          .exec<{ seq: number }>('SELECT seq FROM objects WHERE id = ? AND type = ?', cursor, name)
          .toArray()[0]?.seq
      : Number.MAX_SAFE_INTEGER;
    const data: ObjectOf<N>[] = [];
    let hasMore = false;
    if (at === undefined) return { data, has_more: false };
    // Backwards from `ending_before`: the nearest newer objects first, then reversed.
    const rows = this.sql.exec<{ data: string }>(
      endingBefore
        ? 'SELECT data FROM objects WHERE type = ? AND seq > ? ORDER BY seq ASC'
        : 'SELECT data FROM objects WHERE type = ? AND seq < ? ORDER BY seq DESC',
      name,
      at,
    );
    for (const row of rows) {
      const object = this.parse<ObjectOf<N>>(row.data);
      if (where && !where(object)) continue;
      if (data.length === limit) {
        hasMore = true;
        break;
      }
      data.push(object);
    }
    return { data: endingBefore ? data.reverse() : data, has_more: hasMore };
  }

  /**
   * The open Checkout Sessions that may have to change by `now` (checkout/lifecycle.ts): the ones
   * with a PaymentIntent (which may have been paid) or past their `expires_at`, oldest first; and
   * the earliest `expires_at` still ahead. SQLite finds them in the stored JSON, so that the open
   * sessions no one is paying for cost each request nothing.
   */
  sessionsToSettle(now: number): { sessions: StoredSession[]; nextExpiry: number | null } {
    const open = "type = 'checkout.session' AND json_extract(data, '$.status') = 'open'";
    const sessions = this.sql
      .exec<{ data: string }>(
        `SELECT data FROM objects WHERE ${open} AND (json_extract(data, '$.payment_intent') ` +
          `IS NOT NULL OR json_extract(data, '$.expires_at') <= ?) ORDER BY seq`,
        now,
      )
      .toArray()
      .map((row) => this.parse<StoredSession>(row.data));
    const [next] = this.sql
      .exec<{ at: number | null }>(
        `SELECT MIN(json_extract(data, '$.expires_at')) AS at FROM objects WHERE ${open} ` +
          `AND json_extract(data, '$.expires_at') > ?`,
        now,
      )
      .toArray();
    return { sessions, nextExpiry: next?.at ?? null };
  }

  /**
   * Removes an object (a deleted coupon is gone at Stripe: retrieving it is a 404), remembering
   * its id: where another object names it, `expand[]` leaves the id.
   */
  delete(name: ObjectName, id: string): void {
    this.sql.exec('DELETE FROM objects WHERE id = ? AND type = ?', id, name);
    this.mark(`deleted:${id}`);
  }

  /** Whether an object with this id was deleted. */
  wasDeleted(id: string): boolean {
    return this.marked(`deleted:${id}`);
  }
}
