import { html } from 'hono/html';
import type Stripe from 'stripe';
import { formatAmount, layout } from './layout';

/** The page a charge's receipt_url shows. */
export function receiptPage(charge: Stripe.Charge) {
  const card = charge.payment_method_details?.card;
  return layout(
    'Receipt',
    html`<h1>Receipt</h1>
      <dl>
        <dt>Amount</dt>
        <dd>${formatAmount(charge.amount, charge.currency)}</dd>
        <dt>Refunded</dt>
        <dd>${formatAmount(charge.amount_refunded, charge.currency)}</dd>
        <dt>Date</dt>
        <dd>${new Date(charge.created * 1000).toUTCString()}</dd>
        <dt>Payment method</dt>
        <dd>${card ? `${card.brand} •••• ${card.last4}` : 'card'}</dd>
        <dt>Description</dt>
        <dd>${charge.description ?? '—'}</dd>
        <dt>Charge</dt>
        <dd>${charge.id}</dd>
      </dl>`,
  );
}
