/**
 * The sweep's subrequests. A cron invocation on Workers Free may make 50 (1,000 on Paid), and D1's
 * queries count against the same limit ("Queries per Worker invocation (read subrequest limits):
 * 50 (Free)", D1's limits page). The binding sends one request per statement run (`first`, `all`,
 * `run`, `raw`) and one per batch, whatever its length (workerd's src/cloudflare/internal/
 * d1-api.ts). So one pool counts both: every Stripe attempt (src/stripe/call.ts takes one from
 * `attemptsLeft`) and every call to D1 the run makes (meteredEnv below takes one from the same
 * `attemptsLeft`). A step starts no new order, event or page once the pool is spent, and the run
 * ends cleanly: its position and figures are written, and the next run (5 minutes on) goes on
 * where it stopped.
 */
import type { StripeBudget } from '../stripe/call';
import { observedD1 } from '../timing/d1';

/**
 * Subrequests one run may make, Stripe and D1 together: 40 of the invocation's 50, leaving 10 to
 * the cron's other jobs (src/cron.ts: a statement each to forget old events and declines, each
 * retried once at most, and the fulfilment retries' 6, src/fulfilment/budget.ts).
 */
export const SWEEP_SUBREQUESTS = 40;

/**
 * Kept back from the steps' pool: what the order or event in hand when the pool runs out may
 * still send to D1 (its reads, its ledger batch, a fulfilment's mark) and the run's closing write.
 */
export const SWEEP_RESERVE = 10;

/** A pool of subrequests: the sweep's (with Stripe's attempts) or the fulfilment retries'. */
export type SubrequestPool = Pick<StripeBudget, 'attemptsLeft'>;

/** The pool of each metered env: what code given only `env` (fulfilment) may spend from. */
const pools = new WeakMap<Env, SubrequestPool>();

/**
 * `env` whose DB takes one from `budget.attemptsLeft`, the pool Stripe's attempts take from too,
 * for each call it makes. It never refuses one: a write begun must finish (the reserve pays).
 */
export function meteredEnv(env: Env, budget: SubrequestPool): Env {
  const DB = observedD1(env.DB, () => void budget.attemptsLeft--);
  const metered = { ...env, DB };
  pools.set(metered, budget);
  return metered;
}

/**
 * Takes `subrequests` from the pool of a metered `env` (none for a plain one): what the caller is
 * about to spend that the meter cannot see, such as the shop's fulfilOrder's fetches.
 */
export function spend(env: Env, subrequests: number): void {
  const pool = pools.get(env);
  if (pool) pool.attemptsLeft -= subrequests;
}

/** Subrequests a run has made, from what is left of its pool. */
export const subrequestsUsed = (budget: StripeBudget): number =>
  SWEEP_SUBREQUESTS - SWEEP_RESERVE - budget.attemptsLeft;
