import { html } from 'hono/html';
import type Stripe from 'stripe';
import { formatAmount, layout } from './layout';

const BRAND_NAMES: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
};

/** The challenge page a 3-D Secure redirect leads to: the customer completes or fails it. */
export function challengePage(
  paymentIntent: Stripe.PaymentIntent,
  card: Stripe.PaymentMethod.Card | undefined,
) {
  const cardText = card
    ? `${BRAND_NAMES[card.brand] ?? 'payment'} card ending in ${card.last4}`
    : 'card';
  return layout(
    '3-D Secure authentication',
    html`<h1>Authenticate this payment</h1>
      <p>
        Your bank asks you to confirm a payment of
        <strong>${formatAmount(paymentIntent.amount, paymentIntent.currency)}</strong> with your ${cardText}.
      </p>
      <form method="post" action="/_sim/3ds/${paymentIntent.id}">
        <div class="actions">
          <button type="submit" name="outcome" value="complete" class="primary">Complete authentication</button>
          <button type="submit" name="outcome" value="fail" class="secondary">Fail authentication</button>
        </div>
      </form>`,
  );
}

/** What the page shows when there is nothing (more) to authenticate, or when no return_url was given. */
export function messagePage(title: string, message: string) {
  return layout(title, html`<h1>${title}</h1><p role="status">${message}</p>`);
}
