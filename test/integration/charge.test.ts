/**
 * POST /charge through the Worker's fetch handler, against the Stripe simulator.
 */
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  charge,
  chargeForm,
  checkout,
  confirmationToken,
  expectLedgerMatchesStripe,
  fault,
  flushWebhooks,
  heldKeys,
  order,
  orderOf,
  orders,
  paymentIntents,
  payDirectly,
  postJson,
  releaseHeld,
  resetAll,
  sim,
  simRequests,
  stripe,
  webhookDeliveries,
} from '../support/checkout';
import { de } from '../../src/i18n/messages/de';
import { en } from '../../src/i18n/messages/en';
import { CHECKOUT_ORIGIN } from '../support/env';
import { LANGUAGE_CASES } from '../support/languages';

beforeEach(resetAll);

/** The receipt's thanks, by the language of LANGUAGE_CASES' pages. */
const THANKS: Record<string, string> = { en: en['receipt.thanks'], de: de['receipt.thanks'] };

describe('a paid order', () => {
  /** Pays one $5.00 item with a ConfirmationToken, as the Payment Element makes them. */
  async function payWithToken() {
    const body = order({ confirmation_token: await confirmationToken('pm_card_visa') });
    const response = await charge(body);
    const [pi] = await paymentIntents();
    return { body, response, pi: pi! };
  }

  it('answers succeeded with the way to its receipt, and the proof that shows it in full', async () => {
    const { body, response, pi } = await payWithToken();
    expect(response.status).toBe(200);
    const { receipt_token } = (await orderOf(body.checkout_id!))!;
    expect(receipt_token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await response.json()).toEqual({
      status: 'succeeded',
      redirect: `/thank-you?payment_intent=${pi.id}&receipt_token=${receipt_token}`,
    });
  });

  it('charges Stripe $5.00 for the checkout, with the receipt email and the order in metadata', async () => {
    const { body, pi } = await payWithToken();
    expect(pi).toMatchObject({
      status: 'succeeded',
      amount: 500,
      currency: 'usd',
      receipt_email: 'jane.doe@example.com',
      description: '1 × Support our work',
      metadata: {
        checkout_id: body.checkout_id,
        order_id: expect.stringMatching(/^ord_/),
        items: '1 × support-5',
      },
    });
  });

  it('records the order paid in the ledger, with its PaymentIntent and card', async () => {
    const { body, pi } = await payWithToken();
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'paid',
      amount: 500,
      currency: 'usd',
      payment_intent_id: pi.id,
      card_brand: 'visa',
      card_last4: '4242',
    });
    await expectLedgerMatchesStripe();
  });

  it('creates and confirms the PaymentIntent in one Stripe call, keyed by the checkout', async () => {
    const before = (await simRequests()).length;
    const body = order();
    await charge(body);
    const calls = (await simRequests()).slice(before);
    expect(calls).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/v1/payment_intents',
        idempotency_key: `${body.checkout_id}/1`,
        status: 200,
      }),
    ]);
  });

  it('prices the order on the server: a client-sent amount or currency is ignored', async () => {
    const response = await charge(
      order(undefined, { quantity: 3, amount: 1, unitAmount: 1, currency: 'jpy', price: 0 }),
    );
    expect(response.status).toBe(200);
    const [pi] = await paymentIntents();
    expect(pi).toMatchObject({ amount: 1500, currency: 'usd', status: 'succeeded' });
  });
});

describe('receipt emails', () => {
  it.each(["o'brien@example.com", 'a@xn--bcher-kva.de', 'jane+shop@mail.example.co.uk'])(
    'pays with %s, which browsers accept, and sends Stripe the same address',
    async (email) => {
      const body = order({ payment_method: 'pm_card_visa' }, { email });
      const response = await charge(body);
      expect(response.status).toBe(200);
      const { redirect } = await response.json<{ redirect: string }>();
      const [pi] = await paymentIntents();
      expect(pi).toMatchObject({ status: 'succeeded', receipt_email: email });
      expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'paid', email });
      expect(await (await checkout(redirect)).text()).toContain(email.replace("'", '&#39;'));
    },
  );

  it.each(['jane@', 'jane doe@example.com', 'jane@example..com', 'jane@example.com.', 'jane'])(
    'refuses %s before anything is written or charged',
    async (email) => {
      const response = await charge(order(undefined, { email }));
      expect(response.status).toBe(400);
      expect((await response.json<{ error: { param: string } }>()).error.param).toBe('email');
      expect(await paymentIntents()).toEqual([]);
      expect(await orders()).toEqual([]);
    },
  );
});

describe('declines', () => {
  const declines = [
    ['pm_card_visa_chargeDeclined', 'card_declined', 'generic_decline', 'Your card was declined.'],
    [
      'pm_card_visa_chargeDeclinedInsufficientFunds',
      'card_declined',
      'insufficient_funds',
      'Your card has insufficient funds.',
    ],
    // Lost, stolen and fraud declines are confidential: the customer sees a generic decline.
    [
      'pm_card_visa_chargeDeclinedLostCard',
      'card_declined',
      'generic_decline',
      'Your card was declined.',
    ],
    [
      'pm_card_visa_chargeDeclinedStolenCard',
      'card_declined',
      'generic_decline',
      'Your card was declined.',
    ],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', undefined, 'Your card has expired.'],
    [
      'pm_card_chargeDeclinedIncorrectCvc',
      'incorrect_cvc',
      undefined,
      "Your card's security code is incorrect.",
    ],
    [
      'pm_card_chargeDeclinedProcessingError',
      'processing_error',
      undefined,
      'An error occurred while processing your card.',
    ],
    ['pm_card_radarBlock', 'card_declined', 'generic_decline', 'Your card was declined.'],
  ] as const;

  it.each(declines)(
    '%s answers 402 with code %s / %s and says plainly that nothing was charged',
    async (pm, code, declineCode, text) => {
      const body = order({ confirmation_token: await confirmationToken(pm) });
      const response = await charge(body);
      expect(response.status).toBe(402);
      const { error } = await response.json<{
        error: { message: string; code: string; decline_code?: string; charged: boolean };
      }>();
      expect(error.code).toBe(code);
      expect(error.decline_code).toBe(declineCode);
      expect(error.message).toContain(text);
      expect(error.message).toContain('You have not been charged.');
      expect(error.charged).toBe(false);
      expect(await orderOf(body.checkout_id!)).toMatchObject({
        status: 'failed',
        declines: 1,
        last_error: error.message,
      });
      await expectLedgerMatchesStripe();
    },
  );

  it('lets the customer pay on the same checkout after a decline: one PaymentIntent, then succeeded', async () => {
    const body = order({
      confirmation_token: await confirmationToken('pm_card_visa_chargeDeclinedInsufficientFunds'),
    });
    expect((await charge(body)).status).toBe(402);
    const retry = await charge({
      ...body,
      confirmation_token: await confirmationToken('pm_card_visa'),
    });
    expect(retry.status).toBe(200);
    const intents = await paymentIntents();
    expect(intents).toHaveLength(1);
    expect(intents[0]?.status).toBe('succeeded');
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'paid',
      attempt: 2,
      declines: 1,
    });
    const keys = (await simRequests())
      .filter((r) => r.method === 'POST' && r.path.startsWith('/v1/payment_intents'))
      .map((r) => r.idempotency_key);
    expect(keys).toEqual([`${body.checkout_id}/1`, `${body.checkout_id}/2`]);
    await expectLedgerMatchesStripe();
  });
});

describe('3-D Secure', () => {
  /** A checkout with a card that needs 3-D Secure: its body, /charge's answer, its PaymentIntent id. */
  async function payNeedingAuthentication(headers: Record<string, string> = {}, path = '/charge') {
    const body = order({
      confirmation_token: await confirmationToken('pm_card_authenticationRequired'),
    });
    const response = await postJson(path, body, headers);
    const answer = await response.clone().json<{ status: string; client_secret: string }>();
    return { body, response, id: answer.client_secret.split('_secret_')[0]! };
  }

  /** The customer completes (or fails) authentication on the bank's page: where it sends them. */
  async function authenticate(id: string, outcome: 'complete' | 'fail'): Promise<Response> {
    return sim(`/_sim/3ds/${id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `outcome=${outcome}`,
      redirect: 'manual',
    });
  }

  it('answers requires_action with the client secret, and the order waits for it', async () => {
    const { body, response, id } = await payNeedingAuthentication();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'requires_action',
      client_secret: expect.stringMatching(new RegExp(`^${id}_secret_\\w+$`)),
    });
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'requires_action' });
  });

  it('sends the customer back to the Checkout page, which shows the receipt or the cart again', async () => {
    const { id } = await payNeedingAuthentication();
    const pi = await stripe.paymentIntents.retrieve(id);
    expect(pi.next_action?.redirect_to_url?.return_url).toBe(`${CHECKOUT_ORIGIN}/`);
    const auth = await authenticate(id, 'complete');
    expect(auth.status).toBe(303);
    const back = new URL(auth.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(`${CHECKOUT_ORIGIN}/`);
    expect(Object.fromEntries(back.searchParams)).toMatchObject({
      payment_intent: id,
      payment_intent_client_secret: pi.client_secret,
      redirect_status: 'succeeded',
    });
  });

  it('thanks the authenticated customer for $5.00 paid with the card that authenticated', async () => {
    const { body, id } = await payNeedingAuthentication();
    const back = new URL((await authenticate(id, 'complete')).headers.get('location')!);
    const page = await checkout(`/thank-you${back.search}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Thanks for your payment!');
    expect(html).toContain('$5.00');
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'paid' });
    // The card is on the receipt as soon as the ledger has it (from this view or the webhook).
    await expect
      .poll(async () => (await checkout(`/thank-you${back.search}`)).text())
      .toContain('ending in 3184');
  });

  it('brings a customer who chose German (?lang=de) back to German pages, whatever their browser says', async () => {
    // The page at /?lang=de says its language (client/cart.ts); the browser prefers English.
    const { body, id } = await payNeedingAuthentication(
      { 'Accept-Language': 'en-US,en;q=0.9' },
      '/charge?lang=de',
    );
    const pi = await stripe.paymentIntents.retrieve(id);
    expect(pi.next_action?.redirect_to_url?.return_url).toBe(`${CHECKOUT_ORIGIN}/?lang=de`);
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      return_url: `${CHECKOUT_ORIGIN}/?lang=de`,
    });
    const back = new URL((await authenticate(id, 'complete')).headers.get('location')!);
    expect(back.searchParams.get('lang')).toBe('de');
    const browser = { headers: { 'Accept-Language': 'en-US,en;q=0.9' } };
    const page = await (await checkout(`${back.pathname}${back.search}`, browser)).text();
    expect(page).toContain('<html lang="de">');
    // The page sends the customer on to the receipt with the query it came back with.
    const receipt = await (await checkout(`/thank-you${back.search}`, browser)).text();
    expect(receipt).toContain('<html lang="de">');
    expect(receipt).toContain('Vielen Dank für Ihre Zahlung!');
    // Its way to a new order keeps the language too.
    const links = [...receipt.matchAll(/class="button" href="([^"]+)"/g)].map(([, href]) => href);
    expect(links).toEqual(['/?new&amp;lang=de']);
  });

  it.each(LANGUAGE_CASES)(
    'brings $who back to its language, with ?lang= only for a link’s choice',
    async ({ browser, lang, kept, tag }) => {
      const { body, id } = await payNeedingAuthentication(
        { 'Accept-Language': browser },
        `/charge?lang=${lang}`,
      );
      const returnUrl = `${CHECKOUT_ORIGIN}/${kept && `?${kept}`}`;
      expect(await orderOf(body.checkout_id!)).toMatchObject({ return_url: returnUrl });
      const back = new URL((await authenticate(id, 'complete')).headers.get('location')!);
      expect(back.searchParams.get('lang')).toBe(new URLSearchParams(kept).get('lang'));
      const headers = { 'Accept-Language': browser };
      const receipt = await (await checkout(`/thank-you${back.search}`, { headers })).text();
      expect(receipt).toContain(`<html lang="${tag}">`);
      expect(receipt).toContain(THANKS[tag.slice(0, 2)]);
    },
  );

  it('keeps the return_url an order stored before (?lang= of a browser-chosen language)', async () => {
    // An attempt declined, and the order's return_url as the earlier rule wrote it: the next
    // attempt sends the stored one (its key's parameters the same on every resend).
    const body = order({
      confirmation_token: await confirmationToken('pm_card_visa_chargeDeclined'),
    });
    expect((await charge(body, { 'Accept-Language': 'en-US' })).status).toBe(402);
    const stored = `${CHECKOUT_ORIGIN}/?lang=en-US`;
    await env.DB.prepare('UPDATE orders SET return_url = ? WHERE checkout_id = ?')
      .bind(stored, body.checkout_id)
      .run();
    const token = await confirmationToken('pm_card_authenticationRequired');
    const retry = await charge(
      { ...body, confirmation_token: token },
      { 'Accept-Language': 'en-US' },
    );
    const { client_secret } = await retry.json<{ client_secret: string }>();
    const id = client_secret.split('_secret_')[0]!;
    const pi = await stripe.paymentIntents.retrieve(id);
    expect(pi.next_action?.redirect_to_url?.return_url).toBe(stored);
    const back = new URL((await authenticate(id, 'complete')).headers.get('location')!);
    expect(back.searchParams.get('lang')).toBe('en-US');
    const headers = { 'Accept-Language': 'de-DE,de' };
    const receipt = await (await checkout(`/thank-you${back.search}`, { headers })).text();
    expect(receipt).toContain('<html lang="en-US">');
    expect(receipt).toContain('Thanks for your payment!');
  });

  it('answers paid when the ledger thought failed a payment that went through at Stripe', async () => {
    // However the ledger came to read failed (a late failure event of an earlier attempt, say),
    // a new Pay confirms a PaymentIntent that succeeded: Stripe refuses, and its refusal carries
    // the PaymentIntent, which is the answer. "Not charged" would invite a second payment.
    await webhookDeliveries(false);
    const { body, id } = await payNeedingAuthentication();
    await authenticate(id, 'complete');
    // As the ledger records a failure: the attempt over, its key retired.
    await env.DB.prepare(
      `UPDATE orders SET status = 'failed', attempt = attempt + 1, declines = declines + 1
       WHERE checkout_id = ?`,
    )
      .bind(body.checkout_id)
      .run();
    const again = await charge({
      ...body,
      confirmation_token: await confirmationToken('pm_card_visa'),
    });
    expect(await again.json()).toMatchObject({ status: 'succeeded' });
    expect(again.status).toBe(200);
    expect(await paymentIntents()).toHaveLength(1);
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'paid',
      payment_intent_id: id,
    });
  });

  it('a failed authentication is not thanked, and says the customer was not charged', async () => {
    const { body, id } = await payNeedingAuthentication();
    const auth = await authenticate(id, 'fail');
    const back = new URL(auth.headers.get('location')!);
    expect(back.searchParams.get('redirect_status')).toBe('failed');
    const html = await (await checkout(`/thank-you${back.search}`)).text();
    expect(html).not.toContain('Thanks');
    expect(html).toContain('You have not been charged');
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'failed' });
  });
});

describe('double submits', () => {
  it('one checkout_id submitted twice in a row makes one PaymentIntent', async () => {
    const body = order({ confirmation_token: await confirmationToken('pm_card_visa') });
    const first = await (await charge(body)).json();
    const second = await (await charge(body)).json();
    expect(second).toEqual(first);
    expect(await paymentIntents()).toHaveLength(1);
  });

  it('one checkout_id submitted 10 times at once makes one PaymentIntent and one paid order', async () => {
    const body = order({ confirmation_token: await confirmationToken('pm_card_visa') });
    const responses = await Promise.all(Array.from({ length: 10 }, () => charge(body)));
    const answers = await Promise.all(
      responses.map(async (response) => ({ status: response.status, body: await response.json() })),
    );
    // Each copy is either the payment (made or replayed), or, when Stripe refused it while the first
    // held the key (409 idempotency_key_in_use), "not confirmed yet": the page then sends it again.
    for (const answer of answers)
      expect(answer).toBeOneOf([
        { status: 200, body: expect.objectContaining({ status: 'succeeded' }) },
        {
          status: 502,
          body: {
            error: expect.objectContaining({ code: 'payment_unconfirmed', charged: 'unknown' }),
          },
        },
      ]);
    const unconfirmed = answers.filter((answer) => answer.status === 502).length;
    for (let resend = 0; resend < unconfirmed; resend++)
      expect((await charge(body)).status).toBe(200);
    const intents = await paymentIntents();
    expect(intents).toHaveLength(1);
    expect(intents[0]?.status).toBe('succeeded');
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'paid',
      payment_intent_id: intents[0]?.id,
    });
    await expectLedgerMatchesStripe();
  });
});

describe('bounded waits', () => {
  /** This checkout's PaymentIntent creates, as Stripe received them. */
  const creates = async (checkoutId: string) =>
    (await simRequests()).filter(
      (r) => r.path === '/v1/payment_intents' && r.idempotency_key?.startsWith(checkoutId),
    );

  it('answers "unknown" after at most 3 Stripe calls when Stripe does not answer in time', async () => {
    const body = order({ payment_method: 'pm_card_visa' });
    // Stripe holds the first call, longer than this request's timeout (shortened from 4 s so that
    // the test is quick); the retries find its idempotency key still held.
    await fault({ mode: 'delay', delay_ms: 60_000, count: 1 });
    const response = await charge(body, {}, { STRIPE_TIMEOUT_MS: '300' });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({
      error: { code: 'payment_unconfirmed', charged: 'unknown' },
    });
    // The slow call ends at Stripe after the answer: three calls in all, one payment.
    expect(await heldKeys()).toEqual([`${body.checkout_id}/1`]);
    await releaseHeld();
    await expect.poll(async () => (await creates(body.checkout_id!)).length).toBe(3);
    expect((await creates(body.checkout_id!)).map((r) => r.status).sort()).toEqual([200, 409, 409]);
    await flushWebhooks();
    expect(await paymentIntents()).toHaveLength(1);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'paid' });
    await expectLedgerMatchesStripe();
  });

  it('answers "unknown" after 3 Stripe calls whose answers are all lost', async () => {
    const body = order({ payment_method: 'pm_card_visa' });
    await fault({ mode: 'drop', count: 5 });
    const response = await charge(body);
    await fault(null);
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { charged: 'unknown' } });
    expect(await creates(body.checkout_id!)).toHaveLength(3);
  });

  /** A checkout of the page whose every Stripe answer was lost: Stripe charged it (502 unknown). */
  async function lostAttempt() {
    const body = order({ payment_method: 'pm_card_visa' });
    await fault({ mode: 'drop', count: 5 });
    expect((await charge(body)).status).toBe(502);
    await fault(null);
    return body;
  }

  it('replays a lost attempt resent from a page in another language: same key, same parameters', async () => {
    const body = await lostAttempt();
    // The return_url is the order's (English, the Checkout page), not this German page's.
    const resend = await charge(body, { 'Accept-Language': 'de-DE,de;q=0.9' });
    expect(resend.status).toBe(200);
    expect((await paymentIntents()).map((pi) => pi.status)).toEqual(['succeeded']);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'paid' });
  });

  it('replays a lost attempt of the page resent by a classic form post', async () => {
    const body = await lostAttempt();
    const form = await chargeForm({ ...(body as Record<string, string>), quantity: '1' });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toMatch(/^\/thank-you\?payment_intent=pi_\w+&/);
    expect((await paymentIntents()).map((pi) => pi.status)).toEqual(['succeeded']);
  });
});

describe('a settled checkout', () => {
  it('is answered from the ledger: no Stripe client is even made', async () => {
    const body = order({ payment_method: 'pm_card_visa' });
    expect((await charge(body)).status).toBe(200);
    const before = (await simRequests()).length;
    const noStripe = new Proxy({} as never, {
      get: () => {
        throw new Error('a Stripe client was made');
      },
    });
    const outcome = await payDirectly(body, { config: noStripe });
    expect(outcome).toMatchObject({
      kind: 'charged',
      paymentIntent: null,
      order: { status: 'paid' },
    });
    expect((await simRequests()).length).toBe(before);
  });

  it('is answered paid even when the cart was changed since: never "not charged"', async () => {
    // The answer to Pay was lost and the customer changed the cart before paying again: the
    // checkout is paid, and saying otherwise would make the page start a new one and charge again.
    const body = order({ confirmation_token: await confirmationToken('pm_card_visa') });
    const paid = await (await charge(body)).json();
    const changed = await charge({
      ...body,
      quantity: 2,
      confirmation_token: await confirmationToken('pm_card_visa'),
    });
    expect(changed.status).toBe(200);
    // Paid, and the way to it; the full receipt only for the paying request (receipt-link.test.ts).
    const [pi] = await paymentIntents();
    expect(paid).toMatchObject({ status: 'succeeded' });
    expect(await changed.json()).toEqual({
      status: 'succeeded',
      redirect: `/thank-you?payment_intent=${pi!.id}`,
    });
    expect(await paymentIntents()).toHaveLength(1);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'paid', amount: 500 });
  });
});

describe('a double-submit while Stripe is slow', () => {
  it('answers a copy "not confirmed, retry is safe" while the first holds the key; one charge', async () => {
    const body = order({ confirmation_token: await confirmationToken('pm_card_visa') });
    // Stripe holds the first request (and its Idempotency-Key) until the test lets it go.
    await fault({ mode: 'delay', delay_ms: 60_000, count: 1 });
    const first = charge(body);
    await expect.poll(heldKeys).toEqual([`${body.checkout_id}/1`]);
    const copy = await charge(body);
    await releaseHeld();
    expect(copy.status).toBe(502);
    expect(await copy.json()).toMatchObject({
      error: { code: 'payment_unconfirmed', charged: 'unknown' },
    });
    expect((await first).status).toBe(200);
    const retry = await charge(body);
    expect(retry.status).toBe(200);
    const intents = await paymentIntents();
    expect(intents).toHaveLength(1);
    expect(intents[0]?.status).toBe('succeeded');
    expect(
      (await simRequests())
        .filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents')
        .map((r) => r.status),
    ).toEqual(expect.arrayContaining([409, 200]));
    await expectLedgerMatchesStripe();
  });
});

describe('refusals', () => {
  it('refuses a cross-origin POST with 403 and calls no one', async () => {
    const before = (await simRequests()).length;
    const response = await charge(order(), { Origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    const site = await charge(order(), { Origin: CHECKOUT_ORIGIN, 'Sec-Fetch-Site': 'cross-site' });
    expect(site.status).toBe(403);
    const form = await chargeForm(
      { ...(order() as Record<string, string>), quantity: '1' },
      { Origin: 'null' },
    );
    expect(form.status).toBe(403);
    expect(await form.text()).toContain('Back to checkout');
    expect((await simRequests()).length).toBe(before);
  });

  /** POST /charge with a raw JSON body, and the number of Stripe requests made before it. */
  async function postRaw(raw: string) {
    const before = (await simRequests()).length;
    const response = await checkout('/charge', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: CHECKOUT_ORIGIN },
      body: raw,
    });
    const { error } = await response.json<{ error: { param?: string; message: string } }>();
    return { status: response.status, error, before };
  }

  /** No Stripe request since `before`, and no PaymentIntent. */
  async function expectNothingCharged(before: number) {
    expect((await simRequests()).length).toBe(before);
    expect(await paymentIntents()).toHaveLength(0);
  }

  it.each([
    ['not JSON', '{"checkout_id":'],
    ['an array', '[]'],
  ])('answers %s with a 400 about the body, and changes nothing', async (_, raw) => {
    const { status, error, before } = await postRaw(raw);
    expect(status).toBe(400);
    expect(error.param).toBeUndefined();
    expect(error.message).toMatch(/JSON|body|request/i);
    await expectNothingCharged(before);
  });

  // The message names what to fix, in words a customer can act on.
  it.each([
    ['no checkout_id', { ...order(), checkout_id: undefined }, 'checkout_id', /checkout.?id/i],
    ['a quantity of 11', order(undefined, { quantity: 11 }), 'quantity', /quantity/i],
    ['a quantity of 0', order(undefined, { quantity: 0 }), 'quantity', /quantity/i],
    ['a fractional quantity', order(undefined, { quantity: 1.5 }), 'quantity', /quantity/i],
    ['an unknown product', order(undefined, { product: 'free-money' }), 'product', /product/i],
    ['a bad email', order(undefined, { email: 'not-an-email' }), 'email', /email/i],
    [
      'no payment',
      { ...order(), payment_method: undefined },
      'confirmation_token',
      /confirmation_token|card|payment/i,
    ],
    [
      'two payments',
      order({ payment_method: 'pm_card_visa', stripeToken: 'tok_visa' }),
      'confirmation_token',
      /confirmation_token|card|payment/i,
    ],
    [
      'a malformed token',
      order({ confirmation_token: 'ctoken_<script>' }),
      'confirmation_token',
      /confirmation_token|card|payment/i,
    ],
  ])(
    'answers %s with a 400 naming the field, and changes nothing',
    async (_, body, param, message) => {
      const { status, error, before } = await postRaw(JSON.stringify(body));
      expect(status).toBe(400);
      expect(error.param).toBe(param);
      expect(error.message).toMatch(message);
      await expectNothingCharged(before);
    },
  );

  it('answers 415 to other content types and 413 to oversized bodies', async () => {
    const text = await checkout('/charge', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: CHECKOUT_ORIGIN },
      body: 'hello',
    });
    expect(text.status).toBe(415);
    const huge = await charge(order(undefined, { note: 'x'.repeat(20_000) }));
    expect(huge.status).toBe(413);
    expect(await paymentIntents()).toHaveLength(0);
  });

  it('refuses to reuse a checkout for a different order', async () => {
    const body = order({
      confirmation_token: await confirmationToken('pm_card_visa_chargeDeclined'),
    });
    await charge(body);
    const changed = await charge({
      ...body,
      quantity: 2,
      confirmation_token: await confirmationToken('pm_card_visa'),
    });
    expect(changed.status).toBe(409);
    expect((await changed.json<{ error: { code: string } }>()).error.code).toBe('checkout_changed');
  });
});

describe('the classic form post', () => {
  it('pays with a legacy stripeToken and redirects 303 to the thank-you page', async () => {
    const fields = {
      checkout_id: crypto.randomUUID(),
      product: 'support-5',
      quantity: '1',
      email: 'jane.doe@example.com',
      stripeToken: 'tok_visa',
    };
    const response = await chargeForm(fields);
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^\/thank-you\?payment_intent=pi_\w+&receipt_token=[\w-]{32}$/);
    const page = await (await checkout(location)).text();
    expect(page).toContain('Thanks for your payment!');
    expect(page).toContain('Visa ending in 4242');
    expect(await orderOf(fields.checkout_id)).toMatchObject({ status: 'paid' });
  });

  it('shows a friendly page with the decline reason and a way back, with status 402', async () => {
    const response = await chargeForm({
      checkout_id: crypto.randomUUID(),
      product: 'support-5',
      quantity: '1',
      email: 'jane.doe@example.com',
      stripeToken: 'tok_chargeDeclinedInsufficientFunds',
    });
    expect(response.status).toBe(402);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('Your card has insufficient funds.');
    expect(html).toContain('href="/"');
  });

  it('sends a form post that needs 3-D Secure to the bank page, which returns to the receipt', async () => {
    const response = await chargeForm({
      checkout_id: crypto.randomUUID(),
      product: 'support-5',
      quantity: '1',
      email: 'jane.doe@example.com',
      payment_method: 'pm_card_authenticationRequired',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(
      /^http:\/\/127\.0\.0\.1:12111\/_sim\/3ds\/pi_\w+/,
    );
    const [pi] = await paymentIntents();
    expect(pi?.next_action?.redirect_to_url?.return_url).toBe(`${CHECKOUT_ORIGIN}/thank-you`);
  });
});
