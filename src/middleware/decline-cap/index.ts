/**
 * The per-network decline cap of POST /charge (after valid-charge): a client network with
 * NETWORK_DECLINES_PER_HOUR declined attempts in the last hour, or NETWORK_DECLINES_PER_DAY in the
 * last 24 hours (src/limits.ts), is refused with 429 before any security check or Stripe call,
 * whatever checkout it uses. A checkout the ledger has settled is answered from the ledger with no
 * Stripe call, so it passes. The counts live in the ledger (ledger/declines.ts), because the
 * 60-second rate limiters forget too soon to see a card tester who paces itself.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { recordDecline, windowEnds } from '../../ledger/declines';
import { readStanding, type Standing } from '../../ledger/standing';
import { isOpen, isSettled } from '../../ledger/status';
import { NETWORK_DECLINES_PER_DAY, NETWORK_DECLINES_PER_HOUR } from '../../limits';
import { problem, refusalOutcome } from '../../pages/problem';
import type { AppEnv } from '../../types';
import { clientNetwork } from '../rate-limit';

export type { Standing } from '../../ledger/standing';

/** The standing of this request's checkout and client network, read once per request. */
export async function standingOf(c: Context<AppEnv>): Promise<Standing> {
  const known = c.get('standing');
  if (known) return known;
  const standing = await readStanding(c.env.DB, c.get('charge').checkoutId, clientNetwork(c));
  c.set('standing', standing);
  return standing;
}

/**
 * Counts a declined attempt against the client's network. A failure to count is logged, never
 * shown: the customer's answer (declined, not charged) is what happened.
 */
export async function countDecline(c: Context<AppEnv>): Promise<void> {
  try {
    await recordDecline(c.env.DB, clientNetwork(c));
  } catch (error) {
    Object.assign(c.get('log'), { problem: 'declines.not_counted', error: String(error) });
  }
}

/** The decline cap of POST /charge; sets c.var.standing. */
export function declineCap(): MiddlewareHandler<AppEnv> {
  return async function declineCap(c, next) {
    const { order, declines } = await standingOf(c);
    const window =
      declines.day >= NETWORK_DECLINES_PER_DAY
        ? 'day'
        : declines.hour >= NETWORK_DECLINES_PER_HOUR
          ? 'hour'
          : null;
    if (!window || (order && isSettled(order.status))) return next();

    const ends = windowEnds(
      window === 'day' ? declines.oldestInDay : declines.oldestInHour,
      window,
    );
    const seconds = ends ? Math.ceil((ends.getTime() - Date.now()) / 1000) : 60;
    c.header('Retry-After', String(Math.max(1, seconds)));
    Object.assign(c.get('log'), {
      problem: 'decline_cap',
      limit: `network_${window}`,
      declines: declines[window],
    });
    const { sentence, charged } = refusalOutcome(order !== null && isOpen(order.status));
    return problem(c, 429, {
      code: 'too_many_declines',
      message: {
        key: window === 'day' ? 'error.networkDeclinesDay' : 'error.networkDeclinesHour',
        params: { outcome: { ref: sentence } },
      },
      charged,
    });
  };
}
