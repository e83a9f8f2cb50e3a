import { html } from 'hono/html';
import type Stripe from 'stripe';
import type { SimWords } from '../../stripe-js/messages';
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

/**
 * The challenge page a 3-D Secure redirect leads to, in the customer's language (as far as the
 * simulated Stripe.js speaks it): the customer completes or fails it.
 */
export function challengePage(
  paymentIntent: Stripe.PaymentIntent,
  card: Stripe.PaymentMethod.Card | undefined,
  words: SimWords,
) {
  const amount = formatAmount(paymentIntent.amount, paymentIntent.currency, words.tag);
  const question = card
    ? words.t('challengeCard', {
        amount,
        card: words.t('cardEnding', {
          brand: BRAND_NAMES[card.brand] ?? card.brand,
          last4: card.last4,
        }),
      })
    : words.t('challengeText', { amount });
  return layout(
    words.t('challengePage'),
    html`<h1>${words.t('challengeHeading')}</h1>
      <p>${question}</p>
      <form method="post" action="/_sim/3ds/${paymentIntent.id}">
        <div class="actions">
          <button type="submit" name="outcome" value="complete" class="primary">${words.t('complete')}</button>
          <button type="submit" name="outcome" value="fail" class="secondary">${words.t('fail')}</button>
        </div>
      </form>`,
    words,
  );
}

/** What the page shows when there is nothing (more) to authenticate, or when no return_url was given. */
export function messagePage(title: string, message: string) {
  return layout(title, html`<h1>${title}</h1><p role="status">${message}</p>`);
}
