/**
 * The sweep's third step: console refunds still `requested` long after their request ended (its
 * Stripe answer was lost, or its Worker was cut off). The PaymentIntent's refunds are listed
 * (GET /v1/refunds?payment_intent=…, read-after-write consistent): the one whose metadata names the
 * console's refund is recorded; if there is none, the request never reached Stripe, and the amount
 * it held is released, unless a repeat of its key claimed it meanwhile (its Stripe call may not
 * be listed yet: ledger `claimRefund`). The webhook's refund.created usually settles them first.
 */
import { followTax } from '../tax/transaction';
import { findOrder } from '../ledger';
import { abandonRefund, staleRequestedRefunds } from '../ledger/refunds';
import { recordRefund } from '../refunds/record';
import { callStripe } from '../stripe/call';
import { sweepError, type SweepContext } from './context';

/** A refund request has ended long before this (at most ~17 s of Stripe calls). */
const SETTLE_AFTER_MINUTES = 5;
/** Refunds settled per run. */
const SETTLE_REFUNDS = 5;

export async function settleRequestedRefunds(ctx: SweepContext): Promise<void> {
  const db = ctx.env.DB;
  for (const refund of await staleRequestedRefunds(db, SETTLE_AFTER_MINUTES, SETTLE_REFUNDS)) {
    // The run's pool spent: the rest wait for the next run (not an error of Stripe's).
    if (ctx.budget.attemptsLeft <= 0) break;
    try {
      const order = await findOrder(db, refund.order_id);
      if (!order?.payment_intent_id) {
        await abandonRefund(db, refund.id, 'not_sent');
        continue;
      }
      const listed = await callStripe(
        (options) =>
          ctx.stripe.refunds.list(
            { payment_intent: order.payment_intent_id!, limit: 100, expand: ['data.charge'] },
            options,
          ),
        ctx.budget,
      );
      if (listed.kind !== 'ok') {
        sweepError(ctx, `refund ${refund.id}`, listed.error);
        continue;
      }
      const made = listed.value.data.find((found) => found.metadata?.refund_id === refund.id);
      if (made) {
        const updated = await recordRefund(db, order, made, { source: 'sweep', job: 'refunds' });
        await followTax(
          ctx.env,
          async () => ctx.stripe,
          updated,
          ctx.budget.waits,
          () => ctx.budget,
        );
      } else await abandonRefund(db, refund.id, 'not_sent', refund.updated_at);
      ctx.counts.refunds_settled++;
    } catch (error) {
      sweepError(ctx, `refund ${refund.id}`, error);
    }
  }
}
