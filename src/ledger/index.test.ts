import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  claimUnfulfilled,
  findOrder,
  markFulfilled,
  openOrder,
  recordFulfilmentFailure,
  redemptionsOf,
  retireAttempt,
  startRetry,
  transition,
  type Cause,
  type PaymentFacts,
} from '.';
import { orderHistory } from './history';
import { linesOf } from './lines';
import { ORDER_FIELDS, orderView, statusCondition, type OrderRow } from '../orders/view.js';
import { chooseSessionExpiry, linkSession } from './sessions';

/** Changes made by a customer's request, and by Stripe events. */
const request: Cause = { source: 'request', route: 'POST /charge', requestId: 'req-test' };
const eventCause = (type = 'payment_intent.succeeded'): Cause => ({
  source: 'webhook',
  event: { id: `evt_${crypto.randomUUID()}`, type },
});
const change = (orderId: string, facts: PaymentFacts, cause: Cause = request) =>
  transition(env.DB, orderId, facts, cause);

const draft = () => ({
  checkoutId: crypto.randomUUID(),
  lines: [{ product: 'support-5', quantity: 1, unit_amount: 500, discount: 0, amount: 500 }],
  amount: 500,
  currency: 'usd',
  email: 'ledger@example.com',
  promotion: null,
});

/** Where an order's fulfilment stands, as the console and `npm run orders` show it. */
const fulfilment = async (id: string) => {
  const row = await env.DB.prepare(`SELECT ${ORDER_FIELDS} FROM orders WHERE id = ?`)
    .bind(id)
    .first<OrderRow>();
  return orderView(row!).fulfilment.state;
};

/** Whether the console's "Needs attention" filter lists the order, and its view says so. */
const needsAttention = async (id: string) => {
  const listed = await env.DB.prepare(
    `SELECT id FROM orders WHERE id = ? AND ${statusCondition('needs_attention')}`,
  )
    .bind(id)
    .first();
  const state = await fulfilment(id);
  expect(listed !== null, 'the filter and the view agree').toBe(state === 'needs_attention');
  return listed !== null;
};

/** A fresh pending order of $5.00. */
const newOrder = async () => (await openOrder(env.DB, draft(), request))!;

describe('openOrder', () => {
  it('records a new checkout as pending, and finds it again, unchanged, for the same checkout_id', async () => {
    const first = draft();
    const opened = (await openOrder(env.DB, first, request))!;
    expect(opened).toMatchObject({ checkout_id: first.checkoutId, status: 'pending', attempt: 1 });
    await change(opened.id, {
      status: 'failed',
      lastError: 'declined',
      declined: true,
    });
    // Another quantity for the same checkout: the order as recorded comes back, not a new one.
    const again = await openOrder(
      env.DB,
      {
        ...first,
        lines: [{ product: 'support-5', quantity: 3, unit_amount: 500, discount: 0, amount: 1500 }],
        amount: 1500,
      },
      request,
    );
    expect(again).toMatchObject({ id: opened.id, quantity: 1, amount: 500, status: 'failed' });
    const rows = await env.DB.prepare('SELECT COUNT(*) AS n FROM orders WHERE checkout_id = ?')
      .bind(first.checkoutId)
      .first<{ n: number }>();
    expect(rows?.n).toBe(1);
  });

  it('gives concurrent opens of one checkout the same order', async () => {
    const first = draft();
    const opened = await Promise.all(
      Array.from({ length: 5 }, () => openOrder(env.DB, first, request)),
    );
    expect(new Set(opened.map((order) => order?.id)).size).toBe(1);
  });

  it('records the lines and the promotion code of the order', async () => {
    const promo = promotion();
    const order = await openOrder(
      env.DB,
      {
        ...draft(),
        lines: [
          {
            product: 'support-5',
            name: 'Support',
            quantity: 1,
            unit_amount: 500,
            discount: 100,
            amount: 400,
          },
          {
            product: 'handbook',
            name: 'Book',
            quantity: 1,
            unit_amount: 1800,
            discount: 360,
            amount: 1440,
          },
        ],
        amount: 1840,
        promotion: { ...promo, discount: 460 },
      },
      request,
    );
    expect(order).toMatchObject({
      product_id: 'support-5',
      quantity: 1,
      amount: 1840,
      promotion_code: 'SPRING20',
      promotion_code_id: promo.promotionCodeId,
      discount_amount: 460,
    });
    expect(linesOf(order!).map((line) => [line.product, line.amount])).toEqual([
      ['support-5', 400],
      ['handbook', 1440],
    ]);
  });
});

/**
 * env.DB, adding up the rows D1 says each statement run through it read (`first` runs as `all`,
 * whose result carries them; a batch's statements are unwrapped and counted alike).
 */
function counting(): { db: D1Database; rowsRead: () => number } {
  let rows = 0;
  const real = new WeakMap<object, D1PreparedStatement>();
  const add = <T extends D1Result>(result: T) => ((rows += result.meta.rows_read), result);
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const wrapped = {
      bind: (...values: unknown[]) => wrap(statement.bind(...values)),
      all: async () => add(await statement.all()),
      run: async () => add(await statement.run()),
      first: async () => add(await statement.all()).results[0] ?? null,
    } as unknown as D1PreparedStatement;
    real.set(wrapped, statement);
    return wrapped;
  };
  const db = {
    prepare: (sql: string) => wrap(env.DB.prepare(sql)),
    batch: async (list: D1PreparedStatement[]) =>
      (await env.DB.batch(list.map((s) => real.get(s) ?? s))).map(add),
  } as unknown as D1Database;
  return { db, rowsRead: () => rows };
}

/** A promotion code of its own (ids unique per call), with the limits given. */
let promotions = 0;
function promotion(limits = { code: null as number | null, coupon: null as number | null }) {
  promotions += 1;
  return {
    code: 'SPRING20',
    promotionCodeId: `promo_ledger_${promotions}_${crypto.randomUUID().slice(0, 8)}`,
    couponId: `coupon_ledger_${promotions}_${crypto.randomUUID().slice(0, 8)}`,
    discount: 100,
    limits,
  };
}

describe('redemptions of a promotion code', () => {
  const withCode = (promo: ReturnType<typeof promotion>) => ({
    ...draft(),
    lines: [{ product: 'support-5', quantity: 1, unit_amount: 500, discount: 100, amount: 400 }],
    amount: 400,
    promotion: promo,
  });

  it('opens at most max_redemptions orders with a code, however many check out at once', async () => {
    const promo = promotion({ code: 2, coupon: null });
    const opened = await Promise.all(
      Array.from({ length: 10 }, () => openOrder(env.DB, withCode(promo), request)),
    );
    expect(opened.filter((order) => order !== null)).toHaveLength(2);
    expect(
      await redemptionsOf(
        env.DB,
        promo.promotionCodeId,
        promo.couponId,
        { code: 3, coupon: 3 },
        'quote',
      ),
    ).toEqual({ code: 2, coupon: 2 });
  });

  /** `count` orders holding a redemption of one code (of a coupon of its own), without limits. */
  async function usedUp(count: number) {
    const promo = promotion();
    for (let i = 0; i < count; i++)
      expect(await openOrder(env.DB, withCode(promo), request)).not.toBeNull();
    const limited = (code: number | null, coupon: number | null) => ({
      ...promo,
      limits: { code, coupon },
    });
    return { promo, limited };
  }

  it('counts redemptions only up to the limits, however many orders used the code', async () => {
    const { promo } = await usedUp(30);
    const counted = counting();
    const count = (code: number | null, coupon: number | null) =>
      redemptionsOf(counted.db, promo.promotionCodeId, promo.couponId, { code, coupon }, 'quote');
    expect(await count(2, 3)).toEqual({ code: 2, coupon: 3 });
    expect(counted.rowsRead()).toBeLessThan(30);
    // At the boundary and past it, the count is the holders'; no limit, or none left: none read.
    expect(await count(30, 31)).toEqual({ code: 30, coupon: 30 });
    expect(await count(null, -2)).toEqual({ code: 0, coupon: 0 });
  });

  it('opens an order while fewer hold the code than its limit, reading no more than the limit', async () => {
    const { limited } = await usedUp(30);
    expect(await openOrder(env.DB, withCode(limited(30, null)), request)).toBeNull();
    expect(await openOrder(env.DB, withCode(limited(null, 30)), request)).toBeNull();
    const counted = counting();
    expect(await openOrder(counted.db, withCode(limited(3, null)), request)).toBeNull();
    expect(await openOrder(counted.db, withCode(limited(null, 3)), request)).toBeNull();
    expect(counted.rowsRead()).toBeLessThan(30);
    expect(await openOrder(env.DB, withCode(limited(31, 31)), request)).not.toBeNull();
    expect(await openOrder(env.DB, withCode(limited(31, null)), request)).toBeNull();
  });

  it("counts the coupon's limit across its codes", async () => {
    const first = promotion({ code: null, coupon: 1 });
    const second = { ...promotion({ code: null, coupon: 1 }), couponId: first.couponId };
    expect(await openOrder(env.DB, withCode(first), request)).not.toBeNull();
    expect(await openOrder(env.DB, withCode(second), request)).toBeNull();
  });

  it('frees the redemption of a failed attempt, which must win it back to try again', async () => {
    const promo = promotion({ code: 1, coupon: null });
    const declined = (await openOrder(env.DB, withCode(promo), request))!;
    await transition(env.DB, declined.id, { status: 'failed', declined: true }, request);
    const other = await openOrder(env.DB, withCode(promo), request);
    expect(other).not.toBeNull();
    const retried = await startRetry(
      env.DB,
      (await findOrder(env.DB, declined.id))!,
      request,
      promo.limits,
    );
    expect(retried).toMatchObject({ order: { status: 'failed' }, reopened: false });
    await transition(env.DB, other!.id, { status: 'canceled' }, request);
    const reopened = await startRetry(
      env.DB,
      (await findOrder(env.DB, declined.id))!,
      request,
      promo.limits,
    );
    // The new attempt's start, which the webhook judges late failures by (migrations/0019).
    expect(reopened).toMatchObject({
      order: { status: 'pending', attempt_started_at: reopened.order.updated_at },
      reopened: true,
    });
    // Another request's reopen of it is not this one's: its new key may be in use already.
    await transition(env.DB, declined.id, { status: 'failed' }, request);
    const order = (await findOrder(env.DB, declined.id))!;
    const [first, second] = await Promise.all([
      startRetry(env.DB, order, request, promo.limits),
      startRetry(env.DB, order, request, promo.limits),
    ]);
    expect([first.reopened, second.reopened].sort()).toEqual([false, true]);
    expect(second.order).toMatchObject({ status: 'pending' });
  });
});

/** What Stripe says of a paid order (each order has its own PaymentIntent). */
const paid = (order: { id: string }) =>
  ({
    status: 'paid',
    paymentIntentId: `pi_${order.id}`,
    cardBrand: 'visa',
    cardLast4: '4242',
  }) as const;

describe('retireAttempt', () => {
  it('never fails an attempt whose Session another click linked meanwhile', async () => {
    // Two clicks read the order with nothing linked; one links its Session, the other's create
    // (the same key) got only 429s. That Session is payable: the order stays pending with it.
    const order = await newOrder();
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    await chooseSessionExpiry(env.DB, order.id, expiresAt, '{}');
    expect(
      await linkSession(env.DB, order.id, { id: 'cs_test_linked', expires_at: expiresAt }),
    ).toBe(true);
    await retireAttempt(env.DB, order, order.attempt, request, 'Stripe: rate_limit');
    expect(await findOrder(env.DB, order.id)).toMatchObject({
      status: 'pending',
      checkout_session_id: 'cs_test_linked',
      last_error: null,
    });
  });

  it("drops our own page's tax calculation once the order goes to Stripe's page", async () => {
    // Refused on our page, then continued on a Session (CHECKOUT_UI switched): Checkout records
    // its own tax, and the calculation's transaction would record the tax a second time.
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    const tax = { amount: 50, included: 0, calculation: 'taxcalc_test_own', expiresAt };
    const order = (await openOrder(env.DB, { ...draft(), tax }, request))!;
    expect(order.tax_calculation).toBe('taxcalc_test_own');
    const chosen = await chooseSessionExpiry(env.DB, order.id, expiresAt, '{}');
    expect(chosen).toMatchObject({ hosted: 1, tax_calculation: null });
  });

  it('fails an attempt that made nothing at Stripe, once', async () => {
    const order = await newOrder();
    await retireAttempt(env.DB, order, order.attempt, request, 'Stripe: rate_limit');
    await retireAttempt(env.DB, order, order.attempt, request, 'Stripe: rate_limit');
    expect(await findOrder(env.DB, order.id)).toMatchObject({
      status: 'failed',
      attempt: order.attempt + 1,
      last_error: 'Stripe: rate_limit',
    });
  });
});

describe('transition', () => {
  it('claims the fulfilment in the write that makes the order paid, and only there', async () => {
    const order = await newOrder();
    const first = await change(order.id, paid(order));
    expect(first).toMatchObject({
      changed: true,
      fulfil: true,
      order: { status: 'paid', card_last4: '4242', payment_intent_id: `pi_${order.id}` },
    });
    expect(first?.order.fulfilment_claimed_at).not.toBeNull();
    expect(first?.order.fulfilled_at).toBeNull();

    // The same news again (a webhook after the /charge answer): nothing to fulfil.
    expect(await change(order.id, paid(order))).toMatchObject({
      changed: false,
      fulfil: false,
    });
    expect(await transition(env.DB, order.id, paid(order), eventCause())).toMatchObject({
      changed: false,
      fulfil: false,
    });
  });

  it('gives one claim to concurrent writers', async () => {
    const order = await newOrder();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => change(order.id, paid(order))),
    );
    expect(results.filter((result) => result?.fulfil)).toHaveLength(1);
    expect(results.filter((result) => result?.changed)).toHaveLength(1);
  });

  it('never claims again once done', async () => {
    const order = await newOrder();
    expect(await change(order.id, paid(order))).toMatchObject({ fulfil: true });
    await markFulfilled(env.DB, order.id);
    await env.DB.prepare('UPDATE orders SET fulfilment_claimed_at = NULL WHERE id = ?')
      .bind(order.id)
      .run();
    expect(await change(order.id, paid(order))).toMatchObject({ fulfil: false });
    expect(await claimUnfulfilled(env.DB, 10, 25, 5)).toEqual([]);
  });

  it('never claims an order that is not paid', async () => {
    const order = await newOrder();
    expect(
      await change(order.id, {
        status: 'failed',
        lastError: 'declined',
        declined: true,
      }),
    ).toMatchObject({
      changed: true,
      fulfil: false,
      order: { status: 'failed', fulfilled_at: null },
    });
    expect(
      await change(order.id, {
        status: 'requires_action',
        paymentIntentId: `pi_${order.id}`,
      }),
    ).toMatchObject({ fulfil: false });
  });

  it('applies a Stripe event once: a repeat changes nothing and returns null', async () => {
    const order = await newOrder();
    const event = eventCause();
    expect(await transition(env.DB, order.id, paid(order), event)).toMatchObject({
      changed: true,
      fulfil: true,
    });
    await env.DB.prepare('UPDATE orders SET fulfilment_claimed_at = NULL WHERE id = ?')
      .bind(order.id)
      .run();
    expect(await transition(env.DB, order.id, paid(order), event)).toBeNull();
    // The rolled-back repeat did not claim the unclaimed fulfilment either.
    expect((await findOrder(env.DB, order.id))?.fulfilment_claimed_at).toBeNull();
  });
});

describe('claimUnfulfilled', () => {
  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const setClaim = (orderId: string, claimedAt: string | null) =>
    env.DB.prepare('UPDATE orders SET fulfilment_claimed_at = ? WHERE id = ?')
      .bind(claimedAt, orderId)
      .run();

  it('claims paid, unfulfilled orders: unclaimed or stale; not fresh claims, unpaid or done', async () => {
    await env.DB.prepare('DELETE FROM orders').run();
    const unclaimed = await newOrder();
    const stale = await newOrder();
    const fresh = await newOrder();
    const done = await newOrder();
    const unpaid = await newOrder();
    for (const order of [unclaimed, stale, fresh, done]) await change(order.id, paid(order));
    await setClaim(unclaimed.id, null);
    await setClaim(stale.id, ago(30));
    await setClaim(fresh.id, ago(1));
    await markFulfilled(env.DB, done.id);
    await setClaim(done.id, null);

    const claimed = await claimUnfulfilled(env.DB, 10, 25, 5);
    expect(claimed.map((order) => order.id).sort()).toEqual([unclaimed.id, stale.id].sort());
    for (const order of claimed) expect(order.fulfilment_claimed_at! > ago(1)).toBe(true);
    // Claimed now: a second sweep right after takes nothing.
    expect(await claimUnfulfilled(env.DB, 10, 25, 5)).toEqual([]);
    expect((await findOrder(env.DB, unpaid.id))?.fulfilment_claimed_at).toBeNull();
  });

  it('takes at most `limit` orders per sweep', async () => {
    await env.DB.prepare('DELETE FROM orders').run();
    for (let i = 0; i < 3; i++) {
      const order = await newOrder();
      await change(order.id, paid(order));
      await setClaim(order.id, null);
    }
    expect(await claimUnfulfilled(env.DB, 10, 2, 5)).toHaveLength(2);
    expect(await claimUnfulfilled(env.DB, 10, 2, 5)).toHaveLength(1);
  });
});

describe('history', () => {
  it('records the creation and each change with its cause, in the write itself, never a no-op', async () => {
    const order = await newOrder();
    await openOrder(env.DB, { ...draft(), checkoutId: order.checkout_id }, request);
    const event = eventCause();
    await transition(env.DB, order.id, paid(order), event);
    await change(order.id, paid(order));
    await change(order.id, { status: 'partially_refunded', amountRefunded: 200 });
    await change(order.id, { status: 'paid' });
    const history = await orderHistory(env.DB, order.id);
    expect(history).toMatchObject([
      { from_status: null, to_status: 'pending', source: 'request', request_id: 'req-test' },
      {
        from_status: 'pending',
        to_status: 'paid',
        source: 'webhook',
        event_id: 'event' in event ? event.event.id : '',
        event_type: 'payment_intent.succeeded',
      },
      {
        from_status: 'paid',
        to_status: 'partially_refunded',
        amount_refunded: 200,
        route: 'POST /charge',
      },
    ]);
  });

  it('records a larger refund without a change of status, and an admin by email', async () => {
    const order = await newOrder();
    await change(order.id, paid(order));
    const admin: Cause = {
      source: 'admin',
      admin: 'ada@shop.example',
      route: 'POST /admin/api/orders/:id/refunds',
      requestId: 'r1',
    };
    await transition(
      env.DB,
      order.id,
      { status: 'partially_refunded', amountRefunded: 100 },
      admin,
      { note: 'refund re_1' },
    );
    await transition(
      env.DB,
      order.id,
      { status: 'partially_refunded', amountRefunded: 300 },
      admin,
    );
    const history = await orderHistory(env.DB, order.id);
    expect(history.slice(-2)).toMatchObject([
      {
        to_status: 'partially_refunded',
        amount_refunded: 100,
        admin_email: 'ada@shop.example',
        note: 'refund re_1',
      },
      { from_status: 'partially_refunded', to_status: 'partially_refunded', amount_refunded: 300 },
    ]);
  });

  it('writes nothing for an event already applied', async () => {
    const order = await newOrder();
    const event = eventCause();
    await transition(env.DB, order.id, paid(order), event);
    const before = (await orderHistory(env.DB, order.id)).length;
    expect(await transition(env.DB, order.id, paid(order), event)).toBeNull();
    expect(await orderHistory(env.DB, order.id)).toHaveLength(before);
  });
});

describe('fulfilment attempts', () => {
  it('counts the first claim, and waits out a failure before claiming again', async () => {
    await env.DB.prepare('DELETE FROM orders').run();
    const order = await newOrder();
    expect((await change(order.id, paid(order)))?.order.fulfilment_attempts).toBe(1);
    const failed = await recordFulfilmentFailure(env.DB, order.id, 'Error: mail server down', 5);
    expect(failed).toMatchObject({
      fulfilment_claimed_at: null,
      fulfilment_error: 'Error: mail server down',
    });
    expect(Date.parse(failed!.fulfilment_retry_at!) - Date.now()).toBeGreaterThan(4 * 60_000);
    // Not before its back-off, even though it is unclaimed.
    expect(await claimUnfulfilled(env.DB, 10, 25, 5)).toEqual([]);
    await env.DB.prepare('UPDATE orders SET fulfilment_retry_at = ? WHERE id = ?')
      .bind(new Date(Date.now() - 1000).toISOString(), order.id)
      .run();
    const [claimed] = await claimUnfulfilled(env.DB, 10, 25, 5);
    expect(claimed).toMatchObject({ id: order.id, fulfilment_attempts: 2 });
  });

  it('stops after the last attempt, even for a run that was cut off', async () => {
    await env.DB.prepare('DELETE FROM orders').run();
    const order = await newOrder();
    await change(order.id, paid(order));
    await env.DB.prepare(
      'UPDATE orders SET fulfilment_attempts = 5, fulfilment_claimed_at = ? WHERE id = ?',
    )
      .bind(new Date(Date.now() - 60 * 60_000).toISOString(), order.id)
      .run();
    expect(await claimUnfulfilled(env.DB, 10, 25, 5)).toEqual([]);
    // Its last run was cut off, so no failure was recorded: a person must look, as after one.
    expect(await needsAttention(order.id)).toBe(true);
    await recordFulfilmentFailure(env.DB, order.id, 'Error: still down', null);
    expect(await claimUnfulfilled(env.DB, 10, 25, 5)).toEqual([]);
    expect(await findOrder(env.DB, order.id)).toMatchObject({
      fulfilment_retry_at: null,
      fulfilled_at: null,
    });
    expect(await needsAttention(order.id)).toBe(true);
  });

  it('shows a run under way as running, a stale one with attempts left as retrying', async () => {
    await env.DB.prepare('DELETE FROM orders').run();
    const order = await newOrder();
    await change(order.id, paid(order));
    const claim = (attempts: number, minutesAgo: number) =>
      env.DB.prepare(
        'UPDATE orders SET fulfilment_attempts = ?1, fulfilment_claimed_at = ?2 WHERE id = ?3',
      )
        .bind(attempts, new Date(Date.now() - minutesAgo * 60_000).toISOString(), order.id)
        .run();
    await claim(5, 1);
    expect(await fulfilment(order.id)).toBe('running');
    expect(await needsAttention(order.id)).toBe(false);
    await claim(2, 60);
    expect(await fulfilment(order.id)).toBe('retrying');
    expect(await needsAttention(order.id)).toBe(false);
  });
});
