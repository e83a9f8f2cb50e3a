/**
 * GET /thank-you?payment_intent=pi_... (also where Stripe returns after 3-D Secure),
 * ?session_id=cs_... (where Stripe's hosted Checkout returns) or ?checkout_id=...: a receipt
 * that the server has verified, in full for the person who paid (with the proof of
 * src/receipt/proof.ts), the payment's status for anyone else. It reads the ledger, and asks
 * Stripe about an open order only as src/receipt/check.ts allows (at most once per order per
 * 10 s, whoever views it); it says "Thanks" only for money that moved, and never for a payment
 * this shop did not record. HEAD is answered as GET (hono), so it counts the same.
 */
import { Hono } from 'hono/tiny';
import { html } from 'hono/html';
import { findOrderByCheckout, findOrderByPaymentIntent, type Order } from '../ledger';
import { paymentConfig } from '../middleware/payment-config';
import { checkWithStripe } from '../receipt/check';
import { findOrderBySession } from '../ledger/sessions';
import { proofFrom, proves, SESSION_ID } from '../receipt/proof';
import { receiptPage } from '../receipt/view';
import { backToCheckout } from './problem';
import { SHOP } from '../identity';
import { localeOf } from '../middleware/locale';
import { requestUrl } from '../middleware/request-url';
import type { AppEnv } from '../types';
import { assetVersion } from '../assets/version';
import { layout } from './layout';
import { modeNotice } from './shell';

const PAYMENT_INTENT_ID = /^pi_[A-Za-z0-9]{1,64}$/;
const CHECKOUT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const thankYou = new Hono<AppEnv>().get(
  '/',
  // A receipt prices nothing: a mistyped TAX_CALCULATION must not hide a payment that was made.
  paymentConfig({ prices: false }),
  async function thankYouHandler(c) {
    // The query of the URL the payment configuration parsed already (hono's parser scanned the
    // string again: 8-12 µs in the profiles).
    const params = requestUrl(c).searchParams;
    const query = (name: string) => params.get(name);
    const paymentIntentId = query('payment_intent');
    const checkoutId = query('checkout_id');
    // Where Stripe's hosted Checkout sends the customer (CHECKOUT_UI=hosted).
    const sessionId = query('session_id');
    let order: Order | null = null;
    if (paymentIntentId && PAYMENT_INTENT_ID.test(paymentIntentId))
      order = await findOrderByPaymentIntent(c.env.DB, paymentIntentId);
    else if (sessionId && SESSION_ID.test(sessionId))
      order = await findOrderBySession(c.env.DB, sessionId);
    else if (checkoutId && CHECKOUT_ID.test(checkoutId))
      order = await findOrderByCheckout(c.env.DB, checkoutId.toLowerCase());

    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    const reader = localeOf(c);
    if (!order) {
      const { t } = reader;
      const lead = t({ key: 'receipt.notFoundLead', params: { email: SHOP.supportEmail } });
      return c.html(
        layout(reader, assetVersion(c.env), {
          title: t('receipt.notFoundTitle'),
          body: html`<h1>${t('receipt.notFoundHeading')}</h1>
<p class="lead">${lead}</p>${backToCheckout(reader)}`,
        }),
        404,
      );
    }

    const proven = await proves(order, proofFrom(query));
    c.get('log').receipt = proven ? 'full' : 'status';
    const checked = await checkWithStripe(c, order);
    const { mode } = c.get('payment');
    const page = receiptPage(checked.order, reader, checked.freshness, proven, mode);
    // A receipt of a simulated or test payment says so, as the Checkout page did.
    const notice = modeNotice(mode, reader, 'receipt');
    return c.html(layout(reader, assetVersion(c.env), { ...page, notice }));
  },
);
