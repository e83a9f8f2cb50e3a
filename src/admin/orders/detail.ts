/**
 * GET /admin/api/orders/<id>: the order; its summary as its receipt shows it, in English
 * (src/receipt/summary: number, lines, discount, shipping, tax, total); its lines (what it
 * bought); its history (each change and what caused it: a Stripe event, a request, the sweep or
 * an admin); its refunds; the Stripe Dashboard's page of its dispute (in live and test mode, if
 * it was disputed); its fulfilment (in the order's `fulfilment`); what Stripe disagrees with, if
 * the sweep found anything; and since when Stripe Tax holds its transaction under an id the ledger
 * never learned (`tax_transaction_unknown_at`, migrations/0025; null: none), which the merchant
 * must record for its refunds' tax to be reversed; and `refundable`, what a refund of all that
 * remains would refund now (0: none can be made), by the refunds' own reckoning
 * (src/ledger/refunds.ts), so that the page never offers an amount the refund would refuse.
 */
import type { Context } from 'hono';
import { findProduct } from '../../catalog';
import { resolvePaymentConfig } from '../../config';
import { ENGLISH } from '../../i18n';
import { orderHistory, type HistoryEntry } from '../../ledger/history';
import { linesOfRow } from '../../ledger/order-lines.js';
import { orderRefunds, whyNotReserved, type Refund } from '../../ledger/refunds';
import { taxTransactionUnknownSince } from '../../ledger/tax';
import { isUndone } from '../../refunds/undone';
import { refundErrorWords } from '../../refunds/words';
import { disputeDashboardUrl } from '../../orders/dispute.js';
import { findOrderRow } from '../../orders/query';
import { orderView, type OrderRow } from '../../orders/view.js';
import { orderSummary } from '../../receipt/summary';
import { findDisagreement } from '../../reconcile/state';
import type { AppEnv } from '../../types';
import { requestUrl } from '../../middleware/request-url';
import { refuse } from '../answer';

/** A history row as the console shows it. */
function historyView(entry: HistoryEntry) {
  return {
    at: entry.at,
    from_status: entry.from_status,
    to_status: entry.to_status,
    amount_refunded: entry.amount_refunded,
    cause: {
      source: entry.source,
      event_id: entry.event_id,
      event_type: entry.event_type,
      route: entry.route,
      request_id: entry.request_id,
      admin: entry.admin_email,
    },
    note: entry.note,
  };
}

const NOT_REFUNDED = 'The customer was not refunded.';

/** A refund as the console shows it. */
export function refundView(refund: Refund) {
  return {
    id: refund.id,
    amount: refund.amount,
    reason: refund.reason,
    status: refund.status,
    stripe_refund_id: refund.stripe_refund_id,
    admin: refund.admin_email,
    // Failed or canceled without Stripe's reason still says who is owed the money.
    error: refundErrorWords(refund.error) ?? (isUndone(refund) ? NOT_REFUNDED : null),
    created_at: refund.created_at,
    updated_at: refund.updated_at,
  };
}

/**
 * What an order bought: its lines (migrations/0011), each at the price it was paid, less its share
 * of the discount (`discount`), so that the amounts add up to the order's. The name is the one it
 * was bought under, else the catalog's today, null if the product has left it.
 */
function linesOf(order: OrderRow) {
  return linesOfRow(order).map((line) => ({
    product_id: line.product,
    name: line.name ?? findProduct(line.product)?.name ?? null,
    quantity: line.quantity,
    unit_amount: line.unit_amount,
    discount: line.discount,
    amount: line.amount,
    currency: order.currency,
  }));
}

export async function detailHandler(c: Context<AppEnv>) {
  const id = c.req.param('id') ?? '';
  const db = c.env.DB;
  const [order, history, refunds, disagreement, taxUnknown, left] = await Promise.all([
    findOrderRow(db, id),
    orderHistory(db, id),
    orderRefunds(db, id),
    findDisagreement(db, id),
    taxTransactionUnknownSince(db, id),
    // Why a refund could not be held says what remains: the reservation's own formula.
    whyNotReserved(db, id),
  ]);
  if (!order) return refuse(c, 404, 'not_found', 'There is no order with this id.');
  c.get('log').order_id = order.id;
  const view = orderView(order);
  const config = resolvePaymentConfig(c.env, requestUrl(c));
  // The simulator's disputes have no page in the Dashboard.
  const live = config.ok && config.mode !== 'simulated' ? config.mode === 'live' : null;
  return c.json({
    order: view,
    summary: orderSummary(order, ENGLISH),
    lines: linesOf(order),
    history: history.map(historyView),
    refunds: refunds.map(refundView),
    dispute_url: view.dispute && live !== null ? disputeDashboardUrl(view.dispute.id, live) : null,
    disagreement,
    tax_transaction_unknown_at: taxUnknown,
    refundable: left.kind === 'too_much' ? left.remaining : 0,
  });
}
