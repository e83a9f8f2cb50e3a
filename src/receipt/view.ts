/**
 * What a receipt (GET /thank-you) shows for an order, in the reader's language: one page per
 * status, and "checking" while an open order's outcome is not known. Only `paid` says thanks, and
 * it promises an email only when one will really be sent (src/identity: `promisesEmail`).
 */
import { html } from 'hono/html';
import type { Mode } from '../config';
import type { Locale, MessageKey } from '../i18n';
import { countryName } from '../i18n/countries';
import { promisesEmail, SHOP } from '../identity';
import type { Order } from '../ledger';
import { isRefusedFree } from '../ledger/sessions';
import { shippingOf } from '../ledger/shipping';
import { addressText } from '../orders/address.js';
import { memo } from '../memo';
import { formatMoney } from '../money';
import type { LayoutProps } from '../pages/layout';
import { backToCheckout, checkoutLink } from '../pages/problem';
import { keyOfEnglish, MESSAGES } from '../stripe/messages';
import { brandName } from './brands';
import type { Freshness } from './check';
import { orderSummary, rowAmount } from './summary';

/**
 * After a payment: a new order, whatever checkout the customer's tab still keeps (docs/cart.md),
 * and the way back to the shop's own site when it has one.
 */
function afterPayment(reader: Locale) {
  const again = checkoutLink(reader, 'new');
  const newOrder = html`<p><a class="button" href="${again}">${reader.t('receipt.newOrder')}</a></p>`;
  if (SHOP.url === '/') return newOrder;
  const label = reader.t({ key: 'receipt.back', params: { shop: SHOP.name } });
  return html`${newOrder}<p><a class="to-shop" href="${SHOP.url}">${label}</a></p>`;
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

const line = (term: string, value: unknown, className = '') =>
  html`<div${className ? html` class="${className}"` : ''}><dt>${term}</dt><dd>${value}</dd></div>`;

/**
 * The receipt lines of an order: its summary (./summary.ts: number, what was bought, discount,
 * shipping, tax, total), what was refunded, how and when it was paid, where it goes, and what the
 * card statement will say; then who to ask.
 */
function receipt(order: Order, reader: Locale, emailed: boolean) {
  const { t, tag } = reader;
  const money = (amount: number) => formatMoney(amount, order.currency, tag);
  const summary = orderSummary(order, reader);
  const shipping = shippingOf(order);
  return html`<dl class="receipt">
${line(t('receipt.order'), html`<strong>${summary.number}</strong>`, 'number')}
${summary.rows.map((row) =>
  line(row.label, rowAmount(row, money), row.kind === 'total' ? 'total' : ''),
)}
${order.amount_refunded > 0 ? line(t('receipt.refunded'), money(order.amount_refunded)) : ''}
${
  order.card_last4
    ? line(
        t('receipt.card'),
        t({
          key: 'receipt.cardEnding',
          params: {
            brand: brandName(order.card_brand, reader.t('receipt.card')),
            last4: order.card_last4,
          },
        }),
      )
    : ''
}
${
  shipping
    ? line(
        t('receipt.shipsTo'),
        addressText(shipping, (code) => countryName(code, tag)),
      )
    : ''
}
${line(t('receipt.date'), orderDate(order.created_at, tag), 'date')}
${line(t(emailed ? 'receipt.sentTo' : 'receipt.email'), order.email)}
${line(t('receipt.statement'), SHOP.statementDescriptor.toUpperCase())}
</dl>
<p class="help">${t({ key: 'receipt.help', params: { email: SHOP.supportEmail } })}</p>`;
}

/**
 * Where an open payment stands (`lead`), in a polite live region, and "Check again": a link to
 * this address (href=""), which client/recheck.ts hides while it checks by itself.
 */
function stillOpen(lead: MessageKey, { t }: Locale) {
  return html`<p class="lead" role="status">${t(lead)} ${t('receipt.doNotPayAgain')}</p>
<p><a id="check-again" href="" data-stopped="${t('receipt.stoppedChecking')}">${t(
    'receipt.checkAgain',
  )}</a></p>`;
}

/**
 * The checkout a receipt of money received ends in the viewer's tab (layout's `ended`): only for
 * its payer (`proven`), who knows the checkout already; a status-only viewer is not told it.
 */
const ended = (order: Order, proven: boolean) => (proven ? order.checkout_id : undefined);

/**
 * Whether an open order's Session completed with a payment on its way (settling, or awaiting a
 * voucher or transfer): nothing else can pay its checkout, and the tab's next cart is a new one.
 */
const sessionDone = (order: Order): boolean =>
  order.hosted === 1 && order.payment_intent_id !== null;

/** An open payment whose outcome this view cannot tell: the ledger's status may be stale. */
function checking(freshness: 'waiting' | 'unreachable', reader: Locale): LayoutProps {
  const { t } = reader;
  return {
    title: t('receipt.checkingTitle'),
    recheck: true,
    body: html`<h1>${t('receipt.checkingHeading')}</h1>
${stillOpen(freshness === 'unreachable' ? 'receipt.unreachable' : 'receipt.confirming', reader)}`,
  };
}

/**
 * An order a 100 % code made free on Stripe's page, which the ledger keeps open at its amount
 * before the code (FREE_SESSION_REFUSED of src/ledger/sessions): its receipt says nothing was charged, with total 0.
 */
function free(order: Order, reader: Locale, emailed: boolean, proven: boolean): LayoutProps {
  const { t } = reader;
  const details = proven
    ? receipt({ ...order, amount: 0 }, reader, emailed)
    : html`<p>${t(emailed ? 'receipt.statusOnlyEmail' : 'receipt.statusOnly')}</p>`;
  return {
    title: t('receipt.freeTitle'),
    body: html`<h1>${t('receipt.freeHeading')}</h1>
<p class="lead">${t('receipt.freeLead')}</p>
${details}${afterPayment(reader)}`,
  };
}

/** A failed payment's reason, in the reader's language (the ledger keeps it in English). */
function failure(order: Order, reader: Locale, proven: boolean): string {
  const kept = proven ? order.last_error : null;
  if (!kept) return reader.t(MESSAGES.failed);
  const key = keyOfEnglish(kept);
  if (key) return reader.t(key);
  return reader.language === 'en' ? kept : reader.t(MESSAGES.failed);
}

/**
 * The page for an order: by its status, or "checking" while it is open and its outcome unknown
 * (Stripe unreachable, or waiting for 3-D Secure while another view asks). Only `paid` says thanks.
 * The receipt's lines and the decline's reason (the customer's email, card and items) only for
 * `proven` views: anyone else reads the status.
 */
export function receiptPage(
  order: Order,
  reader: Locale,
  freshness: Freshness,
  proven: boolean,
  mode: Mode,
): LayoutProps {
  if (
    freshness === 'unreachable' ||
    (freshness === 'waiting' && order.status === 'requires_action')
  )
    return checking(freshness, reader);
  const { t } = reader;
  const emailed = promisesEmail(mode, SHOP.receiptEmails, order.hosted ? 'hosted' : 'elements');
  const details = proven
    ? receipt(order, reader, emailed)
    : html`<p>${t(emailed ? 'receipt.statusOnlyEmail' : 'receipt.statusOnly')}</p>`;
  switch (order.status) {
    case 'paid': {
      const lead = proven
        ? `${t('receipt.received')}${emailed ? ` ${t('receipt.emailFollows')}` : ''}`
        : t('receipt.receivedStatus');
      return {
        title: t('receipt.thanks'),
        tone: 'success' as const,
        ended: ended(order, proven),
        body: html`<h1>${t('receipt.thanks')}</h1>
<p class="lead">${lead}</p>
${details}${afterPayment(reader)}`,
      };
    }
    case 'partially_refunded':
      return {
        title: t('receipt.partlyRefundedTitle'),
        ended: ended(order, proven),
        body: html`<h1>${t('receipt.partlyRefundedHeading')}</h1>
<p class="lead">${t(proven ? 'receipt.partlyRefundedLead' : 'receipt.partlyRefundedStatus')}</p>
${details}${afterPayment(reader)}`,
      };
    case 'refunded':
      return {
        title: t('receipt.refundedTitle'),
        ended: ended(order, proven),
        body: html`<h1>${t('receipt.refundedHeading')}</h1>
<p class="lead">${t('receipt.refundedLead')}</p>${details}${afterPayment(reader)}`,
      };
    case 'pending':
      if (isRefusedFree(order)) return free(order, reader, emailed, proven);
      return {
        title: t('receipt.pendingTitle'),
        recheck: true,
        ended: sessionDone(order) ? ended(order, proven) : undefined,
        body: html`<h1>${t('receipt.pendingHeading')}</h1>
${stillOpen('receipt.pendingLead', reader)}`,
      };
    case 'requires_action':
      // Stripe's page completed awaiting a voucher or a bank transfer, which its customer pays
      // with the instructions it gave: for days, and never "not charged" (a second checkout).
      if (sessionDone(order))
        return {
          title: t('receipt.awaitingTitle'),
          ended: ended(order, proven),
          body: html`<h1>${t('receipt.awaitingHeading')}</h1>
<p class="lead" role="status">${t('receipt.awaitingLead')} ${t('receipt.doNotPayAgain')}</p>`,
        };
      return {
        title: t('receipt.incompleteTitle'),
        tone: 'problem' as const,
        body: html`<h1>${t('receipt.actionHeading')}</h1>
<p class="lead">${t('receipt.actionLead')}</p>${backToCheckout(reader)}`,
      };
    case 'canceled':
      return {
        title: t('receipt.canceledTitle'),
        body: html`<h1>${t('receipt.canceledHeading')}</h1>
<p class="lead">${t('common.notCharged')}</p>${backToCheckout(reader)}`,
      };
    case 'failed':
      return {
        title: t('receipt.incompleteTitle'),
        tone: 'problem' as const,
        body: html`<h1>${t('receipt.failedHeading')}</h1>
<p class="lead" role="alert">${failure(order, reader, proven)}</p>${backToCheckout(reader)}`,
      };
  }
}
