// An order whose tax transaction Stripe Tax holds under an id the shop never learned
// (migrations/0025): the merchant reads what it means and how to mend it
// (docs/shipping-and-tax.md), the order's id filled in.
import type { OrderDetail } from './api';
import { el, fill } from './dom';
import { time } from './words';

/**
 * The recovery's command, for this order: only the transaction's id is left to fill in. It names
 * the ledger by its binding, DB, which follows wrangler.toml to whichever database is live.
 */
const command = (orderId: string) =>
  `npx wrangler d1 execute DB --remote --command ` +
  `"UPDATE orders SET tax_transaction = 'tax_…' WHERE id = '${orderId}'"`;

/** Shows (or hides) in `box` what to do about the order's unknown tax transaction. */
export function showTaxUnknown(box: HTMLElement, detail: OrderDetail): void {
  const since = detail.tax_transaction_unknown_at;
  box.hidden = !since;
  if (!since) {
    fill(box);
    return;
  }
  const id = detail.order.id;
  fill(
    box,
    el(
      'p',
      {},
      el('strong', {}, 'Tax transaction id unknown. '),
      'Stripe Tax recorded this order’s tax, but its answer was lost, so the shop does not know ' +
        `the transaction’s id (found ${time(since)}). Until you record it, the tax of this ` +
        'order’s refunds cannot be reversed at Stripe Tax. The customer is not affected.',
    ),
    el(
      'p',
      {},
      'To mend it: in the Stripe Dashboard, find the tax transaction whose reference is ',
      el('code', {}, id),
      '. Copy its id (it starts with tax_) into this command, and run it where your ' +
        'wrangler.toml is:',
    ),
    el('p', {}, el('code', { class: 'command' }, command(id))),
    el('p', {}, 'The next reconciliation run then reverses the tax of its refunds.'),
  );
}
