/**
 * A decline is counted once, whoever reads it from Stripe: POST /charge's answer, the webhook, a
 * receipt view or the sweep's check. After a decline, a new attempt that Stripe rate-limited
 * (429 to every call: it never ran) leaves the order pending while its PaymentIntent still reads
 * the first attempt's failure; reading it again must not count that decline twice, nor end an
 * attempt that may be confirming. Through the Worker's fetch handler and the cron's sweep.
 */
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  charge,
  checkout,
  confirmationToken,
  fault,
  order,
  orderOf,
  resetAll,
} from '../support/checkout';
import { sweep } from '../support/console';
import { skipEvents } from '../support/sweep';

beforeEach(resetAll);

/**
 * A declined checkout whose next attempt Stripe refused with 429 three times: pending, with the
 * declined PaymentIntent linked. Its body and PaymentIntent id.
 */
async function declinedThenRateLimited() {
  const body = order({
    confirmation_token: await confirmationToken('pm_card_visa_chargeDeclined'),
  });
  expect((await charge(body)).status).toBe(402);
  const card = await confirmationToken('pm_card_visa');
  await fault({ mode: 'error', status: 429, count: 3 });
  const retry = await charge({ ...body, confirmation_token: card });
  await fault(null);
  expect(retry.status).toBe(503);
  const pending = (await orderOf(body.checkout_id!))!;
  expect(pending).toMatchObject({ status: 'pending', declines: 1 });
  return { body, id: pending.payment_intent_id! };
}

/** Moves the order's last change `seconds` back (its attempt's start stays: after the decline). */
const quietFor = (checkoutId: string, seconds: number) =>
  env.DB.prepare(
    `UPDATE orders SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?),
       stripe_checked_at = NULL WHERE checkout_id = ?`,
  )
    .bind(`-${seconds} seconds`, checkoutId)
    .run();

describe('a decline read again after a rate-limited attempt', () => {
  it('a receipt view leaves an attempt that may be confirming pending', async () => {
    const { body, id } = await declinedThenRateLimited();
    await quietFor(body.checkout_id!, 0);
    expect((await checkout(`/thank-you?payment_intent=${id}`)).status).toBe(200);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'pending', declines: 1 });
  });

  it('a receipt view later records the failure, counted once', async () => {
    const { body, id } = await declinedThenRateLimited();
    await quietFor(body.checkout_id!, 120);
    const html = await (await checkout(`/thank-you?payment_intent=${id}`)).text();
    expect(html).toContain('not been charged');
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'failed', declines: 1 });
  });

  it("the sweep's check of a quiet open order records it, counted once", async () => {
    const { body } = await declinedThenRateLimited();
    await quietFor(body.checkout_id!, 20 * 60);
    await skipEvents();
    await sweep();
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'failed', declines: 1 });
  });
});
