import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { openOrder, transition, type Cause } from '.';
import { hasFailedRefund } from '../refunds/failed';
import { abandonRefund, refundStatements, reserveRefund } from './refunds';

const cause: Cause = { source: 'request', route: 'POST /charge', requestId: 'req-refunds' };

/** A paid order of `amount`. */
async function paidOrder(amount = 500) {
  const order = (await openOrder(
    env.DB,
    {
      checkoutId: crypto.randomUUID(),
      lines: [{ product: 'support-5', quantity: 1, unit_amount: amount, discount: 0, amount }],
      amount,
      currency: 'usd',
      email: 'ledger@example.com',
      promotion: null,
    },
    cause,
  ))!;
  await transition(env.DB, order.id, { status: 'paid', paymentIntentId: `pi_${order.id}` }, cause);
  return order;
}

const ask = (orderId: string, amount?: number, key = crypto.randomUUID()) =>
  reserveRefund(env.DB, { orderId, idempotencyKey: key, amount, admin: 'ada@shop.example' });

describe('reserveRefund', () => {
  it('never lets refunds asked for at once add up to more than was paid', async () => {
    const order = await paidOrder(500);
    const results = await Promise.all(Array.from({ length: 6 }, () => ask(order.id, 200)));
    expect(results.filter((r) => r.kind === 'reserved')).toHaveLength(2);
    expect(results.filter((r) => r.kind === 'too_much')).toHaveLength(4);
    expect(results.find((r) => r.kind === 'too_much')).toMatchObject({ remaining: 100, held: 400 });
  });

  it('takes all that remains by default, and nothing once it is all held', async () => {
    const order = await paidOrder(500);
    expect(await ask(order.id, 150)).toMatchObject({ kind: 'reserved' });
    expect(await ask(order.id)).toMatchObject({ kind: 'reserved', refund: { amount: 350 } });
    expect(await ask(order.id)).toMatchObject({ kind: 'too_much', remaining: 0 });
  });

  it('finds the refund a key already made for the order, and not for another order', async () => {
    const [one, two] = [await paidOrder(), await paidOrder()];
    const first = await ask(one.id, 100, 'key-1');
    expect(await ask(one.id, 100, 'key-1')).toEqual({
      kind: 'existing',
      refund: 'refund' in first ? first.refund : null,
    });
    expect(await ask(two.id, 100, 'key-1')).toMatchObject({ kind: 'reserved' });
  });

  it('releases what a refused refund held, and counts refunds Stripe accepted', async () => {
    const order = await paidOrder(500);
    const held = await ask(order.id, 400);
    if (held.kind !== 'reserved') throw new Error(held.kind);
    await abandonRefund(env.DB, held.refund.id, 'amount_too_large');
    expect(await ask(order.id, 400)).toMatchObject({ kind: 'reserved' });
    // A Dashboard refund the webhook recorded counts before its charge.refunded arrives.
    const other = await paidOrder(500);
    await env.DB.batch(
      refundStatements(env.DB, other.id, {
        id: 're_dashboard',
        amount: 300,
        status: 'succeeded',
        reason: null,
        refundId: null,
        failureReason: null,
      }),
    );
    expect(await ask(other.id, 300)).toMatchObject({ kind: 'too_much', remaining: 200 });
  });

  it('refuses an order that is not paid, and one that does not exist', async () => {
    const order = await paidOrder();
    await transition(env.DB, order.id, { status: 'refunded', amountRefunded: 500 }, cause);
    expect(await ask(order.id)).toEqual({ kind: 'not_refundable', status: 'refunded' });
    expect(await ask('ord_000000000000000000000000')).toEqual({ kind: 'no_order' });
  });
});

describe('refundStatements', () => {
  const news = (
    orderId: string,
    status: 'pending' | 'requires_action' | 'succeeded' | 'failed',
    failureReason: string | null = null,
  ) => ({ id: `re_${orderId}`, amount: 200, status, reason: null, refundId: null, failureReason });
  const statusOf = async (orderId: string) =>
    (
      await env.DB.prepare('SELECT status FROM refunds WHERE order_id = ?')
        .bind(orderId)
        .first<{ status: string }>()
    )?.status;

  it('never moves a succeeded refund back: a late refund.created (pending) changes nothing', async () => {
    const order = await paidOrder(500);
    await env.DB.batch(refundStatements(env.DB, order.id, news(order.id, 'succeeded')));
    for (const late of ['pending', 'requires_action'] as const) {
      await env.DB.batch(refundStatements(env.DB, order.id, news(order.id, late)));
      expect(await statusOf(order.id)).toBe('succeeded');
    }
  });

  it('moves a pending refund on to succeeded', async () => {
    const order = await paidOrder(500);
    await env.DB.batch(refundStatements(env.DB, order.id, news(order.id, 'pending')));
    await env.DB.batch(refundStatements(env.DB, order.id, news(order.id, 'succeeded')));
    expect(await statusOf(order.id)).toBe('succeeded');
  });

  it('records a refund Stripe failed with its reason, for good', async () => {
    const order = await paidOrder(500);
    await env.DB.batch(refundStatements(env.DB, order.id, news(order.id, 'succeeded')));
    expect(await hasFailedRefund(env.DB, order.id)).toBe(false);
    const failed = news(order.id, 'failed', 'expired_or_canceled_card');
    await env.DB.batch(refundStatements(env.DB, order.id, failed));
    // A late refund.created or refund.updated of its success changes nothing.
    await env.DB.batch(refundStatements(env.DB, order.id, news(order.id, 'succeeded')));
    const row = await env.DB.prepare('SELECT status, error FROM refunds WHERE order_id = ?')
      .bind(order.id)
      .first();
    expect(row).toEqual({ status: 'failed', error: 'expired_or_canceled_card' });
    expect(await hasFailedRefund(env.DB, order.id)).toBe(true);
  });
});

describe('a refund that failed at Stripe, in the ledger', () => {
  it('moves the order back only when the write says a refund failed', async () => {
    const order = await paidOrder(500);
    await transition(env.DB, order.id, { status: 'refunded', amountRefunded: 500 }, cause);
    // A lower total or an earlier status from anything else changes nothing.
    await transition(env.DB, order.id, { status: 'paid', amountRefunded: 0 }, cause);
    expect(await ask(order.id)).toEqual({ kind: 'not_refundable', status: 'refunded' });

    const back = await transition(
      env.DB,
      order.id,
      { status: 'partially_refunded', amountRefunded: 200, refundFailed: true },
      cause,
      { note: 'refund re_x failed: expired_or_canceled_card' },
    );
    expect(back).toMatchObject({
      changed: true,
      order: { status: 'partially_refunded', amount_refunded: 200 },
    });
    const history = await env.DB.prepare(
      `SELECT from_status, to_status, amount_refunded, note FROM order_history
       WHERE order_id = ? ORDER BY id DESC LIMIT 1`,
    )
      .bind(order.id)
      .first();
    expect(history).toEqual({
      from_status: 'refunded',
      to_status: 'partially_refunded',
      amount_refunded: 200,
      note: 'refund re_x failed: expired_or_canceled_card',
    });
    // What came back can be refunded again.
    expect(await ask(order.id)).toMatchObject({ kind: 'reserved', refund: { amount: 300 } });
  });
});
