/**
 * The fulfilment retries' share of a cron invocation's subrequests. Workers Free allows 50 per
 * invocation (1,000 on Paid), fetches and D1 queries alike (src/reconcile/budget.ts), and the cron
 * runs its jobs in one invocation (src/cron.ts). Split once, so that together they never pass it:
 * the sweep 40 (SWEEP_SUBREQUESTS), forgetting old events and old declines 2 each (one statement,
 * retried once at most), and the retries what is left.
 */
import { SWEEP_SUBREQUESTS } from '../reconcile/budget';

/** Subrequests of one cron invocation on Workers Free; on Paid this may be raised to 1,000. */
export const CRON_SUBREQUESTS = 50;

/** The forget jobs of src/cron.ts: one statement each, retried once at most (ledger retryOnce). */
const FORGET_SUBREQUESTS = 2 + 2;

/** The retries' pool per invocation: 50 - 40 - 4 = 6. */
export const RETRY_SUBREQUESTS = CRON_SUBREQUESTS - SWEEP_SUBREQUESTS - FORGET_SUBREQUESTS;

/**
 * What the shop's fulfilOrder (src/shop/fulfilment.ts) may spend per order: its fetches and D1
 * queries together (docs/shop.md). The retries cannot see them, so each run takes this many.
 */
export const FULFIL_ORDER_SUBREQUESTS = 3;

/**
 * One retried order at worst: its claim (one statement, not retried), the shop's share, and the
 * write of its outcome (marked done, or its failure recorded), retried once at most.
 */
export const RETRY_ORDER_SUBREQUESTS = 1 + FULFIL_ORDER_SUBREQUESTS + 2;
