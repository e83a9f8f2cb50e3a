/**
 * The order state machine. Stripe delivers events at least once and in any order, and a /charge
 * response can race a webhook, so every write states the status it wants and only moves along an
 * allowed edge: a paid order never returns to pending or failed.
 */

export const ORDER_STATUSES = [
  'pending',
  'requires_action',
  'paid',
  'failed',
  'canceled',
  'refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Allowed transitions. `failed → pending` is a new attempt started by POST /charge; a stale
 * requires_action from an earlier attempt cannot reopen a failed order. Money that moved (paid)
 * wins from any open state.
 */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['requires_action', 'paid', 'failed', 'canceled'],
  requires_action: ['pending', 'paid', 'failed', 'canceled'],
  failed: ['pending', 'paid', 'canceled'],
  paid: ['refunded'],
  canceled: [],
  refunded: [],
};

/** Settled: the ledger's word is final, and Stripe need not be asked (a refund arrives by webhook). */
export function isSettled(status: OrderStatus): boolean {
  return status === 'paid' || status === 'refunded' || status === 'canceled';
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
export interface PaymentIntentState {
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

/** After a refund: fully refunded orders are `refunded`, partially refunded ones stay `paid`. */
export function refundStatus(amount: number, amountRefunded: number): OrderStatus {
  return amountRefunded >= amount ? 'refunded' : 'paid';
}
