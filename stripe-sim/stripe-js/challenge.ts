import { formatAmount } from '../src/amounts';
import { applyTheme, el, loadStylesheet, nextId } from './dom';
import type { SimWords } from './messages';

/**
 * The 3-D Secure challenge in a modal dialog, in the Stripe object's words and the theme of its
 * Payment Element; resolves 'complete' or 'fail' (Escape fails it).
 */
export function challengeDialog(
  paymentIntent: { amount: number; currency: string },
  words: SimWords,
  theme: unknown,
): Promise<'complete' | 'fail'> {
  void loadStylesheet();
  return new Promise((resolve) => {
    const headingId = `${nextId()}-title`;
    const dialog = el('dialog', {
      class: 'stripe-sim-dialog',
      'aria-labelledby': headingId,
      lang: words.tag,
    });
    applyTheme(dialog, theme);
    // Stripe's digits, not Intl's: 17550 HUF is 175,50 Ft, as the bank's page shows it.
    const amount = formatAmount(paymentIntent.amount, paymentIntent.currency, words.tag);
    const actions = el('div', { class: 'stripe-sim-actions' });
    const complete = el(
      'button',
      { type: 'button', class: 'stripe-sim-primary' },
      words.t('complete'),
    );
    const fail = el('button', { type: 'button', class: 'stripe-sim-secondary' }, words.t('fail'));
    actions.append(complete, fail);
    dialog.append(
      el('h2', { id: headingId }, words.t('challengeTitle')),
      el('p', {}, words.t('challengeText', { amount })),
      actions,
    );
    const finish = (outcome: 'complete' | 'fail') => {
      dialog.close();
      dialog.remove();
      resolve(outcome);
    };
    complete.addEventListener('click', () => finish('complete'));
    fail.addEventListener('click', () => finish('fail'));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish('fail');
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    complete.focus();
  });
}
