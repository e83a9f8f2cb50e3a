import { html } from 'hono/html';
import type Stripe from 'stripe';
import type { StoredSession } from '../checkout/stored';
import type { Store } from '../store';
import type { Html } from './form-controls';
import { formatAmount } from './layout';

/** The order summary of the hosted Checkout page: lines, subtotal, discount, shipping, tax, total. */

type Tax = Stripe.Checkout.Session.TotalDetails.Breakdown.Tax;

/** "Standard: 3–5 business days", from a shipping rate's delivery estimate. */
export function deliveryEstimate(rate: Stripe.ShippingRate | undefined): string {
  const estimate = rate?.delivery_estimate;
  const unit = (bound: { unit: string; value: number }) =>
    `${bound.unit.replace('_', ' ')}${bound.value === 1 ? '' : 's'}`;
  const { minimum: min, maximum: max } = estimate ?? {};
  if (min && max)
    return min.unit === max.unit
      ? `${min.value}–${max.value} ${unit(max)}`
      : `${min.value} ${unit(min)} to ${max.value} ${unit(max)}`;
  if (min) return `at least ${min.value} ${unit(min)}`;
  if (max) return `up to ${max.value} ${unit(max)}`;
  return '';
}

/** The promotion code a session's discount came through, if any. */
export function appliedCode(session: StoredSession, store: Store) {
  const applied = session.total_details?.breakdown?.discounts[0];
  const id = applied?.discount.promotion_code;
  const code = typeof id === 'string' ? store.get('promotion_code', id) : undefined;
  return applied && { amount: applied.amount, code: code?.code ?? null };
}

function row(label: string, amount: string, className = '') {
  const attributes = className ? html` class="${className}"` : '';
  return html`<tr${attributes}><th scope="row" colspan="2">${label}</th><td class="num">${amount}</td></tr>`;
}

const taxLabel = ({ rate }: Tax) =>
  rate.percentage > 0
    ? `${rate.display_name} (${rate.percentage}%${rate.inclusive ? ', included' : ''})`
    : 'Tax';

/** The summary table. */
export function summary(session: StoredSession, store: Store): Html {
  const currency = session.currency ?? 'usd';
  const money = (amount: number) => formatAmount(amount, currency);
  const discount = appliedCode(session, store);
  const rateId = session.shipping_cost?.shipping_rate;
  const rate = typeof rateId === 'string' ? store.get('shipping_rate', rateId) : undefined;
  const taxes = session.total_details?.breakdown?.taxes ?? [];
  const lines = session.line_items.data.map(
    (line) => html`<tr>
      <th scope="row">${line.description}<br /><small>${money(line.price?.unit_amount ?? 0)} each</small></th>
      <td class="num">${line.quantity ?? 1}</td>
      <td class="num">${money(line.amount_subtotal)}</td>
    </tr>`,
  );
  const pendingTax = session.automatic_tax.status === 'requires_location_inputs';
  return html`<section aria-labelledby="summary-title">
    <h2 id="summary-title">Order summary</h2>
    <table>
      <thead>
        <tr><th scope="col">Item</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Amount</th></tr>
      </thead>
      <tbody>${lines}</tbody>
      <tfoot>
        ${row('Subtotal', money(session.amount_subtotal ?? 0))}
        ${discount ? row(`Discount${discount.code ? ` (${discount.code})` : ''}`, `−${money(discount.amount)}`) : ''}
        ${rate ? row(`Shipping: ${rate.display_name}`, money(session.shipping_cost?.amount_subtotal ?? 0)) : ''}
        ${taxes.map((tax) => row(taxLabel(tax), money(tax.amount)))}
        ${pendingTax ? row('Tax (worked out from your address)', '—') : ''}
        ${row('Total due', money(session.amount_total ?? 0), 'total')}
      </tfoot>
    </table>
  </section>`;
}
