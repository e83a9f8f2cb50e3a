/**
 * Disputes of orders' payments (table disputes, migrations/0020), from Stripe's charge.dispute.*
 * events: each is applied once (its id recorded in the same batch) and in any order, so that a
 * closed event delivered before the created one still leaves the dispute closed.
 */
import { isInquiry } from '../orders/dispute.js';
import { causeValues, HISTORY_COLUMNS, type Cause, type StripeEventRef } from './history';
import { retryOnce } from './retry';

/** A dispute as Stripe's event shows it. */
export interface DisputeFacts {
  id: string;
  status: string;
  reason: string;
  amount: number;
  currency: string;
  /** The evidence deadline, Unix seconds (null: none). */
  dueBy: number | null;
}

const CLOSED = ['won', 'lost', 'warning_closed', 'prevented'];
const UNDER_REVIEW = ['under_review', 'warning_under_review', 'appeal_under_review'];

/** How far a status is along a dispute's way: 0 needs a response, 1 under review, 2 closed. */
export function disputeStage(status: string): 0 | 1 | 2 {
  if (CLOSED.includes(status)) return 2;
  return UNDER_REVIEW.includes(status) ? 1 : 0;
}

/** The history row's words for a dispute's state; an inquiry's say that no money was taken. */
const disputeNote = ({ id, status, reason }: DisputeFacts): string =>
  `${isInquiry(status) ? `inquiry ${id} (no money taken)` : `dispute ${id}`}: ${status} (${reason})`;

/**
 * Records what an event says of an order's dispute, once: null when the event was applied before.
 * `changed` is false for an event older than the state held (or about a closed dispute).
 */
export async function recordDispute(
  db: D1Database,
  orderId: string,
  facts: DisputeFacts,
  event: StripeEventRef & { created: number },
  cause: Cause,
): Promise<{ changed: boolean } | null> {
  const record = db
    .prepare('INSERT INTO stripe_events (id, type) VALUES (?, ?)')
    .bind(event.id, event.type);
  // Taken when it closes an open dispute, or is not older than the state held (and, at the same
  // second, not behind it); never when the dispute is closed and the event is not a close.
  const upsert = db
    .prepare(
      `INSERT INTO disputes (id, order_id, status, reason, amount, currency, due_by, stage,
         event_at, event_id)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, reason = excluded.reason,
         amount = excluded.amount, currency = excluded.currency, due_by = excluded.due_by,
         stage = excluded.stage, event_at = excluded.event_at, event_id = excluded.event_id,
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
       WHERE (excluded.stage = 2) > (disputes.stage = 2)
         OR ((excluded.stage = 2) = (disputes.stage = 2)
           AND (excluded.event_at > disputes.event_at
             OR (excluded.event_at = disputes.event_at AND excluded.stage >= disputes.stage)))
       RETURNING id`,
    )
    .bind(
      facts.id,
      orderId,
      facts.status,
      facts.reason,
      facts.amount,
      facts.currency,
      facts.dueBy,
      disputeStage(facts.status),
      event.created,
      event.id,
    );
  // In the history only when taken: the row then holds this event.
  const history = db
    .prepare(
      `INSERT INTO order_history (${HISTORY_COLUMNS})
       SELECT o.id, o.status, o.status, o.amount_refunded, ?, ?, ?, ?, ?, ?, ?
       FROM orders o JOIN disputes d ON d.order_id = o.id
       WHERE d.id = ? AND d.event_id = ?`,
    )
    .bind(...causeValues(cause, disputeNote(facts)), facts.id, event.id);
  try {
    const results = await retryOnce(() => db.batch([record, upsert, history]));
    return { changed: (results[1]?.results.length ?? 0) > 0 };
  } catch (error) {
    // One transaction: a repeated event id rolls it all back.
    if (/UNIQUE constraint failed: stripe_events\.id/.test(String(error))) return null;
    throw error;
  }
}
