/**
 * What the ledger knows before a payment, read in one round trip: the checkout's order and its
 * client network's recent declines (the decline cap and the security check decide on both, and
 * the payment starts from the order). One batch, not two reads at once: D1 answers it in one
 * round trip, from one snapshot.
 */
import { declinesFrom, recentDeclinesQuery, type RecentDeclines } from './declines';
import { orderByQuery, type Order } from '.';
import { retryOnce } from './retry';

/** A checkout's order (null: none yet) and its network's recent declines. */
export interface Standing {
  order: Order | null;
  declines: RecentDeclines;
}

/** Reads a checkout's standing (reads only: retried). */
export async function readStanding(
  db: D1Database,
  checkoutId: string,
  network: string,
  now: Date = new Date(),
): Promise<Standing> {
  const statements = [
    orderByQuery(db, 'checkout_id', checkoutId),
    recentDeclinesQuery(db, network, now),
  ];
  const [order, declines] = await retryOnce(() => db.batch(statements));
  return {
    order: (order?.results[0] as Order | undefined) ?? null,
    declines: declinesFrom(declines?.results[0] as RecentDeclines | undefined),
  };
}
