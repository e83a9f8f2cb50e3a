/**
 * Fulfilment runs once per paid order, and until it succeeds: the scheduled sweep finishes what a
 * failed or cut-off run left, and never repeats a finished one.
 */
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { housekeeping } from '../../src/cron';
import { FULFILMENT_MAX_ATTEMPTS } from '../../src/fulfilment/attempts.js';
import {
  CRON_SUBREQUESTS,
  FULFIL_ORDER_SUBREQUESTS,
  RETRY_ORDER_SUBREQUESTS,
  RETRY_SUBREQUESTS,
} from '../../src/fulfilment/budget';
import { reconcile } from '../../src/reconcile';
import { SWEEP_SUBREQUESTS } from '../../src/reconcile/budget';
import { observedD1 } from '../../src/timing/d1';
import { failFulfilment } from '../fixtures/shop/fulfilment';
import { awaitingAuthentication, completeAuthentication } from '../support/sweep';
import { BERLIN, shippedOrder } from '../support/cart';
import {
  charge,
  order,
  orderOf,
  resetAll,
  simRequests,
  watchConsoleLog,
  webhookDeliveries,
} from '../support/checkout';
import { consoleApi, consoleSearch, sweep } from '../support/console';

beforeEach(resetAll);
afterEach(() => failFulfilment(null));
const { fulfilments, lines } = watchConsoleLog();

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

  it('takes several due orders, as many per run as its subrequests allow, each once', async () => {
    const orders = [await paidOrder(), await paidOrder(), await paidOrder()];
    const long = new Date(Date.now() - 30 * 60_000).toISOString();
    for (const o of orders)
      await env.DB.prepare(
        'UPDATE orders SET fulfilled_at = NULL, fulfilment_claimed_at = ? WHERE id = ?',
      )
        .bind(long, o.id)
        .run();
    // At least one order fits a run's share (FULFIL_ORDER_SUBREQUESTS raised too far fails here).
    const perRun = Math.floor(RETRY_SUBREQUESTS / RETRY_ORDER_SUBREQUESTS);
    expect(perRun).toBeGreaterThanOrEqual(1);
    for (let run = 0; run < Math.ceil(orders.length / perRun); run++) await sweep();
    for (const o of orders) expect(fulfilments(o.id)).toBe(2);
    await sweep();
    for (const o of orders) expect(fulfilments(o.id)).toBe(2);
  });
});

describe("within the cron invocation's subrequests", () => {
  /**
   * Runs the cron until `done`: each run's subrequests as reconcile.test.ts counts them (every D1
   * call, a statement run or a batch, and every Stripe request), plus the share the shop's
   * fulfilOrder may spend (FULFIL_ORDER_SUBREQUESTS) for each time it ran.
   */
  async function cronRuns(done: () => Promise<boolean>, shopRuns: () => number) {
    const runs: number[] = [];
    while (!(await done()) && runs.length < 30) {
      const stripeBefore = (await simRequests()).length;
      const shopBefore = shopRuns();
      let d1 = 0;
      await housekeeping({ ...env, DB: observedD1(env.DB, () => d1++) });
      const stripe = (await simRequests()).length - stripeBefore;
      runs.push(d1 + stripe + FULFIL_ORDER_SUBREQUESTS * (shopRuns() - shopBefore));
    }
    return runs;
  }

  it("counts the shop's share of the fulfilments the sweep starts in the sweep's own budget", async () => {
    // Checkouts paid at 3-D Secure whose webhooks were missed: the sweep learns of each payment.
    await webhookDeliveries(false);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const { body, id } = await awaitingAuthentication();
      await completeAuthentication(id);
      ids.push((await orderOf(body.checkout_id!))!.id);
    }
    const shopRuns = () => ids.reduce((sum, id) => sum + fulfilments(id), 0);
    const sweeps: { counted: number; spent: number }[] = [];
    while (shopRuns() < ids.length && sweeps.length < 30) {
      const stripeBefore = (await simRequests()).length;
      const shopBefore = shopRuns();
      let d1 = 0;
      await reconcile({ ...env, DB: observedD1(env.DB, () => d1++) });
      const stripe = (await simRequests()).length - stripeBefore;
      const done = lines()
        .map((line) => JSON.parse(line) as { event: string; subrequests?: number })
        .filter((line) => line.event === 'reconcile.done');
      sweeps.push({
        counted: done.at(-1)!.subrequests!,
        spent: d1 + stripe + FULFIL_ORDER_SUBREQUESTS * (shopRuns() - shopBefore),
      });
    }
    // What the sweep counted (and stopped by) is what it spent, the shop's fulfilOrder included.
    expect(sweeps.filter(({ counted, spent }) => counted !== spent)).toEqual([]);
    expect(sweeps.filter(({ spent }) => spent > SWEEP_SUBREQUESTS)).toEqual([]);
    for (const id of ids) expect(fulfilments(id)).toBe(1);
  });

  it("counts Stripe Tax's records of the payments it learns of in the sweep's own budget", async () => {
    // Posters sent to Berlin with Stripe Tax, paid at 3-D Secure, webhooks missed: the sweep's
    // events step records each payment, and Stripe Tax's transaction for it.
    await webhookDeliveries(false);
    const tax = { TAX_CALCULATION: 'stripe' };
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const body = {
        ...shippedOrder([{ product: 'poster', quantity: 1 }], BERLIN),
        payment_method: 'pm_card_authenticationRequired',
      };
      const answer = await charge(body, {}, tax);
      const secure = await answer.json<{ client_secret: string }>();
      await completeAuthentication(secure.client_secret.split('_secret_')[0]!);
      ids.push((await orderOf(body.checkout_id!))!.id);
    }
    const recorded = async () =>
      (await env.DB.prepare(
        `SELECT COUNT(*) AS n FROM orders WHERE id IN (${ids.map(() => '?').join()})
           AND tax_transaction IS NOT NULL`,
      )
        .bind(...ids)
        .first<{ n: number }>())!.n;
    const sweeps: { counted: number; spent: number }[] = [];
    while ((await recorded()) < ids.length && sweeps.length < 30) {
      const stripeBefore = (await simRequests()).length;
      const shopBefore = ids.reduce((sum, id) => sum + fulfilments(id), 0);
      let d1 = 0;
      await reconcile({ ...env, ...tax, DB: observedD1(env.DB, () => d1++) } as Env);
      const stripe = (await simRequests()).length - stripeBefore;
      const shop = ids.reduce((sum, id) => sum + fulfilments(id), 0) - shopBefore;
      const done = lines()
        .map((line) => JSON.parse(line) as { event: string; subrequests?: number })
        .filter((line) => line.event === 'reconcile.done');
      sweeps.push({
        counted: done.at(-1)!.subrequests!,
        spent: d1 + stripe + FULFIL_ORDER_SUBREQUESTS * shop,
      });
    }
    expect(await recorded()).toBe(ids.length);
    // Stripe Tax's calls are counted (and stopped by) as the run's other calls are.
    expect(sweeps.filter(({ counted, spent }) => counted !== spent)).toEqual([]);
    expect(sweeps.filter(({ spent }) => spent > SWEEP_SUBREQUESTS)).toEqual([]);
  });

  it('fulfils more failed orders than one run may over several runs, each run within 50', async () => {
    // Enough that one run taking them all passes Free's 50: 2 D1 calls and the shop's share each.
    const count = 12;
    failFulfilment('mail server down');
    const failed: string[] = [];
    for (let i = 0; i < count; i++) {
      const body = order({ payment_method: 'pm_card_visa' });
      expect((await charge(body)).status).toBe(200);
      failed.push((await orderOf(body.checkout_id!))!.id);
    }
    failFulfilment(null);
    await env.DB.prepare('UPDATE orders SET fulfilment_retry_at = ? WHERE fulfilled_at IS NULL')
      .bind(new Date(Date.now() - 1000).toISOString())
      .run();
    const shopRuns = () => failed.reduce((sum, id) => sum + fulfilments(id), 0);
    const unfulfilled = async () =>
      (await env.DB.prepare('SELECT COUNT(*) AS n FROM orders WHERE fulfilled_at IS NULL').first<{
        n: number;
      }>())!.n;
    const runs = await cronRuns(async () => (await unfulfilled()) === 0, shopRuns);
    expect(await unfulfilled()).toBe(0);
    expect(runs.filter((subrequests) => subrequests > CRON_SUBREQUESTS)).toEqual([]);
    expect(runs.length).toBeGreaterThan(1);
    // Each once more than its failed run: none lost, none run twice.
    for (const id of failed) expect(fulfilments(id)).toBe(2);
    await housekeeping(env);
    expect(shopRuns()).toBe(2 * count);
  });
});

describe('a fulfilment that fails', () => {
  it('is tried again after growing waits, warning with the order each time, then needs attention', async () => {
    // The merchant's fulfilOrder throws (the tests' stand-in for it, told to), as a mail
    // provider's error does, naming its recipient.
    failFulfilment('mailbox jane.doe@example.com unavailable');
    const warnings = vi.spyOn(console, 'warn');
    const failures = () =>
      warnings.mock.calls
        .map(([line]) => String(line))
        .filter((line) => line.includes('"event":"fulfilment.failed"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const body = order({ payment_method: 'pm_card_visa' });
    expect((await charge(body)).status).toBe(200);
    const first = (await orderOf(body.checkout_id!))!;
    expect(first).toMatchObject({
      status: 'paid',
      fulfilled_at: null,
      fulfilment_claimed_at: null,
      fulfilment_attempts: 1,
      fulfilment_error: 'Error: mailbox jane.doe@example.com unavailable',
    });
    const wait = Date.parse(first.fulfilment_retry_at!) - Date.now();
    expect(wait).toBeGreaterThan(4 * 60_000);
    expect(wait).toBeLessThanOrEqual(5 * 60_000);
    expect(failures()).toEqual([
      expect.objectContaining({
        level: 'warn',
        order_id: first.id,
        attempt: 1,
        needs_attention: false,
        error: 'Error',
      }),
    ]);
    // The message, personal data, only in the ledger (the console's), never in a log line.
    expect(JSON.stringify(failures())).not.toContain('jane.doe');

    // Not before its wait is over.
    await sweep();
    expect((await orderOf(body.checkout_id!))?.fulfilment_attempts).toBe(1);
    const waits = [wait];
    for (let attempt = 2; attempt <= FULFILMENT_MAX_ATTEMPTS; attempt++) {
      await env.DB.prepare('UPDATE orders SET fulfilment_retry_at = ? WHERE id = ?')
        .bind(new Date(Date.now() - 1000).toISOString(), first.id)
        .run();
      await sweep();
      const now = (await orderOf(body.checkout_id!))!;
      expect(now.fulfilment_attempts).toBe(attempt);
      if (now.fulfilment_retry_at) waits.push(Date.parse(now.fulfilment_retry_at) - Date.now());
    }
    // Each wait strictly longer than the last (a back-off that stopped growing fails); none after
    // the last attempt. In whole minutes: the ledger's clock and the test's are moments apart.
    expect(waits).toHaveLength(FULFILMENT_MAX_ATTEMPTS - 1);
    const minutes = waits.map((ms) => Math.round(ms / 60_000));
    for (let i = 1; i < minutes.length; i++) {
      expect(minutes[i], `waits in minutes: ${minutes.join(', ')}`).toBeGreaterThan(
        minutes[i - 1]!,
      );
    }
    expect(failures().map((line) => [line.order_id, line.attempt, line.needs_attention])).toEqual(
      Array.from({ length: FULFILMENT_MAX_ATTEMPTS }, (_, i) => [
        first.id,
        i + 1,
        i + 1 === FULFILMENT_MAX_ATTEMPTS,
      ]),
    );
    await sweep();
    expect((await orderOf(body.checkout_id!))?.fulfilment_attempts).toBe(FULFILMENT_MAX_ATTEMPTS);
    const attention = await consoleSearch<{ orders: { id: string }[] }>('status=needs_attention');
    expect(attention.orders.map((o) => o.id)).toEqual([first.id]);

    // Fixed: an admin runs it again from the console.
    failFulfilment(null);
    warnings.mockRestore();
    const rerun = await consoleApi(`/admin/api/orders/${first.id}/fulfil`, { method: 'POST' });
    expect(rerun.status).toBe(200);
    expect((await orderOf(body.checkout_id!))?.fulfilled_at).not.toBeNull();
  });
});
