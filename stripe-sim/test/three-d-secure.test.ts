import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { ORIGIN, resetAll, simFetch, stripeClient, stripeError } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

const RETURN_URL = 'https://shop.test/checkout/return?order=42';

function requiresAction(
  paymentMethod: string,
  extra: Partial<Stripe.PaymentIntentCreateParams> = {},
) {
  return stripe.paymentIntents.create({
    amount: 2000,
    currency: 'eur',
    payment_method: paymentMethod,
    confirm: true,
    return_url: RETURN_URL,
    ...extra,
  });
}

/** Answers the challenge as the page's buttons do (a form post), without following the redirect. */
function answer(id: string, outcome: 'complete' | 'fail', accept?: string) {
  return simFetch(`${ORIGIN}/_sim/3ds/${id}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(accept && { Accept: accept }),
    },
    body: `outcome=${outcome}`,
    redirect: 'manual',
  });
}

describe('the challenge page', () => {
  it('is an accessible page with two buttons posting to the simulator, no inline script or style', async () => {
    const pi = await requiresAction('pm_card_authenticationRequired');
    const response = await simFetch(pi.next_action?.redirect_to_url?.url as string);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    const page = await response.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toMatch(/<title>[^<]+<\/title>/);
    expect(page).toContain(`<form method="post" action="/_sim/3ds/${pi.id}">`);
    expect(page).toMatch(
      /<button type="submit" name="outcome" value="complete"[^>]*>Complete authentication<\/button>/,
    );
    expect(page).toMatch(
      /<button type="submit" name="outcome" value="fail"[^>]*>Fail authentication<\/button>/,
    );
    expect(page).toContain('€20.00');
    expect(page).not.toMatch(/<script|<style|style="/);
    expect(page).toMatch(/simulated/i);
  });

  it("speaks the customer's language, as far as the simulated Stripe.js does", async () => {
    const pi = await requiresAction('pm_card_authenticationRequired');
    const url = pi.next_action?.redirect_to_url?.url as string;
    const german = await simFetch(url, { headers: { 'Accept-Language': 'ja, de-DE;q=0.8' } });
    const page = await german.text();
    expect(page).toContain('<html lang="de-DE">');
    expect(page).toContain('<h1>Diese Zahlung bestätigen</h1>');
    expect(page).toContain('20,00 € mit Ihrer Visa-Karte mit Endziffern 3184');
    expect(page).toMatch(/>Authentifizierung abschließen<\/button>/);
    const other = await simFetch(url, { headers: { 'Accept-Language': 'ja' } });
    expect(await other.text()).toContain('<html lang="en">');
  });

  it('has light and dark colours, each from the system setting', async () => {
    const css = await (await simFetch(`${ORIGIN}/_sim/assets/page.css`)).text();
    expect(css).toContain('color-scheme: light dark');
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\) \{ :root \{ --text: #e7e9ee;/);
  });

  it('says there is nothing to authenticate once the payment is done', async () => {
    const pi = await requiresAction('pm_card_authenticationRequired');
    await answer(pi.id, 'complete');
    const response = await simFetch(`${ORIGIN}/_sim/3ds/${pi.id}`);
    expect(response.status).toBe(409);
    expect(await response.text()).toContain('not awaiting authentication');
  });
});

describe('completing authentication', () => {
  it("charges the card and redirects to return_url with Stripe's parameters", async () => {
    const pi = await requiresAction('pm_card_authenticationRequired');
    const response = await answer(pi.id, 'complete');
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('Location') as string);
    expect(location.origin + location.pathname).toBe('https://shop.test/checkout/return');
    expect(Object.fromEntries(location.searchParams)).toEqual({
      order: '42',
      payment_intent: pi.id,
      payment_intent_client_secret: pi.client_secret,
      redirect_status: 'succeeded',
    });
    const done = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] });
    expect(done.status).toBe('succeeded');
    expect(done.next_action).toBeNull();
    expect(
      (done.latest_charge as Stripe.Charge).payment_method_details?.card?.three_d_secure,
    ).toMatchObject({ result: 'authenticated' });
  });

  for (const [paymentMethod, declineCode] of [
    ['pm_card_authenticationRequiredChargeDeclinedInsufficientFunds', 'insufficient_funds'],
    ['pm_card_threeDSecureRequiredChargeDeclined', 'generic_decline'],
  ] as const) {
    it(`${paymentMethod}: authenticates, then the charge is declined (${declineCode})`, async () => {
      const pi = await requiresAction(paymentMethod);
      const response = await answer(pi.id, 'complete');
      expect(
        new URL(response.headers.get('Location') as string).searchParams.get('redirect_status'),
      ).toBe('failed');
      const declined = await stripe.paymentIntents.retrieve(pi.id);
      expect(declined.status).toBe('requires_payment_method');
      expect(declined.last_payment_error).toMatchObject({
        type: 'card_error',
        code: 'card_declined',
        decline_code: declineCode,
      });
    });
  }

  it('redirects with redirect_status=succeeded once authorized for a manual capture', async () => {
    const pi = await requiresAction('pm_card_authenticationRequired', { capture_method: 'manual' });
    const response = await answer(pi.id, 'complete');
    expect(
      new URL(response.headers.get('Location') as string).searchParams.get('redirect_status'),
    ).toBe('succeeded');
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_capture');
  });

  it('answers JSON to scripts that ask for it', async () => {
    const pi = await requiresAction('pm_card_threeDSecure2Required');
    const response = await answer(pi.id, 'complete', 'application/json');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: pi.id,
      object: 'payment_intent',
      status: 'succeeded',
    });
  });
});

describe('failing authentication', () => {
  it('returns the PaymentIntent to requires_payment_method with payment_intent_authentication_failure', async () => {
    const pi = await requiresAction('pm_card_authenticationRequired');
    const response = await answer(pi.id, 'fail');
    expect(
      new URL(response.headers.get('Location') as string).searchParams.get('redirect_status'),
    ).toBe('failed');
    const failed = await stripe.paymentIntents.retrieve(pi.id);
    expect(failed.status).toBe('requires_payment_method');
    expect(failed.last_payment_error).toMatchObject({
      code: 'payment_intent_authentication_failure',
      message:
        'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
    });
    expect(failed.latest_charge).toBeNull();
    // The customer may then pay with another card.
    expect(
      (await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' })).status,
    ).toBe('succeeded');
  });

  it('refuses an outcome other than complete or fail', async () => {
    const pi = await requiresAction('pm_card_authenticationRequired');
    const response = await simFetch(`${ORIGIN}/_sim/3ds/${pi.id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: 'outcome=maybe',
    });
    expect(response.status).toBe(400);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_action');
  });
});

describe('next action types', () => {
  it('is use_stripe_sdk when the request asks for it', async () => {
    const pi = await requiresAction('pm_card_authenticationRequired', { use_stripe_sdk: true });
    expect(pi.next_action).toEqual({
      type: 'use_stripe_sdk',
      use_stripe_sdk: {
        type: 'three_d_secure_redirect',
        stripe_js: `${ORIGIN}/_sim/3ds/${pi.id}`,
        source: pi.id,
      },
    });
  });

  it('without a return_url, the page ends on a message instead of a redirect', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      payment_method: 'pm_card_authenticationRequired',
      confirm: true,
    });
    expect(pi.next_action?.redirect_to_url?.return_url).toBeNull();
    const response = await answer(pi.id, 'complete');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('The payment succeeded.');
  });
});

describe('canceling a payment left at the bank', () => {
  it('cancels it (abandoned), after which the challenge charges nothing', async () => {
    const pi = await requiresAction('pm_card_authenticationRequired');
    const canceled = await stripe.paymentIntents.cancel(pi.id, {
      cancellation_reason: 'abandoned',
    });
    expect(canceled).toMatchObject({
      status: 'canceled',
      cancellation_reason: 'abandoned',
      next_action: null,
      latest_charge: null,
    });
    // The bank's page, still open in another tab, has nothing left to authenticate.
    expect((await simFetch(pi.next_action?.redirect_to_url?.url as string)).status).toBe(409);
    expect((await answer(pi.id, 'complete', 'application/json')).status).toBe(400);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('canceled');
  });

  it('refuses a reason Stripe does not list, and leaves the payment as it was', async () => {
    const pi = await requiresAction('pm_card_authenticationRequired');
    const refused = await stripeError(() =>
      stripe.paymentIntents.cancel(pi.id, {
        cancellation_reason: 'changed_order' as Stripe.PaymentIntentCancelParams.CancellationReason,
      }),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.raw).toMatchObject({ param: 'cancellation_reason' });
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_action');
  });

  it('refuses once the customer approved, with the PaymentIntent as it now is', async () => {
    const pi = await requiresAction('pm_card_authenticationRequired');
    await answer(pi.id, 'complete');
    const refused = await stripeError(() =>
      stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'abandoned' }),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.code).toBe('payment_intent_unexpected_state');
    expect(refused.payment_intent).toMatchObject({ id: pi.id, status: 'succeeded' });
  });
});
