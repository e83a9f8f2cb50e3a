/**
 * The cron's reconciliation sweep (src/reconcile): with the simulator's webhook deliveries paused,
 * what the webhook would have done is done by one sweep, once; lost answers are found; what Stripe
 * disagrees with is listed for the console; and each run's work is bounded.
 */
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { housekeeping } from '../../src/cron';
import { meteredEnv } from '../../src/reconcile/budget';
import { sweepContext } from '../../src/reconcile/context';
import { EVENT_PAGES } from '../../src/reconcile/events';
import { linkOrphans } from '../../src/reconcile/link';
import { settleRequestedRefunds } from '../../src/reconcile/refunds';
import { sweepStripe } from '../../src/reconcile/stripe';
import { observedD1 } from '../../src/timing/d1';
import { SHOWN } from '../../src/admin/reconciliation';
import { WEBHOOK_EVENTS } from '../../src/webhook/events.js';
import {
  charge,
  confirmationToken,
  expectLedgerMatchesStripe,
  fault,
  flushWebhooks,
  heldKeys,
  order,
  orderOf,
  releaseHeld,
  resetAll,
  restrictKey,
  simRequests,
  stripe,
  watchConsoleLog,
  webhookDeliveries,
} from '../support/checkout';
import { accessVars } from '../support/access';
import { consoleApi, consoleGet, refund, sweep } from '../support/console';
import {
  age,
  awaitingAuthentication,
  completeAuthentication,
  crowdPaymentIntents,
  skipEvents,
} from '../support/sweep';

beforeEach(resetAll);
const { fulfilments, lines } = watchConsoleLog();
/** A cron invocation's subrequests on Workers Free (fetches, D1 queries…). */
const WORKERS_FREE_SUBREQUESTS = 50;

interface Reconciliation {
  last_sweep: Record<string, unknown> | null;
  disagreements: { order_id: string; stripe_status: string; ledger_status: string }[];
}

describe('with webhook deliveries paused', () => {
  beforeEach(() => webhookDeliveries(false));

  it('makes a 3-D Secure payment completed at the simulator paid and fulfilled, once, in one sweep', async () => {
    const { body, id } = await awaitingAuthentication();
    await completeAuthentication(id);
    const waiting = (await orderOf(body.checkout_id!))!;
    expect(waiting.status).toBe('requires_action');

    await sweep();
    const paid = (await orderOf(body.checkout_id!))!;
    expect(paid).toMatchObject({ status: 'paid', payment_intent_id: id, card_last4: '3184' });
    expect(paid.fulfilled_at).not.toBeNull();
    expect(fulfilments(paid.id)).toBe(1);
    const { history } = await consoleGet<{
      history: { to_status: string; cause: { source: string; event_type: string } }[];
    }>(`/admin/api/orders/${paid.id}`);
    expect(history.at(-1)).toMatchObject({
      to_status: 'paid',
      cause: { source: 'sweep', event_type: 'payment_intent.succeeded' },
    });

    // Again, and then the webhook's late deliveries of the same events: nothing more.
    await sweep();
    await webhookDeliveries(true);
    await flushWebhooks();
    expect(fulfilments(paid.id)).toBe(1);
    expect((await orderOf(body.checkout_id!))?.status).toBe('paid');
    await expectLedgerMatchesStripe();
    const state = await consoleGet<Reconciliation>('/admin/api/reconciliation');
    expect(state.last_sweep).toMatchObject({
      finished_at: expect.any(String),
      events_applied: 0,
      errors: 0,
    });
  });

  it('records a refund made in the Stripe Dashboard', async () => {
    const body = order();
    await charge(body);
    const paid = (await orderOf(body.checkout_id!))!;
    await stripe.refunds.create({ payment_intent: paid.payment_intent_id!, amount: 150 });
    await sweep();
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'partially_refunded',
      amount_refunded: 150,
    });
    const detail = await consoleGet<{ refunds: { amount: number; admin: string | null }[] }>(
      `/admin/api/orders/${paid.id}`,
    );
    expect(detail.refunds).toMatchObject([{ amount: 150, admin: null }]);
  });

  it('links a checkout whose /charge response was lost, its customer gone, and fulfils it once', async () => {
    const body = order({ confirmation_token: await confirmationToken('pm_card_visa') });
    await fault({ mode: 'drop', count: 3 });
    expect((await charge(body)).status).toBe(502);
    await fault(null);
    const lost = (await orderOf(body.checkout_id!))!;
    expect(lost).toMatchObject({ status: 'pending', payment_intent_id: null });

    await sweep();
    const paid = (await orderOf(body.checkout_id!))!;
    expect(paid.status).toBe('paid');
    expect(paid.payment_intent_id).toMatch(/^pi_/);
    expect(fulfilments(paid.id)).toBe(1);
    await expectLedgerMatchesStripe();
  });

  /** A paid checkout whose create's answer was lost, events not read: pending, unlinked. */
  async function unlinked() {
    const body = order({ confirmation_token: await confirmationToken('pm_card_visa') });
    await fault({ mode: 'drop', count: 3 });
    await charge(body);
    await fault(null);
    const lost = (await orderOf(body.checkout_id!))!;
    await skipEvents();
    return { body, lost };
  }

  it('links such a checkout by its PaymentIntent when no event tells (listed, not searched)', async () => {
    const { body, lost } = await unlinked();
    // A /charge may still be running for a checkout this young: it is left alone.
    await sweep();
    expect(await orderOf(body.checkout_id!)).toMatchObject({ payment_intent_id: null });

    await age(lost.id, 5);
    const before = (await simRequests()).length;
    await sweep();
    const paid = (await orderOf(body.checkout_id!))!;
    expect(paid).toMatchObject({ status: 'paid', card_last4: '4242' });
    expect(fulfilments(paid.id)).toBe(1);
    const calls = (await simRequests()).slice(before).map((r) => `${r.method} ${r.path}`);
    expect(calls).toContain('GET /v1/payment_intents');
    expect(calls).not.toContain('GET /v1/events');
    const { history } = await consoleGet<{ history: { note: string | null; cause: object }[] }>(
      `/admin/api/orders/${paid.id}`,
    );
    expect(history.at(-1)).toMatchObject({
      note: `linked to ${paid.payment_intent_id}`,
      cause: { source: 'sweep', route: 'sweep link' },
    });
    expect(
      (await consoleGet<Reconciliation>('/admin/api/reconciliation')).last_sweep,
    ).toMatchObject({ orders_linked: 1 });
  });

  it('links one whose lost create was of an attempt begun hours after the order opened', async () => {
    const { body, lost } = await unlinked();
    // As if the order had opened two hours before this attempt (a failed one reopened), which
    // began five minutes ago.
    await env.DB.prepare(
      `UPDATE orders SET
         attempt_started_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '-5 minutes'),
         created_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '-2 hours')
       WHERE id = ?`,
    )
      .bind(lost.id)
      .run();
    await sweep();
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'paid',
      payment_intent_id: expect.stringMatching(/^pi_/),
    });
  });

  it('looks again later for one whose window holds more PaymentIntents than it reads', async () => {
    const { body, lost } = await unlinked();
    await age(lost.id, 5);
    // 200 newer PaymentIntents of other checkouts: the lost one is on the third page.
    await crowdPaymentIntents();
    const lists = async () =>
      (await simRequests()).filter((r) => r.method === 'GET' && r.path === '/v1/payment_intents')
        .length;
    await sweep();
    expect(await lists()).toBe(2);
    expect(await orderOf(body.checkout_id!)).toMatchObject({ payment_intent_id: null });
    // Not every run's: the next run leaves it for LINK_AGAIN_MINUTES.
    await sweep();
    expect(await lists()).toBe(2);
  });

  it('settles a console refund whose answer was lost, and releases one that never reached Stripe', async () => {
    const body = order();
    await charge(body);
    const paid = (await orderOf(body.checkout_id!))!;
    await fault({ mode: 'drop', count: 3 });
    const lost = await refund(paid.id, { amount: 200 });
    await fault(null);
    expect(lost.status).toBe(202);
    expect(await lost.json()).toMatchObject({ refund: { status: 'requested' } });
    await fault({ mode: 'error', status: 500, count: 3 });
    const unsent = await refund(paid.id, { amount: 100 });
    await fault(null);
    expect(unsent.status).toBe(202);
    // Both are held meanwhile: 200 remains.
    expect(await (await refund(paid.id, { amount: 201 })).json()).toMatchObject({
      error: { code: 'amount_too_large', remaining: 200 },
    });

    await skipEvents();
    await age(paid.id, 10);
    await sweep();
    const detail = await consoleGet<{
      refunds: { amount: number; status: string; error: string }[];
    }>(`/admin/api/orders/${paid.id}`);
    expect(detail.refunds).toMatchObject([
      { amount: 200, status: 'succeeded' },
      { amount: 100, status: 'failed', error: expect.stringMatching(/never reached Stripe/) },
    ]);
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'partially_refunded',
      amount_refunded: 200,
    });
    expect(
      (await stripe.refunds.list({ payment_intent: paid.payment_intent_id! })).data,
    ).toHaveLength(1);
  });
});

describe('a console refund repeated while the sweep settles it', () => {
  it('is never "not sent" when the repeat makes it at Stripe; one refund', async () => {
    const body = order();
    await charge(body);
    const paid = (await orderOf(body.checkout_id!))!;
    // The first click's calls all refused before Stripe acted: its refund stays requested.
    const key = crypto.randomUUID();
    await fault({ mode: 'error', status: 500, count: 3 });
    expect((await refund(paid.id, { amount: 200 }, key)).status).toBe(202);
    await fault(null);
    await skipEvents();
    await age(paid.id, 10);
    // The admin repeats it; Stripe holds the repeat's create while the sweep lists the refunds.
    await fault({ mode: 'delay', delay_ms: 60_000, count: 1 });
    const repeat = refund(paid.id, { amount: 200 }, key);
    await expect.poll(async () => (await heldKeys()).length).toBe(1);
    await sweep();
    // Claimed by the repeat, it waits for the repeat's answer: the sweep leaves it requested.
    const during = await consoleGet<{ refunds: { status: string }[] }>(
      `/admin/api/orders/${paid.id}`,
    );
    expect(during.refunds).toMatchObject([{ status: 'requested' }]);
    await releaseHeld();
    expect(await (await repeat).json()).toMatchObject({ refund: { status: 'succeeded' } });
    const detail = await consoleGet<{ refunds: { amount: number; status: string }[] }>(
      `/admin/api/orders/${paid.id}`,
    );
    expect(detail.refunds).toMatchObject([{ amount: 200, status: 'succeeded' }]);
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'partially_refunded',
      amount_refunded: 200,
    });
    const made = await stripe.refunds.list({ payment_intent: paid.payment_intent_id! });
    expect(made.data).toHaveLength(1);
  });

  it('takes Stripe\'s word over "not sent" when its refund.created comes after all', async () => {
    const body = order();
    await charge(body);
    await flushWebhooks();
    const paid = (await orderOf(body.checkout_id!))!;
    await fault({ mode: 'error', status: 500, count: 3 });
    expect((await refund(paid.id, { amount: 200 })).status).toBe(202);
    await fault(null);
    await skipEvents();
    await age(paid.id, 10);
    await sweep();
    const [guessed] = (
      await consoleGet<{ refunds: { id: string; status: string; error: string }[] }>(
        `/admin/api/orders/${paid.id}`,
      )
    ).refunds;
    expect(guessed).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^This refund never reached Stripe, so nothing was refunded/),
    });
    // A call the sweep could not see (a Worker cut off mid-call, say) made it at Stripe.
    await stripe.refunds.create({
      payment_intent: paid.payment_intent_id!,
      amount: 200,
      metadata: { order_id: paid.id, refund_id: guessed!.id },
    });
    await flushWebhooks();
    const detail = await consoleGet<{ refunds: { amount: number; status: string }[] }>(
      `/admin/api/orders/${paid.id}`,
    );
    expect(detail.refunds).toMatchObject([{ amount: 200, status: 'succeeded', error: null }]);
    expect(await orderOf(body.checkout_id!)).toMatchObject({
      status: 'partially_refunded',
      amount_refunded: 200,
    });
  });

  /** A paid order whose console refund of 200 Stripe made, its answer lost, no event yet. */
  async function refundInDoubt() {
    const body = order();
    await charge(body);
    const paid = (await orderOf(body.checkout_id!))!;
    const key = crypto.randomUUID();
    await flushWebhooks();
    await webhookDeliveries(false);
    await fault({ mode: 'drop', count: 3 });
    expect((await refund(paid.id, { amount: 200 }, key)).status).toBe(202);
    await fault(null);
    await skipEvents();
    return { paid, key };
  }

  /** The repeat stays in doubt, held, and the sweep then finds the one refund Stripe made. */
  async function expectStillInDoubt(
    paid: { id: string; payment_intent_id: string | null },
    repeat: Response,
  ) {
    expect(repeat.status).toBe(202);
    expect(await repeat.json()).toMatchObject({ refund: { status: 'requested' } });
    // Still held: a new refund cannot take those 200 again.
    expect(await (await refund(paid.id, { amount: 301 })).json()).toMatchObject({
      error: { code: 'amount_too_large', remaining: 300 },
    });
    await age(paid.id, 10);
    await sweep();
    const detail = await consoleGet<{ refunds: { amount: number; status: string }[] }>(
      `/admin/api/orders/${paid.id}`,
    );
    expect(detail.refunds).toMatchObject([{ amount: 200, status: 'succeeded' }]);
    const made = await stripe.refunds.list({ payment_intent: paid.payment_intent_id! });
    expect(made.data).toHaveLength(1);
  }

  it('keeps a repeat in doubt when Stripe is busy for all of it: the first click may have made it', async () => {
    const { paid, key } = await refundInDoubt();
    // Stripe refuses every attempt of the repeat before acting (429): nothing of the first.
    await fault({ mode: 'error', status: 429, count: 3 });
    const repeat = await refund(paid.id, { amount: 200 }, key);
    await fault(null);
    await expectStillInDoubt(paid, repeat);
  });

  it('keeps a repeat in doubt when Stripe refuses the key since: the first click may have made it', async () => {
    const { paid, key } = await refundInDoubt();
    const restricted = 'rk_test_console42';
    await restrictKey(restricted, 'rak_refund_write');
    const repeat = await consoleApi(`/admin/api/orders/${paid.id}/refunds`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify({ amount: 200 }),
      vars: { ...accessVars(), STRIPE_SECRET_KEY: restricted },
    } as RequestInit);
    await expectStillInDoubt(paid, repeat);
  });

  it('answers "not sent" to a repeat the sweep abandoned first, and asks Stripe nothing', async () => {
    const body = order();
    await charge(body);
    const paid = (await orderOf(body.checkout_id!))!;
    const key = crypto.randomUUID();
    await fault({ mode: 'error', status: 500, count: 3 });
    expect((await refund(paid.id, { amount: 200 }, key)).status).toBe(202);
    await fault(null);
    await skipEvents();
    await age(paid.id, 10);
    await sweep();
    const before = (await simRequests()).length;
    const repeat = await refund(paid.id, { amount: 200 }, key);
    expect(await repeat.json()).toMatchObject({ error: { code: 'not_sent' } });
    expect((await simRequests()).slice(before)).toEqual([]);
  });
});

describe('disagreements', () => {
  it('claims nothing before the first sweep, and names the address that runs it locally', async () => {
    // Before: no field, and the page said the sweep runs every 5 minutes, which under
    // `npm run dev` (--test-scheduled) it never does by itself.
    const state = await consoleGet<Reconciliation & { sweep_url: string | null }>(
      '/admin/api/reconciliation',
    );
    expect(state).toMatchObject({ last_sweep: null, disagreements: [], disagreements_total: 0 });
    expect(state.sweep_url).toBe('http://127.0.0.1:8787/__scheduled');
  });

  it('lists an order Stripe disagrees with, and takes it off once they agree', async () => {
    await webhookDeliveries(false);
    const body = order();
    await charge(body);
    const paid = (await orderOf(body.checkout_id!))!;
    // A ledger gone wrong: Stripe took the money, the ledger says the checkout was canceled.
    await env.DB.prepare("UPDATE orders SET status = 'canceled' WHERE id = ?").bind(paid.id).run();
    await sweep();
    const state = await consoleGet<Reconciliation>('/admin/api/reconciliation');
    expect(state.disagreements).toMatchObject([
      { order_id: paid.id, ledger_status: 'canceled', stripe_status: 'paid' },
    ]);
    expect(
      (await consoleGet<{ disagreement: unknown }>(`/admin/api/orders/${paid.id}`)).disagreement,
    ).toMatchObject({ stripe_status: 'paid' });

    await env.DB.prepare("UPDATE orders SET status = 'paid' WHERE id = ?").bind(paid.id).run();
    await sweep();
    expect((await consoleGet<Reconciliation>('/admin/api/reconciliation')).disagreements).toEqual(
      [],
    );
  });

  it("lists 60 disagreements within a request's D1 queries; a capped list says so", async () => {
    await webhookDeliveries(false);
    const body = order();
    await charge(body);
    const paid = (await orderOf(body.checkout_id!))!;
    /** Lists `count` disagreements: `paid`'s first, then orders the ledger lacks. */
    const disagree = async (count: number) => {
      await env.DB.prepare('DELETE FROM order_disagreements').run();
      await env.DB.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?2)
         INSERT INTO order_disagreements
           (order_id, ledger_status, stripe_status, ledger_refunded, stripe_refunded, detail,
            found_at)
         SELECT CASE i WHEN 0 THEN ?1 ELSE printf('ord_%024x', i) END, 'canceled', 'paid', 0, 0,
           'Stripe says paid', strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || i || ' seconds')
         FROM n`,
      )
        .bind(paid.id, count)
        .run();
    };
    /** The console's answer, and how many D1 queries the request made (the sign-in's too). */
    const read = async () => {
      let queries = 0;
      const response = await consoleApi('/admin/api/reconciliation', {
        vars: { ...accessVars(), DB: observedD1(env.DB, () => queries++) },
      } as RequestInit);
      expect(response.status).toBe(200);
      const state = await response.json<Reconciliation & { disagreements_total: number }>();
      return { state, queries };
    };

    await disagree(60);
    const all = await read();
    expect(all.queries).toBeLessThanOrEqual(WORKERS_FREE_SUBREQUESTS);
    expect(all.state.disagreements).toHaveLength(60);
    expect(all.state.disagreements_total).toBe(60);
    expect(all.state.disagreements[0]).toMatchObject({
      order_id: paid.id,
      ledger_status: 'canceled',
      order: { id: paid.id, status: 'paid', amount: paid.amount },
    });
    expect(all.state.disagreements[1]).toMatchObject({
      order_id: 'ord_000000000000000000000001',
      order: null,
    });

    // More than the console lists: the first SHOWN, and the count of all, in as many queries.
    await disagree(SHOWN + 50);
    const capped = await read();
    expect(capped.queries).toBe(all.queries);
    expect(capped.state.disagreements).toHaveLength(SHOWN);
    expect(capped.state.disagreements_total).toBe(SHOWN + 50);
  });

  it('brings an open order up to date when nothing has moved it for a while', async () => {
    const { body, id } = await awaitingAuthentication();
    await stripe.paymentIntents.cancel(id);
    await webhookDeliveries(false);
    await skipEvents();
    const waiting = (await orderOf(body.checkout_id!))!;
    await age(waiting.id, 20);
    await sweep();
    expect(await orderOf(body.checkout_id!)).toMatchObject({ status: 'canceled' });
    expect((await consoleGet<Reconciliation>('/admin/api/reconciliation')).disagreements).toEqual(
      [],
    );
  });
});

describe('each run', () => {
  it('applies more events than one run may over several runs, each within its subrequests', async () => {
    await webhookDeliveries(false);
    // Payments that are not this shop's: two events each that the sweep reads (and ignores).
    const payments = 30;
    for (let i = 0; i < payments; i++)
      await stripe.paymentIntents.create({
        amount: 700,
        currency: 'usd',
        payment_method: 'pm_card_visa',
        confirm: true,
      });
    // And the shop's own: checkouts paid at 3-D Secure, whose events alone say so.
    const paid = [];
    for (let i = 0; i < 4; i++) {
      const { body, id } = await awaitingAuthentication();
      await completeAuthentication(id);
      paid.push(body.checkout_id!);
    }
    const recorded = async () =>
      (await env.DB.prepare('SELECT COUNT(*) AS n FROM stripe_events').first<{ n: number }>())!.n;
    let events = 0;
    for await (const event of stripe.events.list({ limit: 100 }))
      if ((WEBHOOK_EVENTS as readonly string[]).includes(event.type)) events++;
    const runs: number[] = [];
    while ((await recorded()) < events && runs.length < 20) {
      const before = (await simRequests()).length;
      let d1 = 0;
      // The whole cron invocation (its other jobs too): every call to D1 (a statement run, or a
      // batch: one request each) and every request to Stripe.
      await housekeeping({ ...env, DB: observedD1(env.DB, () => d1++) });
      const calls = (await simRequests()).slice(before);
      expect(calls.filter((r) => r.path === '/v1/events').length).toBeLessThanOrEqual(EVENT_PAGES);
      runs.push(d1 + calls.length);
    }
    expect(await recorded()).toBe(events);
    expect(runs.length).toBeGreaterThan(1);
    expect(runs.filter((subrequests) => subrequests > WORKERS_FREE_SUBREQUESTS)).toEqual([]);
    for (const checkout of paid) expect((await orderOf(checkout))?.status).toBe('paid');
  });

  it('leaves to the next run the orphans and refunds it has no subrequests left for, no error', async () => {
    // Three checkouts whose create's answer was lost, old enough to link, and a refund request
    // whose answer was lost: more than a pool of one subrequest reaches.
    const ids = ['ord_orphan_1', 'ord_orphan_2', 'ord_orphan_3'];
    await env.DB.batch(
      ids.map((id) =>
        env.DB.prepare(
          `INSERT INTO orders (id, checkout_id, product_id, quantity, amount, currency, email,
             status, created_at, updated_at)
           VALUES (?, ?, 'support-5', 1, 500, 'usd', 'buyer@example.org', 'pending',
             strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-10 minutes'),
             strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-10 minutes'))`,
        ).bind(id, crypto.randomUUID()),
      ),
    );
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO orders (id, checkout_id, product_id, quantity, amount, currency, email,
           status, payment_intent_id)
         VALUES ('ord_refund_lost', ?, 'support-5', 1, 500, 'usd', 'buyer@example.org', 'paid',
           'pi_refund_lost')`,
      ).bind(crypto.randomUUID()),
      env.DB.prepare(
        `INSERT INTO refunds (id, order_id, amount, status, created_at, updated_at)
         VALUES ('re_lost', 'ord_refund_lost', 500, 'requested',
           strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-10 minutes'),
           strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-10 minutes'))`,
      ),
    ]);
    const sweepOf = await sweepStripe(env);
    if ('error' in sweepOf) throw new Error(sweepOf.error);
    const budget = { ...sweepOf.budget, attemptsLeft: 1 };
    const ctx = sweepContext(meteredEnv(env, budget), sweepOf.stripe, budget);
    await linkOrphans(ctx);
    await settleRequestedRefunds(ctx);
    expect(ctx.counts).toMatchObject({ errors: 0, last_error: null });
    // None was marked looked-for: the next run takes them first.
    const checked = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM orders WHERE id LIKE 'ord_orphan_%' AND reconciled_at IS NOT NULL`,
    ).first<{ n: number }>();
    expect(checked!.n).toBe(0);
    const refund = await env.DB.prepare(`SELECT status FROM refunds WHERE id = 're_lost'`).first();
    expect(refund).toEqual({ status: 'requested' });
  });

  it('never overlaps another run', async () => {
    await Promise.all([sweep(), sweep()]);
    const done = lines().filter((line) => line.includes('"event":"reconcile.done"'));
    const skipped = lines().filter((line) => line.includes('another sweep is running'));
    expect([done.length, skipped.length]).toEqual([1, 1]);
  });
});
