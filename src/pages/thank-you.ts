/**
 * GET /thank-you?payment_intent=pi_... (also where Stripe returns after 3-D Secure) or
 * ?checkout_id=...: a receipt that the server has verified. It reads the ledger and asks Stripe
 * only when the ledger does not already know the order is paid; it says "Thanks" only for money
 * that moved, and never for a payment this shop did not record.
 */
import { Hono } from 'hono/tiny';
import { html } from 'hono/html';
import { findProduct } from '../catalog';
import { recordPayment } from '../fulfilment';
import { findOrderByCheckout, findOrderByPaymentIntent, type Order } from '../ledger';
import { paymentConfig } from '../middleware/payment-config';
import { formatMoney, localeFrom } from '../money';
import { MESSAGES } from '../stripe/messages';
import { stripeBudget } from '../stripe/call';
import { stripeFor, retrievePaymentIntent } from '../stripe/client';
import { factsFromPaymentIntent } from '../stripe/facts';
import type { AppEnv } from '../types';
import { layout } from './layout';

const PAYMENT_INTENT_ID = /^pi_[A-Za-z0-9]{1,64}$/;
const CHECKOUT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const BACK = html`<p><a class="button" href="/">Back to checkout</a></p>`;

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

// Like money's formatters: built once per locale (they cost tenths of a millisecond), bounded.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The day an order was placed, in the reader's language (UTC: the server does not know their zone). */
function orderDate(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    if (dateFormats.size >= 100) dateFormats.clear();
    dateFormats.set(locale, format);
  }
  return format.format(date);
}

/** The receipt lines of an order: what was bought, the total, then how and when it was paid. */
function receipt(order: Order, locale: string) {
  const product = findProduct(order.product_id);
  return html`<dl class="receipt">
<div><dt>Item</dt><dd>${product?.name ?? order.product_id} × ${order.quantity}</dd></div>
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
<div><dt>Date</dt><dd>${orderDate(order.created_at, locale)}</dd></div>
<div><dt>Receipt sent to</dt><dd>${order.email}</dd></div>
<div><dt>Reference</dt><dd><code>${order.payment_intent_id ?? order.id}</code></dd></div>
</dl>`;
}

/** While Stripe cannot be asked about an open payment. */
const CHECKING = {
  title: 'Checking your payment',
  refreshSeconds: 5,
  body: html`<h1>We are checking your payment</h1>
<p class="lead" role="status">We could not reach our payment provider to confirm this payment.
This page refreshes by itself; please do not pay again.</p>`,
};

/** The page for each order status. Only `paid` says thanks. */
function view(order: Order, locale: string) {
  switch (order.status) {
    case 'paid':
      return {
        title: 'Thanks for your payment!',
        tone: 'success' as const,
        body: html`<h1>Thanks for your payment!</h1>
<p class="lead">Your payment was received. A receipt is on its way to your inbox.</p>
${receipt(order, locale)}`,
      };
    case 'refunded':
      return {
        title: 'Payment refunded',
        body: html`<h1>This payment was refunded</h1>
<p class="lead">The full amount was returned to your card.</p>${receipt(order, locale)}${BACK}`,
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
<p class="lead" role="alert">${order.last_error ?? MESSAGES.failed}</p>${BACK}`,
      };
  }
}

export const thankYou = new Hono<AppEnv>().get(
  '/',
  paymentConfig(),
  async function thankYouHandler(c) {
    const paymentIntentId = c.req.query('payment_intent');
    const checkoutId = c.req.query('checkout_id');
    let order: Order | null = null;
    if (paymentIntentId && PAYMENT_INTENT_ID.test(paymentIntentId))
      order = await findOrderByPaymentIntent(c.env.DB, paymentIntentId);
    else if (checkoutId && CHECKOUT_ID.test(checkoutId))
      order = await findOrderByCheckout(c.env.DB, checkoutId.toLowerCase());

    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    if (!order) {
      return c.html(
        layout({
          title: 'Payment not found',
          body: html`<h1>We could not find this payment</h1>
<p class="lead">No payment was recorded for this link, so there is nothing to thank you for yet.
If you were charged, your email receipt has the details.</p>${BACK}`,
        }),
        404,
      );
    }

    // Ask Stripe only while the outcome is open: a paid (or refunded, canceled) order is read from the
    // ledger alone. The card on the receipt comes with it, or with Stripe's charge.succeeded event.
    const settled =
      order.status === 'paid' || order.status === 'refunded' || order.status === 'canceled';
    if (!settled && order.payment_intent_id) {
      const stripe = await stripeFor(c.get('payment'));
      const outcome = await retrievePaymentIntent(
        stripe,
        order.payment_intent_id,
        stripeBudget(c.env),
      );
      // Stripe could not be reached: the ledger's open status may be stale (3-D Secure may just have
      // succeeded), so the page says "checking", never "not charged", and asks again shortly. (Any
      // other answer from Stripe is not going to change on a refresh: the ledger's view stands.)
      if (outcome.kind === 'unavailable' || outcome.kind === 'unknown')
        return c.html(layout(CHECKING));
      if (outcome.kind === 'ok') {
        const result = await recordPayment(
          c.env,
          (promise) => c.executionCtx.waitUntil(promise),
          order.id,
          factsFromPaymentIntent(outcome.value),
        );
        order = result?.order ?? order;
      }
    }
    return c.html(layout(view(order, localeFrom(c.req.header('accept-language')))));
  },
);
