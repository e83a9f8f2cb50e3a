/**
 * A refund that fails at Stripe after it was made (the customer's card expired or was canceled;
 * Stripe's test card 4000 0000 0000 5126): the console's refund reads refunded, then, once Stripe
 * fails it, the order is paid (or partly refunded) again with the refund marked failed and why,
 * and a new refund can be taken. Stripe's events may come in any order, and a repeat changes
 * nothing. Through the Worker's fetch handler and the simulator.
 */
import { env } from 'cloudflare:workers';
import type Stripe from 'stripe';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { REFUND_FAILS_AFTER_SECONDS } from '../../stripe-sim/src/refund-failures';
import type { Order } from '../../src/ledger';
import { applyEvent } from '../../src/webhook/apply';
import {
  charge,
  expectLedgerMatchesStripe,
  flushWebhooks,
  order,
  orderOf,
  resetAll,
  advanceSimClock as advance,
  stripe,
  webhookDeliveries,
} from '../support/checkout';
import { consoleGet, refund, sweep } from '../support/console';
import { deliver } from '../support/webhook';

beforeEach(resetAll);

/** A paid $5.00 order, paid with the card whose refunds fail. */
async function paidOrder(): Promise<Order> {
  const body = order({ payment_method: 'pm_card_refundFail' });
  expect((await charge(body)).status).toBe(200);
  const paid = (await orderOf(body.checkout_id!))!;
  expect(paid.status).toBe('paid');
  return paid;
}

/** The console's refund of `amount` (all that remains by default): 201, and its Stripe id. */
async function refundInConsole(orderId: string, amount?: number): Promise<string> {
  const response = await refund(orderId, amount === undefined ? {} : { amount });
  expect(response.status).toBe(201);
  return (await response.json<{ refund: { stripe_refund_id: string } }>()).refund.stripe_refund_id;
}

interface Detail {
  order: { status: string; amount_refunded: number };
  refunds: { stripe_refund_id: string; status: string; error: string | null }[];
  history: { from_status: string; to_status: string; amount_refunded: number; note: string }[];
}
const detailOf = (orderId: string) => consoleGet<Detail>(`/admin/api/orders/${orderId}`);

const ledger = async (paid: Order) => {
  const now = (await orderOf(paid.checkout_id))!;
  return { status: now.status, amount_refunded: now.amount_refunded };
};

describe('a refund that fails at Stripe', () => {
  it('reads refunded, then paid again with the refund failed and why; a new refund goes through', async () => {
    const paid = await paidOrder();
    const first = await refundInConsole(paid.id);
    await flushWebhooks();
    expect(await ledger(paid)).toEqual({ status: 'refunded', amount_refunded: 500 });
    expect((await refund(paid.id)).status).toBe(409);

    await advance(REFUND_FAILS_AFTER_SECONDS);
    await flushWebhooks();
    expect(await ledger(paid)).toEqual({ status: 'paid', amount_refunded: 0 });
    const detail = await detailOf(paid.id);
    expect(detail.refunds).toEqual([
      expect.objectContaining({
        stripe_refund_id: first,
        status: 'failed',
        error: expect.stringMatching(/card expired .* customer was not refunded/),
      }),
    ]);
    expect(detail.history.at(-1)).toEqual(
      expect.objectContaining({
        from_status: 'refunded',
        to_status: 'paid',
        amount_refunded: 0,
        note: `refund ${first} failed: expired_or_canceled_card`,
      }),
    );

    const second = await refundInConsole(paid.id);
    expect(second).not.toBe(first);
    expect(await ledger(paid)).toEqual({ status: 'refunded', amount_refunded: 500 });
    await flushWebhooks();
    await expectLedgerMatchesStripe();
  });

  it('takes a partly refunded order back to paid, one failure at a time', async () => {
    const paid = await paidOrder();
    await refundInConsole(paid.id, 200);
    await advance(REFUND_FAILS_AFTER_SECONDS / 2);
    await refundInConsole(paid.id);
    await flushWebhooks();
    expect(await ledger(paid)).toEqual({ status: 'refunded', amount_refunded: 500 });

    await advance(REFUND_FAILS_AFTER_SECONDS / 2);
    await flushWebhooks();
    expect(await ledger(paid)).toEqual({ status: 'partially_refunded', amount_refunded: 300 });
    expect((await refund(paid.id, { amount: 201 })).status).toBe(400);

    await advance(REFUND_FAILS_AFTER_SECONDS / 2);
    await flushWebhooks();
    expect(await ledger(paid)).toEqual({ status: 'paid', amount_refunded: 0 });
  });

  it('ends the same whatever order the events come in, and a repeat changes nothing', async () => {
    const paid = await paidOrder();
    await flushWebhooks();
    await webhookDeliveries(false);
    const made = await refundInConsole(paid.id);
    await advance(REFUND_FAILS_AFTER_SECONDS);
    const events = (await stripe.events.list({ limit: 100 })).data;
    const find = (type: string) => {
      const found = events.find((event) => event.type === type);
      if (!found) throw new Error(`no ${type}`);
      return found as Stripe.Event;
    };
    expect((find('refund.failed').data.object as Stripe.Refund).id).toBe(made);

    // The failure first, then the success's news, whose totals are older than the failure.
    for (const type of ['refund.failed', 'charge.refunded', 'refund.created', 'refund.updated']) {
      expect((await deliver(find(type))).status).toBe(200);
      expect(await ledger(paid)).toEqual({ status: 'paid', amount_refunded: 0 });
    }
    const history = (await detailOf(paid.id)).history.length;
    expect((await deliver(find('refund.failed'))).status).toBe(200);
    expect((await detailOf(paid.id)).history).toHaveLength(history);
    expect((await detailOf(paid.id)).refunds).toEqual([
      expect.objectContaining({ stripe_refund_id: made, status: 'failed' }),
    ]);
    const rows = await env.DB.prepare('SELECT COUNT(*) AS n FROM refunds WHERE order_id = ?')
      .bind(paid.id)
      .first<{ n: number }>();
    expect(rows?.n).toBe(1);

    // What Stripe still holds for delivery changes nothing either.
    await webhookDeliveries(true);
    await flushWebhooks();
    expect(await ledger(paid)).toEqual({ status: 'paid', amount_refunded: 0 });
    expect((await detailOf(paid.id)).history).toHaveLength(history);
  });

  it('keeps a refund made while the failure’s webhook read the charge', async () => {
    await webhookDeliveries(false);
    const paid = await paidOrder();
    await refundInConsole(paid.id, 200);
    await advance(REFUND_FAILS_AFTER_SECONDS);
    const [failed] = (await stripe.events.list({ type: 'refund.failed' })).data;
    // The webhook reads the charge (nothing refunded now), and is held before it writes.
    let go!: () => void;
    const held = new Promise<void>((resolve) => (go = resolve));
    const read = { done: false };
    const applied = applyEvent(
      {
        env,
        via: 'webhook',
        waitUntil: () => {},
        currentPaymentIntent: (id) => stripe.paymentIntents.retrieve(id),
        paymentIntentRead: async (id) => ({
          kind: 'ok',
          value: await stripe.paymentIntents.retrieve(id),
        }),
        currentCharge: async (id) => {
          const charge = await stripe.charges.retrieve(id);
          read.done = true;
          await held;
          return charge;
        },
      },
      failed!,
    );
    await vi.waitFor(() => expect(read.done).toBe(true));
    await refundInConsole(paid.id, 300);
    go();
    expect(await applied).toMatchObject({ kind: 'applied' });
    expect(await ledger(paid)).toEqual({ status: 'partially_refunded', amount_refunded: 300 });
    const pi = await stripe.paymentIntents.retrieve(paid.payment_intent_id!, {
      expand: ['latest_charge'],
    });
    expect((pi.latest_charge as Stripe.Charge).amount_refunded).toBe(300);
  });

  it('is found by the sweep when no webhook came', async () => {
    const paid = await paidOrder();
    await flushWebhooks();
    await webhookDeliveries(false);
    const made = await refundInConsole(paid.id);
    await advance(REFUND_FAILS_AFTER_SECONDS);
    expect(await ledger(paid)).toEqual({ status: 'refunded', amount_refunded: 500 });
    // The sweep reads events up to its own now: the simulator's, whose clock moved on.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + REFUND_FAILS_AFTER_SECONDS * 1000 });
    try {
      await sweep();
    } finally {
      vi.useRealTimers();
    }
    expect(await ledger(paid)).toEqual({ status: 'paid', amount_refunded: 0 });
    expect((await detailOf(paid.id)).refunds).toEqual([
      expect.objectContaining({ stripe_refund_id: made, status: 'failed' }),
    ]);
  });
});
