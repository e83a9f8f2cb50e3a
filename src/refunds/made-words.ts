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
  /** Stripe Tax has a transaction for the order: the refund's tax is reversed there. */
  taxReversed: boolean;
}

/** Why a reversal is worth saying: Stripe Tax has no call to undo one (src/refunds/failed.ts). */
const TAX_NOTE =
  ' Its tax is reversed in Stripe Tax, and a tax reversal cannot be undone: if this refund ' +
  'fails or is canceled, the next refund reverses only the tax beyond it.';

/** The console's words for a refund the shop made (or found made), by its status. */
export function refundMadeWords({ status, amount, orderNow, taxReversed }: MadeRefund): string {
  const now = ` The order is now ${orderNow}.`;
  const tax = taxReversed ? TAX_NOTE : '';
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
