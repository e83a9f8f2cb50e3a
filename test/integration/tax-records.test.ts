/**
 * Stripe Tax's records when a first try fails (src/tax/transaction.ts, src/reconcile/tax.ts): the
 * sweep records a paid order's missing transaction and reverses refunds not yet reversed, for the
 * orders it finds paid itself too; a reversal whose answer was lost is made again as it was sent
 * before any later one, so that no amount is reversed twice, also once Stripe has forgotten its key.
 */
import { env } from 'cloudflare:workers';
import Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Order } from '../../src/ledger';
import { meteredEnv } from '../../src/reconcile/budget';
import { sweepContext } from '../../src/reconcile/context';
import { SWEEP_STRIPE_CALLS, sweepStripe } from '../../src/reconcile/stripe';
import { recordOwedTax } from '../../src/reconcile/tax';
import { followTax } from '../../src/tax/transaction';
import { newWaits } from '../../src/timing';
import { BERLIN, shippedOrder, type Item } from '../support/cart';
import { KEY_LIFETIME_SECONDS } from '../../stripe-sim/src/idempotency';
import {
  advanceSimClock,
  charge,
  confirmationToken,
  fault,
  orderOf,
  resetAll,
  simRequests,
  stripe,
  webhookDeliveries,
} from '../support/checkout';
import { consoleGet, refund, sweep } from '../support/console';
import { TEST_ENV } from '../support/env';
import { age, completeAuthentication, skipEvents } from '../support/sweep';

const TAX = { TAX_CALCULATION: 'stripe' };
const MUG: Item[] = [{ product: 'mug', quantity: 1 }];

beforeEach(async () => {
  await resetAll();
  // Only the sweep (or the test) learns of what happens at Stripe.
  await webhookDeliveries(false);
  await skipEvents();
});

/** The idempotency keys of Stripe Tax's successful calls to `path`, made (not replayed) or all. */
async function taxKeys(path: string, replayed = false) {
  return (await simRequests())
    .filter((r) => r.path === `/v1/tax/transactions/${path}` && r.status === 200)
    .filter((r) => replayed || !r.replayed)
    .map((r) => r.idempotency_key);
}

/** A paid order to Berlin ($35.70: the mug, $10.00 shipping and 19 % tax), its transaction made. */
async function paidWithTax(): Promise<Order> {
  const body = shippedOrder(MUG, BERLIN);
  expect((await charge(body, {}, TAX)).status).toBe(200);
  const paid = (await orderOf(body.checkout_id!))!;
  expect(paid).toMatchObject({ status: 'paid', amount: 3570, tax_transaction: /^tax_/ });
  return paid;
}

/** A paid order whose transaction Stripe Tax made, and the ledger has not (no claim either). */
async function paidUnrecorded(): Promise<Order> {
  const paid = await paidWithTax();
  await env.DB.prepare(
    'UPDATE orders SET tax_transaction = NULL, tax_transaction_claimed_at = NULL WHERE id = ?',
  )
    .bind(paid.id)
    .run();
  return paid;
}

/** A refund made at Stripe that the ledger recorded, as if reversing its tax had failed. */
async function refundedUnreversed(order: Order, amount: number): Promise<Order> {
  await stripe.refunds.create({ payment_intent: order.payment_intent_id!, amount });
  return (await env.DB.prepare(
    `UPDATE orders SET amount_refunded = amount_refunded + ?1, status = 'partially_refunded'
     WHERE id = ?2 RETURNING *`,
  )
    .bind(amount, order.id)
    .first<Order>())!;
}

const lastSweep = async () =>
  (await consoleGet<{ last_sweep: Record<string, unknown> }>('/admin/api/reconciliation'))
    .last_sweep;

describe('the sweep', () => {
  it('records the transaction a failed recording left out, once', async () => {
    // As if /charge's recording had failed: it gave its claim back.
    const paid = await paidUnrecorded();
    await sweep();
    expect((await orderOf(paid.checkout_id))?.tax_transaction).toBe(paid.tax_transaction);
    expect(await lastSweep()).toMatchObject({ tax_records: 1, errors: 0 });
    await sweep();
    expect(await taxKeys('create_from_calculation', true)).toEqual([
      `${paid.id}/tax-transaction`,
      `${paid.id}/tax-transaction`,
    ]);
    expect(await lastSweep()).toMatchObject({ tax_records: 0 });
  });

  it.each([
    ['a transaction', 2, false],
    ['a transaction and a reversal', 8, true],
  ])(
    'starts no order the run has no room left for (%s, %i left), and counts no error',
    async (_, left, refunded) => {
      const paid = await paidUnrecorded();
      if (refunded) await refundedUnreversed(paid, 500);
      const run = await sweepStripe(env);
      if ('error' in run) throw new Error(run.error);
      // What the other steps left of the run's subrequests: the order query and a few more.
      run.budget.attemptsLeft = left;
      const ctx = sweepContext(meteredEnv(env, run.budget), run.stripe, run.budget);
      await recordOwedTax(ctx);
      expect(ctx.counts).toMatchObject({ errors: 0, tax_records: 0 });
      expect(await orderOf(paid.checkout_id)).toMatchObject({
        tax_transaction: null,
        tax_retry_at: null,
      });
      // The next run, with room, records it.
      await sweep();
      expect((await orderOf(paid.checkout_id))?.tax_transaction).toBe(paid.tax_transaction);
    },
  );

  it('records the transaction of a 3-D Secure payment it found paid itself', async () => {
    const body = {
      ...shippedOrder(MUG, BERLIN),
      payment_method: undefined,
      confirmation_token: await confirmationToken('pm_card_authenticationRequired'),
    };
    const answer = await (await charge(body, {}, TAX)).json<{ client_secret: string }>();
    const id = answer.client_secret.split('_secret_')[0]!;
    await completeAuthentication(id);
    // Quiet long enough for verify to look (15 minutes), not yet abandoned.
    await age((await orderOf(body.checkout_id!))!.id, 20);
    await sweep();
    const paid = (await orderOf(body.checkout_id!))!;
    expect(paid).toMatchObject({ status: 'paid', tax_transaction: /^tax_/ });
    const transaction = await stripe.tax.transactions.retrieve(paid.tax_transaction!);
    expect(transaction).toMatchObject({ reference: paid.id, type: 'transaction' });
  });

  it('records the transaction under a second key when Stripe replays a 500 for its key', async () => {
    const body = {
      ...shippedOrder(MUG, BERLIN),
      payment_method: undefined,
      confirmation_token: await confirmationToken('pm_card_authenticationRequired'),
    };
    const answer = await (await charge(body, {}, TAX)).json<{ client_secret: string }>();
    const open = (await orderOf(body.checkout_id!))!;
    // An earlier try got a 500 Stripe saved for the key, having made nothing.
    const params = { calculation: open.tax_calculation!, reference: open.id, expand: [] };
    await fault({ mode: 'fail', count: 1 });
    await stripe.tax.transactions
      .createFromCalculation(params, { idempotencyKey: `${open.id}/tax-transaction` })
      .catch((e: { statusCode?: number }) => expect(e.statusCode).toBe(500));
    await fault(null);
    await completeAuthentication(answer.client_secret.split('_secret_')[0]!);
    await age(open.id, 20);
    await sweep();
    const paid = (await orderOf(body.checkout_id!))!;
    expect(paid).toMatchObject({ status: 'paid', tax_transaction: /^tax_/ });
    expect(await stripe.tax.transactions.retrieve(paid.tax_transaction!)).toMatchObject({
      reference: paid.id,
    });
    expect(await taxKeys('create_from_calculation')).toEqual([`${paid.id}/tax-transaction/2`]);
  });

  it('reverses a refund whose reversal failed, and tries a refused one again an hour on', async () => {
    const paid = await refundedUnreversed(await paidWithTax(), 1000);
    await sweep();
    expect(await orderOf(paid.checkout_id)).toMatchObject({ tax_reversed: 1000 });
    expect(await taxKeys('create_reversal')).toEqual([`${paid.id}/tax-reversal/1000`]);

    // Stripe Tax refuses every try (429, the run's calls spent): the order waits an hour, and is
    // not tried in each run meanwhile.
    const again = await refundedUnreversed(paid, 500);
    await fault({ mode: 'error', status: 429, count: SWEEP_STRIPE_CALLS });
    await sweep();
    await fault(null);
    expect(await orderOf(paid.checkout_id)).toMatchObject({ tax_reversed: 1000 });
    expect(await lastSweep()).toMatchObject({ tax_records: 0, errors: 1 });
    const before = (await simRequests()).length;
    await sweep();
    expect((await simRequests()).slice(before)).toEqual([]);
    await env.DB.prepare('UPDATE orders SET tax_retry_at = NULL WHERE id = ?').bind(again.id).run();
    await sweep();
    expect(await orderOf(paid.checkout_id)).toMatchObject({ tax_reversed: 1500 });
  });
});

describe('a transaction whose answer was lost', () => {
  it('is recorded with its id unknown once Stripe forgot its key, never sent again', async () => {
    // As if /charge's answer had been lost: Stripe Tax made it, the ledger never learned its id.
    const paid = await paidUnrecorded();
    // A day later the key is pruned: the resend is a new request, refused for its reference.
    await advanceSimClock(KEY_LIFETIME_SECONDS);
    await sweep();
    const sent = (await simRequests()).filter(
      (r) => r.idempotency_key === `${paid.id}/tax-transaction`,
    );
    expect(sent.at(-1)).toMatchObject({ status: 400, replayed: false });
    expect(await orderOf(paid.checkout_id)).toMatchObject({
      tax_transaction: null,
      tax_transaction_unknown_at: expect.any(String),
    });
    // The console's sweep report says so, and what to do.
    expect(await lastSweep()).toMatchObject({
      tax_records: 0,
      errors: 1,
      last_error: expect.stringContaining(`tax ${paid.id}: recorded at Stripe Tax, its id unknown`),
    });
    // So does the console's order, until the id is recorded.
    const detail = () => consoleGet(`/admin/api/orders/${paid.id}`);
    expect(await detail()).toMatchObject({ tax_transaction_unknown_at: expect.any(String) });

    // Not sent again: not by the sweep an hour on, nor by a refund (which cannot be reversed).
    const before = (await simRequests()).length;
    await env.DB.prepare('UPDATE orders SET tax_retry_at = NULL WHERE id = ?').bind(paid.id).run();
    await sweep();
    expect((await simRequests()).slice(before)).toEqual([]);
    expect((await refund(paid.id, { amount: 1000 })).status).toBe(201);
    await sweep();
    const later = (await simRequests()).slice(before).map((r) => r.path);
    expect(later.filter((path) => path.startsWith('/v1/tax/'))).toEqual([]);
    expect(await lastSweep()).toMatchObject({ errors: 0 });

    // An operator records the id found in the Dashboard: the sweep reverses the refund.
    await env.DB.prepare('UPDATE orders SET tax_transaction = ?1 WHERE id = ?2')
      .bind(paid.tax_transaction, paid.id)
      .run();
    expect(await detail()).toMatchObject({ tax_transaction_unknown_at: null });
    await sweep();
    expect(await taxKeys('create_reversal')).toEqual([`${paid.id}/tax-reversal/1000`]);
    expect(await orderOf(paid.checkout_id)).toMatchObject({ tax_reversed: 1000 });
  });
});

describe('a reversal whose answer was lost', () => {
  it('is made again as it was sent, before a later refund, so nothing is reversed twice', async () => {
    const paid = await refundedUnreversed(await paidWithTax(), 1000);
    // Stripe makes the reversal of the first 1000; every answer is lost.
    await fault({ mode: 'drop', count: 3 });
    await followTax(env, async () => stripe, paid, newWaits());
    await fault(null);
    expect(await taxKeys('create_reversal')).toEqual([`${paid.id}/tax-reversal/1000`]);
    expect(await orderOf(paid.checkout_id)).toMatchObject({
      tax_reversed: 0,
      tax_reversal_pending: 1000,
    });

    // Two more refunds in the console: the lost one is replayed first, then each reverses its own.
    expect((await refund(paid.id, { amount: 1000 })).status).toBe(201);
    expect((await refund(paid.id)).status).toBe(201);
    expect(await taxKeys('create_reversal')).toEqual([
      `${paid.id}/tax-reversal/1000`,
      `${paid.id}/tax-reversal/2000`,
      `${paid.id}/tax-reversal/3570`,
    ]);
    expect(await orderOf(paid.checkout_id)).toMatchObject({
      status: 'refunded',
      tax_reversed: 3570,
      tax_reversal_pending: null,
    });
  });

  it('counts as made when resent after Stripe forgot its key: the reference is taken', async () => {
    const paid = await refundedUnreversed(await paidWithTax(), 1000);
    await fault({ mode: 'drop', count: 3 });
    await followTax(env, async () => stripe, paid, newWaits());
    await fault(null);
    expect(await orderOf(paid.checkout_id)).toMatchObject({ tax_reversal_pending: 1000 });

    // A day later the key is pruned: the resend is a new request, refused for its reference.
    await advanceSimClock(KEY_LIFETIME_SECONDS);
    await followTax(env, async () => stripe, paid, newWaits());
    const resent = (await simRequests()).filter(
      (r) => r.idempotency_key === `${paid.id}/tax-reversal/1000`,
    );
    expect(resent.at(-1)).toMatchObject({ status: 400, replayed: false });
    expect(await orderOf(paid.checkout_id)).toMatchObject({
      tax_reversed: 1000,
      tax_reversal_pending: null,
    });
    // One reversal at Stripe: the lost one (the resend made nothing).
    expect(await taxKeys('create_reversal')).toEqual([`${paid.id}/tax-reversal/1000`]);
  });
});

/**
 * stripe-node to the simulator whose first request is held until the test lets it go: then it
 * goes on (`through`) or its answer is lost, as every later one's (the connection drops).
 */
function heldStripe() {
  let reached!: () => void;
  let release!: (through: boolean) => void;
  const held = new Promise<void>((resolve) => (reached = resolve));
  const released = new Promise<boolean>((resolve) => (release = resolve));
  const client = new Stripe(TEST_ENV.STRIPE_SECRET_KEY, {
    host: '127.0.0.1',
    port: 12111,
    protocol: 'http',
    maxNetworkRetries: 0,
    httpClient: Stripe.createFetchHttpClient(async (input, init) => {
      reached();
      if (!(await released)) throw new TypeError('Network connection lost.');
      return env.STRIPE_SIM.fetch(new Request(input, init));
    }),
  });
  return { client, held, release };
}

/**
 * Refund A ($5.00), whose reversal is claimed and its call to Stripe Tax held, then refund B
 * ($7.00), which finds A's reversal in flight and asks Stripe nothing; then A's call goes on
 * (`through`) or its answer is lost.
 */
async function refundDuringReversal(paid: Order, through: boolean): Promise<void> {
  const a = heldStripe();
  const first = followTax(
    env,
    async () => a.client,
    await refundedUnreversed(paid, 500),
    newWaits(),
  );
  await a.held;
  await followTax(env, async () => stripe, await refundedUnreversed(paid, 700), newWaits());
  expect(await taxKeys('create_reversal', true)).toEqual([]);
  a.release(through);
  await first;
}

/** A's reversal ($5.00), then B's ($7.00) from where A's ends: $12.00 in all, each made once. */
async function expectBothReversed(paid: Order): Promise<void> {
  expect(await taxKeys('create_reversal')).toEqual([
    `${paid.id}/tax-reversal/500`,
    `${paid.id}/tax-reversal/1200`,
  ]);
  expect(await orderOf(paid.checkout_id)).toMatchObject({
    tax_reversed: 1200,
    tax_reversal_pending: null,
    tax_reversal_claimed_at: null,
  });
}

describe('two refunds reversed at once', () => {
  it('the second leaves it to the sweep while the first is in flight: each is reversed once', async () => {
    const paid = await paidWithTax();
    // A's answer is lost: its reversal may have been made, so it stays pending.
    await refundDuringReversal(paid, false);
    expect(await orderOf(paid.checkout_id)).toMatchObject({
      amount_refunded: 1200,
      tax_reversed: 0,
      tax_reversal_pending: 500,
      tax_reversal_claimed_at: null,
    });
    // The sweep makes A's reversal, then B's.
    await sweep();
    await expectBothReversed(paid);
    expect(await lastSweep()).toMatchObject({ tax_records: 1, errors: 0 });
    await sweep();
    expect(await taxKeys('create_reversal', true)).toHaveLength(2);
  });

  it('the first, once made, reverses the refund recorded while it was in flight', async () => {
    const paid = await paidWithTax();
    await refundDuringReversal(paid, true);
    await expectBothReversed(paid);
  });
});

describe("the console's answer to a refund of an order Stripe Tax recorded", () => {
  it('says what Stripe Tax has reversed: all of it, or less while a reversal waits', async () => {
    const paid = await paidWithTax();
    type Answer = { order: { amount_refunded: number; tax_reversed: number } };
    const first = await refund(paid.id, { amount: 1000 });
    expect(first.status).toBe(201);
    expect((await first.json<Answer>()).order).toMatchObject({
      amount_refunded: 1000,
      tax_reversed: 1000,
    });
    // Another reversal in flight (its lease held): this refund's is left to the sweep.
    await env.DB.prepare(
      `UPDATE orders SET tax_reversal_claimed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
       WHERE id = ?`,
    )
      .bind(paid.id)
      .run();
    const second = await refund(paid.id, { amount: 500 });
    expect(second.status).toBe(201);
    expect((await second.json<Answer>()).order).toMatchObject({
      amount_refunded: 1500,
      tax_reversed: 1000,
    });
  });
});
