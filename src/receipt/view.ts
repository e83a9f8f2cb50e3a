/**
 * What a receipt (GET /thank-you) shows for an order: one page per status, and "checking" while
 * an open order's outcome is not known. Only `paid` says thanks.
 */
import { html } from 'hono/html';
import type { Order } from '../ledger';
import { lineName, linesOf } from '../ledger/lines';
import { shippingOf } from '../ledger/shipping';
import { addressText } from '../orders/address.js';
import { memo } from '../memo';
import { formatMoney } from '../money';
import type { LayoutProps } from '../pages/layout';
import { MESSAGES } from '../stripe/messages';
import type { Freshness } from './check';

export const BACK = html`<p><a class="button" href="/">Back to checkout</a></p>`;

/** After a payment: a new order, whatever checkout the customer's tab still keeps (docs/cart.md). */
const NEW_ORDER = html`<p><a class="button" href="/?new">Start a new order</a></p>`;

function brandName(brand: string | null): string {
  const names: Record<string, string> = {
    amex: 'American Express',
    diners: 'Diners Club',
    discover: 'Discover',
    jcb: 'JCB',
    mastercard: 'Mastercard',
    unionpay: 'UnionPay',
    visa: 'Visa',
  };
  return brand ? (names[brand] ?? brand) : 'Card';
}

// Like money's formatters: built once per locale (they cost tenths of a millisecond).
const dateFormat = memo(
  100,
  (locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }),
);
// Formatting a date costs more than the rest of the receipt, and a day's receipts share it.
const formattedDay = memo(1000, (locale: string, day: string) =>
  dateFormat(locale).format(new Date(day)),
);

/** The day an order was placed, in the reader's language (UTC: the server does not know their zone). */
function orderDate(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // YYYY-MM-DD, read back as that day's UTC midnight.
  return formattedDay(locale, date.toISOString().slice(0, 10));
}

/**
 * The receipt lines of an order: what was bought (each line at its price before the discount),
 * the discount and its code, the total, then how and when it was paid.
 */
function receipt(order: Order, locale: string) {
  const money = (amount: number) => formatMoney(amount, order.currency, locale);
  const code = order.promotion_code ? ` (${order.promotion_code})` : '';
  const shipping = shippingOf(order);
  return html`<dl class="receipt">
${linesOf(order).map(
  (line) =>
    html`<div><dt>${lineName(line)} × ${line.quantity}</dt><dd>${money(line.amount + line.discount)}</dd></div>`,
)}
${
  order.discount_amount > 0
    ? html`<div><dt>Discount${code}</dt><dd>−${money(order.discount_amount)}</dd></div>`
    : ''
}
${shipping ? html`<div><dt>Shipping (${shipping.rate_name})</dt><dd>${money(order.shipping_amount)}</dd></div>` : ''}
${order.tax_calculation ? html`<div><dt>Tax</dt><dd>${money(order.tax_amount)}</dd></div>` : ''}
<div class="total"><dt>Total paid</dt><dd class="amount">${formatMoney(order.amount, order.currency, locale)}</dd></div>
${
  order.amount_refunded > 0
    ? html`<div><dt>Refunded</dt><dd>${formatMoney(order.amount_refunded, order.currency, locale)}</dd></div>`
    : ''
}
${
  order.card_last4
    ? html`<div><dt>Card</dt><dd>${brandName(order.card_brand)} ending in ${order.card_last4}</dd></div>`
    : ''
}
${shipping ? html`<div><dt>Ships to</dt><dd>${addressText(shipping)}</dd></div>` : ''}
<div><dt>Date</dt><dd>${orderDate(order.created_at, locale)}</dd></div>
<div><dt>Receipt sent to</dt><dd>${order.email}</dd></div>
<div><dt>Reference</dt><dd><code>${order.payment_intent_id ?? order.id}</code></dd></div>
</dl>`;
}

/** An open payment whose outcome this view cannot tell: the ledger's status may be stale. */
function checking(freshness: 'waiting' | 'unreachable'): LayoutProps {
  return {
    title: 'Checking your payment',
    refreshSeconds: 5,
    body: html`<h1>We are checking your payment</h1>
<p class="lead" role="status">${
      freshness === 'unreachable'
        ? 'We could not reach our payment provider to confirm this payment.'
        : 'We are confirming this payment with our payment provider.'
    }
This page refreshes by itself; please do not pay again.</p>`,
  };
}

/** In place of the receipt for a visitor without proof (src/receipt/proof.ts). */
const STATUS_ONLY = html`<p>For privacy, this link shows the payment’s status only. The full
receipt, with the items, the card and the email address, is in the email sent when the payment was
made, and on the page the customer’s browser opened right after paying.</p>`;

/**
 * The page for an order: by its status, or "checking" while it is open and its outcome unknown
 * (Stripe unreachable, or waiting for 3-D Secure while another view asks). Only `paid` says thanks.
 * The receipt's lines and the decline's reason (the customer's email, card and items) only for
 * `proven` views: anyone else reads the status.
 */
export function receiptPage(
  order: Order,
  locale: string,
  freshness: Freshness,
  proven: boolean,
): LayoutProps {
  if (
    freshness === 'unreachable' ||
    (freshness === 'waiting' && order.status === 'requires_action')
  )
    return checking(freshness);
  const details = proven ? receipt(order, locale) : STATUS_ONLY;
  switch (order.status) {
    case 'paid':
      return {
        title: 'Thanks for your payment!',
        tone: 'success' as const,
        body: html`<h1>Thanks for your payment!</h1>
<p class="lead">${
          proven
            ? 'Your payment was received. A receipt is on its way to your inbox.'
            : 'This payment was received.'
        }</p>
${details}${NEW_ORDER}`,
      };
    case 'partially_refunded':
      return {
        title: 'Payment partly refunded',
        body: html`<h1>Part of this payment was refunded</h1>
<p class="lead">${
          proven
            ? 'Your payment was received, and part of it was returned to the card.'
            : 'This payment was received, and part of it was refunded.'
        }</p>
${details}`,
      };
    case 'refunded':
      return {
        title: 'Payment refunded',
        body: html`<h1>This payment was refunded</h1>
<p class="lead">The full amount was returned to the card.</p>${details}${BACK}`,
      };
    case 'pending':
      return {
        title: 'Payment processing',
        refreshSeconds: 5,
        body: html`<h1>Your payment is processing</h1>
<p class="lead" role="status">We are waiting for your bank to confirm the payment.
This page refreshes by itself; please do not pay again.</p>`,
      };
    case 'requires_action':
      return {
        title: 'Payment not completed',
        tone: 'problem' as const,
        body: html`<h1>Your payment is not complete</h1>
<p class="lead">Your bank asked you to confirm this payment, and it has not been confirmed.
You have not been charged.</p>${BACK}`,
      };
    case 'canceled':
      return {
        title: 'Payment canceled',
        body: html`<h1>This payment was canceled</h1><p class="lead">You have not been charged.</p>${BACK}`,
      };
    case 'failed':
      return {
        title: 'Payment not completed',
        tone: 'problem' as const,
        body: html`<h1>Your payment was not completed</h1>
<p class="lead" role="alert">${(proven && order.last_error) || MESSAGES.failed}</p>${BACK}`,
      };
  }
}
