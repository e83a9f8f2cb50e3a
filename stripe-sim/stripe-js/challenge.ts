import { el, loadStylesheet, nextId } from './dom';

/** The 3-D Secure challenge in a modal dialog; resolves 'complete' or 'fail' (Escape fails it). */
export function challengeDialog(paymentIntent: {
  amount: number;
  currency: string;
}): Promise<'complete' | 'fail'> {
  void loadStylesheet();
  return new Promise((resolve) => {
    const headingId = `${nextId()}-title`;
    const dialog = el('dialog', { class: 'stripe-sim-dialog', 'aria-labelledby': headingId });
    const amount = new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency: paymentIntent.currency.toUpperCase(),
    });
    const digits = amount.resolvedOptions().maximumFractionDigits ?? 2;
    const actions = el('div', { class: 'stripe-sim-actions' });
    const complete = el(
      'button',
      { type: 'button', class: 'stripe-sim-primary' },
      'Complete authentication',
    );
    const fail = el(
      'button',
      { type: 'button', class: 'stripe-sim-secondary' },
      'Fail authentication',
    );
    actions.append(complete, fail);
    dialog.append(
      el('h2', { id: headingId }, '3-D Secure authentication (simulated)'),
      el(
        'p',
        {},
        `Your bank asks you to confirm a payment of ${amount.format(paymentIntent.amount / 10 ** digits)}.`,
      ),
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
