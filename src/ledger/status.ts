/**
 * The order state machine. Stripe delivers events at least once and in any order, and a /charge
 * response can race a webhook, so every write states the status it wants and only moves along an
 * allowed edge: a paid order never returns to pending or failed.
 */

import { ORDER_STATUSES } from './statuses.js';

export { ORDER_STATUSES };
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Allowed transitions. A failed order reopens only as a new attempt, which POST /charge starts
 * with its own guarded UPDATE (ledger `startRetry`), never along these edges: a stale processing
 * or requires_action event of an earlier attempt cannot reopen it. Money that moved (paid, or
 * paid and then refunded, as a PaymentIntent found by the sweep may be) wins from any open state.
 * Refunds only add up: a partially refunded order never goes back to paid, except along
 * `REFUND_FAILED_BACK`.
 */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['requires_action', 'paid', 'partially_refunded', 'refunded', 'failed', 'canceled'],
  requires_action: ['pending', 'paid', 'partially_refunded', 'refunded', 'failed', 'canceled'],
  failed: ['paid', 'partially_refunded', 'refunded', 'canceled'],
  paid: ['partially_refunded', 'refunded'],
  partially_refunded: ['refunded'],
  canceled: [],
  refunded: [],
};

/**
 * The one way back, for one cause only: a refund that failed at Stripe (the card expired or was
 * canceled; Stripe then lowers the charge's `amount_refunded`). The money is the shop's again and
 * the customer is still owed it, so the order is as refunded as Stripe's charge now says. Only a
 * write that states this cause takes these edges (ledger `transition` with `refundFailed`), with
 * the charge's total as Stripe reads it then; no other write may move an order back.
 */
const REFUND_FAILED_BACK: Partial<Record<OrderStatus, readonly OrderStatus[]>> = {
  refunded: ['partially_refunded', 'paid'],
  partially_refunded: ['paid'],
};

/** Whether a failed refund may move an order from `from` back to `to` (REFUND_FAILED_BACK). */
export function canReturnAfterFailedRefund(from: OrderStatus, to: OrderStatus): boolean {
  return REFUND_FAILED_BACK[from]?.includes(to) ?? false;
}

/** The statuses from which a failed refund leads back to `to`: with `statusesLeadingTo`, a guard. */
export function statusesReturningTo(to: OrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((from) => canReturnAfterFailedRefund(from, to));
}

/** The customer paid (whatever was refunded since): money moved, and the order may be fulfilled. */
export const PAID_STATUSES = ['paid', 'partially_refunded'] as const satisfies OrderStatus[];

/** Paid and not yet wholly refunded: what a refund may be taken from. */
export function isRefundable(status: OrderStatus): boolean {
  return (PAID_STATUSES as readonly OrderStatus[]).includes(status);
}

/** Settled: the ledger's word is final, and Stripe need not be asked (a refund arrives by webhook). */
export function isSettled(status: OrderStatus): boolean {
  return isRefundable(status) || status === 'refunded' || status === 'canceled';
}

/** Open: an attempt is under way or waits for the customer's bank, and may yet charge. */
export function isOpen(status: OrderStatus): boolean {
  return status === 'pending' || status === 'requires_action';
}

/** Whether an order in `from` may move to `to`. Staying put is not a transition. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

/** The statuses from which `to` may be reached: the guard of a conditional UPDATE. */
export function statusesLeadingTo(to: OrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((from) => canTransition(from, to));
}

/** The parts of a Stripe PaymentIntent that decide an order's status. */
interface PaymentIntentState {
  status: string;
  amount: number;
  last_payment_error?: { code?: string | null; message?: string | null } | null;
}

/** The order status that mirrors a PaymentIntent (refunds come from the charge, see `refundStatus`). */
export function statusOfPaymentIntent(pi: PaymentIntentState): OrderStatus {
  switch (pi.status) {
    case 'succeeded':
      return 'paid';
    case 'requires_action':
      return 'requires_action';
    case 'canceled':
      return 'canceled';
    case 'requires_payment_method':
      return pi.last_payment_error ? 'failed' : 'pending';
    default:
      // requires_confirmation, processing, requires_capture: money has not moved yet.
      return 'pending';
  }
}

/** A paid order's status once `amountRefunded` of its `amount` came back. */
export function refundStatus(amount: number, amountRefunded: number): OrderStatus {
  if (amountRefunded <= 0) return 'paid';
  return amountRefunded >= amount ? 'refunded' : 'partially_refunded';
}
