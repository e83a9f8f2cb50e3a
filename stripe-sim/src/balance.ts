import type Stripe from 'stripe';
import { newId, unixNow } from './ids';
import type { Store } from './store';

/**
 * Balance transactions: what each captured charge adds to the simulated account's balance, each
 * refund and chargeback takes from it and a won dispute gives back, with Stripe's fees. The
 * simulated account is a US Stripe account on standard pricing for domestic cards, 2.9 % + 30¢ per
 * successful charge; it settles each charge in the charge's currency (no conversion,
 * `exchange_rate` null), with the same fee in that currency's minor units. Stripe keeps its fee
 * when a payment is refunded.
 */
const CARD_FEE = { basisPoints: 290, fixed: 30 } as const;

/** Funds become available two days after the charge, at midnight UTC (a standard US payout schedule). */
const AVAILABLE_AFTER_DAYS = 2;
const DAY = 24 * 60 * 60;

/** When funds that move at `created` become available: midnight UTC, the schedule's days on. */
const availableOn = (created: number) => (Math.floor(created / DAY) + AVAILABLE_AFTER_DAYS) * DAY;

/** Stripe's processing fee for a card charge of `amount` (rounded half up, in minor units). */
const cardFee = (amount: number) =>
  Math.round((amount * CARD_FEE.basisPoints) / 10_000) + CARD_FEE.fixed;

/** `pending` until `available_on`, `available` from then on (a stored transaction does not change). */
export const withStatus = (txn: Stripe.BalanceTransaction): Stripe.BalanceTransaction => ({
  ...txn,
  status: unixNow() >= txn.available_on ? 'available' : 'pending',
});

/** The balance transaction of a captured charge: the captured amount, less Stripe's fee. */
export function recordChargeTransaction(store: Store, charge: Stripe.Charge): string {
  const amount = charge.amount_captured;
  return recordMovement(store, {
    source: charge.id,
    currency: charge.currency,
    amount,
    type: 'charge',
    reportingCategory: 'charge',
    description: charge.description,
    fee: { amount: cardFee(amount), description: 'Stripe processing fees' },
    pending: true,
  }).id;
}

/** A movement of the balance, as Stripe records it. */
interface Movement {
  /** The object that moved it (a charge, a refund, a dispute). */
  source: string;
  currency: string;
  /** Positive into the balance, negative out of it (before the fee). */
  amount: number;
  type: 'charge' | 'refund' | 'refund_failure' | 'adjustment';
  reportingCategory: string;
  description: string | null;
  /** A fee Stripe takes with it, with its words (none: 0). */
  fee?: { amount: number; description: string };
  /** Pending until the payout schedule's day, as a charge; otherwise available at once. */
  pending?: boolean;
}

/** Records a movement of the balance and returns it. */
function recordMovement(store: Store, movement: Movement): Stripe.BalanceTransaction {
  const created = unixNow();
  const fee = movement.fee?.amount ?? 0;
  return store.put<Stripe.BalanceTransaction>({
    id: newId('txn'),
    object: 'balance_transaction',
    amount: movement.amount,
    available_on: movement.pending ? availableOn(created) : created,
    balance_type: 'payments',
    created,
    currency: movement.currency,
    description: movement.description,
    exchange_rate: null,
    fee,
    fee_details: movement.fee
      ? [
          {
            amount: fee,
            application: null,
            currency: movement.currency,
            description: movement.fee.description,
            type: 'stripe_fee',
          },
        ]
      : [],
    net: movement.amount - fee,
    reporting_category: movement.reportingCategory,
    source: movement.source,
    status: movement.pending ? 'pending' : 'available',
    type: movement.type,
  });
}

/** A refund's movement of the balance, available at once, with no fee. */
const refundMovement = (
  refund: Stripe.Refund,
  kind: { amount: number; type: 'refund' | 'refund_failure'; description: string },
): Movement => ({
  source: refund.id,
  currency: refund.currency,
  amount: kind.amount,
  type: kind.type,
  reportingCategory: kind.type,
  description: kind.description,
});

/** The balance transaction of a refund: the amount leaves the balance at once; no fee is returned. */
export function recordRefundTransaction(
  store: Store,
  refund: Stripe.Refund,
  charge: Stripe.Charge,
): string {
  return recordMovement(
    store,
    refundMovement(refund, {
      amount: -refund.amount,
      type: 'refund',
      description: `REFUND FOR CHARGE (${charge.description ?? charge.id})`,
    }),
  ).id;
}

/** The balance transaction of a refund that failed: its amount comes back to the balance. */
export function recordRefundFailureTransaction(store: Store, refund: Stripe.Refund): string {
  return recordMovement(
    store,
    refundMovement(refund, {
      amount: refund.amount,
      type: 'refund_failure',
      description: `REFUND FAILURE FOR REFUND (${refund.id})`,
    }),
  ).id;
}

/**
 * The dispute fee of the simulated US account ($15.00, in the dispute's currency's minor units, as
 * CARD_FEE's fixed part). Stripe takes it with the disputed amount and keeps it whatever the
 * outcome; a separate fee for countering a dispute is not simulated.
 */
export const DISPUTE_FEE = 1500;

/**
 * The balance transaction of a dispute's money: a chargeback's `withdrawal` of the disputed amount
 * and the dispute fee (an `adjustment`, reporting category `dispute`), or a won dispute's `reversal`
 * that gives the amount back (`dispute_reversal`) but not the fee.
 */
export function recordDisputeTransaction(
  store: Store,
  dispute: Stripe.Dispute,
  chargeId: string,
  kind: 'withdrawal' | 'reversal',
): Stripe.BalanceTransaction {
  const withdrawal = kind === 'withdrawal';
  return recordMovement(store, {
    source: dispute.id,
    currency: dispute.currency,
    amount: withdrawal ? -dispute.amount : dispute.amount,
    type: 'adjustment',
    reportingCategory: withdrawal ? 'dispute' : 'dispute_reversal',
    description: `Chargeback ${kind} for ${chargeId}`,
    ...(withdrawal && { fee: { amount: DISPUTE_FEE, description: 'Dispute fee' } }),
    pending: true,
  });
}
