/**
 * The reconciliation sweep's state in D1 (migrations 0009): where it is in Stripe's events, what
 * its last run did, a lease so that two runs never overlap, and the orders Stripe disagrees with.
 */
import { retryOnce } from '../ledger/retry';
import { ORDER_FIELDS, type OrderRow } from '../orders/view.js';
import type { Disagreement, SweepCounts, SweepReport } from './report';

export type { Disagreement, SweepCounts };

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

/** Where the sweep is in Stripe's events. */
export interface EventsPosition {
  /** Unix time: every event created before it was read (less the overlap). Null: never ran. */
  cursor: number | null;
  /** A walk that did not finish: the last event it read, and the time it reads up to. */
  resumeAfter: string | null;
  resumeUpper: number | null;
}

/** The figures a run keeps, in the order of the row's columns. */
const COUNTS = [
  'events_read',
  'events_applied',
  'orders_linked',
  'orders_canceled',
  'orders_checked',
  'refunds_settled',
  'tax_records',
  'errors',
  'last_error',
] as const satisfies readonly (keyof SweepCounts)[];

type Row = SweepCounts & {
  events_cursor: number | null;
  resume_after: string | null;
  resume_upper: number | null;
  last_started_at: string | null;
  last_finished_at: string | null;
};

/**
 * Takes the sweep's lease: the position to start from, or null while another run holds it (taken
 * less than `staleMinutes` ago; an older lease belonged to a run that was cut off). Not retried:
 * a repeat after a lease that committed would find it taken (the next cron run goes ahead).
 */
export async function takeLease(
  db: D1Database,
  staleMinutes: number,
): Promise<EventsPosition | null> {
  const [, taken] = await db.batch<Row>([
    db.prepare('INSERT INTO reconciliation (id) VALUES (1) ON CONFLICT (id) DO NOTHING'),
    db
      .prepare(
        `UPDATE reconciliation SET running_since = ${NOW}, last_started_at = ${NOW}
         WHERE id = 1 AND (running_since IS NULL
           OR running_since < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)) RETURNING *`,
      )
      .bind(`-${staleMinutes} minutes`),
  ]);
  const row = taken?.results[0];
  return row
    ? { cursor: row.events_cursor, resumeAfter: row.resume_after, resumeUpper: row.resume_upper }
    : null;
}

/** Records a finished run and its new position, and gives the lease back. Retried: same values. */
export async function finishSweep(
  db: D1Database,
  position: EventsPosition,
  counts: SweepCounts,
): Promise<void> {
  const finish = db
    .prepare(
      `UPDATE reconciliation SET running_since = NULL, last_finished_at = ${NOW},
         events_cursor = ?, resume_after = ?, resume_upper = ?,
         ${COUNTS.map((column) => `${column} = ?`).join(', ')}
       WHERE id = 1`,
    )
    .bind(
      position.cursor,
      position.resumeAfter,
      position.resumeUpper,
      ...COUNTS.map((column) => counts[column]),
    );
  await retryOnce(() => finish.run());
}

/** The last run, or null before the first (a read: retried). */
export async function lastSweep(db: D1Database): Promise<SweepReport | null> {
  const select = db.prepare(
    `SELECT last_started_at, last_finished_at, ${COUNTS.join(', ')} FROM reconciliation WHERE id = 1`,
  );
  const row = await retryOnce(() =>
    select.first<Pick<Row, 'last_started_at' | 'last_finished_at'> & SweepCounts>(),
  );
  if (!row?.last_started_at) return null;
  const { last_started_at: started, last_finished_at: finished, ...counts } = row;
  // A run still going (or cut off) has not finished: its counts are the previous run's.
  return { started_at: started, finished_at: finished, ...counts };
}

/** A disagreement with its order as the view reads it (null: the order is not in the ledger). */
type DisagreementWithOrder = Disagreement & { order: OrderRow | null };

/** The columns of order_disagreements, each named apart from the order's. */
const DISAGREEMENT_FIELDS = `d.order_id AS d_order_id, d.ledger_status, d.stripe_status,
  d.ledger_refunded, d.stripe_refunded, d.detail, d.found_at, d.checked_at`;

/**
 * The first `limit` orders Stripe disagrees with, the longest-standing first, each with its order,
 * and how many there are in all. One query, however many: a request may make only so many (50 on
 * Workers Free), so never one per order (a read: retried).
 */
export async function disagreementsWithOrders(
  db: D1Database,
  limit: number,
): Promise<{ found: DisagreementWithOrder[]; total: number }> {
  // ORDER_FIELDS names `orders` unaliased (its dispute's subquery): no column of `d` shares a name.
  const select = db
    .prepare(
      `SELECT ${DISAGREEMENT_FIELDS}, (SELECT COUNT(*) FROM order_disagreements) AS d_total,
         ${ORDER_FIELDS}
       FROM order_disagreements d LEFT JOIN orders ON orders.id = d.order_id
       ORDER BY d.found_at, d.order_id LIMIT ?`,
    )
    .bind(limit);
  type Row = Omit<Disagreement, 'order_id'> & { d_order_id: string; d_total: number } & OrderRow;
  const rows = (await retryOnce(() => select.all<Row>())).results;
  const found = rows.map(({ d_order_id: orderId, d_total: _, ...row }) => {
    const { ledger_status, stripe_status, ledger_refunded, stripe_refunded, ...rest } = row;
    const { detail, found_at, checked_at, ...order } = rest;
    const disagreement = { ledger_status, stripe_status, ledger_refunded, stripe_refunded };
    return {
      order_id: orderId,
      ...disagreement,
      detail,
      found_at,
      checked_at,
      // A LEFT JOIN's missing order: every column of it NULL.
      order: order.id === null ? null : order,
    };
  });
  // No row, no count: none at all (the limit is at least 1).
  return { found, total: rows[0]?.d_total ?? 0 };
}

/** What Stripe disagrees with in one order, if anything (a read: retried). */
export function findDisagreement(db: D1Database, orderId: string): Promise<Disagreement | null> {
  const select = db.prepare('SELECT * FROM order_disagreements WHERE order_id = ?').bind(orderId);
  return retryOnce(() => select.first<Disagreement>());
}

/** Ids of the orders listed as disagreeing, least recently checked first (a read: retried). */
export async function disagreeingOrderIds(db: D1Database, limit: number): Promise<string[]> {
  const select = db
    .prepare('SELECT order_id FROM order_disagreements ORDER BY checked_at LIMIT ?')
    .bind(limit);
  return (await retryOnce(() => select.all<{ order_id: string }>())).results.map(
    (row) => row.order_id,
  );
}

/** Marks an order checked by the sweep now (orders.reconciled_at): a statement, to batch. */
const markChecked = (db: D1Database, orderId: string): D1PreparedStatement =>
  db.prepare(`UPDATE orders SET reconciled_at = ${NOW} WHERE id = ?`).bind(orderId);

/** Marks an order checked by the sweep now, on its own. Retried: the same write again. */
export async function checked(db: D1Database, orderId: string): Promise<void> {
  const mark = markChecked(db, orderId);
  await retryOnce(() => mark.run());
}

/**
 * Records what the sweep found for an order: a disagreement (kept with when it was first found),
 * or agreement (null: any listed disagreement is removed). Either way the order is marked checked.
 * Retried: the same values again.
 */
export async function recordCheck(
  db: D1Database,
  orderId: string,
  found: Omit<Disagreement, 'order_id' | 'found_at' | 'checked_at'> | null,
): Promise<void> {
  const checked = markChecked(db, orderId);
  const write = found
    ? db
        .prepare(
          `INSERT INTO order_disagreements (order_id, ledger_status, stripe_status, ledger_refunded,
             stripe_refunded, detail) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (order_id) DO UPDATE SET ledger_status = excluded.ledger_status,
             stripe_status = excluded.stripe_status, ledger_refunded = excluded.ledger_refunded,
             stripe_refunded = excluded.stripe_refunded, detail = excluded.detail,
             checked_at = ${NOW}`,
        )
        .bind(
          orderId,
          found.ledger_status,
          found.stripe_status,
          found.ledger_refunded,
          found.stripe_refunded,
          found.detail,
        )
    : db.prepare('DELETE FROM order_disagreements WHERE order_id = ?').bind(orderId);
  await retryOnce(() => db.batch([checked, write]));
}
