/**
 * Orders paid on Stripe's hosted Checkout (migrations/0013): the link to their Checkout Session,
 * its expiry, and what the customer chose on Stripe's page (a promotion code, the address and
 * rate, Stripe's tax), which makes the order's amount the Session's total once it completes.
 */
import type { Order, StoredShipping } from '.';
import { findOrder, findOrderBy } from '.';
import { causeValues, HISTORY_COLUMNS, type Cause } from './history';
import { retryOnce } from './retry';

export function findOrderBySession(db: D1Database, sessionId: string): Promise<Order | null> {
  return findOrderBy(db, 'checkout_session_id', sessionId);
}

/**
 * The expiry of the order's next Session, chosen once per attempt (`expiresAt` unless one is
 * chosen already), and what its Session is built from (`basis`, JSON, unless the attempt has
 * one: migrations/0021), which marks the order hosted for good (migrations/0016) and drops a
 * tax calculation our own page made for it (Checkout records its own tax): the order as it
 * now stands, or null when it is no longer pending (ended meanwhile: endAbandonedAttempts). The
 * attempt's first click (no basis of it yet, so no create of it sent) takes the later of
 * `expiresAt` and the one the attempt began with (nextAttempt's, after the Session it replaces):
 * Stripe makes no Session that expires within 30 minutes. Retried: the attempt's basis, once
 * set, makes a repeat harmless.
 */
export async function chooseSessionExpiry(
  db: D1Database,
  orderId: string,
  expiresAt: number,
  basis: string,
): Promise<Order | null> {
  const choose = db
    .prepare(
      `UPDATE orders SET checkout_session_expires_at = CASE
           WHEN session_basis IS NULL OR json_extract(session_basis, '$.attempt') = attempt
           THEN COALESCE(checkout_session_expires_at, ?1)
           ELSE MAX(?1, COALESCE(checkout_session_expires_at, 0)) END,
         session_basis = CASE WHEN json_extract(session_basis, '$.attempt') = attempt
           THEN session_basis ELSE json_set(?3, '$.attempt', attempt) END,
         hosted = 1, tax_calculation = NULL, tax_calculation_expires_at = NULL
       WHERE id = ?2 AND status = 'pending' RETURNING *`,
    )
    .bind(expiresAt, orderId, basis);
  return retryOnce(() => choose.first<Order>());
}

/**
 * Forgets the Session of an attempt that is over (a new attempt of a failed order gets its own),
 * and the PaymentIntent it made, with its card: the new Session's PaymentIntent is the one the
 * ledger links (the old one's events and refunds are no longer this order's). `failed`: the order
 * as the click read it failed. Only while the order is pending again and still holds that
 * attempt's Session, expiry and basis (a next attempt's first click sets its own basis): two
 * clicks may both read it failed, and the later one must not forget the Session, or the expiry,
 * the first chose meanwhile (that Session could be paid, then never recorded). The order as it
 * now stands. Retried: harmless.
 */
export async function forgetSession(db: D1Database, failed: Order): Promise<Order | null> {
  const forget = db
    .prepare(
      `UPDATE orders SET checkout_session_id = NULL, checkout_session_expires_at = NULL,
         payment_intent_id = NULL, client_secret_hash = NULL, card_brand = NULL, card_last4 = NULL
       WHERE id = ?1 AND status = 'pending' AND attempt = ?2 AND checkout_session_id IS ?3
         AND checkout_session_expires_at IS ?4 AND session_basis IS ?5
       RETURNING *`,
    )
    .bind(
      failed.id,
      failed.attempt,
      failed.checkout_session_id,
      failed.checkout_session_expires_at,
      failed.session_basis,
    );
  return (await retryOnce(() => forget.first<Order>())) ?? findOrder(db, failed.id);
}

/**
 * Marks the order's linked Session as being expired by a click to replace it (another country),
 * before the expire is sent (migrations/0018): should its answer be lost, the order is known to
 * be moving on, not ended. Guarded by the attempt and the Session: false when the order moved on
 * or settled meanwhile. Retried: a repeat finds it marked.
 */
export async function markReplacing(
  db: D1Database,
  order: Order,
  sessionId: string,
): Promise<boolean> {
  const mark = db
    .prepare(
      `UPDATE orders SET replacing_session_id = ?1
       WHERE id = ?2 AND attempt = ?3 AND checkout_session_id = ?1 AND status = 'pending'
       RETURNING id`,
    )
    .bind(sessionId, order.id, order.attempt);
  return (await retryOnce(() => mark.first())) !== null;
}

/**
 * Takes the mark off a Session its click did not expire after all (Stripe refused or never ran
 * the expire, and the Session is still open), or one the customer went back to (the same
 * country): left on, the Session's own expiry would later read as that click's, and move the
 * order to a next attempt instead of ending it. Guarded by the Session. Retried: harmless.
 */
export async function clearReplacing(
  db: D1Database,
  order: Order,
  sessionId: string,
): Promise<void> {
  const clear = db
    .prepare(
      `UPDATE orders SET replacing_session_id = NULL
       WHERE id = ?1 AND replacing_session_id = ?2 AND checkout_session_id = ?2`,
    )
    .bind(order.id, sessionId);
  await retryOnce(() => clear.run());
}

/**
 * Ends the attempt of an open Session that was expired at Stripe because it no longer fits the
 * checkout (another country): the next attempt gets its own key and Session, at `expiresAt` or
 * a second after the old one's, so that the old Session's events (matched by expiry while no
 * Session is linked, see isSessionOf) are never the new attempt's. Guarded by the attempt and
 * the Session, so concurrent clicks end it once. The order as it now stands; null when another
 * click ended it first. Retried: the guard makes a repeat change nothing.
 */
export async function replaceSession(
  db: D1Database,
  order: Order,
  sessionId: string,
  expiresAt: number,
): Promise<Order | null> {
  const replace = db
    .prepare(
      `UPDATE orders SET attempt = attempt + 1, checkout_session_id = NULL,
         replacing_session_id = NULL,
         checkout_session_expires_at = MAX(?1, COALESCE(checkout_session_expires_at, 0) + 1),
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'),
         attempt_started_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
       WHERE id = ?2 AND attempt = ?3 AND checkout_session_id = ?4 AND status = 'pending'
       RETURNING *`,
    )
    .bind(expiresAt, order.id, order.attempt, sessionId);
  return retryOnce(() => replace.first<Order>());
}

/**
 * Links an order to its Session, once: false when it is linked to another one already (then this
 * Session is not the order's), or when the Session is another attempt's. Each attempt's Session
 * expires when the ledger chose (`expiresAt`, see replaceSession): a create of an attempt since
 * replaced may be replayed its Session after the new attempt began, and must not become its.
 * Retried: a repeat finds the link made.
 */
export async function linkSession(
  db: D1Database,
  orderId: string,
  session: { id: string; expires_at: number },
): Promise<boolean> {
  const link = db
    .prepare(
      `UPDATE orders SET checkout_session_id = ?1
       WHERE id = ?2 AND (checkout_session_id IS NULL OR checkout_session_id = ?1)
         AND checkout_session_expires_at = ?3 RETURNING id`,
    )
    .bind(session.id, orderId, session.expires_at);
  return (await retryOnce(() => link.first())) !== null;
}

/**
 * Whether any open hosted order has no PaymentIntent linked: only such an order's payment can be
 * refunded before the ledger knows its PaymentIntent (refundedOrder, src/webhook/apply.ts), so with
 * none, a refund of an unknown PaymentIntent is not ours and costs no Stripe read. One half per
 * partial index of migrations/0023, each stopping at its first row: orders_open_sessions (a
 * Session linked) and orders_sessionless (a create whose answer was lost: its Session may be paid
 * all the same). Only a pending order has its Session cleared (forgetSession, replaceSession).
 * INDEXED BY: left to itself, SQLite takes the unique indexes of checkout_session_id and
 * payment_intent_id, which hold every order ever made; with the index gone, the query fails.
 */
export async function awaitsSessionPayment(db: D1Database): Promise<boolean> {
  const hosted = `hosted = 1 AND payment_intent_id IS NULL AND status`;
  const select = db.prepare(
    `SELECT EXISTS (SELECT 1 FROM orders INDEXED BY orders_open_sessions WHERE ${hosted}
     IN ('pending', 'requires_action') AND checkout_session_id IS NOT NULL) OR EXISTS (SELECT 1
     FROM orders INDEXED BY orders_sessionless WHERE ${hosted} = 'pending'
     AND checkout_session_id IS NULL)`,
  );
  return (await select.raw<[number]>())[0]?.[0] === 1;
}

/**
 * A hosted order no Session can pay any more, left so: pending, with no Session linked (the sweep
 * or a click moved it to a next attempt that no click made, or its create's answer was lost), no
 * PaymentIntent, the attempt's expiry passed (?1, unix s: any Session made for it is expired at
 * Stripe, which makes none with a past expiry) or none chosen (no create was sent), and quiet
 * since ?2 (an ISO 8601 time).
 */
const ABANDONED_ATTEMPT = `status = 'pending' AND hosted = 1 AND checkout_session_id IS NULL
  AND payment_intent_id IS NULL
  AND (checkout_session_expires_at IS NULL OR checkout_session_expires_at < ?1)
  AND updated_at < ?2`;

/** What ends abandoned hosted orders (see endAbandonedAttempts). */
interface Abandonment {
  /** The Worker's clock, unix s. */
  now: number;
  quietMinutes: number;
  /** Orders ended at most. */
  limit: number;
  cause: Cause;
  /** Why, for the history. */
  note: string;
}

/**
 * Ends abandoned hosted orders (ABANDONED_ATTEMPT) as canceled, with their history rows, in one
 * transaction, least recently touched first: how many. Quiet is judged by `now`, the sweep's.
 * The guard is the write's own, so an order a click gives a Session meanwhile (it chooses a new
 * expiry first) is never ended, and a click after it is answered that the checkout ended
 * (chooseSessionExpiry). Retried: a repeat finds them canceled.
 */
export async function endAbandonedAttempts(db: D1Database, ended: Abandonment): Promise<number> {
  // One cutoff from the sweep's clock for both statements, and one order among equal times:
  // each evaluating SQLite's 'now' could cancel an order the history's select had not picked.
  const quietSince = new Date((ended.now - ended.quietMinutes * 60) * 1000).toISOString();
  const picked = `id IN (SELECT id FROM orders WHERE ${ABANDONED_ATTEMPT}
    ORDER BY updated_at, id LIMIT ?3)`;
  const params = [ended.now, quietSince, ended.limit];
  const history = db
    .prepare(
      `INSERT INTO order_history (${HISTORY_COLUMNS})
       SELECT id, status, 'canceled', amount_refunded, ?4, ?5, ?6, ?7, ?8, ?9, ?10
       FROM orders WHERE ${picked}`,
    )
    .bind(...params, ...causeValues(ended.cause, ended.note));
  const cancel = db
    .prepare(
      `UPDATE orders SET status = 'canceled', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
       WHERE ${picked} RETURNING id`,
    )
    .bind(...params);
  const [, canceled] = await retryOnce(() => db.batch([history, cancel]));
  return canceled?.results.length ?? 0;
}

/** What a completed Session says the customer chose and pays, in the order's minor units. */
export interface SessionTotals {
  amount: number;
  /** The lines' amounts after the Session's discount (they add up to its goods). */
  lines: string;
  discount: number;
  promotionCode: string | null;
  promotionCodeId: string | null;
  couponId: string | null;
  shipping: StoredShipping | null;
  shippingAmount: number;
  /** The tax added on top of the prices; the tax inside them (inclusive). */
  tax: number;
  taxIncluded: number;
  email: string | null;
}

/**
 * Records a completed Session's totals on its open order: what it costs is now what the customer
 * agreed to on Stripe's page. Only while the order is open (a paid order keeps what it recorded)
 * and `session` still its own, checked in the write (linked, or none linked and its expiry the
 * attempt's): a new attempt may have linked another since the order was read. Retried: the same
 * values written twice change nothing.
 */
export async function recordSessionTotals(
  db: D1Database,
  orderId: string,
  totals: SessionTotals,
  session: { id: string; expiresAt: number },
): Promise<void> {
  const write = db
    .prepare(
      `UPDATE orders SET amount = ?1, lines = ?2, discount_amount = ?3, promotion_code = ?4,
         promotion_code_id = ?5, coupon_id = ?6, shipping = ?7, shipping_amount = ?8,
         tax_amount = ?9, email = CASE WHEN email = '' THEN COALESCE(?10, '') ELSE email END,
         tax_included = ?12,
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
       WHERE id = ?11 AND status IN ('pending', 'requires_action', 'failed')
         AND (checkout_session_id = ?13
           OR (checkout_session_id IS NULL AND checkout_session_expires_at = ?14))`,
    )
    .bind(
      totals.amount,
      totals.lines,
      totals.discount,
      totals.promotionCode,
      totals.promotionCodeId,
      totals.couponId,
      totals.shipping ? JSON.stringify(totals.shipping) : null,
      totals.shippingAmount,
      totals.tax,
      totals.email,
      orderId,
      totals.taxIncluded,
      session.id,
      session.expiresAt,
    );
  await retryOnce(() => write.run());
}

/**
 * The `last_error` of an open order whose Session completed with nothing to pay (a 100 % code):
 * the ledger cannot record it paid, as an order's amount must be above 0 (CHECK (amount > 0) of
 * migrations/0001, kept by 0007's rebuild). The receipt reads it to tell the customer so.
 */
export const FREE_SESSION_REFUSED =
  'Nothing was due with this code and nothing was charged; the shop confirms free orders by hand.';

/** Whether an open order's Session made it free and was refused: nothing more to ask Stripe. */
export const isRefusedFree = (order: Order): boolean => order.last_error === FREE_SESSION_REFUSED;

/**
 * Marks an open order whose Session made it free (see FREE_SESSION_REFUSED): its status, amount
 * and lines stay as they were. The order as it now stands. Retried: harmless.
 */
export async function markFreeSessionRefused(db: D1Database, order: Order): Promise<Order> {
  const mark = db
    .prepare(
      `UPDATE orders SET last_error = ?1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
       WHERE id = ?2 AND status IN ('pending', 'requires_action') RETURNING *`,
    )
    .bind(FREE_SESSION_REFUSED, order.id);
  return (await retryOnce(() => mark.first<Order>())) ?? order;
}
