/**
 * The sweep's step for checkouts abandoned at 3-D Secure (src/reconcile/abandoned.ts): their
 * PaymentIntent canceled after ABANDONED_AFTER_MINUTES, which frees a promotion code's redemption;
 * never a payment that went through meanwhile, nor a checkout still within the window.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ABANDONED_AFTER_MINUTES } from '../../src/reconcile/abandoned';
import { promotionCode } from '../support/cart';
import {
  charge,
  checkout,
  expectLedgerMatchesStripe,
  order,
  orderOf,
  resetAll,
  simRequests,
  stripe,
  watchConsoleLog,
  webhookDeliveries,
} from '../support/checkout';
import { consoleGet, sweep } from '../support/console';
import { age, awaitingAuthentication, completeAuthentication, skipEvents } from '../support/sweep';

beforeEach(async () => {
  await resetAll();
  // Only the sweep learns of what happens at Stripe: no webhook, no events step.
  await webhookDeliveries(false);
  await skipEvents();
});
const { fulfilments } = watchConsoleLog();

interface History {
  history: { to_status: string; note: string | null; cause: Record<string, unknown> }[];
}

/** The sweep's calls to cancel a PaymentIntent since the `before`th request to the simulator. */
async function cancelCalls(before: number) {
  return (await simRequests()).slice(before).filter((r) => r.path.endsWith('/cancel'));
}

describe('a checkout abandoned at 3-D Secure', () => {
  it('is canceled after the window, and frees its promotion code of max_redemptions 1', async () => {
    const code = await promotionCode({ percent_off: 20 }, { max_redemptions: 1 });
    const abandoned = await awaitingAuthentication({ promotion_code: code.code });
    const waiting = (await orderOf(abandoned.body.checkout_id!))!;
    expect(waiting).toMatchObject({ status: 'requires_action', promotion_code: code.code });
    const another = () => charge(order(undefined, { promotion_code: code.code }));
    // The abandoned checkout holds the code's one redemption.
    const refused = await another();
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'promotion_code_used_up' } });

    await age(waiting.id, ABANDONED_AFTER_MINUTES + 1);
    await sweep();
    const pi = await stripe.paymentIntents.retrieve(abandoned.id);
    expect(pi).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    const canceled = (await orderOf(abandoned.body.checkout_id!))!;
    expect(canceled.status).toBe('canceled');
    const { history } = await consoleGet<History>(`/admin/api/orders/${canceled.id}`);
    expect(history.at(-1)).toMatchObject({
      to_status: 'canceled',
      note: 'abandoned at 3-D Secure',
      cause: { source: 'sweep', route: 'sweep cancel' },
    });
    expect(
      (await consoleGet<{ last_sweep: unknown }>('/admin/api/reconciliation')).last_sweep,
    ).toMatchObject({ orders_canceled: 1, errors: 0 });

    // The code is free again: the next customer's checkout takes it.
    const next = await another();
    expect(next.status).toBe(200);
    expect(await next.json()).toMatchObject({ status: 'succeeded' });

    // The abandoning customer, back at the page or the receipt, is told plainly.
    const resent = await charge(abandoned.body);
    expect(resent.status).toBe(409);
    expect(await resent.json()).toMatchObject({
      error: { code: 'checkout_canceled', charged: false },
    });
    const receipt = await (await checkout(`/thank-you?payment_intent=${abandoned.id}`)).text();
    expect(receipt).toContain('This payment was canceled');
    expect(receipt).toContain('You have not been charged.');
    // The sweep cancels once: a later run finds nothing to do.
    const before = (await simRequests()).length;
    await sweep();
    expect(await cancelCalls(before)).toEqual([]);
  });

  it('records a payment completed meanwhile as paid, never canceled', async () => {
    const { body, id } = await awaitingAuthentication();
    const waiting = (await orderOf(body.checkout_id!))!;
    // The customer approved in the bank's app; no event reached the ledger.
    await completeAuthentication(id);
    await age(waiting.id, ABANDONED_AFTER_MINUTES + 1);
    const before = (await simRequests()).length;
    await sweep();
    // Read before any cancel: Stripe says it succeeded, so no cancel is sent.
    expect(await cancelCalls(before)).toEqual([]);
    expect((await stripe.paymentIntents.retrieve(id)).status).toBe('succeeded');
    const paid = (await orderOf(body.checkout_id!))!;
    expect(paid).toMatchObject({ status: 'paid', card_last4: '3184' });
    expect(fulfilments(paid.id)).toBe(1);
    const { history } = await consoleGet<History>(`/admin/api/orders/${paid.id}`);
    expect(history.map((row) => row.to_status)).not.toContain('canceled');
    expect(history.find((row) => row.to_status === 'paid')).toMatchObject({
      cause: { source: 'sweep', route: 'sweep cancel' },
    });
    await expectLedgerMatchesStripe();
  });

  it('leaves a checkout within the window alone', async () => {
    const { body, id } = await awaitingAuthentication();
    await age((await orderOf(body.checkout_id!))!.id, ABANDONED_AFTER_MINUTES - 5);
    const before = (await simRequests()).length;
    await sweep();
    expect(await cancelCalls(before)).toEqual([]);
    expect((await stripe.paymentIntents.retrieve(id)).status).toBe('requires_action');
    expect((await orderOf(body.checkout_id!))?.status).toBe('requires_action');
  });
});
