/**
 * The console's orders API (/admin/api/orders…), through the Worker's fetch handler with tokens
 * from the Access stand-in: the list, search and detail, refunds (partial, full, once per key,
 * never more than was paid), fulfilment run again, and the CSV export.
 */
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Order } from '../../src/ledger';
import { FULFILMENT_MAX_ATTEMPTS } from '../../src/fulfilment/attempts.js';
import { CSV_PAGE, CSV_PART_ROWS } from '../../src/admin/orders/csv';
import { refundStatements } from '../../src/ledger/refunds';
import { orderNumber } from '../../src/receipt/order-number';
import {
  charge,
  confirmationToken,
  expectLedgerMatchesStripe,
  fault,
  flushWebhooks,
  order,
  orderOf,
  resetAll,
  restrictKey,
  simRequests,
  stripe,
  watchConsoleLog,
  webhookDeliveries,
} from '../support/checkout';
import { BERLIN, shippedOrder } from '../support/cart';
import { accessVars, adminFetch, mint } from '../support/access';
import { ACCESS_SIM_ORIGIN } from '../support/access-env';
import {
  ADMIN,
  adminId,
  consoleApi,
  consoleGet,
  consoleSearch,
  refund,
  searchOrders,
} from '../support/console';
import { failFulfilment } from '../fixtures/shop/fulfilment';

beforeEach(resetAll);
const { fulfilments, lines } = watchConsoleLog();

/** A paid $5.00 order, fulfilled by its /charge. */
async function paidOrder(overrides: Parameters<typeof order>[1] = {}): Promise<Order> {
  const body = order({ payment_method: 'pm_card_visa' }, overrides);
  expect((await charge(body)).status).toBe(200);
  const paid = (await orderOf(body.checkout_id!))!;
  expect(paid.status).toBe('paid');
  return paid;
}

/** A checkout whose card was declined. */
async function failedOrder(): Promise<Order> {
  const body = order({
    confirmation_token: await confirmationToken('pm_card_visa_chargeDeclined'),
  });
  expect((await charge(body)).status).toBe(402);
  return (await orderOf(body.checkout_id!))!;
}

interface OrderJson {
  id: string;
  status: string;
  amount: number;
  amount_refunded: number;
  needs_attention: boolean;
  [field: string]: unknown;
}
interface Page {
  orders: OrderJson[];
  next_cursor: string | null;
}

const ids = (page: Page) => page.orders.map((o) => o.id);

/** The admin log lines of an action. */
const adminLines = (event: string) =>
  lines()
    .filter((line) => line.includes(`"event":"${event}"`))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the list', () => {
  it('lists orders newest first, with the fields of npm run orders -- --json, a page at a time', async () => {
    const [a, b, c] = [await paidOrder(), await paidOrder(), await paidOrder()];
    const first = await consoleSearch<Page>('limit=2');
    expect(ids(first)).toEqual([c.id, b.id]);
    expect(first.orders[0]).toEqual({
      id: c.id,
      number: orderNumber(c.id),
      checkout_id: c.checkout_id,
      status: 'paid',
      needs_attention: false,
      amount: 500,
      amount_refunded: 0,
      currency: 'usd',
      product_id: 'support-5',
      quantity: 1,
      lines: [{ product: 'support-5', quantity: 1, amount: 500 }],
      promotion_code: null,
      discount_amount: 0,
      shipping: null,
      shipping_amount: 0,
      tax_amount: 0,
      tax_included: 0,
      tax_calculation: null,
      tax_transaction: null,
      tax_reversed: 0,
      email: 'jane.doe@example.com',
      payment_intent_id: c.payment_intent_id,
      card: { brand: 'visa', last4: '4242' },
      created_at: c.created_at,
      updated_at: expect.any(String),
      fulfilled_at: expect.any(String),
      dispute: null,
      fulfilment: {
        state: 'fulfilled',
        attempts: 1,
        max_attempts: FULFILMENT_MAX_ATTEMPTS,
        last_error: null,
        next_attempt_at: null,
      },
    });
    // An order placed meanwhile does not shift the next page: the cursor is a position.
    const d = await paidOrder();
    const second = await consoleSearch<Page>(`limit=2&cursor=${first.next_cursor}`);
    expect(ids(second)).toEqual([a.id]);
    expect(second.next_cursor).toBeNull();
    expect(ids(await consoleSearch<Page>())).toEqual([d.id, c.id, b.id, a.id]);
  });

  it('is searched by POST, so that an email is in no URL, nor in the log line', async () => {
    const grace = await paidOrder({ email: 'grace.hopper@navy.example' });
    const query = `q=${encodeURIComponent('grace.hopper@navy.example')}`;
    expect(ids(await consoleSearch<Page>(query))).toEqual([grace.id]);
    // An admin's read: a line naming the route and their id, as for a GET, never what was asked.
    const logged = lines().filter((line) => line.includes('"route":"/admin/api/orders/search"'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).not.toMatch(/grace|navy/);
    // Before, the console searched by GET …?q=<email>, and Cloudflare's invocation log kept it.
    const get = await consoleApi(`/admin/api/orders?${query}`);
    expect(get.status).toBe(404);
    expect(await get.text()).not.toContain('grace.hopper');
  });

  it('filters by status, and searches by email, order id or PaymentIntent id', async () => {
    const grace = await paidOrder({ email: 'grace.hopper@navy.example' });
    const jane = await paidOrder();
    const declined = await failedOrder();
    const search = async (query: string) => ids(await consoleSearch<Page>(query));
    expect(await search('status=failed')).toEqual([declined.id]);
    expect(await search('status=paid')).toEqual([jane.id, grace.id]);
    expect(await search('q=HOPPER')).toEqual([grace.id]);
    expect(await search('q=navy.example&status=paid')).toEqual([grace.id]);
    expect(await search(`q=${jane.id}`)).toEqual([jane.id]);
    expect(await search(`q=${grace.payment_intent_id}`)).toEqual([grace.id]);
    // LIKE's wildcards are taken literally.
    expect(await search('q=%25')).toEqual([]);
    expect(await search('q=_')).toEqual([]);
  });

  it('finds an order by the number its receipt shows, as a customer quotes it', async () => {
    const jane = await paidOrder();
    const other = await paidOrder();
    const number = orderNumber(jane.id);
    const search = async (q: string) =>
      ids(await consoleSearch<Page>(`q=${encodeURIComponent(q)}`));
    expect(await search(number)).toEqual([jane.id]);
    expect(await search(` ${number.toLowerCase().replace('-', ' ')} `)).toEqual([jane.id]);
    expect(await search(number.replace('-', ''))).toEqual([jane.id]);
    expect(await search(orderNumber(other.id))).toEqual([other.id]);
    // Half a number is no number: an email search, which finds none.
    expect(await search(number.slice(0, 4))).toEqual([]);
    // Eight hex digits may be part of an email address too: those orders are found as well.
    const digits = jane.id.slice(4, 12);
    const byEmail = await paidOrder({ email: `${digits}@example.com` });
    expect((await search(digits)).sort()).toEqual([jane.id, byEmail.id].sort());
    expect(await search(number)).toEqual([jane.id]);
  });

  it('refuses a status, cursor or limit it does not know (400)', async () => {
    for (const [query, param] of [
      ['status=shipped', 'status'],
      ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
    ]) {
      const response = await searchOrders(query);
      expect(response.status, query).toBe(400);
      expect(await response.json()).toMatchObject({ error: { param } });
    }
  });

  // Before, a JSON body was read as no field at all (every order listed, its search ignored), and
  // a file in `q` threw (500).
  it('refuses a body that is not a form (415), and a file for a field (400)', async () => {
    await paidOrder();
    const json = await consoleApi('/admin/api/orders/search', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ q: 'nobody@example.com' }),
    });
    expect(json.status).toBe(415);
    expect(await json.json()).toMatchObject({ error: { code: 'invalid_body' } });
    const form = new FormData();
    form.set('q', new Blob(['nobody@example.com']), 'q.txt');
    const file = await consoleApi('/admin/api/orders/search', { method: 'POST', body: form });
    expect(file.status).toBe(400);
    expect(await file.json()).toMatchObject({ error: { code: 'invalid_body', param: 'q' } });
  });
});

describe('an order', () => {
  it('comes with its lines and its history, each change with what caused it', async () => {
    const paid = await paidOrder({ quantity: 2 });
    await flushWebhooks();
    const detail = await consoleGet<{
      order: OrderJson;
      history: { from_status: string | null; to_status: string; cause: object }[];
      lines: unknown[];
      refunds: unknown[];
      disagreement: unknown;
    }>(`/admin/api/orders/${paid.id}`);
    expect(detail.order).toMatchObject({ id: paid.id, status: 'paid', card: { last4: '4242' } });
    expect(detail.lines).toEqual([
      {
        product_id: 'support-5',
        name: 'Support our work',
        quantity: 2,
        unit_amount: 500,
        discount: 0,
        amount: 1000,
        currency: 'usd',
      },
    ]);
    expect(detail.history).toEqual([
      expect.objectContaining({
        from_status: null,
        to_status: 'pending',
        cause: expect.objectContaining({ source: 'request', route: 'POST /charge' }),
      }),
      expect.objectContaining({
        from_status: 'pending',
        to_status: 'paid',
        cause: expect.objectContaining({
          source: 'request',
          route: 'POST /charge',
          request_id: expect.any(String),
        }),
      }),
    ]);
    expect(detail.refunds).toEqual([]);
    expect(detail.disagreement).toBeNull();
    expect((await consoleApi('/admin/api/orders/ord_000000000000000000000000')).status).toBe(404);
  });
});

describe('a tax-inclusive order', () => {
  /**
   * A poster ($10.00, 19 % inside: $1.60) sent to Berlin by Standard ($10.00, 19 % on top: $1.90),
   * paid through the Worker with Stripe Tax: $21.90.
   */
  async function inclusiveOrder(): Promise<Order> {
    const body = shippedOrder([{ product: 'poster', quantity: 1 }], BERLIN);
    expect((await charge(body, {}, { TAX_CALCULATION: 'stripe' })).status).toBe(200);
    const paid = (await orderOf(body.checkout_id!))!;
    expect(paid).toMatchObject({ status: 'paid', amount: 2190, tax_amount: 190 });
    return paid;
  }

  it('says the tax inside its prices beside the tax added: in the list, the detail and the CSV', async () => {
    const paid = await inclusiveOrder();
    const taxes = { amount: 2190, tax_amount: 190, tax_included: 160 };
    const list = await consoleSearch<Page>(`q=${paid.id}`);
    expect(list.orders).toEqual([expect.objectContaining({ id: paid.id, ...taxes })]);

    const detail = await consoleGet<{
      order: OrderJson;
      summary: { rows: { kind: string; label: string; amount: number }[] };
    }>(`/admin/api/orders/${paid.id}`);
    expect(detail.order).toMatchObject(taxes);
    // The console's page shows these rows as the receipt does: "Includes tax" under the total.
    expect(detail.summary.rows.slice(-3)).toEqual([
      { kind: 'tax', label: 'Tax', amount: 190 },
      { kind: 'total', label: 'Total paid', amount: 2190 },
      { kind: 'included_tax', label: 'Includes tax', amount: 160 },
    ]);

    const [header, row, end] = (
      await (await consoleApi('/admin/api/orders.csv', { method: 'POST' })).text()
    ).split('\r\n');
    expect(end).toBe('');
    // The new column comes last, so a spreadsheet reading the others by position still reads them.
    const columns = header!.split(',');
    expect(columns.slice(-2)).toEqual(['tax_included', 'order_number']);
    const cells = row!.split(',');
    expect(cells).toHaveLength(columns.length);
    const cell = (name: string) => cells[columns.indexOf(name)];
    expect([cell('id'), cell('amount'), cell('tax_amount'), cell('tax_included')]).toEqual([
      paid.id,
      '2190',
      '190',
      '160',
    ]);
  });
});

describe('refunds', () => {
  it('refunds part, then the rest: partially refunded, then refunded, as Stripe and the webhook say', async () => {
    const paid = await paidOrder();
    const part = await refund(paid.id, { amount: 200, reason: 'requested_by_customer' });
    expect(part.status).toBe(201);
    expect(await part.json()).toMatchObject({
      refund: {
        amount: 200,
        status: 'succeeded',
        admin: ADMIN,
        stripe_refund_id: expect.any(String),
      },
      order: { status: 'partially_refunded', amount_refunded: 200 },
    });
    const rest = await refund(paid.id);
    expect(rest.status).toBe(201);
    expect(await rest.json()).toMatchObject({
      refund: { amount: 300 },
      order: { status: 'refunded', amount_refunded: 500 },
    });

    // Stripe's own events about the same refunds change nothing, and add no refund.
    await flushWebhooks();
    const detail = await consoleGet<{
      order: OrderJson;
      refunds: { amount: number; status: string; admin: string }[];
      history: { to_status: string; amount_refunded: number; cause: { admin: string | null } }[];
    }>(`/admin/api/orders/${paid.id}`);
    expect(detail.order).toMatchObject({ status: 'refunded', amount_refunded: 500 });
    expect(detail.refunds).toMatchObject([
      { amount: 200, status: 'succeeded', admin: ADMIN },
      { amount: 300, status: 'succeeded', admin: ADMIN },
    ]);
    expect(detail.history.slice(-2)).toMatchObject([
      { to_status: 'partially_refunded', amount_refunded: 200, cause: { admin: ADMIN } },
      { to_status: 'refunded', amount_refunded: 500, cause: { admin: ADMIN } },
    ]);
    const atStripe = await stripe.refunds.list({ payment_intent: paid.payment_intent_id! });
    expect(atStripe.data.map((r) => r.amount).sort()).toEqual([200, 300]);
    expect(atStripe.data[0]?.metadata).toMatchObject({ order_id: paid.id });
    await expectLedgerMatchesStripe();
    // Each action is logged with the admin who took it: their Access user id, not their email.
    const admin = await adminId();
    expect(admin).not.toMatch(/@/);
    expect(adminLines('admin.refund')).toMatchObject([
      { admin, order_id: paid.id, outcome: 'refunded', amount: 200 },
      { admin, order_id: paid.id, outcome: 'refunded', amount: 300 },
    ]);
  });

  it('makes one refund for two clicks with one Idempotency-Key, and never mixes keys across orders', async () => {
    const [paid, other] = [await paidOrder(), await paidOrder()];
    const key = crypto.randomUUID();
    const [first, second] = await Promise.all([
      refund(paid.id, { amount: 100 }, key),
      refund(paid.id, { amount: 100 }, key),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    const [a, b] = (await Promise.all([first.json(), second.json()])) as {
      refund: { id: string };
    }[];
    // Both answers name one refund (an id: undefined in both would pass unnoticed).
    expect(a?.refund.id).toMatch(/^rf_/);
    expect(a?.refund.id).toBe(b?.refund.id);
    expect(
      (await stripe.refunds.list({ payment_intent: paid.payment_intent_id! })).data,
    ).toHaveLength(1);
    // A third click, later, with the same key: the same refund again.
    const third = await refund(paid.id, { amount: 100 }, key);
    expect(third.status).toBe(200);
    expect(third.headers.get('idempotent-replayed')).toBe('true');
    expect(await orderOf(paid.checkout_id)).toMatchObject({ amount_refunded: 100 });
    // The same key for another order is another refund; for another amount, a mistake.
    expect((await refund(other.id, { amount: 100 }, key)).status).toBe(201);
    const reused = await refund(paid.id, { amount: 50 }, key);
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ error: { code: 'idempotency_key_reused' } });
    expect(
      (await stripe.refunds.list({ payment_intent: paid.payment_intent_id! })).data,
    ).toHaveLength(1);
  });

  it('answers a replayed key with the refusal when Stripe later marked its refund failed', async () => {
    const paid = await paidOrder();
    const key = crypto.randomUUID();
    const first = await refund(paid.id, { amount: 100 }, key);
    expect(first.status).toBe(201);
    const made = (await first.json<{ refund: { stripe_refund_id: string } }>()).refund;
    // refund.failed, as the webhook records it: failed, with no error of ours.
    await env.DB.batch(
      refundStatements(env.DB, paid.id, {
        id: made.stripe_refund_id,
        amount: 100,
        status: 'failed',
        reason: null,
        refundId: null,
        failureReason: null,
      }),
    );
    const replay = await refund(paid.id, { amount: 100 }, key);
    expect(replay.status).toBe(409);
    expect(await replay.json()).toMatchObject({
      error: { code: 'refund_refused', refund: { status: 'failed' } },
    });
  });

  it('asks Stripe again, same key, for a repeat of a refund it was busy for', async () => {
    const paid = await paidOrder();
    const key = crypto.randomUUID();
    // Stripe refuses every attempt before running it (429): it saves no answer for the key.
    await fault({ mode: 'error', status: 429, count: 3 });
    const busy = await refund(paid.id, { amount: 200 }, key);
    await fault(null);
    expect(busy.status).toBe(503);
    expect(await busy.json()).toMatchObject({ error: { code: 'stripe_unavailable' } });
    // The page's repeat of that key: made now, not the stored 503 again.
    const repeat = await refund(paid.id, { amount: 200 }, key);
    expect(repeat.status).toBe(201);
    expect(await repeat.json()).toMatchObject({
      refund: { amount: 200, status: 'succeeded' },
      order: { status: 'partially_refunded', amount_refunded: 200 },
    });
    const again = await refund(paid.id, { amount: 200 }, key);
    expect(again.status).toBe(200);
    const atStripe = await stripe.refunds.list({ payment_intent: paid.payment_intent_id! });
    expect(atStripe.data.map((r) => r.amount)).toEqual([200]);
    // Three refused attempts and the repeat's one (the last answer is the ledger's), all with one
    // Stripe key: the repeat was the same request, which Stripe makes at most once.
    const keys = (await simRequests())
      .filter((r) => r.method === 'POST' && r.path === '/v1/refunds')
      .map((r) => r.idempotency_key);
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(1);
    expect(await orderOf(paid.checkout_id)).toMatchObject({ amount_refunded: 200 });
  });

  it('asks Stripe again for a repeat of a refund whose key it refused, once fixed', async () => {
    const paid = await paidOrder();
    const key = crypto.randomUUID();
    const restricted = 'rk_test_console43';
    await restrictKey(restricted, 'rak_refund_write');
    const refused = await consoleApi(`/admin/api/orders/${paid.id}/refunds`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify({ amount: 200 }),
      vars: { ...accessVars(), STRIPE_SECRET_KEY: restricted },
    } as RequestInit);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { code: 'not_configured' } });
    const repeat = await refund(paid.id, { amount: 200 }, key);
    expect(repeat.status).toBe(201);
    const atStripe = await stripe.refunds.list({ payment_intent: paid.payment_intent_id! });
    expect(atStripe.data.map((r) => r.amount)).toEqual([200]);
  });

  it('answers a repeat of a busy refund whose amount went since: nothing more', async () => {
    const paid = await paidOrder();
    const key = crypto.randomUUID();
    await fault({ mode: 'error', status: 429, count: 3 });
    expect((await refund(paid.id, { amount: 400 }, key)).status).toBe(503);
    await fault(null);
    // Another tab refunds most of it meanwhile: the repeat's 400 no longer remain.
    expect((await refund(paid.id, { amount: 300 })).status).toBe(201);
    const repeat = await refund(paid.id, { amount: 400 }, key);
    expect(repeat.status).toBe(400);
    expect(await repeat.json()).toMatchObject({
      error: { code: 'amount_too_large', remaining: 200 },
    });
    const atStripe = await stripe.refunds.list({ payment_intent: paid.payment_intent_id! });
    expect(atStripe.data.map((r) => r.amount)).toEqual([300]);
  });

  it('refuses more than remains (400) and changes nothing', async () => {
    const paid = await paidOrder();
    const tooMuch = await refund(paid.id, { amount: 501 });
    expect(tooMuch.status).toBe(400);
    expect(await tooMuch.json()).toMatchObject({
      error: {
        code: 'amount_too_large',
        remaining: 500,
        message: expect.stringContaining('$5.00'),
      },
    });
    expect((await refund(paid.id, { amount: 400 })).status).toBe(201);
    const rest = await refund(paid.id, { amount: 200 });
    expect(rest.status).toBe(400);
    expect(await rest.json()).toMatchObject({ error: { remaining: 100 } });
    expect(
      (await stripe.refunds.list({ payment_intent: paid.payment_intent_id! })).data,
    ).toHaveLength(1);
    expect(await orderOf(paid.checkout_id)).toMatchObject({
      status: 'partially_refunded',
      amount_refunded: 400,
    });
  });

  it('never refunds more than was paid, however many refunds are asked for at once', async () => {
    const paid = await paidOrder();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => refund(paid.id, { amount: 200 })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 201, 400, 400]);
    const atStripe = await stripe.refunds.list({ payment_intent: paid.payment_intent_id! });
    expect(atStripe.data.reduce((sum, r) => sum + r.amount, 0)).toBe(400);
  });

  it('answers 400 when Stripe refuses an over-refund the ledger did not know of yet', async () => {
    // A refund made in the Stripe Dashboard, whose event is still on its way.
    const paid = await paidOrder();
    await flushWebhooks();
    await stripe.refunds.create({ payment_intent: paid.payment_intent_id!, amount: 400 });
    const response = await refund(paid.id, { amount: 200 });
    // Stripe names no code for it (invalid_request_error on `amount`): what is left is read there.
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: {
        code: 'amount_too_large',
        param: 'amount',
        remaining: 100,
        message: expect.stringContaining('$1.00'),
      },
    });
    const detail = await consoleGet<{ refunds: { amount: number; status: string }[] }>(
      `/admin/api/orders/${paid.id}`,
    );
    expect(detail.refunds).toMatchObject([{ amount: 200, status: 'failed' }]);
    // The Dashboard's refund arrives by webhook; what the refused one held is free again.
    await flushWebhooks();
    expect(await orderOf(paid.checkout_id)).toMatchObject({
      status: 'partially_refunded',
      amount_refunded: 400,
    });
    expect((await refund(paid.id, { amount: 100 })).status).toBe(201);
    await expectLedgerMatchesStripe();
  });

  it('says as refundable what a refund of all that remains refunds, before charge.refunded', async () => {
    // A $3.00 refund made in the Stripe Dashboard, of which only refund.created has come (as the
    // webhook records it): the order's amount_refunded does not know of it yet.
    const paid = await paidOrder();
    await flushWebhooks();
    await webhookDeliveries(false);
    const made = await stripe.refunds.create({
      payment_intent: paid.payment_intent_id!,
      amount: 300,
    });
    await env.DB.batch(
      refundStatements(env.DB, paid.id, {
        id: made.id,
        amount: 300,
        status: 'succeeded',
        reason: null,
        refundId: null,
        failureReason: null,
      }),
    );
    type Detail = { order: OrderJson; refundable: number };
    const detail = await consoleGet<Detail>(`/admin/api/orders/${paid.id}`);
    // The page used to work out amount − amount_refunded − held itself: $5.00, refused.
    expect(detail.order.amount_refunded).toBe(0);
    expect(detail.refundable).toBe(200);
    const rest = await refund(paid.id);
    expect(rest.status).toBe(201);
    expect(await rest.json()).toMatchObject({ refund: { amount: detail.refundable } });
    expect((await consoleGet<Detail>(`/admin/api/orders/${paid.id}`)).refundable).toBe(0);
  });

  it('refuses an order that is not paid (409), or refunded already', async () => {
    const declined = await failedOrder();
    const response = await refund(declined.id, {});
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      error: { code: 'not_refundable', status: 'failed' },
    });
    const paid = await paidOrder();
    expect((await refund(paid.id)).status).toBe(201);
    expect((await refund(paid.id)).status).toBe(409);
    expect((await refund('ord_000000000000000000000000')).status).toBe(404);
  });

  it('refuses a cross-origin POST (403), a missing key and a bad body (400), changing nothing', async () => {
    const paid = await paidOrder();
    const crossOrigin = await consoleApi(`/admin/api/orders/${paid.id}/refunds`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Idempotency-Key': crypto.randomUUID(),
        Origin: 'https://evil.example',
        'Sec-Fetch-Site': 'cross-site',
      },
      body: '{}',
    });
    expect(crossOrigin.status).toBe(403);
    expect(await crossOrigin.json()).toMatchObject({ error: { code: 'cross_origin' } });
    expect((await refund(paid.id, {}, null)).status).toBe(400);
    for (const body of [
      { amount: 1.5 },
      { amount: -1 },
      { amount: '100' },
      { reason: 'bored' },
      { extra: 1 },
    ])
      expect((await refund(paid.id, body as object)).status, JSON.stringify(body)).toBe(400);
    expect((await stripe.refunds.list({ payment_intent: paid.payment_intent_id! })).data).toEqual(
      [],
    );
    expect(await orderOf(paid.checkout_id)).toMatchObject({ status: 'paid', amount_refunded: 0 });
  });
});

describe('fulfilment run again', () => {
  afterEach(() => failFulfilment(null));

  /**
   * A paid order with every attempt used (`last`: how its fifth run ended), listed by the console's
   * Needs attention filter as such.
   */
  async function usedEveryAttempt(last: 'failed' | 'cut off') {
    const paid = await paidOrder();
    // Cut off: the fifth run's Worker left its claim, an hour old, with no error recorded.
    const [claimed, error] =
      last === 'failed'
        ? [null, 'Error: mail server down']
        : [new Date(Date.now() - 3_600_000).toISOString(), null];
    await env.DB.prepare(
      `UPDATE orders SET fulfilled_at = NULL, fulfilment_claimed_at = ?1, fulfilment_attempts = ?2,
         fulfilment_error = ?3, fulfilment_retry_at = NULL WHERE id = ?4`,
    )
      .bind(claimed, FULFILMENT_MAX_ATTEMPTS, error, paid.id)
      .run();
    const attention = await consoleSearch<Page>('status=needs_attention');
    expect(ids(attention)).toEqual([paid.id]);
    expect(attention.orders[0]).toMatchObject({
      needs_attention: true,
      fulfilment: { state: 'needs_attention', last_error: error },
    });
    return paid;
  }

  it('lists an order whose last attempt was cut off as needing attention; runs it', async () => {
    const paid = await usedEveryAttempt('cut off');
    const response = await consoleApi(`/admin/api/orders/${paid.id}/fulfil`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ order: { fulfilment: { state: 'fulfilled' } } });
  });

  it('fulfils an order that used every attempt, once, and records who asked', async () => {
    const paid = await usedEveryAttempt('failed');
    const response = await consoleApi(`/admin/api/orders/${paid.id}/fulfil`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      order: { needs_attention: false, fulfilment: { state: 'fulfilled', last_error: null } },
    });
    expect(fulfilments(paid.id)).toBe(2);
    const again = await consoleApi(`/admin/api/orders/${paid.id}/fulfil`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: 'already_fulfilled' } });
    expect(fulfilments(paid.id)).toBe(2);
    const { history } = await consoleGet<{ history: { note: string; cause: object }[] }>(
      `/admin/api/orders/${paid.id}`,
    );
    expect(history.at(-1)).toMatchObject({
      note: 'fulfilment run again',
      cause: { source: 'admin', admin: ADMIN },
    });
    const admin = await adminId();
    expect(adminLines('admin.fulfil')).toMatchObject([
      { admin, order_id: paid.id, outcome: 'fulfilled' },
      { admin, order_id: paid.id, outcome: 'refused:already_fulfilled' },
    ]);
  });

  it('keeps the error of a run that fails again out of the logs, in the ledger and the trail', async () => {
    const paid = await usedEveryAttempt('failed');
    // A mail provider's error names its recipient, as test/integration/fulfilment.test.ts's does.
    failFulfilment('mailbox jane.doe@example.com unavailable');
    const warnings = vi.spyOn(console, 'warn');
    const response = await consoleApi(`/admin/api/orders/${paid.id}/fulfil`, { method: 'POST' });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { code: 'fulfilment_failed' } });
    const [line] = adminLines('admin.fulfil');
    expect(line).toMatchObject({ order_id: paid.id, outcome: 'failed', error_kind: 'Error' });
    expect(line!.error).toBeUndefined();
    const logged = [...lines(), ...warnings.mock.calls.map(([warning]) => String(warning))];
    expect(logged.filter((text) => text.includes('jane.doe@example.com'))).toEqual([]);
    expect((await orderOf(paid.checkout_id))!.fulfilment_error).toBe(
      'Error: mailbox jane.doe@example.com unavailable',
    );
    const { actions } = await consoleGet<{ actions: { details: object }[] }>(
      `/admin/api/activity?order_id=${paid.id}`,
    );
    expect(actions[0]!.details).toMatchObject({
      error: 'Error: mailbox jane.doe@example.com unavailable',
    });
  });

  it('refuses an unpaid order (409)', async () => {
    const declined = await failedOrder();
    const response = await consoleApi(`/admin/api/orders/${declined.id}/fulfil`, {
      method: 'POST',
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: 'not_paid' } });
  });
});

describe('the CSV export', () => {
  /** Orders written straight into the ledger (fixtures): `count` of them, a second apart. */
  async function seed(count: number, email = (i: number) => `buyer${i}@example.org`) {
    const start = Date.parse('2026-03-01T10:00:00.000Z');
    const statements = Array.from({ length: count }, (_, i) =>
      env.DB.prepare(
        `INSERT INTO orders (id, checkout_id, product_id, quantity, amount, currency, email,
           status, created_at) VALUES (?, ?, 'support-5', 1, 500, 'usd', ?, 'paid', ?)`,
      ).bind(
        `ord_${i.toString(16).padStart(24, '0')}`,
        crypto.randomUUID(),
        email(i),
        new Date(start + i * 1000).toISOString(),
      ),
    );
    for (let i = 0; i < statements.length; i += 100)
      await env.DB.batch(statements.slice(i, i + 100));
  }

  it("is refused to another site's link or form (signed in): no export, no audit row", async () => {
    await seed(3);
    const path = '/admin/api/orders.csv?from=2026-03-01&to=2026-03-01';
    const token = await mint(ACCESS_SIM_ORIGIN, { email: ADMIN });
    const signedIn = { 'Cf-Access-Jwt-Assertion': token };
    // Another site's link, a top-level GET: no Origin; and no Sec-Fetch-Site from an older
    // browser (Safari before 16.4). Before, the GET without either exported (200).
    for (const site of [undefined, 'cross-site', 'same-site']) {
      const response = await adminFetch(path, {
        headers: { ...signedIn, Accept: 'text/html', ...(site && { 'Sec-Fetch-Site': site }) },
      });
      expect(response.status, site).toBe(404);
      expect(await response.text()).not.toContain('buyer0@example.org');
    }
    // Another site's form: a POST, which every browser sends with the site's Origin.
    const form = await adminFetch(path, {
      method: 'POST',
      headers: { ...signedIn, Origin: 'https://attacker.example' },
    });
    expect(form.status).toBe(403);
    expect(await form.text()).not.toContain('buyer0@example.org');
    const { actions } = await consoleGet<{ actions: unknown[] }>('/admin/api/activity');
    expect(actions).toEqual([]);
    // The console's own POST: exported.
    expect((await consoleApi(path, { method: 'POST' })).status).toBe(200);
  });

  it('streams every order of the days asked for, oldest first, over several pages', async () => {
    const count = CSV_PAGE * 2 + 7;
    await seed(count);
    await paidOrder(); // placed today: outside the range
    const response = await consoleApi('/admin/api/orders.csv?from=2026-03-01&to=2026-03-01', {
      method: 'POST',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="orders-2026-03-01-to-2026-03-01.csv"',
    );
    const text = await response.text();
    const rows = text.split('\r\n');
    expect(rows.at(-1)).toBe('');
    expect(rows[0]).toBe(
      'id,created_at,status,amount,amount_refunded,currency,product_id,quantity,items,' +
        'promotion_code,discount_amount,shipping_amount,tax_amount,shipping_country,email,' +
        'payment_intent_id,card,fulfilled_at,fulfilment,' +
        'fulfilment_error,dispute_status,tax_included,order_number',
    );
    const body = rows.slice(1, -1);
    expect(body).toHaveLength(count);
    expect(body.map((row) => row.split(',')[0])).toEqual(
      Array.from({ length: count }, (_, i) => `ord_${i.toString(16).padStart(24, '0')}`),
    );
    expect(body[0]).toBe(
      'ord_000000000000000000000000,2026-03-01T10:00:00.000Z,paid,500,0,usd,support-5,1,' +
        '1 × support-5,,0,0,0,,buyer0@example.org,,,,waiting,,,0,0000-0000',
    );
    expect(
      await (
        await consoleApi('/admin/api/orders.csv?from=2026-03-02&to=2026-03-05', { method: 'POST' })
      ).text(),
    ).toBe(`${rows[0]}\r\n`);
  });

  it("gives each order its receipt's number, last; product_id and quantity are the first line's", async () => {
    // Before: no order number anywhere in the list or the CSV (review walk, finding 7).
    const id = 'ord_2456739f6414477e824def8f';
    const line = (product: string, quantity: number, amount: number) => ({
      product,
      quantity,
      unit_amount: amount / quantity,
      discount: 0,
      amount,
    });
    await env.DB.prepare(
      `INSERT INTO orders (id, checkout_id, product_id, quantity, amount, currency, email,
         status, created_at, lines) VALUES (?, ?, 'support-5', 1, 2500, 'usd', ?, 'paid', ?, ?)`,
    )
      .bind(
        id,
        crypto.randomUUID(),
        'mugs@example.org',
        '2026-03-01T10:00:00.000Z',
        JSON.stringify([line('support-5', 1, 500), line('mug', 2, 2000)]),
      )
      .run();
    const number = orderNumber(id);
    expect(number).toBe('2456-739F');
    const list = await consoleSearch<{ orders: OrderJson[] }>('q=mugs@example.org');
    expect(list.orders).toEqual([expect.objectContaining({ id, number })]);

    const [header, row] = (
      await (
        await consoleApi('/admin/api/orders.csv?from=2026-03-01&to=2026-03-01', {
          method: 'POST',
        })
      ).text()
    ).split('\r\n');
    const columns = header!.replace(/^\uFEFF/, '').split(',');
    // Only the first line in the legacy columns (docs/console.md); `items` has them all.
    const cells = row!.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((cell) => cell.replace(/,$/, ''));
    const cell = (name: string) => cells[columns.indexOf(name)];
    expect(columns.at(-1)).toBe('order_number');
    expect([cell('product_id'), cell('quantity'), cell('items'), cell('order_number')]).toEqual([
      'support-5',
      '1',
      '"1 × support-5, 2 × mug"',
      number,
    ]);
  });

  it('comes in parts of CSV_PART_ROWS orders, each linking to the next, for a larger ledger', async () => {
    const count = CSV_PART_ROWS + 7;
    await seed(count);
    const parts: string[][] = [];
    let path: string | null = '/admin/api/orders.csv?from=2026-03-01';
    while (path && parts.length < 3) {
      const response = await consoleApi(path, { method: 'POST' });
      expect(response.status).toBe(200);
      const rows = (await response.text()).split('\r\n');
      expect(rows[0]).toMatch(/^id,created_at,status,/);
      expect(rows.at(-1)).toBe('');
      parts.push(rows.slice(1, -1));
      path = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1] ?? null;
      if (path) expect(path).toMatch(/^\/admin\/api\/orders\.csv\?from=2026-03-01&after=.+&to=/);
    }
    expect(parts.map((rows) => rows.length)).toEqual([CSV_PART_ROWS, 7]);
    expect(parts.flat().map((row) => row.split(',')[0])).toEqual(
      Array.from({ length: count }, (_, i) => `ord_${i.toString(16).padStart(24, '0')}`),
    );
    // Each part is an export of its own in the audit trail.
    const { actions } = await consoleGet<{ actions: { action: string }[] }>('/admin/api/activity');
    expect(actions.filter((action) => action.action === 'export')).toHaveLength(2);
  });

  it('starts each part with a byte order mark, for Excel to read "1 × support-5"', async () => {
    await seed(CSV_PART_ROWS + 1);
    let path: string | null = '/admin/api/orders.csv?from=2026-03-01';
    let parts = 0;
    while (path && parts < 3) {
      const response = await consoleApi(path, { method: 'POST' });
      const bytes = new Uint8Array(await response.arrayBuffer());
      // The mark, once, then the header's "id".
      expect([...bytes.slice(0, 5)], `part ${parts}`).toEqual([0xef, 0xbb, 0xbf, 0x69, 0x64]);
      // The mark kept (ignoreBOM), the text after it: the × of the items is UTF-8's.
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
      expect(text.split('\r\n')[1]).toContain(',1 × support-5,');
      path = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1] ?? null;
      parts++;
    }
    expect(parts).toBe(2);
  });

  it('refuses a cursor it did not make (400), exporting nothing', async () => {
    await seed(2);
    for (const after of ['', 'nope', btoa('["yesterday","ord_1"]')]) {
      const response = await consoleApi(
        `/admin/api/orders.csv?after=${encodeURIComponent(after)}`,
        { method: 'POST' },
      );
      expect(response.status, after).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { code: 'invalid_cursor', param: 'after' },
      });
    }
    const { actions } = await consoleGet<{ actions: unknown[] }>('/admin/api/activity');
    expect(actions).toEqual([]);
  });

  it('quotes as RFC 4180 says, and defuses cells a spreadsheet would run', async () => {
    await seed(2, (i) =>
      i === 0 ? '=HYPERLINK("http://evil.example","x")@example.org' : 'a,b@example.org',
    );
    const text = await (
      await consoleApi('/admin/api/orders.csv?from=2026-03-01&to=2026-03-01', { method: 'POST' })
    ).text();
    const rows = text.split('\r\n');
    expect(rows[1]).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")@example.org",`);
    expect(rows[2]).toContain(',"a,b@example.org",');
  });

  it('refuses dates that are not dates, or a range that ends before it starts (400)', async () => {
    for (const query of ['from=2026-02-30', 'to=yesterday', 'from=2026-03-02&to=2026-03-01'])
      expect(
        (await consoleApi(`/admin/api/orders.csv?${query}`, { method: 'POST' })).status,
        query,
      ).toBe(400);
  });
});

describe('who did what', () => {
  interface Action {
    at: string;
    admin: string;
    action: string;
    order_id: string | null;
    outcome: string;
    details: Record<string, unknown>;
  }
  interface Activity {
    actions: Action[];
    next_cursor: string | null;
  }

  it('records a refund that Stripe made and the ledger then failed to record: who asked', async () => {
    const paid = await paidOrder();
    await flushWebhooks();
    await webhookDeliveries(false);
    // D1 refuses the refund's answer from Stripe (a failure after the Stripe call).
    await env.DB.prepare(
      `CREATE TRIGGER test_refund_unrecorded BEFORE UPDATE OF stripe_refund_id ON refunds
       WHEN NEW.stripe_refund_id IS NOT NULL BEGIN SELECT RAISE(ABORT, 'ledger down'); END`,
    ).run();
    try {
      expect((await refund(paid.id, { amount: 200 })).status).toBe(500);
    } finally {
      await env.DB.prepare('DROP TRIGGER test_refund_unrecorded').run();
    }
    const made = await stripe.refunds.list({ payment_intent: paid.payment_intent_id! });
    expect(made.data.map((refund) => refund.amount)).toEqual([200]);
    const { actions } = await consoleGet<Activity>(`/admin/api/activity?order_id=${paid.id}`);
    expect(actions).toMatchObject([
      {
        action: 'refund',
        admin: ADMIN,
        order_id: paid.id,
        outcome: 'error',
        details: { amount: 200 },
      },
    ]);
  });

  it('records each action with the admin, the order, what came of it and when, refusals too', async () => {
    const paid = await paidOrder();
    const before = new Date().toISOString();
    const key = crypto.randomUUID();
    expect((await refund(paid.id, { amount: 200 }, key)).status).toBe(201);
    expect((await refund(paid.id, { amount: 200 }, key)).status).toBe(200);
    expect((await refund(paid.id, { amount: 400 })).status).toBe(400);
    expect(
      (await consoleApi(`/admin/api/orders/${paid.id}/fulfil`, { method: 'POST' })).status,
    ).toBe(409);
    expect(
      (await consoleApi('/admin/api/orders.csv?from=2026-03-01&to=2026-03-02', { method: 'POST' }))
        .status,
    ).toBe(200);
    // Bad requests are no action: only their request log line has them.
    expect((await refund(paid.id, { amount: -1 })).status).toBe(400);

    const { actions, next_cursor } = await consoleGet<Activity>('/admin/api/activity');
    expect(next_cursor).toBeNull();
    const refundId = actions.at(-1)?.details.refund_id;
    expect(actions).toMatchObject([
      {
        action: 'export',
        order_id: null,
        outcome: 'exported',
        details: { from: '2026-03-01T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' },
      },
      { action: 'fulfil', order_id: paid.id, outcome: 'refused:already_fulfilled' },
      { action: 'refund', order_id: paid.id, outcome: 'too_much', details: { amount: 400 } },
      {
        action: 'refund',
        order_id: paid.id,
        outcome: 'refunded',
        details: { amount: 200, currency: 'usd', refund_id: refundId, replayed: true },
      },
      {
        action: 'refund',
        order_id: paid.id,
        outcome: 'refunded',
        details: { amount: 200, refund_id: expect.stringMatching(/^rf_/), replayed: false },
      },
    ]);
    for (const action of actions) {
      expect(action.admin).toBe(ADMIN);
      expect(action.at >= before).toBe(true);
    }
  });

  it('records a reused key as what this request asked, and names the refund the key made', async () => {
    const paid = await paidOrder();
    const key = crypto.randomUUID();
    const made = await refund(paid.id, { amount: 100 }, key);
    const first = (await made.json<{ refund: { id: string } }>()).refund.id;
    expect((await refund(paid.id, { amount: 50 }, key)).status).toBe(422);
    // All that remains, for another reason: another refund than the key's.
    expect((await refund(paid.id, { reason: 'duplicate' }, key)).status).toBe(422);

    const { actions } = await consoleGet<Activity>(`/admin/api/activity?order_id=${paid.id}`);
    const [all, half] = actions;
    const reused = { key_refund: first, key_refund_amount: 100 };
    expect(half).toMatchObject({
      outcome: 'key_reused',
      details: { amount: 50, currency: 'usd', ...reused },
    });
    // "All that remains" (null), not the other refund's amount.
    expect(all).toMatchObject({
      outcome: 'key_reused',
      details: { amount: null, currency: 'usd', ...reused },
    });
    for (const action of [half, all]) {
      expect(action?.details).not.toHaveProperty('refund_id');
      expect(action?.details).not.toHaveProperty('stripe_refund');
    }
    expect(adminLines('admin.refund').filter((line) => line.outcome === 'key_reused')).toEqual([
      expect.objectContaining({ amount: 50, currency: 'usd', ...reused }),
      expect.objectContaining({ amount: null, currency: 'usd', ...reused }),
    ]);
  });

  it("lists one order's actions, a page at a time", async () => {
    const [paid, other] = [await paidOrder(), await paidOrder()];
    for (const amount of [100, 100, 100]) await refund(paid.id, { amount });
    await refund(other.id, { amount: 100 });
    const first = await consoleGet<Activity>(`/admin/api/activity?order_id=${paid.id}&limit=2`);
    expect(first.actions.map((a) => a.order_id)).toEqual([paid.id, paid.id]);
    const rest = await consoleGet<Activity>(
      `/admin/api/activity?order_id=${paid.id}&limit=2&cursor=${first.next_cursor}`,
    );
    expect(rest.actions.map((a) => a.order_id)).toEqual([paid.id]);
    expect(rest.next_cursor).toBeNull();
    for (const query of ['limit=0', 'limit=101', 'cursor=abc', 'cursor=-1'])
      expect((await consoleApi(`/admin/api/activity?${query}`)).status, query).toBe(400);
  });
});
