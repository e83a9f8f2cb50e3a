/**
 * An order's history (table order_history): each change of its status, of what it has refunded or
 * of the PaymentIntent it is linked to, with what caused it. Rows are only ever written by the
 * ledger, in the same D1 batch as the change they describe (see `transition`), never separately,
 * so the history cannot disagree with the order.
 */
import type { Context } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from '../types';
import { retryOnce } from './retry';
import type { OrderStatus } from './status';

/** A Stripe event, by id and type. */
export interface StripeEventRef {
  id: string;
  type: string;
}

/** What caused a change. */
export type Cause =
  /** A Stripe event, delivered to POST /webhook or read by the sweep: applied once (stripe_events). */
  | { source: 'webhook' | 'sweep'; event: StripeEventRef }
  /** A customer's request (POST /charge, GET /thank-you). */
  | { source: 'request'; route: string; requestId: string }
  /** An admin's action in the console, with the email Cloudflare Access verified. */
  | { source: 'admin'; route: string; requestId: string; admin: string }
  /** The sweep's own finding, from a Stripe object it looked up (no event). */
  | { source: 'sweep'; job: 'link' | 'verify' | 'refunds' | 'cancel' };

/** The event of a cause, if an event caused it. */
export function eventOf(cause: Cause): StripeEventRef | undefined {
  return 'event' in cause ? cause.event : undefined;
}

/** The cause of a change made while answering this request: the customer's, or an admin's. */
export function causeOf(c: Context<AppEnv>): Cause {
  const request = { route: `${c.req.method} ${routePath(c)}`, requestId: c.get('requestId') };
  const admin = c.get('adminEmail');
  return admin ? { source: 'admin', admin, ...request } : { source: 'request', ...request };
}

/** One row of an order's history. */
export interface HistoryEntry {
  id: number;
  order_id: string;
  at: string;
  /** Null for the row that records the order's creation. */
  from_status: OrderStatus | null;
  to_status: OrderStatus;
  amount_refunded: number;
  source: Cause['source'];
  event_id: string | null;
  event_type: string | null;
  route: string | null;
  request_id: string | null;
  admin_email: string | null;
  note: string | null;
}

/** The cause's columns, in the order of HISTORY_COLUMNS after the first four. */
export function causeValues(cause: Cause, note: string | null): (string | null)[] {
  const event = eventOf(cause);
  return [
    cause.source,
    event?.id ?? null,
    event?.type ?? null,
    'route' in cause ? cause.route : 'job' in cause ? `sweep ${cause.job}` : null,
    'requestId' in cause ? cause.requestId : null,
    'admin' in cause ? cause.admin : null,
    note,
  ];
}

/** The columns of a history row, for `INSERT INTO order_history (…) SELECT …`. */
export const HISTORY_COLUMNS = `order_id, from_status, to_status, amount_refunded, source,
  event_id, event_type, route, request_id, admin_email, note`;

/** An order's history, oldest first (a read: retried). */
export async function orderHistory(db: D1Database, orderId: string): Promise<HistoryEntry[]> {
  const select = db
    .prepare('SELECT * FROM order_history WHERE order_id = ? ORDER BY id')
    .bind(orderId);
  return (await retryOnce(() => select.all<HistoryEntry>())).results;
}
