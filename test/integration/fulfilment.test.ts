/**
 * Fulfilment runs once per paid order, and until it succeeds: the scheduled sweep finishes what a
 * failed or cut-off run left, and never repeats a finished one.
 */
import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { charge, order, orderOf, resetAll, watchConsoleLog } from '../support/checkout';

beforeEach(resetAll);
const { fulfilments } = watchConsoleLog();

/** Runs the cron trigger as Cloudflare would. */
async function sweep(): Promise<void> {
  await worker.scheduled(
    createScheduledController({ cron: '*/5 * * * *', scheduledTime: Date.now() }),
    env,
  );
}

/** A paid order, fulfilled by its /charge. */
async function paidOrder() {
  const body = order({ payment_method: 'pm_card_visa' });
  expect((await charge(body)).status).toBe(200);
  const paid = (await orderOf(body.checkout_id!))!;
  expect(paid).toMatchObject({ status: 'paid' });
  expect(paid.fulfilled_at).not.toBeNull();
  expect(fulfilments(paid.id)).toBe(1);
  return paid;
}

describe('fulfilment retries (cron)', () => {
  it('finishes a fulfilment whose Worker was cut off after claiming it, once', async () => {
    const paid = await paidOrder();
    // As if the Worker stopped between the claim and the end: claimed 30 minutes ago, not done.
    const claimedAt = new Date(Date.now() - 30 * 60_000).toISOString();
    await env.DB.prepare(
      'UPDATE orders SET fulfilled_at = NULL, fulfilment_claimed_at = ? WHERE id = ?',
    )
      .bind(claimedAt, paid.id)
      .run();

    await sweep();
    expect(fulfilments(paid.id)).toBe(2);
    expect((await orderOf(paid.checkout_id))?.fulfilled_at).not.toBeNull();
    await sweep();
    expect(fulfilments(paid.id)).toBe(2);
  });

  it('leaves alone a fulfilment that is under way, and one that is done', async () => {
    const running = await paidOrder();
    await env.DB.prepare(
      'UPDATE orders SET fulfilled_at = NULL, fulfilment_claimed_at = ? WHERE id = ?',
    )
      .bind(new Date().toISOString(), running.id)
      .run();
    const done = await paidOrder();

    await sweep();
    expect(fulfilments(running.id)).toBe(1);
    expect(fulfilments(done.id)).toBe(1);
  });

  it('fulfils a paid order that was never claimed (paid before claims existed)', async () => {
    const paid = await paidOrder();
    await env.DB.prepare(
      'UPDATE orders SET fulfilled_at = NULL, fulfilment_claimed_at = NULL WHERE id = ?',
    )
      .bind(paid.id)
      .run();
    await sweep();
    expect(fulfilments(paid.id)).toBe(2);
    expect((await orderOf(paid.checkout_id))?.fulfilled_at).not.toBeNull();
  });

  it('takes several due orders in one sweep, each once', async () => {
    const orders = [await paidOrder(), await paidOrder(), await paidOrder()];
    const long = new Date(Date.now() - 30 * 60_000).toISOString();
    for (const o of orders)
      await env.DB.prepare(
        'UPDATE orders SET fulfilled_at = NULL, fulfilment_claimed_at = ? WHERE id = ?',
      )
        .bind(long, o.id)
        .run();
    await sweep();
    for (const o of orders) expect(fulfilments(o.id)).toBe(2);
  });
});
