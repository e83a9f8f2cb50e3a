/**
 * GET /thank-you: thanks only for money that moved, verified on the server.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import {
  charge,
  checkout,
  confirmationToken,
  fault,
  flushWebhooks,
  order,
  orderOf,
  resetAll,
  sim,
  simRequests,
  someIp,
  stripe,
} from '../support/checkout';
import { RECEIPT_CHECK_INTERVAL_MS } from '../../src/limits';
import { inOneWindow } from '../support/rate-window';
import { TEST_RATE_LIMITS } from '../support/env';

beforeEach(resetAll);

/**
 * As if RECEIPT_CHECK_INTERVAL_MS had passed since a view last asked Stripe about this payment
 * (the receipt's clock is the Worker's: the test moves the check back instead of waiting).
 */
const checkedLongAgo = (id: string) =>
  env.DB.prepare('UPDATE orders SET stripe_checked_at = ? WHERE payment_intent_id = ?')
    .bind(new Date(Date.now() - RECEIPT_CHECK_INTERVAL_MS - 1).toISOString(), id)
    .run();

/** The token with its last character changed (never to itself: the wrong proof is always wrong). */
const wrongLast = (token: string) => token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');

async function pay(pm: string) {
  const body = order({ confirmation_token: await confirmationToken(pm) });
  const answer = await (await charge(body)).json<{ redirect?: string; client_secret?: string }>();
  return { body, answer };
}

describe('GET /thank-you', () => {
  it('thanks a paid order with amount, product, card and email, from the ledger with no Stripe call', async () => {
    const { answer } = await pay('pm_card_mastercard');
    const before = (await simRequests()).length;
    const response = await checkout(answer.redirect!, { headers: { 'Accept-Language': 'en-US' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('<h1>Thanks for your payment!</h1>');
    expect(html).toContain('$5.00');
    expect(html).toContain('Support our work × 1');
    expect(html).toContain('Mastercard ending in 4444');
    expect(html).toContain('jane.doe@example.com');
    // Simulated, as the Checkout page said: nobody takes it for money that moved.
    expect(html).toContain('<p class="mode-notice">Simulated payment: no money moved.</p>');
    expect((await simRequests()).length).toBe(before);
  });

  it('formats the amount and the day for the visitor', async () => {
    const { body, answer } = await pay('pm_card_visa');
    const created = new Date((await orderOf(body.checkout_id!))!.created_at);
    const day = (locale: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(created);
    const view = async (language: string) =>
      (await checkout(answer.redirect!, { headers: { 'Accept-Language': language } })).text();
    const german = await view('de-DE,de;q=0.9');
    expect(german).toContain('5,00\u00a0$');
    expect(german).toContain(day('de-DE'));
    // The day is kept per language: a second reader of the same day gets their own.
    expect(await view('fr-FR')).toContain(day('fr-FR'));
    expect(await view('de-DE')).toContain(day('de-DE'));
  });

  it('never thanks an unknown PaymentIntent, and asks no one about it', async () => {
    const before = (await simRequests()).length;
    for (const query of [
      'payment_intent=pi_3NoSuchIntent000000000000',
      'payment_intent=<script>',
      'checkout_id=00000000-0000-4000-8000-000000000000',
      '',
    ]) {
      const response = await checkout(`/thank-you?${query}`);
      expect(response.status).toBe(404);
      const html = await response.text();
      expect(html).not.toContain('Thanks');
      // Nothing from the query is echoed into the page, well-formed ids included.
      for (const value of query.split('=').slice(1)) if (value) expect(html).not.toContain(value);
    }
    expect((await simRequests()).length).toBe(before);
  });

  it('never thanks a PaymentIntent of this account that is not one of our orders', async () => {
    const foreign = await stripe.paymentIntents.create({
      amount: 500,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(foreign.status).toBe('succeeded');
    const response = await checkout(`/thank-you?payment_intent=${foreign.id}`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('Thanks');
  });

  it('does not thank an order awaiting 3-D Secure, nor a canceled one', async () => {
    const { body, answer } = await pay('pm_card_authenticationRequired');
    const id = answer.client_secret!.split('_secret_')[0]!;
    const waiting = await (await checkout(`/thank-you?payment_intent=${id}`)).text();
    expect(waiting).not.toContain('Thanks');
    expect(waiting).toContain('not been charged');

    await stripe.paymentIntents.cancel(id);
    await checkedLongAgo(id);
    const canceled = await (await checkout(`/thank-you?payment_intent=${id}`)).text();
    expect(canceled).not.toContain('Thanks');
    expect(canceled).toContain('canceled');
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'canceled' });
  });

  it('says "checking", never "not charged", when Stripe cannot be asked about an open payment', async () => {
    // The ledger says 3-D Secure is pending; the customer may have completed it a second ago, and
    // Stripe is unreachable when they land on the page.
    const { answer } = await pay('pm_card_authenticationRequired');
    const id = answer.client_secret!.split('_secret_')[0]!;
    await fault({ mode: 'error', status: 500, count: 1 }); // a view asks once, never retried
    const checking = await checkout(`/thank-you?payment_intent=${id}`);
    expect(checking.status).toBe(200);
    const text = await checking.text();
    expect(text).toContain('We are checking your payment');
    // It checks again by itself for a while (never a reload: a screen reader would restart), and
    // offers "Check again".
    expect(text).toMatch(/<script type="module" src="\/recheck\.js\?v=[^"]+"><\/script>/);
    expect(text).toMatch(/<a id="check-again" href="" data-stopped="[^"]+">Check again<\/a>/);
    expect(text).not.toContain('http-equiv="refresh"');
    expect(text).not.toContain('not been charged');
    expect(text).not.toContain('Thanks');

    // The page is viewed again and Stripe answers: still waiting for the bank, and now it can say so.
    await checkedLongAgo(id);
    const waiting = await (await checkout(`/thank-you?payment_intent=${id}`)).text();
    expect(waiting).toContain('Your payment is not complete');
  });

  it('does not thank a declined order, and repeats the reason to the customer only', async () => {
    const body = order({ payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds' });
    await charge(body);
    const { payment_intent_id: id } = (await orderOf(body.checkout_id!))!;
    const { client_secret } = await stripe.paymentIntents.retrieve(id!);
    const proven = await (
      await checkout(
        `/thank-you?payment_intent=${id}&payment_intent_client_secret=${client_secret}`,
      )
    ).text();
    expect(proven).not.toContain('Thanks');
    expect(proven).toContain('insufficient funds');
    // Without the proof, the status only: the reason is about the customer's card.
    const status = await (await checkout(`/thank-you?checkout_id=${body.checkout_id}`)).text();
    expect(status).toContain('Your payment was not completed');
    expect(status).not.toContain('insufficient funds');
  });

  it('costs one Stripe call per payment, two with 3-D Secure, and none for a receipt the ledger knows', async () => {
    const secretCalls = async () =>
      (await simRequests()).filter((r) => (r as { auth?: string }).auth === 'secret').length;
    let before = await secretCalls();
    const paid = await (
      await charge(order({ payment_method: 'pm_card_visa' }))
    ).json<{ redirect: string }>();
    expect((await secretCalls()) - before).toBe(1);
    before = await secretCalls();
    await checkout(paid.redirect);
    await checkout(paid.redirect);
    expect((await secretCalls()) - before).toBe(0);

    before = await secretCalls();
    const secure = await (
      await charge(order({ payment_method: 'pm_card_authenticationRequired' }))
    ).json<{ client_secret: string }>();
    const id = secure.client_secret.split('_secret_')[0]!;
    await sim(`/_sim/3ds/${id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: 'outcome=complete',
    });
    // Whichever learns of the payment first (this view or the webhook) asks Stripe once.
    const html = await (await checkout(`/thank-you?payment_intent=${id}`)).text();
    expect(html).toContain('Thanks for your payment!');
    await flushWebhooks();
    await expect
      .poll(() =>
        env.DB.prepare('SELECT card_last4 FROM orders WHERE payment_intent_id = ?')
          .bind(id)
          .first(),
      )
      .toEqual({ card_last4: '3184' });
    expect((await secretCalls()) - before).toBe(2);
  });
});

describe('GET /thank-you and Stripe', () => {
  /** The Worker's Stripe reads of one PaymentIntent since the simulator's last reset. */
  const readsOf = async (id: string) =>
    (await simRequests()).filter(
      (r) => r.method === 'GET' && r.path.startsWith(`/v1/payment_intents/${id}`),
    ).length;
  async function awaitingSecure(): Promise<string> {
    const { answer } = await pay('pm_card_authenticationRequired');
    return answer.client_secret!.split('_secret_')[0]!;
  }

  it('asks Stripe at most once per order per 10 s, however many view it, GET or HEAD', async () => {
    const id = await awaitingSecure();
    const view = (i: number) =>
      checkout(`/thank-you?payment_intent=${id}`, {
        method: i % 3 ? 'GET' : 'HEAD',
        headers: { 'CF-Connecting-IP': someIp() },
      });
    const first = await Promise.all(Array.from({ length: 300 }, (_, i) => view(i)));
    expect(await readsOf(id)).toBe(1);
    // Views that did not ask show what the ledger knows, and check again: never "not charged".
    for (const response of first) expect(response.status).toBe(200);
    const pages = await Promise.all(first.map((response) => response.text()));
    const waiting = pages.filter((html) => html.includes('id="check-again"'));
    expect(waiting.length).toBeGreaterThanOrEqual(pages.filter(Boolean).length - 1);
    for (const html of waiting) expect(html).not.toContain('not been charged');

    // Ten seconds later, one view asks again; the other 299 do not.
    await checkedLongAgo(id);
    await Promise.all(Array.from({ length: 300 }, (_, i) => view(i)));
    expect(await readsOf(id)).toBe(2);
  });

  it('never asks Stripe about a failed order', async () => {
    const body = order({ payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds' });
    expect((await charge(body)).status).toBe(402);
    const { payment_intent_id: id } = (await orderOf(body.checkout_id!))!;
    expect(id).toMatch(/^pi_/);
    const before = (await simRequests()).length;
    for (const query of [`payment_intent=${id}`, `checkout_id=${body.checkout_id}`]) {
      const html = await (await checkout(`/thank-you?${query}`)).text();
      expect(html).toContain('Your payment was not completed');
    }
    expect((await simRequests()).length).toBe(before);
  });

  it('makes one Stripe call per view while Stripe answers 429, not three', async () => {
    const id = await awaitingSecure();
    await fault({ mode: 'error', status: 429, count: 3 });
    const html = await (await checkout(`/thank-you?payment_intent=${id}`)).text();
    expect(html).toContain('We are checking your payment');
    expect(await readsOf(id)).toBe(1);
    await fault(null);
  });

  it('rate-limits the views of one client network before any Stripe call', async () => {
    // The limiter counts in minute windows: a run that straddles one is made again, afresh.
    await inOneWindow(60, async () => {
      const ids: string[] = [];
      for (let i = 0; i < TEST_RATE_LIMITS.RECEIPT_LIMITER + 5; i++)
        ids.push(await awaitingSecure());
      const network = someIp();
      const pages = [];
      for (const id of ids)
        pages.push(
          await (
            await checkout(`/thank-you?payment_intent=${id}`, {
              headers: {
                'CF-Connecting-IP': network.replace(/::1$/, `::${ids.indexOf(id) + 1}`),
              },
            })
          ).text(),
        );
      const asked = (await Promise.all(ids.map(readsOf))).reduce((sum, n) => sum + n, 0);
      expect(asked).toBe(TEST_RATE_LIMITS.RECEIPT_LIMITER);
      // The views past the limit show the ledger's state, checking again, and never "not charged".
      for (const html of pages.slice(TEST_RATE_LIMITS.RECEIPT_LIMITER)) {
        expect(html).toContain('We are checking your payment');
        expect(html).not.toContain('not been charged');
      }
    });
  });
});

describe('GET /thank-you and privacy', () => {
  /** What only the customer may read: email, card, items (and the amount, from the items). */
  function expectStatusOnly(html: string) {
    expect(html).not.toContain('jane.doe@example.com');
    expect(html).not.toContain('ending in');
    expect(html).not.toContain('Support our work');
    expect(html).not.toContain('$5.00');
    expect(html).toContain('this link shows the payment’s status only');
  }

  it('shows the full receipt only with the proof /charge hands the page', async () => {
    const { answer } = await pay('pm_card_mastercard');
    const redirect = new URL(answer.redirect!, 'http://x');
    const token = redirect.searchParams.get('receipt_token');
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const id = redirect.searchParams.get('payment_intent')!;
    const full = await (await checkout(answer.redirect!)).text();
    expect(full).toContain('jane.doe@example.com');
    expect(full).toContain('Mastercard ending in 4444');

    // The PaymentIntent's id, or the checkout's, alone: the status (old links keep working).
    const { checkout_id } = (await env.DB.prepare('SELECT checkout_id FROM orders').first<{
      checkout_id: string;
    }>())!;
    for (const link of [
      `/thank-you?payment_intent=${id}`,
      `/thank-you?checkout_id=${checkout_id}`,
      `/thank-you?payment_intent=${id}&receipt_token=${wrongLast(token!)}`,
      `/thank-you?payment_intent=${id}&receipt_token=`,
      `/thank-you?payment_intent=${id}&payment_intent_client_secret=${id}_secret_guess`,
    ]) {
      const response = await checkout(link);
      expect(response.status, link).toBe(200);
      const html = await response.text();
      expect(html, link).toContain('Thanks for your payment!');
      expectStatusOnly(html);
    }
  });

  it('shows the full receipt on the 3-D Secure return, proven by the client secret Stripe appends', async () => {
    const { body, answer } = await pay('pm_card_authenticationRequired');
    const id = answer.client_secret!.split('_secret_')[0]!;
    const auth = await sim(`/_sim/3ds/${id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'outcome=complete',
      redirect: 'manual',
    });
    const back = new URL(auth.headers.get('location')!);
    expect(back.searchParams.get('payment_intent_client_secret')).toBe(answer.client_secret);
    const full = await (await checkout(`/thank-you${back.search}`)).text();
    expect(full).toContain('Thanks for your payment!');
    expect(full).toContain('jane.doe@example.com');
    expectStatusOnly(await (await checkout(`/thank-you?payment_intent=${id}`)).text());
    // The ledger keeps a hash of the client secret, never the secret itself.
    const row = await orderOf(body.checkout_id!);
    expect(JSON.stringify(row)).not.toContain(answer.client_secret!.split('_secret_')[1]);
    expect(row).toMatchObject({ client_secret_hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});
