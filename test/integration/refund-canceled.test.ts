/**
 * A canceled refund is not money back. A refund Stripe made `requires_action` (its money held for
 * it: the charge's `amount_refunded` counts it, and charge.refunded says so) can be canceled;
 * Stripe then lowers the charge's `amount_refunded` again and sends refund.updated, never a new
 * charge.refunded. The order must read as refunded as the charge now says (not refunded), in the
 * ledger, the console's detail and the CSV, and be refundable again, whatever order the events
 * come in. The simulator makes card refunds that succeed at once and cannot cancel one, so the
 * refund's events are signed and delivered here as Stripe sends them, about the simulator's real
 * PaymentIntent and charge, whose `amount_refunded` (nothing refunded) the webhook reads from it.
 */
import Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Order } from '../../src/ledger';
import {
  charge,
  expectLedgerMatchesStripe,
  flushWebhooks,
  order,
  orderOf,
  resetAll,
  stripe,
} from '../support/checkout';
import { consoleApi, consoleGet, refund } from '../support/console';
import { deliver } from '../support/webhook';

beforeEach(resetAll);

/** A paid $5.00 order, its webhooks delivered, and its charge at the simulator. */
async function paidOrder(): Promise<{ paid: Order; charged: Stripe.Charge }> {
  const body = order({ payment_method: 'pm_card_visa' });
  expect((await charge(body)).status).toBe(200);
  await flushWebhooks();
  const paid = (await orderOf(body.checkout_id!))!;
  expect(paid.status).toBe('paid');
  const pi = await stripe.paymentIntents.retrieve(paid.payment_intent_id!, {
    expand: ['latest_charge'],
  });
  return { paid, charged: pi.latest_charge as Stripe.Charge };
}

let events = 0;
/** An event as Stripe sends it (this API version, a new id), about `object`. */
function event(type: string, object: object, previous?: object) {
  events += 1;
  return {
    id: `evt_canceledrefund${events}${Date.now()}`,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    data: { object, ...(previous && { previous_attributes: previous }) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** A refund of all of `charged`, made in the Dashboard, in `status`. */
function refundOf(charged: Stripe.Charge, status: string, reason: string | null = null) {
  return {
    id: `re_canceled${charged.id.slice(3)}`,
    object: 'refund',
    amount: charged.amount,
    balance_transaction: null,
    charge: charged.id,
    created: Math.floor(Date.now() / 1000),
    currency: charged.currency,
    failure_reason: reason,
    metadata: {},
    payment_intent: charged.payment_intent,
    reason: 'requested_by_customer',
    receipt_number: null,
    source_transfer_reversal: null,
    status,
    transfer_reversal: null,
  };
}

/**
 * The three events of a refund held for the customer's action, then canceled: with Stripe's reason
 * (`merchant_request`, as POST /v1/refunds/:id/cancel answers), or none.
 */
function canceledRefundEvents(charged: Stripe.Charge, reason: string | null = 'merchant_request') {
  const held = refundOf(charged, 'requires_action');
  return {
    created: event('refund.created', held),
    // Stripe's total counts the refund while it is held for it.
    refunded: event('charge.refunded', {
      ...charged,
      amount_refunded: charged.amount,
      refunded: true,
    }),
    canceled: event('refund.updated', refundOf(charged, 'canceled', reason), {
      status: 'requires_action',
    }),
    id: held.id,
  };
}

const ledger = async (paid: Order) => {
  const now = (await orderOf(paid.checkout_id))!;
  return { status: now.status, amount_refunded: now.amount_refunded };
};

interface Detail {
  order: { status: string; amount_refunded: number };
  refunds: { stripe_refund_id: string; status: string; admin: string | null; error: string }[];
  history: { to_status: string; amount_refunded: number; note: string | null }[];
}

/** The order's row of the console's CSV export: its status and amount refunded. */
async function csvRow(orderId: string) {
  const [header, ...rows] = (
    await (await consoleApi('/admin/api/orders.csv', { method: 'POST' })).text()
  ).split('\r\n');
  const columns = header!.split(',');
  const cells = rows.find((row) => row.startsWith(`${orderId},`))!.split(',');
  const cell = (name: string) => cells[columns.indexOf(name)];
  return { status: cell('status'), amount_refunded: cell('amount_refunded') };
}

describe('a canceled refund', () => {
  it('leaves the order not refunded: ledger, console detail and CSV; it can be refunded again', async () => {
    const { paid, charged } = await paidOrder();
    const made = canceledRefundEvents(charged);
    for (const sent of [made.created, made.refunded])
      expect((await deliver(sent)).status).toBe(200);
    expect(await ledger(paid)).toEqual({ status: 'refunded', amount_refunded: 500 });

    expect((await deliver(made.canceled)).status).toBe(200);
    expect(await ledger(paid)).toEqual({ status: 'paid', amount_refunded: 0 });
    const detail = await consoleGet<Detail>(`/admin/api/orders/${paid.id}`);
    expect(detail.order).toMatchObject({ status: 'paid', amount_refunded: 0 });
    expect(detail.refunds).toEqual([
      expect.objectContaining({
        stripe_refund_id: made.id,
        status: 'canceled',
        admin: null,
        error: expect.stringMatching(/canceled at your request.*customer was not refunded\.$/),
      }),
    ]);
    expect(detail.history.at(-1)).toMatchObject({
      to_status: 'paid',
      amount_refunded: 0,
      note: `refund ${made.id} canceled: merchant_request`,
    });
    expect(await csvRow(paid.id)).toEqual({ status: 'paid', amount_refunded: '0' });

    // Nothing came back to the customer: the console refunds it all, once.
    const again = await refund(paid.id);
    expect(again.status).toBe(201);
    expect(await ledger(paid)).toEqual({ status: 'refunded', amount_refunded: 500 });
    await flushWebhooks();
    await expectLedgerMatchesStripe();
  });

  it('stays not refunded when the older charge.refunded comes after the cancellation', async () => {
    const { paid, charged } = await paidOrder();
    const made = canceledRefundEvents(charged, null);
    for (const sent of [made.created, made.canceled, made.refunded]) {
      expect((await deliver(sent)).status).toBe(200);
      expect(await ledger(paid)).toEqual({ status: 'paid', amount_refunded: 0 });
    }
    expect((await consoleGet<Detail>(`/admin/api/orders/${paid.id}`)).refunds).toEqual([
      expect.objectContaining({
        stripe_refund_id: made.id,
        status: 'canceled',
        error: expect.stringMatching(/^The customer was not refunded\.$/),
      }),
    ]);
    expect((await refund(paid.id, { amount: 200 })).status).toBe(201);
    expect(await ledger(paid)).toEqual({ status: 'partially_refunded', amount_refunded: 200 });
  });
});
