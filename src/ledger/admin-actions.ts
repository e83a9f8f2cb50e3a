/**
 * The console's audit trail (table admin_actions): what each admin did, when, and what came of it.
 * Append-only: rows are added here and never changed, so the trail says what happened even where
 * the orders it touched have moved on since.
 */
import { retryOnce } from './retry';

/** The console's actions. */
export type AdminActionName = 'refund' | 'fulfil' | 'export';

/** Details of an action: flat, the way a log line carries them. */
export type ActionDetails = Record<string, string | number | boolean | null>;

/** One action, to record. */
interface AdminActionEntry {
  admin: string;
  action: AdminActionName;
  orderId: string | null;
  outcome: string;
  details: ActionDetails;
  requestId: string;
}

/** One row of the trail, as read. */
export interface AdminAction {
  id: number;
  at: string;
  admin_email: string;
  action: AdminActionName;
  order_id: string | null;
  outcome: string;
  details: ActionDetails;
  request_id: string;
}

/**
 * Records one action. Not retried: a repeat after an insert that committed would record the action
 * twice.
 */
export async function recordAdminAction(db: D1Database, entry: AdminActionEntry): Promise<void> {
  await db
    .prepare(
      `INSERT INTO admin_actions (admin_email, action, order_id, outcome, details, request_id)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      entry.admin,
      entry.action,
      entry.orderId,
      entry.outcome,
      JSON.stringify(entry.details),
      entry.requestId,
    )
    .run();
}

/** What the trail is read for: an order's actions, or everyone's; a page before an id. */
interface ActionsQuery {
  orderId?: string;
  /** The id of the last action of the previous page. */
  before?: number;
  limit: number;
}

/** Actions newest first, one more than `limit` when there are more (a read: retried). */
export async function adminActions(db: D1Database, query: ActionsQuery): Promise<AdminAction[]> {
  // Only the conditions asked for, so that an order's actions are read through its index.
  const where = [
    query.orderId !== undefined && 'order_id = ?',
    query.before !== undefined && 'id < ?',
  ].filter(Boolean);
  const select = db
    .prepare(
      `SELECT * FROM admin_actions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY id DESC LIMIT ?`,
    )
    .bind(...[query.orderId, query.before].filter((value) => value !== undefined), query.limit + 1);
  const { results } = await retryOnce(() =>
    select.all<Omit<AdminAction, 'details'> & { details: string }>(),
  );
  return results.map((row) => ({ ...row, details: JSON.parse(row.details) as ActionDetails }));
}
