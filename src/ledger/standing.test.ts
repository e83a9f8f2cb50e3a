import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { observedD1, type D1Call } from '../timing/d1';
import { openOrder } from '.';
import { recordDecline } from './declines';
import { readStanding } from './standing';

const cause = { source: 'request', route: 'POST /charge', requestId: 'req-standing' } as const;

/** The ledger as a request sees it, counting its round trips. */
function counted() {
  const calls: D1Call[] = [];
  return { db: observedD1(env.DB, (call) => calls.push(call)), calls };
}

describe('readStanding', () => {
  it('reads a new checkout (no order) and a network without declines in one round trip', async () => {
    const { db, calls } = counted();
    expect(await readStanding(db, crypto.randomUUID(), '192.0.2.0/24')).toEqual({
      order: null,
      declines: { hour: 0, day: 0, oldestInHour: null, oldestInDay: null },
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.statements).toHaveLength(2);
  });

  it("reads the checkout's order and its network's declines of the last hour and day", async () => {
    const checkoutId = crypto.randomUUID();
    const line = { product: 'support-5', quantity: 1, unit_amount: 500, discount: 0, amount: 500 };
    const order = await openOrder(
      env.DB,
      {
        checkoutId,
        lines: [line],
        amount: 500,
        currency: 'usd',
        email: 'standing@example.com',
        promotion: null,
      },
      cause,
    );
    const network = `198.51.100.${Math.floor(Math.random() * 250)}/32`;
    const now = new Date('2026-11-30T12:00:00.000Z');
    const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
    for (const at of [hoursAgo(0.5), hoursAgo(3), hoursAgo(30)])
      await recordDecline(env.DB, network, at);

    const { db, calls } = counted();
    expect(await readStanding(db, checkoutId, network, now)).toEqual({
      order,
      declines: {
        hour: 1,
        day: 2,
        oldestInHour: hoursAgo(0.5).toISOString(),
        oldestInDay: hoursAgo(3).toISOString(),
      },
    });
    expect(calls).toHaveLength(1);
  });
});
