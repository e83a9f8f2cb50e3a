/**
 * A hosted checkout whose order is linked to a Session already (src/hosted/start.ts): Stripe's
 * word on that Session, rather than a create sent again: one for another country than the
 * click's is replaced by a new attempt's, and a Session past its expiry may have completed before
 * its events came, so "not charged" must be checked.
 */
import type Stripe from 'stripe';
import { findOrder, type Cause, type Order } from '../ledger';
import { clearReplacing, markReplacing, replaceSession } from '../ledger/sessions';
import { isOpen, isSettled } from '../ledger/status';
import { afterReplayKey, callStripe, type StripeBudget } from '../stripe/call';
import { retrieveSession } from './facts';
import { isSessionOf, recordSession, replacedByClick } from './record';
import { endExpireKey, replacementExpireKey, sessionExpiry } from './session';
import type { HostedOutcome } from './start';

/** What reading (and recording) the Session needs. */
export interface LinkedContext {
  env: Env;
  db: D1Database;
  waitUntil: (promise: Promise<unknown>) => void;
  stripe: () => Promise<Stripe>;
  budget: StripeBudget;
  cause: Cause;
}

const canceled = (order: Order): HostedOutcome => ({
  kind: 'not_charged',
  reason: 'checkout_canceled',
  order,
});

const noAnswer = (order: Order): HostedOutcome => ({ kind: 'unknown', reason: 'no_answer', order });

/** The one country an open Session takes a shipping address in (null: it asks for none). */
const countryOf = (session: Stripe.Checkout.Session): string | null =>
  session.shipping_address_collection?.allowed_countries[0] ?? null;

/**
 * The answer for a checkout from its linked Session (`now`: the Worker's clock, unix s): open
 * before its expiry, its page again, unless it ships to another country than `shipTo` (then it
 * is expired and the order's next attempt returned, for a new Session); paid, the receipt;
 * processing (an asynchronous method settles), recorded; expired, recorded canceled; open past
 * its expiry, expired at Stripe first, then answered as Stripe closed it. The order, failed, when
 * the Session's payment failed: a new attempt may start. `changed`: the click's cart is another,
 * so an open Session is expired whatever its country (src/hosted/start.ts).
 */
export async function fromLinkedSession(
  ctx: LinkedContext,
  order: Order,
  now: number,
  shipTo: string | null,
  changed = false,
): Promise<HostedOutcome | Order> {
  const sessionId = order.checkout_session_id;
  if (sessionId === null) throw new Error('the order has no Session');
  const found = await retrieveSession(await ctx.stripe(), sessionId, ctx.budget);
  if (found.kind === 'unavailable' || found.kind === 'unknown') return noAnswer(order);
  // No such Session (or not this order's): nothing was charged through it. Any other refusal (the
  // key refused since, say) says nothing of a payment that may have been made.
  if (found.kind !== 'ok')
    return found.error.code === 'resource_missing' ? canceled(order) : noAnswer(order);
  if (!isSessionOf(order, found.value)) return canceled(order);
  const session = found.value;
  if (session.status !== 'open') return fromClosedSession(ctx, order, session, now);
  if (!session.url) return canceled(order);
  // Past its expiry by our clock, yet open at Stripe: a payment submitted before the expiry (a
  // 3-D Secure challenge) may still complete it, or the clocks differ. Only Stripe's expire says
  // no one can pay it any more; "not charged" before that could let the customer pay twice.
  if (session.expires_at <= now) return expirePastExpiry(ctx, order, session, now);
  // Its page takes an address in its country only: the customer chose another one since.
  if (changed || countryOf(session) !== shipTo)
    return expireForNewAttempt(ctx, order, session, now);
  // Back to a Session an earlier click set out to replace, whose expire never ran: it is the
  // checkout's again, and its expiry the checkout's end.
  if (order.replacing_session_id === session.id) await clearReplacing(ctx.db, order, session.id);
  return { kind: 'hosted', url: session.url, order };
}

/**
 * Stripe's word on a hosted order that our own page is asked to pay (CHECKOUT_UI switched back
 * to elements, src/checkout/pay.ts), which it never pays beside its Session: paid or settling
 * through its Session before the events came, that status (`statusOnly` unless `own`, the order's
 * own request); an open one, expired first, since another tab could still pay it; no answer,
 * unknown. Only then "changed, not charged", for the page to start a new checkout.
 */
export async function hostedOnOwnPage(
  ctx: LinkedContext,
  order: Order,
  own: boolean,
  now: number = Math.floor(Date.now() / 1000),
): Promise<Exclude<HostedOutcome, { kind: 'hosted' }>> {
  const changed: Exclude<HostedOutcome, { kind: 'hosted' }> = {
    kind: 'not_charged',
    reason: 'checkout_changed',
    order,
  };
  if (order.checkout_session_id === null || order.status === 'failed') return changed;
  const linked = await fromLinkedSession(ctx, order, now, null, true);
  if (!('kind' in linked) || linked.kind === 'not_charged' || linked.kind === 'hosted')
    return changed;
  if (linked.kind === 'charged' || linked.kind === 'processing')
    return { ...linked, statusOnly: !own };
  return linked;
}

/**
 * A complete or expired Session, recorded as the webhook records it (its totals, its status, the
 * fulfilment of a payment, the refusal of a free Session), then answered from the order. Not one
 * a click expired to replace it (this one, whose expire's answer was lost, or another): the order
 * moves on to its next attempt, for a new Session.
 */
async function fromClosedSession(
  ctx: LinkedContext,
  order: Order,
  session: Stripe.Checkout.Session,
  now: number,
): Promise<HostedOutcome | Order> {
  if (session.status === 'expired') {
    // The order as it stands: a click may have marked the Session, or moved on, since it was read.
    const current = (await findOrder(ctx.db, order.id)) ?? order;
    if (replacedByClick(current, session)) return nextAttempt(ctx.db, current, session.id, now);
    if (current.status === 'pending' && current.checkout_session_id !== session.id) return current;
  }
  const result = await recordSession(ctx.env, ctx.waitUntil, order, session, ctx.cause, ctx.stripe);
  return closedSessionAnswer(
    result?.order ?? order,
    Boolean(result && 'refused' in result),
    session.payment_intent,
  );
}

/**
 * The answer for a closed Session once recorded (`recorded`: the order as it then stands;
 * `refused`: a free Session, refused). Paid, the receipt; failed, the order, for a new attempt;
 * still open with a PaymentIntent (an asynchronous method settling, or a voucher or bank transfer
 * the customer has yet to pay: `requires_action`), processing, never "not charged"; else canceled.
 */
export function closedSessionAnswer(
  recorded: Order,
  refused: boolean,
  pi: Stripe.Checkout.Session['payment_intent'],
): HostedOutcome | Order {
  // Free (a 100 % code): the receipt says that nothing was charged and why.
  if (refused || (isSettled(recorded.status) && recorded.status !== 'canceled'))
    return { kind: 'charged', order: recorded, paymentIntent: null };
  if (recorded.status === 'failed') return recorded;
  if (isOpen(recorded.status) && typeof pi === 'object' && pi !== null)
    return { kind: 'processing', order: recorded, paymentIntent: pi };
  return canceled(recorded);
}

/**
 * What an expire of an open Session came to: expired by it; refused, and Stripe closed it
 * otherwise (completed meanwhile, or expired by another call); refused, and still open (or refused
 * before it ran: 429s); no answer (it may have run).
 */
type Expire =
  { kind: 'expired' | 'closed'; session: Stripe.Checkout.Session } | { kind: 'open' | 'unknown' };

/**
 * Expires an open Session at Stripe under `key`, and reads it again when Stripe refuses. After a
 * 500 Stripe replays for the key (it would answer every expire under it so until the Session
 * ends), once more under afterReplayKey(key): expiring is state-idempotent, and a Session closed
 * meanwhile (by the first expire too, which may have run) is refused, then read as closed.
 */
async function expireSession(
  ctx: LinkedContext,
  session: Stripe.Checkout.Session,
  key: string,
  again = true,
): Promise<Expire> {
  const stripe = await ctx.stripe();
  const expired = await callStripe(
    (options) =>
      stripe.checkout.sessions.expire(session.id, {}, { idempotencyKey: key, ...options }),
    ctx.budget,
  );
  if (expired.kind === 'ok') return { kind: 'expired', session: expired.value };
  if (expired.kind === 'unknown' && expired.replayed && again)
    return expireSession(ctx, session, afterReplayKey(key), false);
  if (expired.kind !== 'stripe_error')
    return { kind: expired.kind === 'unknown' ? 'unknown' : 'open' };
  const read = await retrieveSession(stripe, session.id, ctx.budget);
  if (read.kind !== 'ok') return { kind: 'unknown' };
  return read.value.status === 'open' ? { kind: 'open' } : { kind: 'closed', session: read.value };
}

/**
 * Expires an open Session at Stripe (under replacementExpireKey) and moves the
 * order to its next attempt, with a new expiry: the order as it then stands. A Session that
 * completed meanwhile cannot be expired: its payment is the answer.
 */
export async function expireForNewAttempt(
  ctx: LinkedContext,
  order: Order,
  session: Stripe.Checkout.Session,
  now: number,
): Promise<HostedOutcome | Order> {
  // Marked first: should the expire's answer be lost, no reader takes its expiry for the end.
  if (!(await markReplacing(ctx.db, order, session.id)))
    return { kind: 'unknown', reason: 'in_progress', order };
  const expired = await expireSession(ctx, session, replacementExpireKey(order));
  if (expired.kind === 'closed') return fromClosedSession(ctx, order, expired.session, now);
  // Refused (before it ran, or the Session still open): it is not replaced.
  if (expired.kind === 'open') await clearReplacing(ctx.db, order, session.id);
  if (expired.kind !== 'expired') return noAnswer(order);
  return nextAttempt(ctx.db, order, session.id, now);
}

/**
 * Ends a Session open at Stripe past its expiry by the Worker's clock (under endExpireKey), and
 * answers from what Stripe then says: expired, recorded canceled (not charged); completed
 * meanwhile, its payment; still open or no answer, unknown, never "not charged".
 */
async function expirePastExpiry(
  ctx: LinkedContext,
  order: Order,
  session: Stripe.Checkout.Session,
  now: number,
): Promise<HostedOutcome | Order> {
  const expired = await expireSession(ctx, session, endExpireKey(order));
  if (expired.kind === 'expired' || expired.kind === 'closed')
    return fromClosedSession(ctx, order, expired.session, now);
  return noAnswer(order);
}

/**
 * Moves an order on from a Session expired to replace it to its next attempt, with a new expiry
 * (`now`, unix s): the order as it then stands (another click, or the sweep, may have moved it).
 */
export async function nextAttempt(
  db: D1Database,
  order: Order,
  sessionId: string,
  now: number,
): Promise<Order> {
  return (
    (await replaceSession(db, order, sessionId, sessionExpiry(now))) ??
    (await findOrder(db, order.id)) ??
    order
  );
}
