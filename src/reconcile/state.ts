/**
 * The reconciliation sweep's state in D1 (migrations 0009): where it is in Stripe's events, what
 * its last run did, a lease so that two runs never overlap, and the orders Stripe disagrees with.
 */
import { retryOnce } from '../ledger/retry';

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

/** Where the sweep is in Stripe's events. */
export interface EventsPosition {
  /** Unix time: every event created before it was read (less the overlap). Null: never ran. */
  cursor: number | null;
  /** A walk that did not finish: the last event it read, and the time it reads up to. */
  resumeAfter: string | null;
  resumeUpper: number | null;
}

/** What one run did, as the console shows it. */
export interface SweepReport {
  started_at: string;
  finished_at: string | null;
  events_read: number;
  events_applied: number;
  orders_linked: number;
  orders_checked: number;
  refunds_settled: number;
  errors: number;
  last_error: string | null;
}

/** An order whose state Stripe disagrees with. */
export interface Disagreement {
  order_id: string;
  ledger_status: string;
  stripe_status: string;
  ledger_refunded: number;
  stripe_refunded: number;
  detail: string;
  found_at: string;
  checked_at: string;
}

interface Row {
  events_cursor: number | null;
  resume_after: string | null;
  resume_upper: number | null;
  last_started_at: string | null;
  last_finished_at: string | null;
  events_read: number;
  events_applied: number;
  orders_linked: number;
  orders_checked: number;
  refunds_settled: number;
  errors: number;
  last_error: string | null;
}

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

/** What a run did, counted as it goes. */
export type SweepCounts = Omit<SweepReport, 'started_at' | 'finished_at'>;

/** Records a finished run and its new position, and gives the lease back. Retried: same values. */
export async function finishSweep(
  db: D1Database,
  position: EventsPosition,
  counts: SweepCounts,
): Promise<void> {
  const finish = db
    .prepare(
      `UPDATE reconciliation SET running_since = NULL, last_finished_at = ${NOW},
         events_cursor = ?, resume_after = ?, resume_upper = ?, events_read = ?,
         events_applied = ?, orders_linked = ?, orders_checked = ?, refunds_settled = ?,
         errors = ?, last_error = ?
       WHERE id = 1`,
    )
    .bind(
      position.cursor,
      position.resumeAfter,
      position.resumeUpper,
      counts.events_read,
      counts.events_applied,
      counts.orders_linked,
      counts.orders_checked,
      counts.refunds_settled,
      counts.errors,
      counts.last_error,
    );
  await retryOnce(() => finish.run());
}

/** The last run, or null before the first (a read: retried). */
export async function lastSweep(db: D1Database): Promise<SweepReport | null> {
  const select = db.prepare('SELECT * FROM reconciliation WHERE id = 1');
  const row = await retryOnce(() => select.first<Row>());
  if (!row?.last_started_at) return null;
  return {
    started_at: row.last_started_at,
    // A run still going (or cut off) has not finished: its counts are the previous run's.
    finished_at: row.last_finished_at,
    events_read: row.events_read,
    events_applied: row.events_applied,
    orders_linked: row.orders_linked,
    orders_checked: row.orders_checked,
    refunds_settled: row.refunds_settled,
    errors: row.errors,
    last_error: row.last_error,
  };
}

/** Orders Stripe disagrees with, the longest-standing first (a read: retried). */
export async function disagreements(db: D1Database, limit: number): Promise<Disagreement[]> {
  const select = db
    .prepare('SELECT * FROM order_disagreements ORDER BY found_at, order_id LIMIT ?')
    .bind(limit);
  return (await retryOnce(() => select.all<Disagreement>())).results;
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
  const checked = db.prepare(`UPDATE orders SET reconciled_at = ${NOW} WHERE id = ?`).bind(orderId);
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
