/**
 * A click whose cart is not its checkout's order's (src/hosted/start.ts), while a Session is
 * linked: the customer may have paid it at Stripe before its events came, or still have it open
 * in another tab. "Changed, not charged" makes the page start a new checkout, so it is said only
 * once Stripe shows that Session can charge no one: expired, by this click if still open.
 */
import type { Order } from '../ledger';
import { retrieveSession } from './facts';
import { expireForNewAttempt, fromClosedSession, type LinkedContext } from './linked';
import { isSessionOf } from './record';
import type { HostedOutcome } from './start';

const changed = (order: Order): HostedOutcome => ({
  kind: 'not_charged',
  reason: 'checkout_changed',
  order,
});

/**
 * The answer for a changed cart (`now`: the Worker's clock, unix s): paid or settling through the
 * linked Session, its status (src/checkout/hosted.ts shows another cart the status only); Stripe
 * not saying, unknown; otherwise the checkout changed, not charged, the open Session first
 * expired under the replacement's key (./linked.ts), as for a click to another country.
 */
export async function changedCart(
  ctx: LinkedContext,
  order: Order,
  now: number,
): Promise<HostedOutcome> {
  const sessionId = order.checkout_session_id;
  // No Session, or a failed attempt's (its payment over): nothing left to charge through it.
  if (sessionId === null || order.status === 'failed') return changed(order);
  const found = await retrieveSession(await ctx.stripe(), sessionId, ctx.budget);
  if (found.kind === 'unavailable' || found.kind === 'unknown')
    return { kind: 'unknown', reason: 'no_answer', order };
  // Refused (no such Session): nothing was charged through it.
  if (found.kind !== 'ok' || !isSessionOf(order, found.value)) return changed(order);
  const session = found.value;
  // Expired even past our clock's expiry: Stripe's word is what another tab can still pay.
  const answer =
    session.status === 'open'
      ? await expireForNewAttempt(ctx, order, session, now)
      : await fromClosedSession(ctx, order, session, now);
  if (!('kind' in answer)) return changed(answer);
  // Expired (canceled) or refused: no payment, and the customer's cart is the news.
  return answer.kind === 'not_charged' ? changed(answer.order ?? order) : answer;
}
