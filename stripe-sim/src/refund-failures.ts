import type Stripe from 'stripe';
import { recordRefundFailureTransaction } from './balance';
import { testCardByFingerprint } from './cards';
import type { Simulator } from './context';
import { previousAttributes } from './events';
import { unixNow } from './ids';

/**
 * Refunds that fail after the fact, as with Stripe's test card 4000 0000 0000 5126
 * (`pm_card_refundFail`): the refund is created `succeeded`, and some time later its status becomes
 * `failed` with a `failure_reason`; the amount returns to the balance (a `refund_failure` balance
 * transaction) and the charge's `amount_refunded` goes back down. Stripe then sends
 * `refund.updated`, `charge.refund.updated` and `refund.failed`. The failure is due
 * `REFUND_FAILS_AFTER_SECONDS` after the refund on the simulator's clock: tests move the clock
 * (POST /_sim/clock); otherwise the alarm fails it in real time.
 */
export const REFUND_FAILS_AFTER_SECONDS = 60;

/** What Stripe reports for the test card's failed refunds. */
const FAILURE_REASON = 'expired_or_canceled_card';

/** The refund failures still to come (table `refund_failures` of schema.ts). */
export class RefundFailures {
  constructor(private readonly sql: SqlStorage) {}

  /** Whether a refund of `charge` will fail: its card is the refund-failing test card. */
  static failsFor(charge: Stripe.Charge): boolean {
    const fingerprint = charge.payment_method_details?.card?.fingerprint;
    return testCardByFingerprint(fingerprint)?.refundFails === true;
  }

  /** Makes `refundId` fail later; the Unix time it will fail at (for the alarm). */
  schedule(refundId: string): number {
    const at = unixNow() + REFUND_FAILS_AFTER_SECONDS;
    this.sql.exec(
      'INSERT OR IGNORE INTO refund_failures (refund_id, fails_at) VALUES (?, ?)',
      refundId,
      at,
    );
    return at;
  }

  /** The refunds due to fail by `now`, forgotten as they are handed out; and the next one's time. */
  takeDue(now: number): { due: string[]; next: number | null } {
    const due = this.sql
      .exec<{ refund_id: string }>(
        'DELETE FROM refund_failures WHERE fails_at <= ? RETURNING refund_id',
        now,
      )
      .toArray()
      .map((row) => row.refund_id);
    const next =
      this.sql
        .exec<{ at: number | null }>('SELECT MIN(fails_at) AS at FROM refund_failures')
        .toArray()[0]?.at ?? null;
    return { due, next };
  }
}

/** Fails one succeeded refund, as Stripe does, with its events. */
function failRefund(sim: Simulator, refund: Stripe.Refund): void {
  const { store, events } = sim;
  const charge = typeof refund.charge === 'string' ? store.get('charge', refund.charge) : undefined;
  if (refund.status !== 'succeeded' || !charge) return;
  const failed = store.put<Stripe.Refund>({
    ...refund,
    status: 'failed',
    failure_reason: FAILURE_REASON,
    failure_balance_transaction: recordRefundFailureTransaction(store, refund),
  });
  const amountRefunded = charge.amount_refunded - refund.amount;
  store.put<Stripe.Charge>({
    ...charge,
    amount_refunded: amountRefunded,
    refunded: amountRefunded === charge.amount_captured,
  });
  const changes = previousAttributes(refund, failed);
  events.record('refund.updated', failed, null, changes);
  events.record('charge.refund.updated', failed, null, changes);
  events.record('refund.failed', failed, null);
}

/**
 * Fails the refunds whose time has come. Run before every request, when the clock moves and when
 * the alarm fires, so no one reads a refund that should have failed. Returns the next failure's
 * time, for the alarm.
 */
export function settleRefunds(sim: Simulator): number | null {
  const { due, next } = sim.refundFailures.takeDue(unixNow());
  for (const id of due) {
    const refund = sim.store.get('refund', id);
    if (refund) failRefund(sim, refund);
  }
  return next;
}
