/**
 * A hosted checkout whose order is linked to a Session already (src/hosted/start.ts): Stripe's
 * word on that Session, rather than a create sent again. Its parameters depend on the request
 * (the language, the country), so a second click in another language would be refused under the
 * attempt's idempotency key; and a Session past its expiry may have completed before its events
 * came, so "not charged" must be checked.
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
export interface LinkedContext {
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
 * The answer for a checkout from its linked Session (`now`: the Worker's clock, unix s): open
 * before its expiry, its page again; paid, the receipt (which records it from the Session and
 * fulfils it, as the webhook would); processing (an asynchronous method settles), recorded;
 * expired, recorded canceled; open past its expiry, canceled (no one can pay it any more). The
 * order, failed, when the Session's payment failed: a new attempt may start.
 */
export async function fromLinkedSession(
  ctx: LinkedContext,
  order: Order,
  now: number,
): Promise<HostedOutcome | Order> {
  const sessionId = order.checkout_session_id;
  if (sessionId === null) throw new Error('the order has no Session');
  const found = await retrieveSession(await ctx.stripe(), sessionId, ctx.budget);
  if (found.kind === 'unavailable' || found.kind === 'unknown')
    return { kind: 'unknown', reason: 'no_answer', order };
  // Refused (no such Session): nothing was charged through it.
  if (found.kind !== 'ok' || !isSessionOf(order, found.value)) return canceled(order);
  const session = found.value;
  if (session.status === 'open')
    return session.url && session.expires_at > now
      ? { kind: 'hosted', url: session.url, order }
      : canceled(order);
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
