// @ts-check
/**
 * An order as the merchant reads it: the one JSON shape of the console's API (src/admin), its CSV
 * export and `npm run orders -- --json` (plain Node, which cannot load TypeScript: hence
 * JavaScript with JSDoc types, checked like the rest). Add a field here and all three have it.
 * Money stays integer minor units plus the currency: readers format it (src/money/format.js).
 */
import { FULFILMENT_MAX_ATTEMPTS, STALE_CLAIM_MINUTES } from '../fulfilment/attempts.js';
import { linesOfRow } from '../ledger/order-lines.js';
import { ORDER_STATUSES } from '../ledger/statuses.js';
import { orderNumber } from './number.js';

/**
 * The columns of `orders` the view reads.
 * @typedef {{
 *   id: string, checkout_id: string, status: string, amount: number, amount_refunded: number,
 *   currency: string, product_id: string, quantity: number, email: string,
 *   payment_intent_id: string | null, card_brand: string | null, card_last4: string | null,
 *   created_at: string, updated_at: string, fulfilled_at: string | null,
 *   fulfilment_claimed_at: string | null, fulfilment_attempts: number,
 *   fulfilment_error: string | null, fulfilment_retry_at: string | null, lines: string,
 *   promotion_code: string | null, discount_amount: number, shipping: string | null,
 *   shipping_amount: number, tax_amount: number, tax_included: number,
 *   tax_calculation: string | null,
 *   tax_transaction: string | null, tax_reversed: number, dispute?: string | null
 * }} OrderRow
 */

/**
 * The order's latest dispute (migrations/0020) as JSON, its deadline as an ISO time: an SQL
 * expression over `orders` (NULL: never disputed).
 */
const LATEST_DISPUTE = `(SELECT json_object('id', d.id, 'status', d.status, 'reason', d.reason,
    'amount', d.amount, 'currency', d.currency,
    'due_by', strftime('%Y-%m-%dT%H:%M:%fZ', d.due_by, 'unixepoch'), 'updated_at', d.updated_at)
  FROM disputes d WHERE d.order_id = orders.id ORDER BY d.event_at DESC LIMIT 1)`;

/** Orders whose payment was ever disputed. */
const DISPUTED = 'EXISTS (SELECT 1 FROM disputes d WHERE d.order_id = orders.id)';

/** The SELECT list of an OrderRow. */
export const ORDER_FIELDS = `id, checkout_id, status, amount, amount_refunded, currency, product_id,
  quantity, email, payment_intent_id, card_brand, card_last4, created_at, updated_at, fulfilled_at,
  fulfilment_claimed_at, fulfilment_attempts, fulfilment_error, fulfilment_retry_at, lines,
  promotion_code, discount_amount, shipping, shipping_amount, tax_amount, tax_included,
  tax_calculation, tax_transaction, tax_reversed, ${LATEST_DISPUTE} AS dispute`;

/**
 * Paid (whatever was refunded since) and never fulfilled, with no attempt left and no run under
 * way: a person must look. A claim gone stale is a run cut off (no failure recorded), not one.
 */
const NEEDS_ATTENTION = `(status IN ('paid', 'partially_refunded') AND fulfilled_at IS NULL
  AND (fulfilment_claimed_at IS NULL OR fulfilment_claimed_at
    < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-${STALE_CLAIM_MINUTES} minutes'))
  AND fulfilment_attempts >= ${FULFILMENT_MAX_ATTEMPTS})`;

/**
 * Whether a run claimed the order's fulfilment within STALE_CLAIM_MINUTES (`now`: ms).
 * @param {OrderRow} row
 * @param {number} now
 */
const runUnderWay = (row, now) =>
  row.fulfilment_claimed_at !== null &&
  Date.parse(row.fulfilment_claimed_at) >= now - STALE_CLAIM_MINUTES * 60_000;

/**
 * What the list and `npm run orders -- --status` filter by: a status, `needs_attention`, or
 * `disputed` (whatever its status).
 */
export const STATUS_FILTERS = [...ORDER_STATUSES, 'needs_attention', 'disputed'];

/**
 * The SQL condition of a filter of STATUS_FILTERS (checked against it first, so it is safe to
 * inline: `npm run orders` has no bound parameters).
 * @param {string} filter
 * @returns {string}
 */
export function statusCondition(filter) {
  if (!STATUS_FILTERS.includes(filter)) throw new Error(`unknown status filter ${filter}`);
  if (filter === 'needs_attention') return NEEDS_ATTENTION;
  return filter === 'disputed' ? DISPUTED : `status = '${filter}'`;
}

/**
 * Where an order's fulfilment stands (`now`: ms). A run cut off leaves its claim, which goes
 * stale: retried by the sweep while attempts are left, else it needs attention.
 * @param {OrderRow} row
 * @param {number} now
 * @returns {'fulfilled' | 'not_due' | 'running' | 'needs_attention' | 'retrying' | 'waiting'}
 */
function fulfilmentState(row, now) {
  if (row.fulfilled_at) return 'fulfilled';
  if (row.status !== 'paid' && row.status !== 'partially_refunded') return 'not_due';
  if (runUnderWay(row, now)) return 'running';
  if (row.fulfilment_attempts >= FULFILMENT_MAX_ATTEMPTS) return 'needs_attention';
  return row.fulfilment_error || row.fulfilment_claimed_at ? 'retrying' : 'waiting';
}

/**
 * An order's latest dispute as the view shows it (due_by and updated_at: ISO times).
 * @typedef {{
 *   id: string, status: string, reason: string, amount: number, currency: string,
 *   due_by: string | null, updated_at: string
 * }} OrderDispute
 */

/**
 * The order's JSON (its fulfilment as it stands now).
 * @param {OrderRow} row
 */
export function orderView(row) {
  const state = fulfilmentState(row, Date.now());
  return {
    id: row.id,
    // The number its receipt gives the customer to quote ("2456-739F").
    number: orderNumber(row.id),
    checkout_id: row.checkout_id,
    status: row.status,
    needs_attention: state === 'needs_attention',
    amount: row.amount,
    amount_refunded: row.amount_refunded,
    currency: row.currency,
    product_id: row.product_id,
    quantity: row.quantity,
    // What the order bought (migrations/0011), and what its promotion code took off.
    lines: linesOfRow(row).map(({ product, quantity, amount }) => ({ product, quantity, amount })),
    promotion_code: row.promotion_code,
    discount_amount: row.discount_amount,
    // Where it is sent and for how much, and its tax by Stripe Tax (migrations/0012).
    /** @type {null | { name: string, address: Record<string, string | null>, rate: string, rate_name: string }} */
    shipping: row.shipping ? JSON.parse(row.shipping) : null,
    shipping_amount: row.shipping_amount,
    tax_amount: row.tax_amount,
    // The tax inside the prices (inclusive), which `amount` does not add again (migrations/0022).
    tax_included: row.tax_included,
    tax_calculation: row.tax_calculation,
    tax_transaction: row.tax_transaction,
    // What Stripe Tax has reversed of `amount_refunded` so far: less while a reversal is still to
    // be made (a failed try, or one behind another in flight; the sweep makes it).
    tax_reversed: row.tax_reversed,
    email: row.email,
    payment_intent_id: row.payment_intent_id,
    card: row.card_last4 ? { brand: row.card_brand, last4: row.card_last4 } : null,
    created_at: row.created_at,
    updated_at: row.updated_at,
    fulfilled_at: row.fulfilled_at,
    // Its payment's latest dispute (a chargeback), if any: then it cannot be refunded.
    /** @type {null | OrderDispute} */
    dispute: row.dispute ? JSON.parse(row.dispute) : null,
    fulfilment: {
      state,
      attempts: row.fulfilment_attempts,
      max_attempts: FULFILMENT_MAX_ATTEMPTS,
      last_error: row.fulfilment_error,
      next_attempt_at: state === 'retrying' ? row.fulfilment_retry_at : null,
    },
  };
}

/** @typedef {ReturnType<typeof orderView>} OrderView */

/**
 * The CSV export's columns (src/admin/orders/csv.ts): a header and the cell of each order. A new
 * column goes at the end: merchants' spreadsheets read the columns by position.
 * @type {[string, (order: OrderView) => string | number | null][]}
 */
export const CSV_COLUMNS = [
  ['id', (o) => o.id],
  ['created_at', (o) => o.created_at],
  ['status', (o) => o.status],
  ['amount', (o) => o.amount],
  ['amount_refunded', (o) => o.amount_refunded],
  ['currency', (o) => o.currency],
  // The first line's (the order's before it had lines: migrations/0011); `items` has them all.
  ['product_id', (o) => o.product_id],
  ['quantity', (o) => o.quantity],
  ['items', (o) => o.lines.map((line) => `${line.quantity} × ${line.product}`).join(', ')],
  ['promotion_code', (o) => o.promotion_code],
  ['discount_amount', (o) => o.discount_amount],
  ['shipping_amount', (o) => o.shipping_amount],
  ['tax_amount', (o) => o.tax_amount],
  ['shipping_country', (o) => o.shipping?.address.country ?? null],
  ['email', (o) => o.email],
  ['payment_intent_id', (o) => o.payment_intent_id],
  ['card', (o) => (o.card ? `${o.card.brand ?? 'card'} ${o.card.last4}` : null)],
  ['fulfilled_at', (o) => o.fulfilled_at],
  ['fulfilment', (o) => o.fulfilment.state],
  ['fulfilment_error', (o) => o.fulfilment.last_error],
  ['dispute_status', (o) => o.dispute?.status ?? null],
  // The tax inside tax-inclusive prices (migrations/0022): tax_amount is only the tax added.
  ['tax_included', (o) => o.tax_included],
  // The number the customer quotes from their receipt.
  ['order_number', (o) => o.number],
];
