/**
 * The scheduled sweep (wrangler.toml [triggers]): fulfils paid orders whose fulfilment failed or
 * was cut off. Each order is claimed in the ledger first, so two sweeps, or a sweep and a request,
 * never run the same fulfilment at once.
 */
import { claimUnfulfilled } from '../ledger';
import { log } from '../log';
import { fulfilClaimed } from '.';

/** A claim older than this is taken to be dead (a Worker has at most minutes after its response). */
export const STALE_CLAIM_MINUTES = 10;
/** Orders per sweep, so that one run stays well inside its CPU and subrequest limits. */
export const SWEEP_LIMIT = 25;

/** Claims and fulfils what is due. Returns how many orders it fulfilled or tried to. */
export async function retryFulfilments(env: Env): Promise<number> {
  const orders = await claimUnfulfilled(env.DB, STALE_CLAIM_MINUTES, SWEEP_LIMIT);
  for (const order of orders) await fulfilClaimed(order, env);
  if (orders.length > 0) log('info', 'fulfilment.retried', { orders: orders.length, order_ids: orders.map((order) => order.id).join(' ') });
  return orders.length;
}
