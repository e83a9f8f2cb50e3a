/**
 * Stripe's hosted Checkout (issue 16, CHECKOUT_UI=hosted): POST /charge prices the cart, opens the
 * order and sends the customer to one Checkout Session; the customer pays on the simulator's
 * hosted page (its form posts, as a browser without JavaScript makes them); the webhook, the
 * receipt and the sweep record what the Session says. Through the Worker's fetch handler.
 */
import { env } from 'cloudflare:workers';
import type Stripe from 'stripe';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isFieldError, parseHostedRequest } from '../../src/checkout/schema';
import { resolvePaymentConfig } from '../../src/config';
import { startHostedCheckout } from '../../src/hosted/start';
import { ENGLISH } from '../../src/i18n';
import type { Order } from '../../src/ledger';
import { linesOf } from '../../src/ledger/lines';
import { reconcile } from '../../src/reconcile';
import { ABANDONED_AFTER_MINUTES } from '../../src/reconcile/abandoned';
import { sweepContext } from '../../src/reconcile/context';
import { settleSessions } from '../../src/reconcile/sessions';
import { sweepStripe } from '../../src/reconcile/stripe';
import { QUIET_MINUTES } from '../../src/reconcile/verify';
import { stripeBudget } from '../../src/stripe/call';
import { stripeFor } from '../../src/stripe/client';
import { newWaits } from '../../src/timing';
import {
  advanceSimClock,
  charge,
  checkout,
  fault,
  flushWebhooks,
  heldKeys,
  order,
  orderOf,
  payOnPage,
  postJson,
  postPage,
  releaseHeld,
  resetAll,
  restrictKey,
  sim,
  simRequests,
  stripe,
  webhookDeliveries,
} from '../support/checkout';
import type { OrderSummary } from '../../src/receipt/summary';
import { BERLIN as SHIPPED_TO_BERLIN, promotionCode, quote, shippedOrder } from '../support/cart';
import { consoleGet, consoleSearch, refund } from '../support/console';
import { CHECKOUT_ORIGIN, SIM_ORIGIN } from '../support/env';
import { LANGUAGE_CASES } from '../support/languages';
import { skipEvents } from '../support/sweep';
import { deliver } from '../support/webhook';

beforeEach(resetAll);

const HOSTED = { CHECKOUT_UI: 'hosted' };
const HOSTED_TAX = { ...HOSTED, TAX_CALCULATION: 'stripe' };

const cart = (overrides: Record<string, unknown> = {}) => ({
  checkout_id: crypto.randomUUID(),
  items: [
    { product: 'support-5', quantity: 2 },
    { product: 'handbook', quantity: 1 },
  ],
  ...overrides,
});

/** POST /charge in hosted mode; the Session it sends the customer to. */
async function start(
  body: Record<string, unknown>,
  vars: Record<string, string> = HOSTED,
  headers: Record<string, string> = {},
  path = '/charge',
) {
  const response = await postJson(path, body, headers, vars);
  expect(response.status, await response.clone().text()).toBe(200);
  const { redirect } = await response.json<{ redirect: string }>();
  const id = new URL(redirect).pathname.split('/').at(-1)!;
  return { redirect, session: await stripe.checkout.sessions.retrieve(id) };
}

/**
 * startHostedCheckout itself (a German click), for a race a request cannot be held in: it waits
 * for stripe-node, after it read the order and chose the attempt's expiry, until `go` resolves;
 * `known`: the order as the click read it, earlier; `now`: the click's clock (ms).
 */
function startHeld(body: Record<string, unknown>, go: Promise<void>, known?: Order, now?: number) {
  const config = resolvePaymentConfig({ ...env, ...HOSTED }, new URL(CHECKOUT_ORIGIN));
  if (!config.ok) throw new Error('test configuration');
  const request = parseHostedRequest(body);
  if (isFieldError(request)) throw new Error('test request');
  const waiting = { now: false };
  const outcome = startHostedCheckout(
    {
      env,
      db: env.DB,
      waitUntil: () => {},
      stripe: async () => {
        waiting.now = true;
        await go;
        return stripeFor(config);
      },
      budget: stripeBudget(env, newWaits()),
      locale: ENGLISH,
      origin: CHECKOUT_ORIGIN,
      tax: 'none',
      cause: { source: 'request', route: 'POST /charge', requestId: 'start-held' },
      note: () => {},
      ...(known && { known }),
      ...(now !== undefined && { now }),
    },
    request,
  );
  return { outcome, waiting };
}

/**
 * A German mug's Session (webhooks paused), then a click to France whose next `count` Stripe
 * requests a `delay` fault holds.
 */
async function germanyThenFrance(count: number) {
  await webhookDeliveries(false);
  const body = cart({ items: [{ product: 'mug', quantity: 1 }], shipping_country: 'DE' });
  const germany = (await start(body)).session;
  await fault({ mode: 'delay', delay_ms: 30_000, count });
  const france = charge({ ...body, shipping_country: 'FR' }, {}, HOSTED);
  return { body, germany, france };
}

/** How many Sessions the simulator made (creates not replayed). */
const creates = async () =>
  (await simRequests()).filter(
    (r) => r.method === 'POST' && r.path === '/v1/checkout/sessions' && !r.replayed,
  ).length;

/** Until a `delay` fault holds one request at the simulator, with this Idempotency-Key. */
const whenHeld = (key: string | null) =>
  vi.waitFor(async () => expect(await heldKeys()).toEqual([key]), { timeout: 10_000 });

/**
 * A German Session, then a click to France whose read of it goes on and whose expire of it is
 * carried out at Stripe, its answer lost (a `crash`): the click stops between the expire and the
 * new attempt, the order still linked to the expired German Session. Webhooks stay paused.
 */
async function expireAnswerLost() {
  const { body, germany, france } = await germanyThenFrance(1);
  await whenHeld(null);
  await fault({ mode: 'crash', count: 1 });
  await releaseHeld();
  expect((await france).status).toBe(502);
  expect((await stripe.checkout.sessions.retrieve(germany.id)).status).toBe('expired');
  return { body, germany };
}

/** Where Stripe sends the Session's payer: its success URL, as a path of the checkout. */
async function successPath(session: Stripe.Checkout.Session): Promise<string> {
  const { success_url } = await stripe.checkout.sessions.retrieve(session.id);
  return success_url!.replace('{CHECKOUT_SESSION_ID}', session.id).slice(CHECKOUT_ORIGIN.length);
}

const BERLIN = {
  shipping_name: 'Erika Mustermann',
  shipping_line1: 'Unter den Linden 1',
  shipping_city: 'Berlin',
  shipping_postal_code: '10117',
  shipping_country: 'DE',
};

const PARIS = {
  shipping_name: 'Marie Curie',
  shipping_line1: '1 rue de Rivoli',
  shipping_city: 'Paris',
  shipping_postal_code: '75001',
  shipping_country: 'FR',
};

/** On Stripe's page: an address (Berlin unless told), its first shipping rate, then the card. */
async function shipAndPay(session: Stripe.Checkout.Session, address = BERLIN) {
  const details = await postPage(session, 'details', {
    ...address,
    shipping_rate: session.shipping_options[0]!.shipping_rate as string,
  });
  expect(details.status, await details.clone().text()).toBe(303);
  expect((await payOnPage(session)).status).toBe(303);
}

describe('POST /charge with CHECKOUT_UI=hosted', () => {
  it('creates a Checkout Session priced by the server, linked to the order', async () => {
    const body = cart({ email: 'ada@example.com', amount: 1 });
    const before = Math.floor(Date.now() / 1000);
    const { redirect, session } = await start(body);
    expect(redirect).toBe(session.url);
    expect(redirect.startsWith(`${SIM_ORIGIN}/c/pay/`)).toBe(true);
    expect(session).toMatchObject({
      mode: 'payment',
      status: 'open',
      amount_total: 2 * 500 + 1800,
      currency: 'usd',
      allow_promotion_codes: true,
      customer_email: 'ada@example.com',
      cancel_url: `${CHECKOUT_ORIGIN}/`,
      shipping_address_collection: null,
      automatic_tax: { enabled: false },
    });
    expect(session.expires_at - before).toBeGreaterThanOrEqual(30 * 60);
    expect(session.expires_at - before).toBeLessThan(35 * 60);
    const order = await orderOf(body.checkout_id);
    // The receipt's proof is the order's token, which only Stripe and the payer's browser see.
    expect(session.success_url).toBe(
      `${CHECKOUT_ORIGIN}/thank-you?session_id={CHECKOUT_SESSION_ID}` +
        `&receipt_token=${order!.receipt_token}`,
    );
    expect(order).toMatchObject({
      status: 'pending',
      amount: 2800,
      checkout_session_id: session.id,
    });
    expect(session.client_reference_id).toBe(order!.id);
    expect(session.metadata).toMatchObject({ checkout_id: body.checkout_id, order_id: order!.id });
    const items = await stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data.map((item) => [item.description, item.quantity, item.amount_total])).toEqual([
      ['Support our work', 2, 1000],
      ['The handbook', 1, 1800],
    ]);
  });

  it('answers a form post with a 303 to Stripe’s page', async () => {
    const body = cart();
    const response = await checkout(
      '/charge',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: CHECKOUT_ORIGIN },
        body: `checkout_id=${body.checkout_id}&product=support-5&quantity=1`,
        redirect: 'manual',
      },
      HOSTED,
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toMatch(`${SIM_ORIGIN}/c/pay/cs_test_`);
  });

  it('makes one Session of two clicks', async () => {
    const body = cart();
    const [first, second] = await Promise.all([start(body), start(body)]);
    expect(second.session.id).toBe(first.session.id);
    const creates = (await simRequests()).filter(
      (r) => r.method === 'POST' && r.path === '/v1/checkout/sessions',
    );
    expect(new Set(creates.map((r) => r.idempotency_key))).toEqual(
      new Set([`${body.checkout_id}/session/1`]),
    );
    expect((await stripe.checkout.sessions.list()).data).toHaveLength(1);
  });

  it('sends a later click in another language to the checkout’s Session, without a create', async () => {
    const body = cart();
    const { session } = await start(body);
    const german = await charge(body, { 'Accept-Language': 'de-DE' }, HOSTED);
    expect(german.status, await german.clone().text()).toBe(200);
    expect(await german.json()).toEqual({ redirect: session.url });
    const creates = (await simRequests()).filter(
      (r) => r.method === 'POST' && r.path === '/v1/checkout/sessions',
    );
    expect(creates).toHaveLength(1);
    expect(await orderOf(body.checkout_id)).toMatchObject({ checkout_session_id: session.id });
  });

  // The page's click as it sends it: the browser's Accept-Language, the page's language as ?lang=.
  it.each(LANGUAGE_CASES)(
    'gives $who ways back from Stripe’s page with ?lang= only for a link’s choice',
    async ({ browser, lang, kept }) => {
      const headers = { 'Accept-Language': browser };
      const { session } = await start(cart(), HOSTED, headers, `/charge?lang=${lang}`);
      expect(session).toMatchObject({
        locale: lang.split('-')[0],
        success_url: expect.stringMatching(
          new RegExp(
            `^${CHECKOUT_ORIGIN}/thank-you\\?session_id=\\{CHECKOUT_SESSION_ID\\}` +
              `&receipt_token=[\\w-]{32}${kept && `&${kept}`}$`,
          ),
        ),
        cancel_url: `${CHECKOUT_ORIGIN}/${kept && `?${kept}`}`,
      });
    },
  );

  it('keeps a language a link chose on the way back from Stripe’s page, in every click', async () => {
    const body = cart();
    const english = { 'Accept-Language': 'en-US' };
    // The first click's answer is lost; the next comes from a page whose address lost ?lang=
    // (in the browser's English, it says so).
    await fault({ mode: 'drop', count: 5 });
    expect((await postJson('/charge?lang=de', body, english, HOSTED)).status).toBe(502);
    await fault(null);
    const { session } = await start(body, HOSTED, english, '/charge?lang=en-US');
    expect(session).toMatchObject({
      locale: 'de',
      success_url: expect.stringMatching(
        new RegExp(
          `^${CHECKOUT_ORIGIN}/thank-you\\?session_id=\\{CHECKOUT_SESSION_ID\\}` +
            '&receipt_token=[\\w-]{32}&lang=de$',
        ),
      ),
      cancel_url: `${CHECKOUT_ORIGIN}/?lang=de`,
    });
    expect((await stripe.checkout.sessions.list()).data).toHaveLength(1);
    const back = [
      session.cancel_url!,
      session.success_url!.replace('{CHECKOUT_SESSION_ID}', session.id),
    ];
    for (const url of back) {
      const page = await checkout(url.slice(CHECKOUT_ORIGIN.length), { headers: english });
      expect(page.headers.get('content-language'), url).toBe('de');
    }
  });

  /** The idempotency keys of the Session creates the simulator received. */
  const sessionCreates = async () =>
    (await simRequests())
      .filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions')
      .map((r) => r.idempotency_key);

  /** A click whose create of the Session is carried out at Stripe, every answer to it lost. */
  async function lostCreate(body: Record<string, unknown>) {
    await fault({ mode: 'drop', count: 5 });
    const lost = await charge(body, {}, HOSTED);
    await fault(null);
    expect(lost.status).toBe(502);
    expect(await lost.json()).toMatchObject({ error: { charged: 'unknown' } });
    const [made] = (await stripe.checkout.sessions.list()).data;
    expect(made).toMatchObject({ status: 'open', locale: 'en' });
    return made!;
  }

  it('sends a click in another language after a lost create to the Session it made', async () => {
    const body = cart({ items: [{ product: 'mug', quantity: 1 }], shipping_country: 'DE' });
    const made = await lostCreate(body);
    // The same attempt's key with the same parameters: Stripe replays its Session, not an error.
    const german = await charge(body, { 'Accept-Language': 'de-DE,de;q=0.9' }, HOSTED);
    expect(german.status, await german.clone().text()).toBe(200);
    expect(await german.json()).toEqual({ redirect: made.url });
    expect((await stripe.checkout.sessions.list()).data.map((s) => s.id)).toEqual([made.id]);
    expect(new Set(await sessionCreates())).toEqual(new Set([`${body.checkout_id}/session/1`]));
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'pending',
      attempt: 1,
      checkout_session_id: made.id,
    });
  });

  it('replaces the Session of a lost create for another country by one for the new', async () => {
    const body = cart({ items: [{ product: 'mug', quantity: 1 }], shipping_country: 'DE' });
    const germany = await lostCreate(body);
    const { redirect, session: france } = await start({ ...body, shipping_country: 'FR' }, HOSTED, {
      'Accept-Language': 'fr-FR',
    });
    expect(redirect).toBe(france.url);
    expect(france).toMatchObject({ locale: 'fr', status: 'open' });
    expect(france.shipping_address_collection?.allowed_countries).toEqual(['FR']);
    expect((await stripe.checkout.sessions.retrieve(germany.id)).status).toBe('expired');
    expect(new Set(await sessionCreates())).toEqual(
      new Set([`${body.checkout_id}/session/1`, `${body.checkout_id}/session/2`]),
    );
    expect(await orderOf(body.checkout_id)).toMatchObject({
      attempt: 2,
      checkout_session_id: france.id,
    });
  });

  it('keeps Session ids, which are in their page’s address, out of the log lines', async () => {
    const lines = vi.spyOn(console, 'log');
    const warnings = vi.spyOn(console, 'warn');
    await webhookDeliveries(false);
    const body = cart();
    const { session } = await start(body);
    await payOnPage(session);
    // Before the events: the receipt asks Stripe, and logs that it did.
    const receipt = await checkout(await successPath(session));
    expect(await receipt.text()).toContain('ada@example.com');
    await flushWebhooks();
    expect(await orderOf(body.checkout_id)).toMatchObject({ status: 'paid' });
    const logged = [...lines.mock.calls, ...warnings.mock.calls].map(([line]) => String(line));
    lines.mockRestore();
    warnings.mockRestore();
    for (const route of ['/charge', '/thank-you'])
      expect(
        logged.some((line) => line.includes(`"route":"${route}"`)),
        route,
      ).toBe(true);
    expect(logged.filter((line) => line.includes(session.id))).toEqual([]);
  });

  it('expires the Session of a country the customer changed since, and makes one for the new', async () => {
    const mug = { items: [{ product: 'mug', quantity: 1 }] };
    const body = cart({ ...mug, shipping_country: 'DE' });
    const germany = (await start(body)).session;
    expect(germany.shipping_address_collection?.allowed_countries).toEqual(['DE']);
    // Back to the cart, France, Checkout: a page that takes a French address.
    const { redirect, session: france } = await start({ ...body, shipping_country: 'FR' });
    expect(france.id).not.toBe(germany.id);
    expect(redirect).toBe(france.url);
    expect(france.shipping_address_collection?.allowed_countries).toEqual(['FR']);
    expect((await stripe.checkout.sessions.retrieve(germany.id)).status).toBe('expired');
    const writes = (await simRequests()).filter((r) => r.method === 'POST');
    expect(writes.map((r) => [r.path, r.idempotency_key])).toEqual([
      ['/v1/checkout/sessions', `${body.checkout_id}/session/1`],
      [`/v1/checkout/sessions/${germany.id}/expire`, `${body.checkout_id}/session/1/expire`],
      ['/v1/checkout/sessions', `${body.checkout_id}/session/2`],
    ]);
    // The German Session's expired event is not the new attempt's.
    await flushWebhooks();
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'pending',
      attempt: 2,
      checkout_session_id: france.id,
    });
    // Another click to France is sent to its Session; the French one is paid.
    expect((await start({ ...body, shipping_country: 'FR' })).session.id).toBe(france.id);
    await shipAndPay(france, PARIS);
    await flushWebhooks();
    expect(await orderOf(body.checkout_id)).toMatchObject({ status: 'paid' });
  });

  it('answers the payment of a Session completed while it was being expired for another country', async () => {
    const { body, germany, france } = await germanyThenFrance(2);
    // Its read of the Session (still open) goes on; its expire waits while the customer, in
    // another tab, pays the German Session.
    await whenHeld(null);
    await releaseHeld();
    const expireKey = `${body.checkout_id}/session/1/expire`;
    await whenHeld(expireKey);
    await shipAndPay(germany);
    await releaseHeld();
    const answer = await france;
    expect(answer.status, await answer.clone().text()).toBe(200);
    expect(await answer.json()).toMatchObject({ status: 'succeeded' });
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'paid',
      checkout_session_id: germany.id,
    });
    expect((await stripe.checkout.sessions.list()).data).toHaveLength(1);
  });

  it('never links a Session of an attempt that was replaced meanwhile', async () => {
    await webhookDeliveries(false);
    const body = cart({ items: [{ product: 'mug', quantity: 1 }], shipping_country: 'DE' });
    // A click to Germany whose create is slow; a second German click reads the order meanwhile.
    await fault({ mode: 'delay', delay_ms: 30_000, count: 1 });
    const first = start(body);
    const sessionKey = `${body.checkout_id}/session/1`;
    await whenHeld(sessionKey);
    let go!: () => void;
    const late = startHeld(body, new Promise((resolve) => (go = resolve)));
    await vi.waitFor(() => expect(late.waiting.now).toBe(true));
    await releaseHeld();
    const germany = (await first).session;
    // France expires the German Session; its create for the next attempt is held.
    await fault({ mode: 'delay', delay_ms: 30_000, count: 3 });
    const france = charge({ ...body, shipping_country: 'FR' }, {}, HOSTED);
    await whenHeld(null);
    await releaseHeld();
    const expireKey = `${sessionKey}/expire`;
    await whenHeld(expireKey);
    await releaseHeld();
    const nextKey = `${body.checkout_id}/session/2`;
    await whenHeld(nextKey);
    // The second German click's create: Stripe replays the German Session as it was, open.
    go();
    expect(await late.outcome).toMatchObject({ kind: 'unknown', reason: 'in_progress' });
    await releaseHeld();
    const answer = await france;
    expect(answer.status, await answer.clone().text()).toBe(200);
    const { redirect } = await answer.json<{ redirect: string }>();
    const stored = await orderOf(body.checkout_id);
    expect(stored).toMatchObject({ status: 'pending', attempt: 2 });
    expect(stored!.checkout_session_id).not.toBe(germany.id);
    const next = await stripe.checkout.sessions.retrieve(stored!.checkout_session_id!);
    expect(redirect).toBe(next.url);
    const replays = (await simRequests()).filter((r) => r.idempotency_key === sessionKey);
    expect(replays.map((r) => r.replayed)).toEqual([false, true]);
  });

  it('keeps the order open when the expired event of the Session it replaces comes first', async () => {
    const { body, germany } = await expireAnswerLost();
    await webhookDeliveries(true);
    await flushWebhooks();
    const open = { status: 'pending', attempt: 1, checkout_session_id: germany.id };
    expect(await orderOf(body.checkout_id)).toMatchObject(open);
    // Nor does the sweep cancel it (the order looks quiet): it moves it on to its next attempt.
    const quiet = env.DB.prepare(
      `UPDATE orders SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour')`,
    );
    await quiet.run();
    expect(await reconcile(env)).toMatchObject({ errors: 0 });
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'pending',
      attempt: 2,
      checkout_session_id: null,
    });
  });

  it('keeps the order open when a receipt view reads the Session it replaces', async () => {
    const { body, germany } = await expireAnswerLost();
    const reads = async () =>
      (await simRequests()).filter(
        (r) => r.method === 'GET' && r.path === `/v1/checkout/sessions/${germany.id}`,
      ).length;
    const path = await successPath(germany);
    const before = await reads();
    const page = await checkout(path);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain('This payment was canceled');
    // The view asked Stripe, and left the order to the next click.
    expect(await reads()).toBe(before + 1);
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'pending',
      attempt: 1,
      checkout_session_id: germany.id,
    });
  });

  it('sends the next click to a new Session when the expire of the one it replaces lost its answer', async () => {
    const { body } = await expireAnswerLost();
    const { redirect, session: france } = await start({ ...body, shipping_country: 'FR' });
    expect(redirect).toBe(france.url);
    expect(france.shipping_address_collection?.allowed_countries).toEqual(['FR']);
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'pending',
      attempt: 2,
      checkout_session_id: france.id,
    });
    // The German Session's expired event comes only now: the French one is paid, once.
    await webhookDeliveries(true);
    await flushWebhooks();
    await shipAndPay(france, PARIS);
    await flushWebhooks();
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'paid',
      checkout_session_id: france.id,
    });
    const made = (await simRequests()).filter(
      (r) => r.method === 'POST' && r.path === '/v1/checkout/sessions' && !r.replayed,
    );
    expect(made.map((r) => r.idempotency_key)).toEqual(
      [1, 2].map((attempt) => `${body.checkout_id}/session/${attempt}`),
    );
  });

  it('expires the Session it replaces under a derived key when Stripe replays a 500 for its key', async () => {
    const mug = { items: [{ product: 'mug', quantity: 1 }] };
    const body = cart({ ...mug, shipping_country: 'DE' });
    const germany = (await start(body)).session;
    // An earlier click's expire got a 500 Stripe saved for the key, having expired nothing.
    const key = `${body.checkout_id}/session/1/expire`;
    await fault({ mode: 'fail', count: 1 });
    await stripe.checkout.sessions
      .expire(germany.id, {}, { idempotencyKey: key })
      .catch((e: { statusCode?: number }) => expect(e.statusCode).toBe(500));
    await fault(null);
    // This click's calls go to the read, the replay and the expire under the derived key: the
    // new Session waits for the next click, which the page's "Try again" sends.
    const first = await postJson('/charge', { ...body, shipping_country: 'FR' }, {}, HOSTED);
    expect(first.status).toBe(502);
    expect((await stripe.checkout.sessions.retrieve(germany.id)).status).toBe('expired');
    const { redirect, session: france } = await start({ ...body, shipping_country: 'FR' });
    expect(redirect).toBe(france.url);
    // Its expired event is the replacement's, not the checkout's end.
    await flushWebhooks();
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'pending',
      attempt: 2,
      checkout_session_id: france.id,
    });
  });

  it('lets the sweep move on, past its expiry, an order whose Session’s expire lost its answer', async () => {
    const { body, germany } = await expireAnswerLost();
    const sweep = await sweepStripe(env);
    if ('error' in sweep) throw new Error(sweep.error);
    const ctx = sweepContext(env, sweep.stripe, sweep.budget);
    // The sweep runs after the German Session's expiry: its expiry is not the checkout's end.
    await settleSessions(ctx, germany.expires_at + 60);
    expect(ctx.counts).toMatchObject({ orders_checked: 1, errors: 0 });
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'pending',
      attempt: 2,
      checkout_session_id: null,
      attempt_started_at: expect.any(String),
    });
    const { session: france } = await start({ ...body, shipping_country: 'FR' });
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'pending',
      checkout_session_id: france.id,
    });
  });

  describe('a customer who goes back to the Session a click set out to replace', () => {
    /**
     * A German Session, then a click to France whose expire of it Stripe never carried out
     * (`status` before anything: 500s leave the click in doubt, 429s tell it so), then, if `back`,
     * a click back to Germany, sent to that same Session; the customer leaves, and the Session
     * expires at its expiry (the simulator's clock moved on).
     */
    async function backToGermanyThenLeft(status: 500 | 429 = 500, back = true) {
      const { body, germany, france } = await germanyThenFrance(1);
      await whenHeld(null);
      await fault({ mode: 'error', status, count: 5 });
      await releaseHeld();
      expect((await france).status).toBeGreaterThanOrEqual(500);
      await fault(null);
      expect((await stripe.checkout.sessions.retrieve(germany.id)).status).toBe('open');
      if (back) expect((await start(body)).session.id).toBe(germany.id);
      await advanceSimClock(germany.expires_at - Math.floor(Date.now() / 1000) + 60);
      expect((await stripe.checkout.sessions.retrieve(germany.id)).status).toBe('expired');
      return { body, germany };
    }

    it('is told at the next click that the checkout ended, and gets no second Session', async () => {
      const { body } = await backToGermanyThenLeft();
      const made = await creates();
      const again = await charge(body, {}, HOSTED);
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({
        error: { code: 'checkout_canceled', charged: false },
      });
      expect(await orderOf(body.checkout_id)).toMatchObject({ status: 'canceled', attempt: 1 });
      expect(await creates()).toBe(made);
    });

    it.each([
      [500, true],
      [429, false],
    ] as const)(
      'has its checkout ended by the sweep past the expiry (expire %i, back: %s)',
      async (status, back) => {
        const { body, germany } = await backToGermanyThenLeft(status, back);
        const sweep = await sweepStripe(env);
        if ('error' in sweep) throw new Error(sweep.error);
        const ctx = sweepContext(env, sweep.stripe, sweep.budget);
        await env.DB.prepare(
          `UPDATE orders SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour')`,
        ).run();
        await settleSessions(ctx, germany.expires_at + 60);
        expect(ctx.counts).toMatchObject({ orders_checked: 1, errors: 0 });
        expect(await orderOf(body.checkout_id)).toMatchObject({
          status: 'canceled',
          attempt: 1,
          checkout_session_id: germany.id,
        });
      },
    );
  });

  it('refuses a shippable cart without its country, and a country the shop does not ship to', async () => {
    const mug = { items: [{ product: 'mug', quantity: 1 }] };
    for (const [country, message] of [
      [undefined, /country/],
      ['GB', /only ship to/],
    ] as const) {
      const response = await charge(cart({ ...mug, shipping_country: country }), {}, HOSTED);
      expect(response.status).toBe(400);
      const body = await response.json<{ error: { param: string; message: string } }>();
      expect(body.error.param).toBe('shipping_country');
      expect(body.error.message).toMatch(message);
    }
    expect(await simRequests()).toEqual([]);
  });

  it('answers our page with a Session paid before its events, never "not charged"', async () => {
    await webhookDeliveries(false);
    const hosted = cart({ email: 'ada@example.com' });
    const { session } = await start(hosted);
    expect((await payOnPage(session)).status).toBe(303);
    const elements = await charge({ ...hosted, payment_method: 'pm_card_visa' });
    expect(elements.status).toBe(200);
    expect(await elements.json()).toMatchObject({ status: 'succeeded' });
    expect(await orderOf(hosted.checkout_id)).toMatchObject({ status: 'paid' });
    // One payment: the Session's, and no PaymentIntent of our page beside it.
    expect((await stripe.paymentIntents.list()).data).toHaveLength(1);
  });

  it('never pays one checkout both ways when CHECKOUT_UI changes meanwhile', async () => {
    const hosted = cart({ email: 'ada@example.com' });
    const { session } = await start(hosted);
    const elements = await charge({ ...hosted, payment_method: 'pm_card_visa' });
    expect(await elements.json()).toMatchObject({ error: { code: 'checkout_changed' } });
    expect(await stripe.paymentIntents.list()).toMatchObject({ data: [] });
    // "Not charged" starts a new checkout on the page: the Session, open in another tab, could
    // charge the customer a second time, so it is expired first.
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({
      status: 'expired',
    });

    const paid = { ...cart({ email: 'ada@example.com' }), payment_method: 'pm_card_visa' };
    expect((await charge(paid)).status).toBe(200);
    const again = await charge(paid, {}, HOSTED);
    expect(await again.json()).toMatchObject({ status: 'succeeded' });
    const pending = {
      ...cart({ email: 'ada@example.com' }),
      payment_method: 'pm_card_authenticationRequired',
    };
    expect(await (await charge(pending)).json()).toMatchObject({ status: 'requires_action' });
    // Left at the bank on our page: its PaymentIntent is canceled before "changed, not charged"
    // (the page starts a new checkout, whose Session must be the only payment that can charge).
    expect(await (await charge(pending, {}, HOSTED)).json()).toMatchObject({
      error: { code: 'checkout_changed', charged: false },
    });
    const left = (await stripe.paymentIntents.list()).data.find(
      (pi) => pi.metadata.checkout_id === pending.checkout_id,
    );
    expect(left).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    expect(await orderOf(pending.checkout_id)).toMatchObject({ status: 'canceled' });
    expect((await stripe.checkout.sessions.list()).data).toHaveLength(1);
  });

  it("answers our page's payment approved at the bank as the switch canceled it: never twice", async () => {
    await webhookDeliveries(false);
    const pending = {
      ...cart({ email: 'ada@example.com' }),
      payment_method: 'pm_card_authenticationRequired',
    };
    expect(await (await charge(pending)).json()).toMatchObject({ status: 'requires_action' });
    const [pi] = (await stripe.paymentIntents.list()).data;
    const { id: orderId } = (await orderOf(pending.checkout_id))!;
    // Stripe holds the read, then the cancel; the customer approves at the bank meanwhile.
    await fault({ mode: 'delay', delay_ms: 60_000, count: 2 });
    const request = charge(pending, {}, HOSTED);
    await expect.poll(heldKeys).toEqual([null]);
    await releaseHeld();
    await expect.poll(heldKeys).toEqual([`${orderId}/cancel/1`]);
    await sim(`/_sim/3ds/${pi!.id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'outcome=complete',
      redirect: 'manual',
    });
    await releaseHeld();
    expect(await (await request).json()).toMatchObject({ status: 'succeeded' });
    expect(await orderOf(pending.checkout_id)).toMatchObject({ status: 'paid' });
    expect((await stripe.paymentIntents.list()).data.map((p) => p.status)).toEqual(['succeeded']);
    expect((await stripe.checkout.sessions.list()).data).toEqual([]);
  });

  it('never pays a hosted checkout on our own page between two of its Sessions', async () => {
    const hosted = cart({ email: 'ada@example.com' });
    await start(hosted);
    // Its Session forgotten, as a new attempt does before the next one is made.
    await env.DB.prepare(
      `UPDATE orders SET checkout_session_id = NULL, checkout_session_expires_at = NULL
       WHERE checkout_id = ?`,
    )
      .bind(hosted.checkout_id)
      .run();
    const elements = await charge({ ...hosted, payment_method: 'pm_card_visa' });
    expect(await elements.json()).toMatchObject({ error: { code: 'checkout_changed' } });
    expect(await stripe.paymentIntents.list()).toMatchObject({ data: [] });
  });

  it('starts a new attempt, with a new key, after Stripe refused to make a Session', async () => {
    const body = cart();
    await fault({ mode: 'error', status: 429, count: 10 });
    const refused = await charge(body, {}, HOSTED);
    await fault(null);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { charged: false } });
    expect(await orderOf(body.checkout_id)).toMatchObject({ status: 'failed', attempt: 2 });
    const { session } = await start(body);
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'pending',
      checkout_session_id: session.id,
    });
    const keys = (await simRequests())
      .filter((r) => r.path === '/v1/checkout/sessions')
      .map((r) => r.idempotency_key);
    // Attempt 1's key, tried again by the retries of 429s; then attempt 2's, once.
    expect([...new Set(keys)]).toEqual([
      `${body.checkout_id}/session/1`,
      `${body.checkout_id}/session/2`,
    ]);
    expect(keys.filter((key) => key?.endsWith('/2'))).toHaveLength(1);
  });

  it('refuses payments with a CHECKOUT_UI it does not know', async () => {
    const response = await charge(cart(), {}, { CHECKOUT_UI: 'embedded' });
    expect(response.status).toBe(503);
    expect(await simRequests()).toEqual([]);
  });
});

describe('a receipt reached by a Session id alone', () => {
  it('shows its status only, even to whoever got the Session by a click of theirs', async () => {
    // Anyone who knows a checkout id and its cart is answered its open Session's address.
    const body = cart({ email: 'ada@example.com' });
    await start(body);
    const { session } = await start({ ...body, email: undefined });
    await payOnPage(session);
    const status = await (await checkout(`/thank-you?session_id=${session.id}`)).text();
    expect(status).toContain('Thanks for your payment!');
    expect(status).not.toContain('ada@example.com');
    expect(status).toContain('this link shows the payment’s status only');
    // The payer, sent to the success URL by Stripe, reads the whole receipt.
    expect(await (await checkout(await successPath(session))).text()).toContain('ada@example.com');
  });
});

describe('paying on Stripe’s hosted page', () => {
  it('records a customer who never comes back as paid, by the webhook alone', async () => {
    const body = cart();
    const { session } = await start(body);
    const paid = await payOnPage(session);
    expect(paid.status).toBe(303);
    const { receipt_token } = (await orderOf(body.checkout_id))!;
    expect(paid.headers.get('Location')).toBe(
      `${CHECKOUT_ORIGIN}/thank-you?session_id=${session.id}&receipt_token=${receipt_token}`,
    );
    await flushWebhooks();
    const order = await orderOf(body.checkout_id);
    const completed = await stripe.checkout.sessions.retrieve(session.id);
    expect(order).toMatchObject({
      status: 'paid',
      amount: 2800,
      email: 'ada@example.com',
      payment_intent_id: completed.payment_intent,
      card_brand: 'visa',
      card_last4: '4242',
    });
    await expect.poll(async () => (await orderOf(body.checkout_id))?.fulfilled_at).toBeTruthy();
  });

  it('shows the receipt from the Session when the webhook has not come yet', async () => {
    await webhookDeliveries(false);
    const body = cart();
    const { session } = await start(body);
    await payOnPage(session);
    expect((await orderOf(body.checkout_id))?.status).toBe('pending');
    const page = await checkout(await successPath(session));
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('Thanks for your payment!');
    expect(text).toContain('$28.00');
    expect(text).toContain('ada@example.com');
    expect((await orderOf(body.checkout_id))?.status).toBe('paid');
    await webhookDeliveries(true);
    await flushWebhooks();
    expect((await orderOf(body.checkout_id))?.status).toBe('paid');
  });

  it('lists the products and rates in the customer’s language; the order keeps the shop’s names', async () => {
    const body = cart({
      items: [
        { product: 'support-5', quantity: 1 },
        { product: 'mug', quantity: 1 }, // no German name in the catalog: its own
      ],
      shipping_country: 'DE',
    });
    const { session } = await start(body, HOSTED, { 'Accept-Language': 'de-DE' });
    expect(session.locale).toBe('de');
    const items = await stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data.map((item) => item.description)).toEqual(['Unterstützen Sie uns', 'Mug']);
    await shipAndPay(session);
    await flushWebhooks();
    const completed = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ['shipping_cost.shipping_rate'],
    });
    const rate = completed.shipping_cost?.shipping_rate as Stripe.ShippingRate;
    expect(rate.display_name).toBe('Standardversand');
    const order = await orderOf(body.checkout_id);
    expect(order?.status).toBe('paid');
    expect(linesOf(order!).map((line) => line.name)).toEqual(['Support our work', 'Mug']);
    expect(JSON.parse(order!.shipping!)).toMatchObject({ rate: 'standard', rate_name: 'Standard' });
  });

  it('adds no tax to a cart with nothing to ship, as our own page does (no address asked)', async () => {
    const body = cart();
    const { session } = await start(body, HOSTED_TAX);
    expect(session.automatic_tax.enabled).toBe(false);
    expect(session.shipping_address_collection).toBeNull();
    expect((await payOnPage(session)).status).toBe(303);
    await flushWebhooks();
    const completed = await stripe.checkout.sessions.retrieve(session.id);
    expect(completed.total_details?.amount_tax).toBe(0);
    const quoted = await postJson('/quote', { items: body.items }, {}, HOSTED_TAX);
    const { total } = await quoted.json<{ total: number }>();
    expect(completed.amount_total).toBe(total);
    expect(await orderOf(body.checkout_id)).toMatchObject({ status: 'paid', amount: total });
  });

  it('records the code, shipping and tax the customer chose on Stripe’s page', async () => {
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'once' });
    await stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'TEN',
    });
    const body = cart({ items: [{ product: 'mug', quantity: 1 }], shipping_country: 'DE' });
    const { session } = await start(body, HOSTED_TAX);
    expect(session.shipping_address_collection?.allowed_countries).toEqual(['DE']);
    expect(session.automatic_tax.enabled).toBe(true);
    expect(session.shipping_options.map((option) => option.shipping_amount)).toEqual([1000, 2500]);
    expect((await postPage(session, 'promotion_code', { code: 'TEN' })).status).toBe(303);
    await shipAndPay(session);
    await flushWebhooks();
    const completed = await stripe.checkout.sessions.retrieve(session.id);
    // $20.00 less 10 %, $10.00 shipping, 19 % on both.
    expect(completed.total_details).toMatchObject({
      amount_discount: 200,
      amount_shipping: 1000,
      amount_tax: 342 + 190,
    });
    const order = await orderOf(body.checkout_id);
    expect(order).toMatchObject({
      status: 'paid',
      amount: completed.amount_total,
      discount_amount: 200,
      promotion_code: 'TEN',
      shipping_amount: 1000,
      tax_amount: 532,
    });
    expect(JSON.parse(order!.shipping!)).toMatchObject({
      name: 'Erika Mustermann',
      address: { city: 'Berlin', country: 'DE' },
      rate: 'standard',
      rate_name: 'Standard',
    });
    const receipt = await (await checkout(await successPath(session))).text();
    for (const shown of [
      'TEN',
      '−$2.00',
      '$10.00',
      '$5.32',
      `$${(completed.amount_total! / 100).toFixed(2)}`,
    ])
      expect(receipt).toContain(shown);
  });

  it('tells Stripe Tax each price’s tax behaviour, so the Session charges what the own page does', async () => {
    // Only the poster says one (inclusive): left out for the others, an account without a default
    // tax behaviour (the simulator's) refuses the Session, and one with another default taxes it
    // unlike the own page.
    const items = [
      { product: 'mug', quantity: 1 },
      { product: 'handbook', quantity: 1 },
      { product: 'poster', quantity: 1 },
    ];
    const hostedBody = cart({ items, shipping_country: 'DE' });
    const { session } = await start(hostedBody, HOSTED_TAX);
    expect(session.automatic_tax.enabled).toBe(true);
    const lines = await stripe.checkout.sessions.listLineItems(session.id);
    expect(lines.data.map((item) => [item.description, item.price?.tax_behavior])).toEqual([
      ['Mug', 'exclusive'],
      ['The handbook', 'exclusive'],
      ['Poster', 'inclusive'],
    ]);
    await shipAndPay(session);
    await flushWebhooks();
    const formBody = shippedOrder(items, SHIPPED_TO_BERLIN);
    expect((await charge(formBody, {}, { TAX_CALCULATION: 'stripe' })).status).toBe(200);
    const hosted = (await orderOf(hostedBody.checkout_id))!;
    const form = (await orderOf(formBody.checkout_id!))!;
    const paid = ({ status, amount, shipping_amount, tax_amount, tax_included }: Order) => ({
      status,
      amount,
      shipping_amount,
      tax_amount,
      tax_included,
    });
    // 19 % on top of the mug, the handbook and shipping; inside the poster's $10.00.
    expect(paid(hosted)).toEqual({
      status: 'paid',
      amount: 2000 + 1800 + 1000 + 1000 + 380 + 342 + 190,
      shipping_amount: 1000,
      tax_amount: 380 + 342 + 190,
      tax_included: 160,
    });
    expect(paid(form)).toEqual(paid(hosted));
  });

  // Standard to Berlin $10.00 with 19 % on top ($1.90); the poster's $10.00 has 19 % inside
  // (1000 × 19/119 = 159.66 → $1.60), the mug's $20.00 has it on top ($3.80).
  it.each([
    { product: 'poster', amount: 2190, tax: 190, included: 160 },
    { product: 'mug', amount: 3570, tax: 570, included: 0 },
  ])(
    'keeps and shows the tax of a $product the same as the payment form does',
    async ({ product, amount, tax, included }) => {
      const items = [{ product, quantity: 1 }];
      const hostedBody = cart({ items, shipping_country: 'DE' });
      const { session } = await start(hostedBody, HOSTED_TAX);
      await shipAndPay(session);
      await flushWebhooks();
      const formBody = shippedOrder(items, SHIPPED_TO_BERLIN);
      const paid = await charge(formBody, {}, { TAX_CALCULATION: 'stripe' });
      const { redirect } = await paid.json<{ redirect: string }>();
      const hosted = (await orderOf(hostedBody.checkout_id))!;
      const form = (await orderOf(formBody.checkout_id!))!;
      // The ledger's tax is what was added on top of the prices, in both modes.
      for (const order of [hosted, form])
        expect(order).toMatchObject({
          status: 'paid',
          amount,
          shipping_amount: 1000,
          tax_amount: tax,
          tax_included: included,
        });
      const name = product === 'poster' ? 'Poster' : 'Mug';
      const expected: [string, string, number][] = [
        ['line', `${name} × 1`, amount - 1000 - tax],
        ['shipping', 'Shipping: Standard', 1000],
        ['tax', 'Tax', tax],
        ['total', 'Total paid', amount],
        ...(included
          ? [['included_tax', 'Includes tax', included] as [string, string, number]]
          : []),
      ];
      for (const order of [hosted, form]) {
        const { summary } = await consoleGet<{ summary: OrderSummary }>(
          `/admin/api/orders/${order.id}`,
        );
        expect(summary.rows.map((row) => [row.kind, row.label, row.amount])).toEqual(expected);
        // The rows above the total add up to it.
        const added = summary.rows.filter((row) => ['line', 'shipping', 'tax'].includes(row.kind));
        expect(added.reduce((sum, row) => sum + row.amount, 0)).toBe(amount);
      }
      const receiptText = async (path: string) =>
        (await (await checkout(path)).text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
      const money = (minor: number) => `$${(minor / 100).toFixed(2)}`;
      const rows = expected.map(([, label, minor]) => `${label} ${money(minor)}`).join(' ');
      expect(await receiptText(await successPath(session))).toContain(rows);
      expect(await receiptText(redirect)).toContain(rows);
    },
  );

  it('mends hosted orders that kept Stripe’s amount_tax, inclusive tax and all (migrations/0022)', async () => {
    const body = cart({ items: [{ product: 'poster', quantity: 1 }], shipping_country: 'DE' });
    const { session } = await start(body, HOSTED_TAX);
    await shipAndPay(session);
    await flushWebhooks();
    const paid = (await orderOf(body.checkout_id))!;
    // As recorded before: $3.50 of tax on a $21.90 order whose goods and shipping are $20.00.
    await env.DB.prepare('UPDATE orders SET tax_amount = 350, tax_included = 0 WHERE id = ?')
      .bind(paid.id)
      .run();
    const migration = env.TEST_MIGRATIONS.find((m) => m.name === '0022_tax_included.sql')!;
    const mends = migration.queries.filter((query) => query.includes('UPDATE orders'));
    expect(mends).toHaveLength(1);
    // Twice: a mended order is left as it is.
    for (const _ of [1, 2]) await env.DB.prepare(mends[0]!).run();
    expect(await orderOf(body.checkout_id)).toMatchObject({
      amount: 2190,
      tax_amount: 190,
      tax_included: 160,
    });
  });

  it('marks the order canceled when its Session expires, and starts no second one', async () => {
    const body = cart();
    const { session } = await start(body);
    await stripe.checkout.sessions.expire(session.id);
    await flushWebhooks();
    expect((await orderOf(body.checkout_id))?.status).toBe('canceled');
    const again = await charge(body, {}, HOSTED);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      error: { code: 'checkout_canceled', charged: false },
    });
  });

  it('refunds a hosted order from the console, as in the other mode', async () => {
    const body = cart();
    const { session } = await start(body);
    await payOnPage(session);
    await flushWebhooks();
    const paid = (await orderOf(body.checkout_id))!;
    expect((await refund(paid.id, { amount: 1000 })).status).toBe(201);
    await flushWebhooks();
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'partially_refunded',
      amount_refunded: 1000,
    });
    const pi = await stripe.paymentIntents.retrieve(paid.payment_intent_id!, {
      expand: ['latest_charge'],
    });
    expect((pi.latest_charge as Stripe.Charge).amount_refunded).toBe(1000);
  });

  it('lets the sweep record a completed Session whose events never came', async () => {
    await webhookDeliveries(false);
    const body = cart();
    const { session } = await start(body);
    await payOnPage(session);
    // Quiet for long enough: the sweep's sessions step asks Stripe about it.
    await env.DB.prepare(
      `UPDATE orders SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour')`,
    ).run();
    await reconcile(env);
    expect(await orderOf(body.checkout_id)).toMatchObject({ status: 'paid', amount: 2800 });
  });
});

describe('a refund of a hosted payment before its Session is recorded', () => {
  /** A Stripe event as Stripe signs and sends it, with an id of its own. */
  const eventOf = (type: string, object: object) => ({
    id: `evt_test_${crypto.randomUUID().replaceAll('-', '')}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  });

  it('is delivered again until the Session is, then recorded with the order', async () => {
    await webhookDeliveries(false);
    const body = cart();
    const { session } = await start(body);
    await payOnPage(session);
    // Refunded in the Dashboard while checkout.session.completed is late.
    const { payment_intent } = await stripe.checkout.sessions.retrieve(session.id);
    const made = await stripe.refunds.create({
      payment_intent: payment_intent as string,
      amount: 1000,
    });
    const refunded = eventOf('refund.created', made);
    const total = eventOf('charge.refunded', await stripe.charges.retrieve(made.charge as string));
    // Before: 200, ignored as not our order and recorded, so never applied.
    for (const event of [refunded, total]) expect((await deliver(event)).status).toBe(503);
    // The Session recorded (the customer's click here), Stripe's redeliveries apply them.
    expect(await (await charge(body, {}, HOSTED)).json()).toMatchObject({ status: 'succeeded' });
    for (const event of [refunded, total]) expect((await deliver(event)).status).toBe(200);
    const { id } = (await orderOf(body.checkout_id))!;
    const rows = await env.DB.prepare(
      'SELECT stripe_refund_id AS id, amount FROM refunds WHERE order_id = ?',
    )
      .bind(id)
      .all();
    expect(rows.results).toEqual([{ id: made.id, amount: 1000 }]);
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'partially_refunded',
      amount_refunded: 1000,
    });
  });

  it('is still set aside when its PaymentIntent is no order’s of this shop', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 700,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    const made = await stripe.refunds.create({ payment_intent: pi.id });
    const response = await deliver(eventOf('refund.created', made));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true });
  });

  /** A refund of a payment of the account that no order of this shop made. */
  const foreignRefund = async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 700,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    return stripe.refunds.create({ payment_intent: pi.id });
  };

  it('costs no Stripe read when no hosted order awaits its Session’s payment', async () => {
    const made = await foreignRefund();
    const refunded = await stripe.charges.retrieve(made.charge as string);
    const before = (await simRequests()).length;
    // Before: a PaymentIntent read for each (and 503 while Stripe did not answer it).
    for (const event of [eventOf('refund.created', made), eventOf('charge.refunded', refunded)])
      expect((await deliver(event)).status).toBe(200);
    expect((await simRequests()).length).toBe(before);
  });

  it('is set aside when Stripe has no such PaymentIntent for the key', async () => {
    await webhookDeliveries(false);
    await start(cart());
    const made = await foreignRefund();
    // Another account's, or deleted from test mode: the read answers 404 resource_missing.
    const gone = { ...made, payment_intent: 'pi_test_no_such_payment_intent' };
    // Before: 503 every time, for the three days Stripe redelivers.
    const response = await deliver(eventOf('refund.created', gone));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true });
  });

  it('is set aside when the key may not read the PaymentIntent, not when Stripe fails', async () => {
    await webhookDeliveries(false);
    await start(cart());
    const event = eventOf('refund.created', await foreignRefund());
    // A restricted key without PaymentIntent reads: 403, Stripe's final word for this key.
    const restricted = 'rk_test_refundread42';
    await restrictKey(restricted, 'rak_payment_intent_read');
    expect((await deliver(event, { vars: { STRIPE_SECRET_KEY: restricted } })).status).toBe(200);
    // Stripe failing the read (5xx): it may be an order's, so 503 and Stripe delivers it again.
    await fault({ mode: 'error', status: 500, count: 10 });
    expect((await deliver(eventOf('refund.created', event.data.object))).status).toBe(503);
  });

  it('costs the sweep no read of its PaymentIntent, run after run', async () => {
    await webhookDeliveries(false);
    await start(cart());
    const made = await foreignRefund();
    // Its event is among those the sweep lists (the webhook's deliveries paused).
    const listed = await stripe.events.list({ types: ['refund.created'] });
    expect(listed.data.map((one) => (one.data.object as Stripe.Refund).id)).toContain(made.id);
    // Before: each run read it from its shared budget, again while the event was in the overlap.
    for (let run = 0; run < 2; run++) await reconcile(env);
    const reads = (await simRequests()).filter(
      (request) => request.path === `/v1/payment_intents/${made.payment_intent as string}`,
    );
    expect(reads).toEqual([]);
  });
});

describe('the sweep and Sessions it cannot read', () => {
  it('reads one Stripe did not answer again after the window, not first in every run', async () => {
    await webhookDeliveries(false);
    const body = cart();
    await start(body);
    await env.DB.prepare(
      `UPDATE orders SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour')`,
    ).run();
    const sweep = await sweepStripe(env);
    if ('error' in sweep) throw new Error(sweep.error);
    await fault({ mode: 'error', status: 500, count: 100 });
    const ctx = sweepContext(env, sweep.stripe, sweep.budget);
    await settleSessions(ctx);
    await fault(null);
    expect(ctx.counts.errors).toBe(1);
    expect((await orderOf(body.checkout_id))?.reconciled_at).not.toBeNull();
  });

  it('reads them again after the window, so they never hold the others back', async () => {
    await webhookDeliveries(false);
    // Five orders whose Session Stripe no longer has (keys of another account since, say).
    for (let n = 0; n < 5; n++) {
      const lost = cart();
      await start(lost);
      await env.DB.prepare(
        `UPDATE orders SET checkout_session_id = ?1,
           updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 hours')
         WHERE checkout_id = ?2`,
      )
        .bind(`cs_test_missing${n}`, lost.checkout_id)
        .run();
    }
    const body = cart();
    const { session } = await start(body);
    await payOnPage(session);
    await env.DB.prepare(
      `UPDATE orders SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour')
       WHERE checkout_id = ?1`,
    )
      .bind(body.checkout_id)
      .run();
    for (let run = 0; run < 2; run++) {
      const sweep = await sweepStripe(env);
      if ('error' in sweep) throw new Error(sweep.error);
      await settleSessions(sweepContext(env, sweep.stripe, sweep.budget));
    }
    expect(await orderOf(body.checkout_id)).toMatchObject({ status: 'paid' });
  });
});

describe('the sweep and an order whose recording throws', () => {
  /** The ledger, but the write of a Session's totals to `orderId` throws, as a D1 error would. */
  const failingFor = (orderId: string): D1Database =>
    new Proxy(env.DB, {
      get(target, property) {
        if (property === 'prepare')
          return (sql: string) => {
            const statement = target.prepare(sql);
            if (!sql.includes('UPDATE orders SET amount')) return statement;
            return {
              bind: (...params: unknown[]) => {
                if (params.includes(orderId)) throw new Error('D1_ERROR: the ledger broke');
                return statement.bind(...params);
              },
            } as unknown as D1PreparedStatement;
          };
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });

  it('logs it, records the other orders of the run, and reads it after them next time', async () => {
    await webhookDeliveries(false);
    // Two paid Sessions whose events never came; the one read first cannot be recorded.
    const [broken, fine] = [cart(), cart()];
    for (const [body, ago] of [
      [broken, '-2 hours'],
      [fine, '-1 hour'],
    ] as const) {
      await payOnPage((await start(body)).session);
      await env.DB.prepare(
        `UPDATE orders SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?1)
         WHERE checkout_id = ?2`,
      )
        .bind(ago, body.checkout_id)
        .run();
    }
    const brokenId = (await orderOf(broken.checkout_id))!.id;
    const sweep = await sweepStripe(env);
    if ('error' in sweep) throw new Error(sweep.error);
    const ctx = sweepContext({ ...env, DB: failingFor(brokenId) }, sweep.stripe, sweep.budget);
    const warnings = vi.spyOn(console, 'warn');
    await settleSessions(ctx);
    const logged = warnings.mock.calls
      .map(([line]) => JSON.parse(String(line)) as Record<string, unknown>)
      .filter((entry) => entry.event === 'reconcile.error');
    warnings.mockRestore();
    // Before: the throw ended the step, and the other paid order was not read this run.
    expect(await orderOf(fine.checkout_id)).toMatchObject({ status: 'paid', amount: 2800 });
    expect(ctx.counts.errors).toBe(1);
    expect(ctx.counts.last_error).toContain(`session ${brokenId}`);
    expect(logged).toEqual([
      expect.objectContaining({ step: `session ${brokenId}`, error: expect.any(String) }),
    ]);
    // No personal data in the line: not the Session's id (its page's address), nor the email.
    expect(JSON.stringify(logged)).not.toMatch(/cs_test_|@/);
    // Marked checked all the same: it waits its window behind the others, never first.
    expect(await orderOf(broken.checkout_id)).toMatchObject({
      status: 'pending',
      reconciled_at: expect.any(String),
    });
  });
});

describe('POST /charge again for a checkout paid or past its Session’s expiry', () => {
  /** Makes the order's Session past its expiry in the ledger (the Worker's clock is real). */
  const pastExpiry = (checkoutId: string) =>
    env.DB.prepare(
      `UPDATE orders SET checkout_session_expires_at = unixepoch() - 60 WHERE checkout_id = ?`,
    )
      .bind(checkoutId)
      .run();

  it('answers a paid checkout its receipt, though its cart changed since, and makes no Session', async () => {
    const body = cart();
    const { session } = await start(body);
    await payOnPage(session);
    await flushWebhooks();
    expect((await orderOf(body.checkout_id))?.status).toBe('paid');
    const changed = await charge(
      { ...body, items: [{ product: 'support-5', quantity: 1 }] },
      {},
      HOSTED,
    );
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      status: 'succeeded',
      redirect: expect.stringContaining('/thank-you?'),
    });
    expect((await stripe.checkout.sessions.list()).data).toHaveLength(1);
  });

  it('asks Stripe before saying not charged: a Session that completed is paid', async () => {
    await webhookDeliveries(false);
    const body = cart();
    const { session } = await start(body);
    await payOnPage(session);
    await pastExpiry(body.checkout_id);
    const again = await charge(body, {}, HOSTED);
    expect(again.status).toBe(200);
    const { status, redirect } = await again.json<{ status: string; redirect: string }>();
    expect(status).toBe('succeeded');
    const receipt = await (await checkout(redirect)).text();
    expect(receipt).toContain('Thanks for your payment!');
    expect(await orderOf(body.checkout_id)).toMatchObject({ status: 'paid', amount: 2800 });
    expect((await stripe.checkout.sessions.list()).data).toHaveLength(1);
  });

  it('records a Session completed before its events came at the next click, and fulfils it', async () => {
    await webhookDeliveries(false);
    const body = cart();
    const { session } = await start(body);
    await payOnPage(session);
    const again = await charge(body, {}, HOSTED);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'succeeded' });
    // Recorded by the click itself, as the webhook would: paid, then fulfilled.
    await vi.waitFor(async () =>
      expect(await orderOf(body.checkout_id)).toMatchObject({
        status: 'paid',
        fulfilled_at: expect.any(String),
      }),
    );
  });

  it('records a Session that expired before its event came as canceled, not charged', async () => {
    await webhookDeliveries(false);
    const body = cart();
    const { session } = await start(body);
    await stripe.checkout.sessions.expire(session.id);
    await pastExpiry(body.checkout_id);
    const again = await charge(body, {}, HOSTED);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      error: { code: 'checkout_canceled', charged: false },
    });
    expect((await orderOf(body.checkout_id))?.status).toBe('canceled');
  });
});

describe('POST /charge again for a Session Stripe shows open past its expiry by our clock', () => {
  /** A click of `body` with the Worker's clock (not Stripe's) a minute past the Session's expiry. */
  async function clickPastExpiry(
    body: ReturnType<typeof cart>,
    session: Stripe.Checkout.Session,
    meanwhile: () => Promise<void> = async () => {},
  ) {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime((session.expires_at + 60) * 1000);
      const answer = charge(body, {}, HOSTED);
      await meanwhile();
      return await answer;
    } finally {
      vi.useRealTimers();
    }
  }

  const endKey = (body: ReturnType<typeof cart>) => `${body.checkout_id}/session/1/end`;

  it('expires it at Stripe before it says canceled, not charged', async () => {
    await webhookDeliveries(false);
    const body = cart();
    const { session } = await start(body);
    const again = await clickPastExpiry(body, session);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      error: { code: 'checkout_canceled', charged: false },
    });
    // Before: not charged, the Session left open at Stripe for another tab (or a 3-D Secure
    // challenge under way) to pay after the page started a new checkout.
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('expired');
    const writes = (await simRequests()).filter((r) => r.method === 'POST');
    expect(writes.map((r) => [r.path, r.idempotency_key])).toEqual([
      ['/v1/checkout/sessions', `${body.checkout_id}/session/1`],
      [`/v1/checkout/sessions/${session.id}/expire`, endKey(body)],
    ]);
    expect((await orderOf(body.checkout_id))?.status).toBe('canceled');
    // The expire's event is the checkout's end too, not a replacement's.
    await webhookDeliveries(true);
    await flushWebhooks();
    expect((await orderOf(body.checkout_id))?.status).toBe('canceled');
  });

  it('answers the payment of one completed before its expire, and makes no second Session', async () => {
    await webhookDeliveries(false);
    const body = cart();
    const { session } = await start(body);
    await fault({ mode: 'delay', delay_ms: 30_000, count: 2 });
    // The click's read (still open) goes on; its expire waits while the 3-D Secure of a payment
    // submitted before the expiry completes it.
    const again = await clickPastExpiry(body, session, async () => {
      await whenHeld(null);
      await releaseHeld();
      await whenHeld(endKey(body));
      await payOnPage(session);
      await releaseHeld();
    });
    expect(again.status, await again.clone().text()).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'succeeded' });
    expect(await orderOf(body.checkout_id)).toMatchObject({ status: 'paid', amount: 2800 });
    expect((await stripe.checkout.sessions.list()).data).toHaveLength(1);
  });

  it('answers unknown, never not charged, while Stripe does not answer the expire', async () => {
    await webhookDeliveries(false);
    const body = cart();
    const { session } = await start(body);
    await fault({ mode: 'delay', delay_ms: 30_000, count: 1 });
    const again = await clickPastExpiry(body, session, async () => {
      await whenHeld(null);
      await fault({ mode: 'error', status: 500, count: 10 });
      await releaseHeld();
    });
    expect(again.status).toBe(502);
    expect(await again.json()).toMatchObject({ error: { charged: 'unknown' } });
    await fault(null);
    expect((await orderOf(body.checkout_id))?.status).toBe('pending');
  });
});

describe('a changed cart for a checkout whose Session is linked', () => {
  /** The checkout's cart with one line fewer: another cart for the same checkout id. */
  const changedCart = (body: ReturnType<typeof cart>) => ({
    ...body,
    items: [{ product: 'support-5', quantity: 1 }],
  });

  it('answers the payment of a Session completed before its events came, and makes no second one', async () => {
    await webhookDeliveries(false);
    const body = cart();
    const { session } = await start(body);
    await payOnPage(session);
    // Before: 409 checkout_changed, charged: false; the page's next checkout paid a second time.
    const changed = await charge(changedCart(body), {}, HOSTED);
    expect(changed.status).toBe(200);
    const { status, redirect } = await changed.json<{ status: string; redirect: string }>();
    expect(status).toBe('succeeded');
    // Another cart is not the order's own request: the payment's status, not the receipt.
    const page = await (await checkout(redirect)).text();
    expect(page).toContain('this link shows the payment’s status only');
    expect(page).not.toContain('Support our work');
    expect(await orderOf(body.checkout_id)).toMatchObject({ status: 'paid', amount: 2800 });
    const sessions = (await stripe.checkout.sessions.list()).data;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ id: session.id, payment_status: 'paid' });
  });

  it('expires a Session still open at Stripe before it says changed, not charged', async () => {
    await webhookDeliveries(false);
    const body = cart();
    const { session } = await start(body);
    const changed = await charge(changedCart(body), {}, HOSTED);
    expect(changed.status).toBe(409);
    expect(await changed.json()).toMatchObject({
      error: { code: 'checkout_changed', charged: false },
    });
    // Before: still open, so another tab could pay it after the page started a new checkout.
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('expired');
    expect((await stripe.checkout.sessions.list()).data).toHaveLength(1);
  });

  it('answers unknown, never not charged, while Stripe does not answer', async () => {
    await webhookDeliveries(false);
    const body = cart();
    const { session } = await start(body);
    await fault({ mode: 'error', status: 500, count: 10 });
    const changed = await charge(changedCart(body), {}, HOSTED);
    expect(changed.status).toBe(502);
    expect(await changed.json()).toMatchObject({ error: { charged: 'unknown' } });
    await fault(null);
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
  });
});

describe('a hosted checkout left with no Session to pay', () => {
  beforeEach(skipEvents);

  /** Moves the order's last change and its attempt's expiry `minutes` back, as if left then. */
  const leftAgo = (checkoutId: string, minutes: number, expiry = true) =>
    env.DB.prepare(
      `UPDATE orders SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', updated_at, ?1),
         checkout_session_expires_at = checkout_session_expires_at - ?2
       WHERE checkout_id = ?3`,
    )
      .bind(`-${minutes} minutes`, expiry ? minutes * 60 : 0, checkoutId)
      .run();

  interface History {
    history: { to_status: string; note: string | null; cause: Record<string, unknown> }[];
  }

  it('is ended by the sweep once quiet for the window, and says why', async () => {
    const { body } = await expireAnswerLost();
    // The sweep moves the order on to its next attempt; the customer never clicks again.
    await leftAgo(body.checkout_id, QUIET_MINUTES + 1);
    expect(await reconcile(env)).toMatchObject({ errors: 0 });
    const next = { status: 'pending', attempt: 2, checkout_session_id: null };
    expect(await orderOf(body.checkout_id)).toMatchObject(next);
    await leftAgo(body.checkout_id, ABANDONED_AFTER_MINUTES - 5);
    expect(await reconcile(env)).toMatchObject({ orders_canceled: 0, errors: 0 });
    expect(await orderOf(body.checkout_id)).toMatchObject(next);

    await leftAgo(body.checkout_id, 6);
    expect(await reconcile(env)).toMatchObject({ orders_canceled: 1, errors: 0 });
    const ended = (await orderOf(body.checkout_id))!;
    expect(ended).toMatchObject({ status: 'canceled', attempt: 2 });
    const { history } = await consoleGet<History>(`/admin/api/orders/${ended.id}`);
    expect(history.at(-1)).toMatchObject({
      to_status: 'canceled',
      note: `abandoned: no Checkout Session open for ${ABANDONED_AFTER_MINUTES} minutes`,
      cause: { source: 'sweep', route: 'sweep cancel' },
    });
    // The customer, back at last, is told it ended and that nothing was charged; no Session.
    const made = await creates();
    const again = await charge({ ...body, shipping_country: 'FR' }, {}, HOSTED);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      error: { code: 'checkout_canceled', charged: false },
    });
    expect(await creates()).toBe(made);
  });

  it.each([10, 40])(
    'gives a customer back %i minutes after the sweep moved the order on a Session to pay',
    async (minutes) => {
      const { body } = await expireAnswerLost();
      await leftAgo(body.checkout_id, QUIET_MINUTES + 1);
      expect(await reconcile(env)).toMatchObject({ errors: 0 });
      expect(await orderOf(body.checkout_id)).toMatchObject({
        attempt: 2,
        checkout_session_id: null,
      });
      // The attempt's expiry, chosen by the sweep, is too near for Stripe now (or past): its first
      // click chooses its own.
      await leftAgo(body.checkout_id, minutes);
      const { session } = await start({ ...body, shipping_country: 'FR' });
      expect(session.expires_at).toBeGreaterThan(Math.floor(Date.now() / 1000) + 29 * 60);
      expect(await orderOf(body.checkout_id)).toMatchObject({
        status: 'pending',
        attempt: 2,
        checkout_session_id: session.id,
      });
      await shipAndPay(session, PARIS);
      await webhookDeliveries(true);
      await flushWebhooks();
      expect(await orderOf(body.checkout_id)).toMatchObject({ status: 'paid' });
    },
  );

  it('is never ended while a Session of its attempt may still be paid', async () => {
    await webhookDeliveries(false);
    const body = cart();
    // The create's answers are lost: a Session exists at Stripe, linked to nothing yet.
    await fault({ mode: 'drop', count: 3 });
    expect((await charge(body, {}, HOSTED)).status).toBe(502);
    expect(await orderOf(body.checkout_id)).toMatchObject({ checkout_session_id: null });
    await leftAgo(body.checkout_id, ABANDONED_AFTER_MINUTES + 1, false);
    expect(await reconcile(env)).toMatchObject({ orders_canceled: 0, errors: 0 });
    // Still open until its expiry: the next click is sent to it, and pays.
    const { session } = await start(body);
    await payOnPage(session);
    await webhookDeliveries(true);
    await flushWebhooks();
    expect(await orderOf(body.checkout_id)).toMatchObject({ status: 'paid' });
  });

  it('gets no Session from a click that read it before the sweep ended it', async () => {
    const body = cart();
    await start(body);
    // Between two attempts, before the next one chose its expiry (as a new attempt's click does).
    await env.DB.prepare(
      `UPDATE orders SET checkout_session_id = NULL, checkout_session_expires_at = NULL,
         attempt = 2 WHERE checkout_id = ?`,
    )
      .bind(body.checkout_id)
      .run();
    const read = (await orderOf(body.checkout_id))!;
    await leftAgo(body.checkout_id, ABANDONED_AFTER_MINUTES + 1);
    expect(await reconcile(env)).toMatchObject({ orders_canceled: 1 });
    const made = await creates();
    const late = startHeld(body, Promise.resolve(), read);
    expect(await late.outcome).toMatchObject({ kind: 'not_charged', reason: 'checkout_canceled' });
    expect(await creates()).toBe(made);
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'canceled',
      checkout_session_id: null,
    });
  });
});

describe('a new Session after an asynchronous payment failed', () => {
  it('links the new Session’s PaymentIntent, so its events and refunds are the order’s', async () => {
    await webhookDeliveries(false);
    const body = cart();
    const first = (await start(body)).session;
    const opened = (await orderOf(body.checkout_id))!;
    // The simulator has no asynchronous methods: the ledger as Session 1's SEPA debit left it, its
    // PaymentIntent linked, then failed days later (checkout.session.async_payment_failed).
    const failedPi = await stripe.paymentIntents.create({
      amount: opened.amount,
      currency: opened.currency,
      metadata: { order_id: opened.id },
    });
    await stripe.checkout.sessions.expire(first.id);
    await env.DB.prepare(
      `UPDATE orders SET status = 'failed', payment_intent_id = ?, card_brand = 'visa',
         card_last4 = '0000', attempt = 2, declines = 1 WHERE id = ?`,
    )
      .bind(failedPi.id, opened.id)
      .run();

    const { session } = await start(body);
    expect(session.id).not.toBe(first.id);
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'pending',
      checkout_session_id: session.id,
      payment_intent_id: null,
      card_last4: null,
    });
    expect((await payOnPage(session)).status).toBe(303);
    await webhookDeliveries(true);
    await flushWebhooks();
    const paid = (await stripe.checkout.sessions.retrieve(session.id)).payment_intent as string;
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'paid',
      payment_intent_id: paid,
      card_last4: '4242',
    });
    expect((await refund(opened.id, { amount: 1000 })).status).toBe(201);
    await flushWebhooks();
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'partially_refunded',
      amount_refunded: 1000,
    });
    const charged = await stripe.paymentIntents.retrieve(paid, { expand: ['latest_charge'] });
    expect((charged.latest_charge as Stripe.Charge).amount_refunded).toBe(1000);
  });
});

describe('a click whose Session Stripe will not show', () => {
  it('is never "not charged" when the key is refused: the Session may have been paid', async () => {
    const body = cart();
    await start(body);
    // The shop's key changed to a restricted one that cannot read Checkout Sessions.
    const restricted = 'rk_test_hostedread42';
    await restrictKey(restricted, 'rak_checkout_session_read');
    const again = await postJson('/charge', body, {}, { ...HOSTED, STRIPE_SECRET_KEY: restricted });
    const answer = await again.json<{ error?: { code: string; charged?: boolean } }>();
    expect(answer.error?.code).not.toMatch(/^checkout_(canceled|changed)$/);
    expect(answer.error?.charged).not.toBe(false);
    expect(await orderOf(body.checkout_id)).toMatchObject({ status: 'pending' });
  });
});

describe('two “Try again” clicks on a failed hosted order', () => {
  /** A Session, expired, and the order failed after it (attempt 2): as the clicks read it. */
  async function failedOrder(body: Record<string, unknown>, linked: boolean) {
    await webhookDeliveries(false);
    const first = (await start(body)).session;
    await stripe.checkout.sessions.expire(first.id);
    await env.DB.prepare(
      `UPDATE orders SET status = 'failed', attempt = 2, declines = 1,
         checkout_session_id = CASE WHEN ?1 THEN checkout_session_id END WHERE checkout_id = ?2`,
    )
      .bind(linked ? 1 : 0, body.checkout_id)
      .run();
    return (await orderOf(body.checkout_id as string))!;
  }

  /** The Session both clicks were sent to is paid: the order is paid, never canceled after. */
  async function paysOnce(body: Record<string, unknown>, url: string) {
    const id = new URL(url).pathname.split('/').at(-1)!;
    const session = await stripe.checkout.sessions.retrieve(id);
    expect(await orderOf(body.checkout_id as string)).toMatchObject({
      status: 'pending',
      checkout_session_id: session.id,
      checkout_session_expires_at: session.expires_at,
    });
    expect((await payOnPage(session)).status).toBe(303);
    await webhookDeliveries(true);
    await flushWebhooks();
    expect(await orderOf(body.checkout_id as string)).toMatchObject({ status: 'paid' });
    expect((await stripe.checkout.sessions.list()).data).toHaveLength(2);
  }

  it('sends the later click to the earlier one’s Session, which then pays the order', async () => {
    const body = cart();
    const read = await failedOrder(body, true);
    // Click A reopens the order and links its new Session; click B read the order failed too,
    // and runs after it a minute later (another expiry). Before: B forgot A's Session.
    const a = await startHeld(body, Promise.resolve(), read).outcome;
    expect(a).toMatchObject({ kind: 'hosted' });
    const b = await startHeld(body, Promise.resolve(), read, Date.now() + 60_000).outcome;
    const url = (a as { url: string }).url;
    expect(b).toMatchObject({ kind: 'hosted', url });
    await paysOnce(body, url);
  });

  it('keeps the expiry a click chose while its create is on its way', async () => {
    const body = cart();
    const read = await failedOrder(body, false);
    // A chose its attempt's expiry and waits for Stripe; B, a minute later, reaches Stripe after
    // it. Before: B chose another expiry, so A could not link its Session, nor B make one.
    let goA!: () => void;
    let goB!: () => void;
    const a = startHeld(body, new Promise((resolve) => (goA = resolve)), read);
    await vi.waitFor(() => expect(a.waiting.now).toBe(true));
    const b = startHeld(body, new Promise((resolve) => (goB = resolve)), read, Date.now() + 60_000);
    await vi.waitFor(() => expect(b.waiting.now).toBe(true));
    goA();
    const first = await a.outcome;
    expect(first).toMatchObject({ kind: 'hosted' });
    goB();
    const url = (first as { url: string }).url;
    expect(await b.outcome).toMatchObject({ kind: 'hosted', url });
    await paysOnce(body, url);
  });
});

describe('a promotion code redeemed on Stripe’s page', () => {
  it('counts once toward its limit: Stripe counts it, the ledger does not again', async () => {
    const code = await promotionCode({ percent_off: 10 }, { max_redemptions: 2 });
    const body = cart();
    const { session } = await start(body);
    expect((await postPage(session, 'promotion_code', { code: code.code })).status).toBe(303);
    expect((await payOnPage(session)).status).toBe(303);
    await flushWebhooks();
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'paid',
      promotion_code_id: code.id,
    });
    expect((await stripe.promotionCodes.retrieve(code.id)).times_redeemed).toBe(1);
    // One redemption left, on our own page: the first takes it, the next finds none.
    const paid = await charge(order(undefined, { quantity: 2, promotion_code: code.code }));
    expect(paid.status, await paid.clone().text()).toBe(200);
    const items = [{ product: 'support-5', quantity: 2 }];
    const usedUp = await quote({ items, promotion_code: code.code });
    expect(usedUp.status).toBe(400);
    expect(await usedUp.json()).toMatchObject({ error: { code: 'promotion_code_used_up' } });
  });
});

describe('a hosted order’s new attempt after its payment failed', () => {
  it('holds no redemption in the ledger while its next Session is not linked', async () => {
    await webhookDeliveries(false);
    const code = await promotionCode({ percent_off: 10 }, { max_redemptions: 2 });
    const body = cart();
    const { session } = await start(body);
    expect((await postPage(session, 'promotion_code', { code: code.code })).status).toBe(303);
    expect((await payOnPage(session)).status).toBe(303);
    await webhookDeliveries(true);
    await flushWebhooks();
    expect((await stripe.promotionCodes.retrieve(code.id)).times_redeemed).toBe(1);
    // As an asynchronous payment that failed days later leaves it (the simulator has none).
    await env.DB.prepare("UPDATE orders SET status = 'failed', attempt = 2 WHERE checkout_id = ?")
      .bind(body.checkout_id)
      .run();
    // The next click forgets the Session; its create gets no answer, so none is linked.
    await fault({ mode: 'error', status: 500, count: 3 });
    const retry = await charge(body, {}, HOSTED);
    await fault(null);
    expect(retry.status).toBe(502);
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'pending',
      checkout_session_id: null,
      promotion_code_id: code.id,
    });
    // Stripe counts the hosted use once; the ledger does not again: one redemption is left.
    const items = [{ product: 'support-5', quantity: 2 }];
    const left = await quote({ items, promotion_code: code.code });
    expect(left.status, await left.clone().text()).toBe(200);
  });
});

describe('a code that makes the Session free (no_payment_required)', () => {
  /** A cart of $10.00 completed on Stripe's page with a 100 % code: no PaymentIntent at all. */
  async function freeSession() {
    const coupon = await stripe.coupons.create({ percent_off: 100, duration: 'once' });
    await stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'FREE',
    });
    const body = cart({ items: [{ product: 'support-5', quantity: 2 }] });
    const { session } = await start(body);
    expect((await postPage(session, 'promotion_code', { code: 'FREE' })).status).toBe(303);
    const done = await postPage(session, 'pay', { amount: '0', email: 'ada@example.com' });
    expect(done.status).toBe(303);
    const completed = await stripe.checkout.sessions.retrieve(session.id);
    expect(completed).toMatchObject({
      status: 'complete',
      payment_status: 'no_payment_required',
      amount_total: 0,
      payment_intent: null,
    });
    return { body, session };
  }

  it('answers the webhook 200 once, logs the refusal and keeps the order open, unfulfilled', async () => {
    const errors = vi.spyOn(console, 'error');
    const { body, session } = await freeSession();
    // Before: the ledger's CHECK (amount > 0) made every delivery a 500, retried by Stripe.
    expect(await flushWebhooks()).toMatchObject({ failed: 0, pending: 0 });
    const order = await orderOf(body.checkout_id);
    expect(order).toMatchObject({
      status: 'pending',
      amount: 1000,
      discount_amount: 1000,
      promotion_code: 'FREE',
      payment_intent_id: null,
      fulfilled_at: null,
      email: 'ada@example.com',
    });
    expect(JSON.parse(order!.lines)).toMatchObject([{ quantity: 2, discount: 1000, amount: 0 }]);
    const recorded = await env.DB.prepare('SELECT type FROM stripe_events WHERE type = ?')
      .bind('checkout.session.completed')
      .all();
    expect(recorded.results).toHaveLength(1);
    const refused = errors.mock.calls
      .map(([line]) => String(line))
      .filter((line) => line.includes('"event":"hosted.free_session_refused"'));
    errors.mockRestore();
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused[0]).toContain(order!.id);
    expect(refused[0]).not.toContain(session.id);
  });

  it('shows an honest receipt: the line, the code’s discount, total $0.00, nothing charged', async () => {
    await webhookDeliveries(false);
    const { body, session } = await freeSession();
    const page = await checkout(await successPath(session));
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('Nothing was due for this order');
    expect(text).toContain('nothing was charged');
    expect(text).not.toContain('Thanks for your payment');
    for (const shown of ['Support our work', 'FREE', '−$10.00', '$0.00'])
      expect(text).toContain(shown);
    expect(text).not.toContain('http-equiv="refresh"');
    expect((await orderOf(body.checkout_id))?.status).toBe('pending');
  });

  it('refuses it at the next click when its events have not come, as the webhook would', async () => {
    await webhookDeliveries(false);
    const { body } = await freeSession();
    const again = await charge(body, {}, HOSTED);
    expect(again.status).toBe(200);
    const { redirect } = await again.json<{ redirect: string }>();
    expect(await orderOf(body.checkout_id)).toMatchObject({
      status: 'pending',
      amount: 1000,
      last_error: expect.stringMatching(/Nothing was due/),
    });
    expect(await (await checkout(redirect)).text()).toContain('nothing was charged');
  });

  it('lets the sweep pass it without an error, and the console list it and refuse a refund', async () => {
    await webhookDeliveries(false);
    const { body, session } = await freeSession();
    const quiet = env.DB.prepare(
      `UPDATE orders SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour'),
         reconciled_at = NULL`,
    );
    // Stripe's requests about the Session: the first sweep reads it once and refuses it; later
    // sweeps do not ask again.
    const asked = async () =>
      (await simRequests()).filter((request) => request.path.includes(session.id)).length;
    const start = await asked();
    await quiet.run();
    expect(await reconcile(env)).toMatchObject({ errors: 0 });
    expect((await asked()) - start).toBe(1);
    await quiet.run();
    expect(await reconcile(env)).toMatchObject({ errors: 0 });
    expect((await asked()) - start).toBe(1);
    const order = (await orderOf(body.checkout_id))!;
    expect(order).toMatchObject({ status: 'pending', discount_amount: 1000, fulfilled_at: null });
    const listed = await consoleSearch<{ orders: { id: string; status: string }[] }>();
    expect(listed.orders).toEqual([expect.objectContaining({ id: order.id, status: 'pending' })]);
    const refused = await refund(order.id, {});
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'not_refundable' } });
    expect(await simRequests()).not.toContainEqual(
      expect.objectContaining({ path: expect.stringContaining('/v1/refunds') }),
    );
  });
});

describe('GET /config with CHECKOUT_UI=hosted', () => {
  it('tells the page which form to show', async () => {
    const response = await checkout('/config', {}, HOSTED);
    expect(await response.json()).toMatchObject({ ui: 'hosted' });
    const elements = await checkout('/config');
    expect(await elements.json()).toMatchObject({ ui: 'elements' });
  });
});

// Quotes are the same in both modes.
it('prices POST /quote alike in hosted mode', async () => {
  const body = { items: [{ product: 'support-5', quantity: 1 }] };
  const hostedResponse = await postJson('/quote', body, {}, HOSTED);
  expect(hostedResponse.status).toBe(200);
  const hosted = await hostedResponse.json();
  // One support-5 at $5.00, no tax or shipping without an address.
  expect(hosted).toMatchObject({ total: 500, currency: 'usd' });
  const elements = await (await postJson('/quote', body)).json();
  expect(hosted).toEqual(elements);
});
