/**
 * An order's refunds (table refunds). A refund made in the console is `requested` from before its
 * Stripe call until Stripe answers: its amount is held, so that refunds asked for at the same time
 * (two admins, two tabs) can never add up to more than the order's amount. Each reservation is one
 * conditional INSERT, and D1 runs writes one at a time, so the second sees the first. Refunds made
 * anywhere else (the Stripe Dashboard, the API) are recorded from Stripe's refund.* events.
 *
 * What remains to refund = amount − refunded − held, where "refunded" is the larger of what the
 * order knows (amount_refunded, from Stripe's charge) and the sum of its refunds Stripe accepted:
 * the two only differ while an event is on its way, and the larger never lets a refund through
 * that Stripe would refuse. A held amount that Stripe already took counts twice for a moment,
 * which refuses too much, never too little. A refund Stripe failed later (src/refunds/failed.ts)
 * counts in neither once known: its row is `failed`, and amount_refunded is the charge's again.
 */
import { REFUNDABLE_DISPUTE_STATUSES } from '../orders/dispute.js';
import { NOT_MADE_AT_STRIPE, type RefundStatus } from '../refunds/codes';
import { retryOnce } from './retry';
import { PAID_STATUSES } from './status';

export interface Refund {
  id: string;
  order_id: string;
  /** The console's Idempotency-Key; null for a refund made elsewhere. */
  idempotency_key: string | null;
  amount: number;
  reason: string | null;
  status: RefundStatus;
  stripe_refund_id: string | null;
  admin_email: string | null;
  /** Why Stripe refused it (a code such as `amount_too_large`), or why it was abandoned. */
  error: string | null;
  created_at: string;
  updated_at: string;
}

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";
/** The statuses of a paid order, as an SQL list. */
const PAID = PAID_STATUSES.map((s) => `'${s}'`).join(', ');
/** Statuses of refunds Stripe accepted: their money has left, or is leaving. */
const TAKEN = "('pending', 'requires_action', 'succeeded')";

/** What remains to refund of the order `?1` (an SQL expression over `orders`). */
const REMAINING = `amount - MAX(amount_refunded,
    (SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE order_id = ?1 AND status IN ${TAKEN}))
  - (SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE order_id = ?1 AND status = 'requested')`;

/** What is held for refunds on their way to Stripe (an SQL expression). */
const HELD = `(SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE order_id = ?1 AND status = 'requested')`;

/**
 * The order `?1`'s disputes that keep it from being refunded (an SQL condition): a chargeback open
 * or lost; an inquiry or a dispute won leaves it refundable, as at Stripe.
 */
const REFUNDABLE = REFUNDABLE_DISPUTE_STATUSES.map((status) => `'${status}'`).join(', ');
const BLOCKING_DISPUTES = `disputes WHERE order_id = ?1 AND status NOT IN (${REFUNDABLE})`;

/** The order `?1`, while it may be refunded: paid, and no dispute in the way (an SQL condition). */
const REFUNDABLE_ORDER = `id = ?1 AND status IN (${PAID})
  AND NOT EXISTS (SELECT 1 FROM ${BLOCKING_DISPUTES})`;

/** The order `?1`'s latest dispute that blocks a refund, as JSON (an SQL expression; NULL: none). */
const DISPUTE = `(SELECT json_object('id', id, 'status', status, 'reason', reason)
  FROM ${BLOCKING_DISPUTES} ORDER BY event_at DESC LIMIT 1)`;

function newRefundId(): string {
  return `rf_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`;
}

/** A refund asked for in the console. */
export interface RefundRequest {
  orderId: string;
  idempotencyKey: string;
  /** Minor units; undefined: all that remains. */
  amount?: number;
  reason?: string;
  admin: string;
}

type Reservation =
  /** Held: make the Stripe call. */
  | { kind: 'reserved'; refund: Refund }
  /** This key was used for this order before: the refund it made (or is making). */
  | { kind: 'existing'; refund: Refund }
  | { kind: 'no_order' }
  /** Not paid, or wholly refunded. */
  | { kind: 'not_refundable'; status: string }
  /** Its payment is charged back (migrations/0020): Stripe refuses to refund it. */
  | { kind: 'disputed'; dispute: { id: string; status: string; reason: string } }
  /** More than remains (`remaining`, after `held` for refunds on their way). */
  | { kind: 'too_much'; remaining: number; held: number };

/**
 * Holds a console refund's amount, if that much remains; or finds the refund this key already
 * made for this order. Not retried: a repeat after an insert that committed finds it as `existing`
 * anyway, which the caller treats as a click that came twice.
 */
export async function reserveRefund(db: D1Database, request: RefundRequest): Promise<Reservation> {
  const reserve = db
    .prepare(
      `WITH o AS (SELECT id, ${REMAINING} AS remaining FROM orders WHERE ${REFUNDABLE_ORDER})
       INSERT INTO refunds (id, order_id, idempotency_key, amount, reason, status, admin_email)
       SELECT ?2, id, ?3, COALESCE(?4, remaining), ?5, 'requested', ?6 FROM o
       WHERE COALESCE(?4, remaining) BETWEEN 1 AND remaining
       ON CONFLICT (order_id, idempotency_key) DO NOTHING
       RETURNING *`,
    )
    .bind(
      request.orderId,
      newRefundId(),
      request.idempotencyKey,
      request.amount ?? null,
      request.reason ?? null,
      request.admin,
    );
  const reserved = await reserve.first<Refund>();
  if (reserved) return { kind: 'reserved', refund: reserved };

  const existing = await findRefundByKey(db, request.orderId, request.idempotencyKey);
  if (existing) return { kind: 'existing', refund: existing };
  return whyNotReserved(db, request.orderId);
}

/** Why no refund of the order could be held: none, not refundable, or too little left. */
export async function whyNotReserved(
  db: D1Database,
  orderId: string,
): Promise<Exclude<Reservation, { refund: Refund }>> {
  const order = await retryOnce(() =>
    db
      .prepare(
        `SELECT status, ${REMAINING} AS remaining, ${HELD} AS held, ${DISPUTE} AS dispute
         FROM orders WHERE id = ?1`,
      )
      .bind(orderId)
      .first<{ status: string; remaining: number; held: number; dispute: string | null }>(),
  );
  if (!order) return { kind: 'no_order' };
  if (order.dispute) return { kind: 'disputed', dispute: JSON.parse(order.dispute) };
  if (!(PAID_STATUSES as readonly string[]).includes(order.status))
    return { kind: 'not_refundable', status: order.status };
  return { kind: 'too_much', remaining: Math.max(0, order.remaining), held: order.held };
}

/** A refund by its id (a read: retried). */
export function findRefund(db: D1Database, refundId: string): Promise<Refund | null> {
  const select = db.prepare('SELECT * FROM refunds WHERE id = ?').bind(refundId);
  return retryOnce(() => select.first<Refund>());
}

/** The refund a console key made for an order (a read: retried). */
function findRefundByKey(
  db: D1Database,
  orderId: string,
  idempotencyKey: string,
): Promise<Refund | null> {
  const select = db
    .prepare('SELECT * FROM refunds WHERE order_id = ? AND idempotency_key = ?')
    .bind(orderId, idempotencyKey);
  return retryOnce(() => select.first<Refund>());
}

/** An order's refunds, oldest first (a read: retried). */
export async function orderRefunds(db: D1Database, orderId: string): Promise<Refund[]> {
  const select = db
    .prepare('SELECT * FROM refunds WHERE order_id = ? ORDER BY created_at, id')
    .bind(orderId);
  return (await retryOnce(() => select.all<Refund>())).results;
}

/** What Stripe says of one refund. */
export interface StripeRefundFacts {
  id: string;
  amount: number;
  status: Exclude<RefundStatus, 'requested'>;
  reason: string | null;
  /** Our refund's id, from the metadata a console refund carries. */
  refundId: string | null;
  /** Why Stripe says it failed (`expired_or_canceled_card`, …), for a failed one. */
  failureReason: string | null;
}

/**
 * Writes that record what Stripe says of a refund of an order, for the batch of the order's
 * `transition`: the console's own refund (named in its metadata, or already linked) gets Stripe's
 * id and status; a refund made elsewhere is added. A refund Stripe reported failed or canceled
 * stays so, and a succeeded one never goes back to pending; one we ended ourselves without
 * Stripe's word (failed with no Stripe id: `not_sent`, …) takes Stripe's refund, which was made
 * after all. Repeats change nothing.
 */
export function refundStatements(
  db: D1Database,
  orderId: string,
  refund: StripeRefundFacts,
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `UPDATE refunds SET stripe_refund_id = COALESCE(stripe_refund_id, ?2), status = ?3,
           error = ?5, updated_at = ${NOW}
         WHERE order_id = ?4 AND (id = ?1 OR stripe_refund_id = ?2)
           AND (status NOT IN ('failed', 'canceled')
             OR status = 'failed' AND stripe_refund_id IS NULL)
           -- events arrive in any order: a late refund.created never takes a success back
           AND NOT (status = 'succeeded' AND ?3 IN ('pending', 'requires_action'))`,
      )
      .bind(refund.refundId, refund.id, refund.status, orderId, refund.failureReason),
    db
      .prepare(
        `INSERT INTO refunds (id, order_id, amount, reason, status, stripe_refund_id, error)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?8
         WHERE NOT EXISTS (SELECT 1 FROM refunds WHERE stripe_refund_id = ?6 OR id = ?7)`,
      )
      .bind(
        newRefundId(),
        orderId,
        refund.amount,
        refund.reason,
        refund.status,
        refund.id,
        refund.refundId,
        refund.failureReason,
      ),
  ];
}

/**
 * Ends a console refund that Stripe refused, or that never reached Stripe, releasing what it
 * held. Only a `requested` one: Stripe's word, once recorded, stands. `readAt`: only if its
 * updated_at is still the one read then (the sweep's: a repeat claimed it since, see
 * `claimRefund`). Retried: guarded.
 */
export async function abandonRefund(
  db: D1Database,
  refundId: string,
  error: string,
  readAt: string | null = null,
) {
  const abandon = db
    .prepare(
      `UPDATE refunds SET status = 'failed', error = ?1, updated_at = ${NOW}
       WHERE id = ?2 AND status = 'requested' AND (?3 IS NULL OR updated_at = ?3) RETURNING *`,
    )
    .bind(error, refundId, readAt);
  return retryOnce(() => abandon.first<Refund>());
}

/**
 * Holds again a console refund that ended without reaching Stripe (its error one of
 * NOT_MADE_AT_STRIPE: Stripe answered 429 to every attempt, or refused the key), for a repeat of
 * its key that asks Stripe again: `requested`, its error cleared. Only if its amount still remains
 * (another refund may have taken it since) and the order is still refundable, in one conditional
 * UPDATE, as `reserveRefund` holds. The refund as it now stands; null when not reopened.
 */
export async function reopenRefund(db: D1Database, refund: Refund): Promise<Refund | null> {
  const reopen = db
    .prepare(
      `UPDATE refunds SET status = 'requested', error = NULL, updated_at = ${NOW}
       WHERE id = ?2 AND status = 'failed' AND stripe_refund_id IS NULL
         AND error IN (${NOT_MADE_AT_STRIPE.map((code) => `'${code}'`).join(', ')})
         AND amount <= (SELECT ${REMAINING} FROM orders WHERE ${REFUNDABLE_ORDER})
       RETURNING *`,
    )
    .bind(refund.order_id, refund.id);
  // Guarded (only a failed row changes), so a retry after a commit finds nothing to do: retried.
  return retryOnce(() => reopen.first<Refund>());
}

/**
 * Claims a `requested` refund for a repeat of its key about to ask Stripe again: its updated_at
 * moves, so the sweep, which may have listed Stripe's refunds before the repeat's is made, no
 * longer abandons it (`abandonRefund`'s `readAt`). The refund as it now stands; null when it is no
 * longer requested (settled or abandoned meanwhile: Stripe is not asked). Retried: guarded.
 */
export async function claimRefund(db: D1Database, refundId: string): Promise<Refund | null> {
  const claim = db
    .prepare(
      `UPDATE refunds SET updated_at = ${NOW} WHERE id = ? AND status = 'requested' RETURNING *`,
    )
    .bind(refundId);
  return retryOnce(() => claim.first<Refund>());
}

/**
 * Console refunds still `requested` `minutes` after their request, or a repeat's claim
 * (`claimRefund`), last touched them: it ended without Stripe's answer (a lost response, a Worker
 * cut off). The sweep settles them. At most `limit`, oldest first.
 */
export async function staleRequestedRefunds(
  db: D1Database,
  minutes: number,
  limit: number,
): Promise<(Refund & { payment_intent_id: string | null })[]> {
  const select = db
    .prepare(
      `SELECT r.*, o.payment_intent_id FROM refunds r JOIN orders o ON o.id = r.order_id
       WHERE r.status = 'requested'
         AND r.updated_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)
       ORDER BY r.created_at LIMIT ?`,
    )
    .bind(`-${minutes} minutes`, limit);
  return (await retryOnce(() => select.all<Refund & { payment_intent_id: string | null }>()))
    .results;
}
