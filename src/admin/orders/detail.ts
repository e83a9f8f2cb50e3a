/**
 * GET /admin/api/orders/<id>: the order; its summary as its receipt shows it, in English
 * (src/receipt/summary: number, lines, discount, shipping, tax, total); its lines (what it
 * bought); its history (each change and what caused it: a Stripe event, a request, the sweep or
 * an admin); its refunds; its disputes (each with its page in the Stripe Dashboard, but in
 * simulated mode); its fulfilment (in the order's `fulfilment`); and what Stripe disagrees with, if
 * the sweep found anything.
 */
import type { Context } from 'hono';
import { findProduct } from '../../catalog';
import { resolvePaymentConfig } from '../../config';
import { ENGLISH } from '../../i18n';
import { orderDisputes, type DisputeRow } from '../../ledger/disputes';
import { orderHistory, type HistoryEntry } from '../../ledger/history';
import { linesOfRow } from '../../ledger/order-lines.js';
import { orderRefunds, type Refund } from '../../ledger/refunds';
import { refundErrorWords } from '../../refunds/words';
import { disputeDashboardUrl } from '../../orders/dispute.js';
import { findOrderRow } from '../../orders/query';
import { orderView, type OrderRow } from '../../orders/view.js';
import { orderSummary } from '../../receipt/summary';
import { findDisagreement } from '../../reconcile/state';
import type { AppEnv } from '../../types';
import { refuse } from '../answer';

/** A history row as the console shows it. */
export function historyView(entry: HistoryEntry) {
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

/** A refund as the console shows it. */
export function refundView(refund: Refund) {
  return {
    id: refund.id,
    amount: refund.amount,
    reason: refund.reason,
    status: refund.status,
    stripe_refund_id: refund.stripe_refund_id,
    admin: refund.admin_email,
    error: refundErrorWords(refund.error),
    created_at: refund.created_at,
    updated_at: refund.updated_at,
  };
}

/** A dispute as the console shows it; `dashboard_url` is null where the Dashboard has none. */
export function disputeView(dispute: DisputeRow, mode: string | null) {
  return {
    id: dispute.id,
    status: dispute.status,
    reason: dispute.reason,
    amount: dispute.amount,
    currency: dispute.currency,
    due_by: dispute.due_by === null ? null : new Date(dispute.due_by * 1000).toISOString(),
    updated_at: dispute.updated_at,
    dashboard_url:
      mode === 'live' || mode === 'test' ? disputeDashboardUrl(dispute.id, mode === 'live') : null,
  };
}

/**
 * What an order bought: its lines (migrations/0011), each at the price it was paid, less its share
 * of the discount (`discount`), so that the amounts add up to the order's. The name is the one it
 * was bought under, else the catalog's today, null if the product has left it.
 */
export function linesOf(order: OrderRow) {
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
  const [order, history, refunds, disputes, disagreement] = await Promise.all([
    findOrderRow(db, id),
    orderHistory(db, id),
    orderRefunds(db, id),
    orderDisputes(db, id),
    findDisagreement(db, id),
  ]);
  if (!order) return refuse(c, 404, 'not_found', 'There is no order with this id.');
  c.get('log').order_id = order.id;
  const config = resolvePaymentConfig(c.env, new URL(c.req.url));
  const mode = config.ok ? config.mode : null;
  return c.json({
    order: orderView(order),
    summary: orderSummary(order, ENGLISH),
    lines: linesOf(order),
    history: history.map(historyView),
    refunds: refunds.map(refundView),
    disputes: disputes.map((dispute) => disputeView(dispute, mode)),
    disagreement,
  });
}
