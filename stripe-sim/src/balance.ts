import type Stripe from 'stripe';
import { newId, unixNow } from './ids';
import type { Store } from './store';

/**
 * Balance transactions: what each captured charge adds to the simulated account's balance and each
 * refund takes from it, with Stripe's fees. The simulated account is a US Stripe account on
 * standard pricing for domestic cards, 2.9 % + 30¢ per successful charge; it settles each charge
 * in the charge's currency (no conversion, `exchange_rate` null), with the same fee in that
 * currency's minor units. Stripe keeps its fee when a payment is refunded.
 */
export const CARD_FEE = { basisPoints: 290, fixed: 30 } as const;

/** Funds become available two days after the charge, at midnight UTC (a standard US payout schedule). */
const AVAILABLE_AFTER_DAYS = 2;
const DAY = 24 * 60 * 60;

/** Stripe's processing fee for a card charge of `amount` (rounded half up, in minor units). */
export const cardFee = (amount: number) =>
  Math.round((amount * CARD_FEE.basisPoints) / 10_000) + CARD_FEE.fixed;

/** `pending` until `available_on`, `available` from then on (a stored transaction does not change). */
export const withStatus = (txn: Stripe.BalanceTransaction): Stripe.BalanceTransaction => ({
  ...txn,
  status: unixNow() >= txn.available_on ? 'available' : 'pending',
});

/** The balance transaction of a captured charge: the captured amount, less Stripe's fee. */
export function recordChargeTransaction(store: Store, charge: Stripe.Charge): string {
  const created = unixNow();
  const amount = charge.amount_captured;
  const fee = cardFee(amount);
  const txn = store.put<Stripe.BalanceTransaction>({
    id: newId('txn'),
    object: 'balance_transaction',
    amount,
    available_on: (Math.floor(created / DAY) + AVAILABLE_AFTER_DAYS) * DAY,
    balance_type: 'payments',
    created,
    currency: charge.currency,
    description: charge.description,
    exchange_rate: null,
    fee,
    fee_details: [
      {
        amount: fee,
        application: null,
        currency: charge.currency,
        description: 'Stripe processing fees',
        type: 'stripe_fee',
      },
    ],
    net: amount - fee,
    reporting_category: 'charge',
    source: charge.id,
    status: 'pending',
    type: 'charge',
  });
  return txn.id;
}

/** A refund's movement of the balance, available at once, with no fee. */
function recordRefundMovement(
  store: Store,
  refund: Stripe.Refund,
  kind: { amount: number; type: 'refund' | 'refund_failure'; description: string },
): string {
  const created = unixNow();
  const txn = store.put<Stripe.BalanceTransaction>({
    id: newId('txn'),
    object: 'balance_transaction',
    amount: kind.amount,
    available_on: created,
    balance_type: 'payments',
    created,
    currency: refund.currency,
    description: kind.description,
    exchange_rate: null,
    fee: 0,
    fee_details: [],
    net: kind.amount,
    reporting_category: kind.type,
    source: refund.id,
    status: 'available',
    type: kind.type,
  });
  return txn.id;
}

/** The balance transaction of a refund: the amount leaves the balance at once; no fee is returned. */
export function recordRefundTransaction(
  store: Store,
  refund: Stripe.Refund,
  charge: Stripe.Charge,
): string {
  return recordRefundMovement(store, refund, {
    amount: -refund.amount,
    type: 'refund',
    description: `REFUND FOR CHARGE (${charge.description ?? charge.id})`,
  });
}

/** The balance transaction of a refund that failed: its amount comes back to the balance. */
export function recordRefundFailureTransaction(store: Store, refund: Stripe.Refund): string {
  return recordRefundMovement(store, refund, {
    amount: refund.amount,
    type: 'refund_failure',
    description: `REFUND FAILURE FOR REFUND (${refund.id})`,
  });
}
