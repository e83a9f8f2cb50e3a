/**
 * The scheduled sweep (wrangler.toml [triggers]): fulfils paid orders whose fulfilment failed (once
 * its back-off has passed) or was cut off, while attempts are left. Each order is claimed in the
 * ledger first, so two sweeps, or a sweep and a request, never run the same fulfilment at once.
 * Within the retries' share of the cron invocation's subrequests (./budget.ts): an order is claimed
 * only while its worst case fits, and the orders left are taken by the next run (5 minutes on).
 */
import { claimUnfulfilled } from '../ledger';
import { log } from '../log';
import { meteredEnv, type SubrequestPool } from '../reconcile/budget';
import { fulfilClaimed } from '.';
import { FULFILMENT_MAX_ATTEMPTS, STALE_CLAIM_MINUTES } from './attempts.js';
import { RETRY_ORDER_SUBREQUESTS, RETRY_SUBREQUESTS } from './budget';
/** Orders per sweep, so that one run stays well inside its CPU limit (on Paid too). */
const SWEEP_LIMIT = 25;

/**
 * Claims and fulfils what is due, one order at a time: each claim is fresh when its run starts, so
 * a slow fulfilment never lets the next sweep take the orders still waiting in this one. A failed
 * run is recorded (and logged) by `fulfilClaimed`, and the sweep goes on. Every D1 call of the
 * sweep takes one from its pool, and each run of the shop's fulfilOrder its reserved share; no
 * order is claimed unless its worst case fits in what is left. Returns how many orders it took.
 */
export async function retryFulfilments(env: Env): Promise<number> {
  const pool: SubrequestPool = { attemptsLeft: RETRY_SUBREQUESTS };
  // Each D1 call takes one; fulfilClaimed takes the shop's share before fulfilOrder runs.
  const metered = meteredEnv(env, pool);
  const taken: string[] = [];
  while (taken.length < SWEEP_LIMIT && pool.attemptsLeft >= RETRY_ORDER_SUBREQUESTS) {
    const [order] = await claimUnfulfilled(
      metered.DB,
      STALE_CLAIM_MINUTES,
      1,
      FULFILMENT_MAX_ATTEMPTS,
    );
    if (!order) break;
    taken.push(order.id);
    try {
      await fulfilClaimed(order, metered);
    } catch (error) {
      // The ledger write after fulfilOrder failed: the claim goes stale and a later sweep retries
      // (after the last attempt, the order needs attention: src/orders/view.js).
      log('error', 'fulfilment.retry_failed', { order_id: order.id, error: String(error) });
    }
  }
  if (taken.length > 0)
    log('info', 'fulfilment.retried', {
      orders: taken.length,
      order_ids: taken.join(' '),
      subrequests: RETRY_SUBREQUESTS - pool.attemptsLeft,
    });
  return taken.length;
}
