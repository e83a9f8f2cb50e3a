/**
 * What the console says once the shop answered a refund with the refund (201, or 200 for a repeat
 * of its key; client/admin/detail.ts): what is true for the refund's status, never "Refunded" for
 * money that has not reached the customer. Amounts come formatted (the admin's locale).
 */
import type { RefundStatus } from './codes';

/** The refund as the answer carries it: its status, amount in words, and the order's. */
interface MadeRefund {
  status: RefundStatus;
  /** The refund's amount, formatted. */
  amount: string;
  /** The order's status now, in words ("partly refunded"). */
  orderNow: string;
  /**
   * The refund's tax in Stripe Tax, for an order with a transaction there: `reversed`, or still
   * `to_reverse` (the shop's try failed or waits behind another: the sweep makes it); null: none.
   */
  tax: 'reversed' | 'to_reverse' | null;
}

/** Why a reversal is worth saying: Stripe Tax has no call to undo one (src/refunds/failed.ts). */
const UNDONE =
  ', and a tax reversal cannot be undone: if this refund fails or is canceled, the next refund ' +
  'reverses only the tax beyond it.';
const TAX_NOTE = {
  reversed: ` Its tax is reversed in Stripe Tax${UNDONE}`,
  to_reverse:
    " Its tax is still to be reversed in Stripe Tax, which the shop's sweep does on a coming " +
    `run${UNDONE}`,
};

/**
 * Where a refund's tax stands in Stripe Tax, from the order the answer carries: reversed once
 * `tax_reversed` covers `amount_refunded` (src/ledger/tax.ts); still to reverse while its
 * transaction is not recorded yet (a failed try: the sweep records it, then reverses); null for
 * an order Stripe Tax did not calculate.
 */
export function refundTax(order: {
  tax_calculation: string | null;
  tax_transaction: string | null;
  tax_reversed: number;
  amount_refunded: number;
}): MadeRefund['tax'] {
  if (order.tax_transaction === null) return order.tax_calculation === null ? null : 'to_reverse';
  return order.tax_reversed >= order.amount_refunded ? 'reversed' : 'to_reverse';
}

/** The console's words for a refund the shop made (or found made), by its status. */
export function refundMadeWords({ status, amount, orderNow, tax: taxNow }: MadeRefund): string {
  const now = ` The order is now ${orderNow}.`;
  const tax = taxNow ? TAX_NOTE[taxNow] : '';
  switch (status) {
    case 'succeeded':
      return `Refunded ${amount}.${now}${tax}`;
    case 'pending':
      return (
        `The refund of ${amount} is on its way: Stripe accepted it and the customer’s bank has ` +
        `yet to confirm it, which can take days. It may still fail; this page will say so.${now}${tax}`
      );
    case 'requires_action':
      return (
        `The refund of ${amount} is waiting for the customer: Stripe asked them how to receive ` +
        `it, and nothing has reached them yet.${now}${tax}`
      );
    case 'requested':
      return `The refund of ${amount} was sent to Stripe, with no answer yet.${now}`;
    case 'failed':
      return `The refund of ${amount} failed at Stripe: the customer was not refunded.${now}`;
    case 'canceled':
      return `The refund of ${amount} was canceled: the customer was not refunded.${now}`;
  }
}
