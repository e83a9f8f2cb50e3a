/**
 * An order's tax at Stripe Tax, in the ledger: its calculation renewed, the claim to record its
 * transaction once, and what its refunds have reversed.
 */
import type { Order } from '.';
import { retryOnce } from './retry';

/** Replaces an order's expired calculation (only if it is still `previous`): the order, or null. */
export function replaceTaxCalculation(
  db: D1Database,
  orderId: string,
  previous: string,
  next: { calculation: string | null; expiresAt: number | null; included: number },
): Promise<Order | null> {
  // The tax inside the prices may change with the rate; the price and the tax added did not.
  const update = db
    .prepare(
      `UPDATE orders SET tax_calculation = ?1, tax_calculation_expires_at = ?2, tax_included = ?5
       WHERE id = ?3 AND tax_calculation = ?4 RETURNING *`,
    )
    .bind(next.calculation, next.expiresAt, orderId, previous, next.included);
  return retryOnce(() => update.first<Order>());
}

/**
 * A tax lease (a transaction's claim, a reversal's) older than this belonged to a run that was cut
 * off: its work may be taken over, the idempotency key keeping Stripe from doing it twice.
 */
const TAX_LEASE_MINUTES = 10;

/** SQL: the lease kept in `column` is free (never taken, or given back) or older than `minutes`. */
function leaseFreeOrStale(column: string, minutes: number): string {
  return `(${column} IS NULL
    OR ${column} < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-${minutes} minutes'))`;
}

/** SQL: no recording of the order's transaction is in flight (none claimed, or its claim stale). */
const NO_LIVE_TRANSACTION_CLAIM = leaseFreeOrStale('tax_transaction_claimed_at', TAX_LEASE_MINUTES);

/** SQL: no reversal of the order is in flight (none claimed, or its claim is stale). */
const NO_LIVE_REVERSAL = leaseFreeOrStale('tax_reversal_claimed_at', TAX_LEASE_MINUTES);

/**
 * Claims the recording of a paid order's tax transaction: the order for one caller, however many
 * race (/charge, the receipt, the webhook); null for the others, and for an order without a
 * calculation or whose transaction is recorded (its id known or not). A stale claim (a run cut
 * off) may be taken again: the idempotency key keeps Stripe from recording it twice.
 */
export function claimTaxTransaction(db: D1Database, orderId: string): Promise<Order | null> {
  const claim = db
    .prepare(
      `UPDATE orders SET tax_transaction_claimed_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
       WHERE id = ?1 AND tax_calculation IS NOT NULL AND tax_transaction IS NULL
         AND tax_transaction_unknown_at IS NULL
         AND status IN ('paid', 'partially_refunded', 'refunded')
         AND ${NO_LIVE_TRANSACTION_CLAIM}
       RETURNING *`,
    )
    .bind(orderId);
  return claim.first<Order>();
}

/** Records the transaction Stripe Tax made for an order. */
export async function recordTaxTransaction(
  db: D1Database,
  orderId: string,
  transaction: string,
): Promise<void> {
  const update = db
    .prepare('UPDATE orders SET tax_transaction = ?1 WHERE id = ?2 AND tax_transaction IS NULL')
    .bind(transaction, orderId);
  await retryOnce(() => update.run());
}

/**
 * Records that Stripe Tax holds the order's transaction under an id the ledger never learned (its
 * answer lost, its key forgotten): never sent again. Retried: the same values again.
 */
export async function recordTaxTransactionUnknown(db: D1Database, orderId: string): Promise<void> {
  const update = db
    .prepare(
      `UPDATE orders SET tax_transaction_unknown_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
       WHERE id = ?1 AND tax_transaction IS NULL AND tax_transaction_unknown_at IS NULL`,
    )
    .bind(orderId);
  await retryOnce(() => update.run());
}

/**
 * When Stripe Tax was found to hold the order's transaction under an id the ledger never learned
 * (recordTaxTransactionUnknown); null when it did not, or once an operator recorded the id. A
 * read: retried.
 */
export async function taxTransactionUnknownSince(
  db: D1Database,
  orderId: string,
): Promise<string | null> {
  const select = db
    .prepare(
      `SELECT tax_transaction_unknown_at AS since FROM orders
       WHERE id = ? AND tax_transaction IS NULL`,
    )
    .bind(orderId);
  return (await retryOnce(() => select.first<{ since: string | null }>()))?.since ?? null;
}

/** Gives a failed claim back, so that the next one to learn of the payment tries again. */
export async function releaseTaxTransaction(db: D1Database, orderId: string): Promise<void> {
  await db
    .prepare(
      'UPDATE orders SET tax_transaction_claimed_at = NULL WHERE id = ? AND tax_transaction IS NULL',
    )
    .bind(orderId)
    .run();
}

/**
 * Claims the reversal of what was refunded beyond `order.tax_reversed`, up to `refunded` (tax
 * included): the order, its lease in `tax_reversal_claimed_at`, for one caller; null for the
 * others: while a reversal is in flight (a refund recorded meanwhile is reversed after it), when
 * the read of tax_reversed is no longer current, or when nothing is left to reverse. While a
 * reversal that may have been made is pending, only that one may be claimed (its own total, so
 * its own key and amount); the claim makes its total pending, so that a run cut off leaves it so.
 */
export function claimTaxReversal(
  db: D1Database,
  order: Pick<Order, 'id' | 'tax_reversed'>,
  refunded: number,
): Promise<Order | null> {
  const claim = db
    .prepare(
      `UPDATE orders SET tax_reversal_pending = ?1,
         tax_reversal_claimed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
       WHERE id = ?2 AND tax_transaction IS NOT NULL AND tax_reversed = ?3 AND ?1 > ?3
         AND ?1 <= amount AND (tax_reversal_pending IS NULL OR tax_reversal_pending = ?1)
         AND ${NO_LIVE_REVERSAL}
       RETURNING *`,
    )
    .bind(refunded, order.id, order.tax_reversed);
  return claim.first<Order>();
}

/**
 * Ends a reversal's lease (`claim`, the claimed order): `reversed`, the refunded total now
 * reversed (the claimed one when made, else the one before), and `pending`, the total of a
 * reversal that may have been made (its answer lost), to be made again before any other. Nothing
 * when the lease was taken over (stale): its taker settles the same reversal. Retried: the same
 * values again.
 */
export async function settleTaxReversal(
  db: D1Database,
  claim: Pick<Order, 'id' | 'tax_reversal_claimed_at'>,
  reversed: number,
  pending: number | null,
): Promise<void> {
  const update = db
    .prepare(
      `UPDATE orders SET tax_reversed = ?1, tax_reversal_pending = ?2,
         tax_reversal_claimed_at = NULL
       WHERE id = ?3 AND tax_reversal_claimed_at = ?4`,
    )
    .bind(reversed, pending, claim.id, claim.tax_reversal_claimed_at);
  await retryOnce(() => update.run());
}

/**
 * Paid orders whose Stripe Tax records lag behind: a calculation (still valid) but no transaction
 * and no live claim, or refunds (or a lost reversal) not yet reversed and no reversal in flight;
 * an hour between tries.
 */
const OWES_TAX = `tax_calculation IS NOT NULL
  AND status IN ('paid', 'partially_refunded', 'refunded')
  AND (tax_retry_at IS NULL OR tax_retry_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  AND ((tax_transaction IS NULL AND tax_transaction_unknown_at IS NULL
      AND (tax_calculation_expires_at IS NULL OR tax_calculation_expires_at > unixepoch())
      AND ${NO_LIVE_TRANSACTION_CLAIM})
    OR (tax_transaction IS NOT NULL AND ${NO_LIVE_REVERSAL}
      AND (amount_refunded > tax_reversed OR tax_reversal_pending IS NOT NULL)))`;

/** Up to `limit` orders whose tax records lag behind, the longest-waiting first (a read: retried). */
export async function ordersOwingTax(db: D1Database, limit: number): Promise<Order[]> {
  const select = db
    .prepare(`SELECT * FROM orders WHERE ${OWES_TAX} ORDER BY updated_at LIMIT ?`)
    .bind(limit);
  return (await retryOnce(() => select.all<Order>())).results;
}

/**
 * After a try: whether the order's tax records still lag behind, in which case the sweep leaves
 * it for `minutes`. Retried: the same values again.
 */
export async function deferTaxIfOwed(
  db: D1Database,
  orderId: string,
  minutes: number,
): Promise<boolean> {
  const defer = db
    .prepare(
      `UPDATE orders SET tax_retry_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?1)
       WHERE id = ?2 AND ${OWES_TAX} RETURNING id`,
    )
    .bind(`+${minutes} minutes`, orderId);
  return (await retryOnce(() => defer.first())) !== null;
}
