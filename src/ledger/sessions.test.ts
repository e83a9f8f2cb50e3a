import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { findOrder, openOrder, type Cause } from '.';
import { orderHistory } from './history';
import { endAbandonedAttempts } from './sessions';

const sweep: Cause = { source: 'sweep', job: 'cancel' };

/** A hosted order left pending with no Session and no PaymentIntent, changed just now. */
async function abandoned() {
  const order = await openOrder(
    env.DB,
    {
      checkoutId: crypto.randomUUID(),
      lines: [{ product: 'support-5', quantity: 1, unit_amount: 500, discount: 0, amount: 500 }],
      amount: 500,
      currency: 'usd',
      email: '',
      promotion: null,
    },
    sweep,
  );
  await env.DB.prepare('UPDATE orders SET hosted = 1 WHERE id = ?').bind(order!.id).run();
  return order!;
}

const end = (now: number, limit = 50) =>
  endAbandonedAttempts(env.DB, { now, quietMinutes: 60, limit, cause: sweep, note: 'abandoned' });

describe('endAbandonedAttempts', () => {
  it("judges quiet by the sweep's clock, and writes each canceled order's history row", async () => {
    const order = await abandoned();
    const now = Math.floor(Date.now() / 1000);
    expect(await end(now + 59 * 60)).toBe(0);
    expect(await findOrder(env.DB, order.id)).toMatchObject({ status: 'pending' });
    expect(await end(now + 61 * 60)).toBe(1);
    expect(await findOrder(env.DB, order.id)).toMatchObject({ status: 'canceled' });
    expect((await orderHistory(env.DB, order.id)).at(-1)).toMatchObject({
      to_status: 'canceled',
      note: 'abandoned',
    });
  });

  it('writes the history of the very orders it cancels when their times are equal', async () => {
    const orders = [await abandoned(), await abandoned(), await abandoned()];
    const ids = orders.map((order) => order.id);
    await env.DB.prepare(
      `UPDATE orders SET updated_at = '2026-01-01T00:00:00.000Z'
       WHERE id IN (${ids.map(() => '?').join(', ')})`,
    )
      .bind(...ids)
      .run();
    expect(await end(Math.floor(Date.now() / 1000), 2)).toBe(2);
    for (const id of ids) {
      const canceled = (await findOrder(env.DB, id))!.status === 'canceled';
      const noted = (await orderHistory(env.DB, id)).some((row) => row.to_status === 'canceled');
      expect(noted).toBe(canceled);
    }
  });
});
