/**
 * Declined payment attempts per client network, for the card-testing caps of POST /charge: one
 * row per decline (migrations/0004), counted over sliding windows and forgotten after a day.
 * Times come from the Worker's clock (`now`), so that tests can place declines in the past.
 */
import { retryOnce } from './retry';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A network's declines in the last hour and the last 24 hours, and when the oldest of each was. */
export interface RecentDeclines {
  hour: number;
  day: number;
  /** ISO times of the oldest decline counted in each window (null: none). */
  oldestInHour: string | null;
  oldestInDay: string | null;
}

/**
 * Records one declined attempt from a network. Not retried: a repeat after an insert that
 * committed would count the decline twice.
 */
export async function recordDecline(
  db: D1Database,
  network: string,
  now: Date = new Date(),
): Promise<void> {
  await db
    .prepare('INSERT INTO network_declines (network, declined_at) VALUES (?, ?)')
    .bind(network, now.toISOString())
    .run();
}

/** The statement that reads a network's recent declines (`declinesFrom` reads its row). */
export function recentDeclinesQuery(
  db: D1Database,
  network: string,
  now: Date = new Date(),
): D1PreparedStatement {
  const hourAgo = new Date(now.getTime() - HOUR_MS).toISOString();
  const dayAgo = new Date(now.getTime() - DAY_MS).toISOString();
  return db
    .prepare(
      `SELECT COUNT(*) AS day, MIN(declined_at) AS oldestInDay,
         COUNT(*) FILTER (WHERE declined_at > ?2) AS hour,
         MIN(declined_at) FILTER (WHERE declined_at > ?2) AS oldestInHour
       FROM network_declines WHERE network = ?1 AND declined_at > ?3`,
    )
    .bind(network, hourAgo, dayAgo);
}

/** The declines of recentDeclinesQuery's row. */
export const declinesFrom = (row: RecentDeclines | null | undefined): RecentDeclines =>
  row ?? { hour: 0, day: 0, oldestInHour: null, oldestInDay: null };

/** A network's recent declines (a read: retried). */
export async function recentDeclines(
  db: D1Database,
  network: string,
  now: Date = new Date(),
): Promise<RecentDeclines> {
  const select = recentDeclinesQuery(db, network, now);
  return declinesFrom(await retryOnce(() => select.first<RecentDeclines>()));
}

/** Deletes declines older than 24 hours; how many. Retried: a repeat deletes nothing more. */
export async function forgetOldDeclines(db: D1Database, now: Date = new Date()): Promise<number> {
  const prune = db
    .prepare('DELETE FROM network_declines WHERE declined_at <= ?')
    .bind(new Date(now.getTime() - DAY_MS).toISOString());
  return (await retryOnce(() => prune.run())).meta.changes;
}

/** When a window frees up again: the oldest decline it counts, a window length later. */
export function windowEnds(oldest: string | null, window: 'hour' | 'day'): Date | null {
  return oldest ? new Date(Date.parse(oldest) + (window === 'hour' ? HOUR_MS : DAY_MS)) : null;
}
