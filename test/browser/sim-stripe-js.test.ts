/**
 * The simulated Stripe.js's own 3-D Secure challenge (stripe.handleNextAction on a `use_stripe_sdk`
 * action), as a customer sees it in Chromium: the amount in Stripe's units of the currency, as
 * Stripe's challenge shows the PaymentIntent's amount (17550 HUF is 175,50 HUF, not 17.550 HUF or
 * 176 HUF), in the Stripe object's language, accessible, and its answer goes to the PaymentIntent.
 */
import { axeViolations } from './support/axe.ts';
import { CHROMIUM } from './support/checkout-page.ts';
import { describe, expect, test } from './support/fixtures.ts';
import { simPost } from './support/sim.ts';

interface Intent {
  id: string;
  client_secret: string;
  status: string;
  amount: number;
  currency: string;
}

describe.skipIf(!CHROMIUM)("the simulated Stripe.js's challenge", () => {
  test("shows 17550 HUF as 175,50 HUF in German (Stripe's digits), and completing it pays 17550", async ({
    checkoutPage: page,
  }) => {
    const intent = await simPost<Intent>('/v1/payment_intents', {
      amount: '17550',
      currency: 'huf',
      payment_method: 'pm_card_authenticationRequired',
      confirm: 'true',
      use_stripe_sdk: 'true',
      return_url: 'https://shop.test/return',
    });
    expect([intent.status, intent.amount]).toEqual(['requires_action', 17550]);

    // The page's Stripe.js (the simulator's, served to the Checkout page) with a German Stripe
    // object; the promise settles once the customer answers the dialog.
    const handled = page.evaluate(async (clientSecret) => {
      const { Stripe } = window as unknown as {
        Stripe: (
          key: string,
          options: { locale: string },
        ) => {
          handleNextAction(options: { clientSecret: string }): Promise<{
            paymentIntent?: { status: string; amount: number; currency: string };
            error?: unknown;
          }>;
        };
      };
      return Stripe('pk_test_local_stack', { locale: 'de-DE' }).handleNextAction({ clientSecret });
    }, intent.client_secret);
    // Awaited below: a failed expectation before then must not leave it unhandled.
    handled.catch(() => undefined);

    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getAttribute('lang')).toBe('de-DE');
    // Intl names the currency as the locale does (HUF in German); the digits are Stripe's. The
    // dialog used Intl's digits (none for HUF in Chromium) and read "17.550 HUF".
    expect(await dialog.innerText()).toMatch(
      /Ihre Bank bittet Sie, eine Zahlung von 175,50\s(HUF|Ft) zu bestätigen\./,
    );
    expect(await axeViolations(page), 'axe with the challenge open').toEqual([]);

    await dialog.getByRole('button', { name: 'Authentifizierung abschließen' }).click();
    const { paymentIntent, error } = await handled;
    expect(error).toBeUndefined();
    expect(paymentIntent).toMatchObject({ status: 'succeeded', amount: 17550, currency: 'huf' });
    expect(await dialog.count()).toBe(0);
  });
});
