/**
 * What a PaymentIntent read from Stripe says of an order, for every reader that is not the answer
 * to the order's own create or confirm: the webhook (an event, checked with Stripe), a receipt
 * view and the sweep. After a decline, the order's next attempt starts on the same PaymentIntent,
 * which keeps reading the earlier failure until a confirm of the new attempt reaches Stripe (one
 * Stripe refused with 429 never does). Two guards keep such a read from ending that attempt or
 * counting that decline again.
 */
import type Stripe from 'stripe';
import type { Order, PaymentFacts } from '../ledger';
import { factsFromPaymentIntent } from './facts';

/**
 * How long after a pending order last changed a confirm of its new attempt may still be on its
 * way (a /charge gives up after CHARGE_TIMEOUT_MS): meanwhile its PaymentIntent still reads as the
 * earlier attempt's failure, which must not end the new one. A later read says it again.
 */
export const CONFIRM_WINDOW_SECONDS = 60;

/** A failure as Stripe reported it: when (unix s), and its charge. */
export interface Failure {
  at: number;
  charge: string | null;
}

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === 'string' ? value : (value?.id ?? null);

/** Whether a pending order's new attempt may be confirming its linked PaymentIntent right now. */
function mayBeConfirming(order: Order, now: number): boolean {
  return (
    order.status === 'pending' &&
    order.payment_intent_id !== null &&
    now - Date.parse(order.updated_at) < CONFIRM_WINDOW_SECONDS * 1000
  );
}

/**
 * When the order's current attempt began (ms): stored since migrations/0019, else its last change
 * (an attempt begun before), which also moves for other reasons (an email saved).
 */
const attemptStart = (order: Order): number =>
  Date.parse(order.attempt_started_at ?? order.updated_at);

/**
 * Whether the failure Stripe reads is one the order already counted as a decline: it is older
 * than the pending order's new attempt (the order failed for it, which let the customer try
 * again) and Stripe still reads the same charge. A new attempt that never reached a confirm (its
 * tax or call budget failed, or Stripe answered 429) leaves the PaymentIntent reading it, and a
 * read would otherwise count it again and bring the decline cap a decline early. A failure of a
 * later confirm has its own charge, or is newer than the attempt, and counts.
 */
function countedBefore(order: Order, failure: Failure, current: Stripe.PaymentIntent): boolean {
  return (
    order.status === 'pending' &&
    order.attempt > 1 &&
    failure.at * 1000 < attemptStart(order) &&
    failure.charge === idOf(current.latest_charge)
  );
}

/**
 * The failure a PaymentIntent read now reports: its latest charge's (expanded), dated by the
 * charge. Null when it has none to date (a failure without a charge counts as new).
 */
function failureOf(pi: Stripe.PaymentIntent): Failure | null {
  const charge = pi.latest_charge;
  return typeof charge === 'object' && charge !== null
    ? { at: charge.created, charge: charge.id }
    : null;
}

/**
 * The facts to record of `pi`, read from Stripe now, for `order`; null while a new attempt may be
 * confirming it (record nothing yet: a later read, delivery or view says it again). `failure`: the
 * one an event reported, when an event brought the read (else the PaymentIntent's own).
 */
export function factsFromRead(
  order: Order,
  pi: Stripe.PaymentIntent,
  failure: Failure | null = failureOf(pi),
  now = Date.now(),
): PaymentFacts | null {
  const facts = factsFromPaymentIntent(pi);
  if (facts.status !== 'failed') return facts;
  if (mayBeConfirming(order, now)) return null;
  return failure && countedBefore(order, failure, pi) ? { ...facts, declined: false } : facts;
}
