/**
 * A hosted checkout whose Session is past its expiry (src/hosted/start.ts): Stripe's word on it,
 * since the Session may have completed before its events arrived, and "not charged" must be true.
 */
import type Stripe from 'stripe';
import { transition, type Cause, type Order } from '../ledger';
import { recordSessionTotals } from '../ledger/sessions';
import { isSettled } from '../ledger/status';
import type { StripeBudget } from '../stripe/call';
import { retrieveSession, sessionFacts } from './facts';
import { isSessionOf } from './record';
import type { HostedOutcome } from './start';

/** What reading the Session needs. */
export interface ExpiredContext {
  db: D1Database;
  stripe: () => Promise<Stripe>;
  budget: StripeBudget;
  cause: Cause;
}

const canceled = (order: Order): HostedOutcome => ({
  kind: 'not_charged',
  reason: 'checkout_canceled',
  order,
});

/**
 * The answer for a checkout whose Session is past its expiry: paid (the receipt, by checkout,
 * records it from the Session and fulfils it, as the webhook would), processing (an asynchronous
 * method settles: recorded here), or canceled (expired, recorded; or still open, as no one can pay
 * it any more). The order, failed, when the Session's payment failed: a new attempt may start.
 */
export async function pastExpiry(
  ctx: ExpiredContext,
  order: Order,
): Promise<HostedOutcome | Order> {
  const sessionId = order.checkout_session_id;
  // Never linked: no one was sent to it (a Session is linked before its address is answered).
  if (sessionId === null) return canceled(order);
  const found = await retrieveSession(await ctx.stripe(), sessionId, ctx.budget);
  if (found.kind === 'unavailable' || found.kind === 'unknown')
    return { kind: 'unknown', reason: 'no_answer', order };
  // Refused (no such Session): nothing was charged through it.
  if (found.kind !== 'ok' || !isSessionOf(order, found.value)) return canceled(order);
  const session = found.value;
  const { facts, totals } = sessionFacts(order, session);
  const status = facts.status;
  if (status === undefined) return canceled(order);
  if (isSettled(status) && status !== 'canceled')
    return { kind: 'charged', order, paymentIntent: null };
  if (totals) await recordSessionTotals(ctx.db, order.id, totals);
  const recorded = (await transition(ctx.db, order.id, facts, ctx.cause))?.order ?? order;
  const pi = session.payment_intent;
  if (recorded.status === 'failed') return recorded;
  if (recorded.status === 'pending' && typeof pi === 'object' && pi !== null)
    return { kind: 'processing', order: recorded, paymentIntent: pi };
  return canceled(recorded);
}
