/**
 * A receipt only reads: a mistyped TAX_CALCULATION (`Stripe`), which refuses every route that
 * prices (src/config resolveCheckoutConfig), must not keep a customer who paid from their receipt,
 * nor the receipt of a payment finished after 3-D Secure from asking Stripe. Through the Worker's
 * fetch handler and the simulator.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { charge, checkout, order, resetAll, webhookDeliveries } from '../support/checkout';
import { completeAuthentication } from '../support/sweep';

beforeEach(resetAll);

const MISTYPED = { TAX_CALCULATION: 'Stripe' };

describe('a receipt with TAX_CALCULATION mistyped', () => {
  it('thanks a paid order, while what prices still refuses', async () => {
    const paid = await (
      await charge(order({ payment_method: 'pm_card_visa' }))
    ).json<{
      redirect: string;
    }>();
    const receipt = await checkout(paid.redirect, {}, MISTYPED);
    expect(receipt.status).toBe(200);
    const html = await receipt.text();
    expect(html).toContain('<h1>Thanks for your payment!</h1>');
    expect(html).toContain('$5.00');

    // The pricing routes refuse it as before: a typo must not quietly charge no tax.
    const quote = await checkout(
      '/quote',
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' },
      MISTYPED,
    );
    expect(quote.status).toBe(503);
    expect((await checkout('/config', {}, MISTYPED)).status).toBe(503);
  });

  it('asks Stripe for a payment finished after 3-D Secure, and thanks', async () => {
    // The webhook is late: only the receipt's own read can tell that the payment went through.
    await webhookDeliveries(false);
    const secure = await (
      await charge(order({ payment_method: 'pm_card_authenticationRequired' }))
    ).json<{ client_secret: string }>();
    const id = secure.client_secret.split('_secret_')[0]!;
    await completeAuthentication(id);
    const receipt = await checkout(
      `/thank-you?payment_intent=${id}&payment_intent_client_secret=${secure.client_secret}`,
      {},
      MISTYPED,
    );
    expect(receipt.status).toBe(200);
    expect(await receipt.text()).toContain('<h1>Thanks for your payment!</h1>');
  });
});
