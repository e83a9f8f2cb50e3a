/**
 * Reading orders for the merchant: pages of the console's list (newest first, filtered, searched)
 * and of the CSV export (oldest first, by date), both with keyset cursors on (created_at, id):
 * an order placed while someone pages through sorts before the cursor, so pages never shift or
 * repeat. Reads only: retried once on a transient D1 error.
 */
import { retryOnce } from '../ledger/retry';
import { orderIdPrefix } from '../receipt/order-number';
import { ORDER_FIELDS, statusCondition, type OrderRow } from './view.js';

/** A position in a list: the last order of the previous page. */
export interface Position {
  createdAt: string;
  id: string;
}

/** Cursors are opaque to clients: base64url of the position. */
export function encodeCursor(position: Position): string {
  return btoa(JSON.stringify([position.createdAt, position.id]))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const ORDER_ID = /^ord_[0-9a-f]{24}$/;

/** The position a cursor names, or null when it is not one this API made. */
export function decodeCursor(cursor: string): Position | null {
  try {
    const [createdAt, id] = JSON.parse(atob(cursor.replaceAll('-', '+').replaceAll('_', '/')));
    if (typeof createdAt === 'string' && ISO_TIME.test(createdAt) && ORDER_ID.test(id))
      return { createdAt, id };
  } catch {
    // not base64 or not JSON: not a cursor
  }
  return null;
}

/** What the list asks for. */
interface ListQuery {
  /** A status, or `needs_attention` (checked against STATUS_FILTERS by the caller). */
  status?: string;
  /** An order id, a PaymentIntent id, or part of an email address. */
  search?: string;
  after?: Position;
  limit: number;
}

/**
 * The WHERE of a search: by id when it looks like one of ours or Stripe's; by the short number a
 * receipt shows ("4F2A-91C3", the start of an order id) or an email containing it, for eight hex
 * digits; else by email.
 */
function searchCondition(search: string): { sql: string; values: string[] } {
  if (search.startsWith('ord_')) return { sql: 'id = ?', values: [search] };
  if (search.startsWith('pi_')) return { sql: 'payment_intent_id = ?', values: [search] };
  // LIKE is case-insensitive for ASCII; its wildcards in the search are taken literally.
  const email = {
    sql: "email LIKE ? ESCAPE '\\'",
    value: `%${search.replace(/[\\%_]/g, '\\$&')}%`,
  };
  const prefix = orderIdPrefix(search);
  // GLOB: a prefix of lowercase hex digits, matched as it is (LIKE would read "_" as any).
  if (prefix) return { sql: `(id GLOB ? OR ${email.sql})`, values: [`${prefix}*`, email.value] };
  return { sql: email.sql, values: [email.value] };
}

/** One page of orders, newest first, and the cursor of the next (null: this was the last). */
export async function listOrders(
  db: D1Database,
  query: ListQuery,
): Promise<{ orders: OrderRow[]; next: Position | null }> {
  const where: string[] = [];
  const values: (string | number)[] = [];
  if (query.status) where.push(statusCondition(query.status));
  if (query.search) {
    const { sql, values: searched } = searchCondition(query.search);
    where.push(sql);
    values.push(...searched);
  }
  if (query.after) {
    where.push('(created_at, id) < (?, ?)');
    values.push(query.after.createdAt, query.after.id);
  }
  const select = db
    .prepare(
      `SELECT ${ORDER_FIELDS} FROM orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id DESC LIMIT ?`,
    )
    .bind(...values, query.limit + 1);
  const rows = (await retryOnce(() => select.all<OrderRow>())).results;
  const orders = rows.slice(0, query.limit);
  const last = orders.at(-1);
  return {
    orders,
    next: rows.length > query.limit && last ? { createdAt: last.created_at, id: last.id } : null,
  };
}

/**
 * One page of the orders placed from `from` (inclusive) to `to` (exclusive), oldest first, after
 * `after`: the CSV export's.
 */
export async function ordersBetween(
  db: D1Database,
  range: { from: string; to: string },
  after: Position | null,
  limit: number,
): Promise<OrderRow[]> {
  const select = db
    .prepare(
      `SELECT ${ORDER_FIELDS} FROM orders
       WHERE created_at >= ?1 AND created_at < ?2 AND (created_at, id) > (?3, ?4)
       ORDER BY created_at, id LIMIT ?5`,
    )
    .bind(range.from, range.to, after?.createdAt ?? '', after?.id ?? '', limit);
  return (await retryOnce(() => select.all<OrderRow>())).results;
}

/** One order as the view reads it (a read: retried). */
export function findOrderRow(db: D1Database, orderId: string): Promise<OrderRow | null> {
  const select = db.prepare(`SELECT ${ORDER_FIELDS} FROM orders WHERE id = ?`).bind(orderId);
  return retryOnce(() => select.first<OrderRow>());
}
