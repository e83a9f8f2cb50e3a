/**
 * A disputed payment (Stripe's test card 4000 0000 0000 0259): Stripe's charge.dispute.* events
 * are recorded with the order in any order and once, the console's API shows the dispute (and
 * lists disputed orders), and a refund of a charged-back order is refused with a 409 before any
 * Stripe call, until the dispute is won. An inquiry (4000 0000 0000 1976) takes no money and the
 * order stays refundable. Through the Worker's fetch handler and the simulator.
 */
import type Stripe from 'stripe';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Order } from '../../src/ledger';
import {
  charge,
  flushWebhooks,
  order,
  orderOf,
  resetAll,
  simRequests,
  stripe,
  webhookDeliveries,
} from '../support/checkout';
import { ADMIN, consoleGet, consoleSearch, refund } from '../support/console';
import { deliver } from '../support/webhook';

beforeEach(resetAll);

/** A paid $5.00 order, paid with a card whose payments are disputed (a chargeback's by default). */
async function disputedOrder(paymentMethod = 'pm_card_createDispute'): Promise<Order> {
  const body = order({ payment_method: paymentMethod });
  expect((await charge(body)).status).toBe(200);
  const paid = (await orderOf(body.checkout_id!))!;
  expect(paid.status).toBe('paid');
  return paid;
}

interface DisputeView {
  id: string;
  status: string;
  reason: string;
  amount: number;
  currency: string;
  due_by: string | null;
}
interface Detail {
  order: { status: string; amount_refunded: number; dispute: DisputeView | null };
  dispute_url: string | null;
  history: { from_status: string; to_status: string; note: string | null }[];
}
const detailOf = (orderId: string) => consoleGet<Detail>(`/admin/api/orders/${orderId}`);

/** The dispute of a PaymentIntent at the simulator. */
async function disputeOf(paymentIntent: string): Promise<Stripe.Dispute> {
  const [dispute] = (await stripe.disputes.list({ payment_intent: paymentIntent })).data;
  if (!dispute) throw new Error(`no dispute of ${paymentIntent}`);
  return dispute;
}

/** The events of one dispute at the simulator, by type. */
async function eventsOf(dispute: Stripe.Dispute): Promise<Record<string, Stripe.Event>> {
  const events = (await stripe.events.list({ limit: 100 })).data.filter(
    (event) => (event.data.object as { id?: string }).id === dispute.id,
  );
  return Object.fromEntries(events.map((event) => [event.type, event as Stripe.Event]));
}

describe('a disputed payment', () => {
  it('is shown by the console, listed as disputed, and never refunded', async () => {
    const paid = await disputedOrder();
    await flushWebhooks();
    const dispute = await disputeOf(paid.payment_intent_id!);

    const detail = await detailOf(paid.id);
    // Still paid (the money was taken), with its dispute beside it.
    expect(detail.order.status).toBe('paid');
    const shown = {
      id: dispute.id,
      status: 'needs_response',
      reason: 'fraudulent',
      amount: 500,
      currency: 'usd',
      due_by: new Date(dispute.evidence_details.due_by! * 1000).toISOString(),
    };
    expect(detail.order.dispute).toMatchObject(shown);
    // Simulated mode: the Stripe Dashboard has no page for the simulator's disputes.
    expect(detail.dispute_url).toBeNull();
    expect(detail.history.at(-1)).toMatchObject({
      from_status: 'paid',
      to_status: 'paid',
      note: `dispute ${dispute.id}: needs_response (fraudulent)`,
    });

    const disputed = await consoleSearch<{ orders: { id: string }[] }>('status=disputed');
    expect(disputed.orders.map((listed) => listed.id)).toEqual([paid.id]);
    const plain = order();
    expect((await charge(plain)).status).toBe(200);
    const all = await consoleSearch<{ orders: { id: string; dispute: unknown }[] }>();
    expect(all.orders.map((listed) => [listed.id === paid.id, listed.dispute !== null])).toEqual([
      [false, false],
      [true, true],
    ]);

    // Refused before Stripe is asked, in plain words, and nothing is held or recorded.
    const before = (await simRequests()).length;
    const refused = await refund(paid.id);
    expect(refused.status).toBe(409);
    const body = await refused.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe('disputed');
    expect(body.error.message).toMatch(/disputed this payment.*cannot be refunded.*Nothing was/);
    expect((await simRequests()).slice(before)).toEqual([]);
    expect(await orderOf(paid.checkout_id)).toMatchObject({ status: 'paid', amount_refunded: 0 });
    // Who asked, in the audit trail.
    const { actions } = await consoleGet<{ actions: Record<string, unknown>[] }>(
      `/admin/api/activity?order_id=${paid.id}`,
    );
    expect(actions).toEqual([
      expect.objectContaining({
        action: 'refund',
        admin: ADMIN,
        outcome: 'disputed',
        details: { amount: null, dispute: dispute.id },
      }),
    ]);
  });

  it.each([
    [
      'winning_evidence',
      'won',
      ['charge.dispute.closed', 'charge.dispute.created', 'charge.dispute.updated'],
    ],
    [
      'losing_evidence',
      'lost',
      ['charge.dispute.updated', 'charge.dispute.closed', 'charge.dispute.created'],
    ],
  ] as const)(
    'with %s ends %s whatever order its events come in, once',
    async (evidence, status, order) => {
      await webhookDeliveries(false);
      const paid = await disputedOrder();
      const dispute = await disputeOf(paid.payment_intent_id!);
      await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: evidence } });
      const events = await eventsOf(dispute);

      for (const type of order) expect((await deliver(events[type]!)).status).toBe(200);
      const detail = await detailOf(paid.id);
      expect(detail.order.dispute).toMatchObject({ id: dispute.id, status });
      const history = detail.history.length;

      // A repeat, and what Stripe still holds for delivery, change nothing.
      expect(await (await deliver(events['charge.dispute.closed']!)).json()).toEqual({
        received: true,
        duplicate: true,
      });
      await webhookDeliveries(true);
      await flushWebhooks();
      const after = await detailOf(paid.id);
      expect(after.order.dispute).toMatchObject({ id: dispute.id, status });
      expect(after.history).toHaveLength(history);
      expect(after.order.status).toBe('paid');
      // Lost, the money is the cardholder's: refused. Won, it came back: it can be refunded.
      const refunded = await refund(paid.id);
      expect(refunded.status).toBe(status === 'won' ? 201 : 409);
      expect((await orderOf(paid.checkout_id))?.status).toBe(
        status === 'won' ? 'refunded' : 'paid',
      );
    },
  );

  it('moves money with charge.dispute.funds_withdrawn / funds_reinstated: accepted, recorded', async () => {
    await webhookDeliveries(false);
    const paid = await disputedOrder();
    const dispute = await disputeOf(paid.payment_intent_id!);
    await stripe.disputes.update(dispute.id, {
      evidence: { uncategorized_text: 'winning_evidence' },
    });
    const events = await eventsOf(dispute);
    const types = ['charge.dispute.funds_withdrawn', 'charge.dispute.funds_reinstated'];
    for (const type of types) {
      const response = await deliver(events[type]!);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ received: true });
    }
    // Recorded as every event the checkout does not read, once; the order is not touched.
    const recorded = await env.DB.prepare(
      "SELECT type FROM stripe_events WHERE type LIKE 'charge.dispute.funds_%' ORDER BY type",
    ).all<{ type: string }>();
    expect(recorded.results.map((row) => row.type)).toEqual([...types].sort());
    expect(await orderOf(paid.checkout_id)).toMatchObject({ status: 'paid', amount_refunded: 0 });
    expect((await detailOf(paid.id)).order.dispute).toBeNull();
  });

  it('an inquiry is shown as one, takes no money, and a refund closes it', async () => {
    const paid = await disputedOrder('pm_card_createDisputeInquiry');
    await flushWebhooks();
    const dispute = await disputeOf(paid.payment_intent_id!);
    const detail = await detailOf(paid.id);
    expect(detail.order.dispute).toMatchObject({
      id: dispute.id,
      status: 'warning_needs_response',
    });
    expect(detail.history.at(-1)?.note).toBe(
      `inquiry ${dispute.id} (no money taken): warning_needs_response (fraudulent)`,
    );

    // Not refused: Stripe refunds a payment under inquiry, and the full refund closes it.
    const refunded = await refund(paid.id);
    expect(refunded.status).toBe(201);
    expect((await stripe.disputes.retrieve(dispute.id)).status).toBe('warning_closed');
    await flushWebhooks();
    const after = await detailOf(paid.id);
    expect(after.order).toMatchObject({
      status: 'refunded',
      amount_refunded: 500,
      dispute: { id: dispute.id, status: 'warning_closed' },
    });
    expect(after.history.map((row) => row.note)).toContain(
      `inquiry ${dispute.id} (no money taken): warning_closed (fraudulent)`,
    );
  });

  it('of another shop is answered 200 and recorded as ignored', async () => {
    const foreign = await stripe.paymentIntents.create({
      amount: 700,
      currency: 'usd',
      payment_method: 'pm_card_createDispute',
      confirm: true,
    });
    const events = await eventsOf(await disputeOf(foreign.id));
    expect((await deliver(events['charge.dispute.created']!)).status).toBe(200);
  });
});
