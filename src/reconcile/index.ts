/**
 * Reconciliation: the cron's sweep that heals the ledger from Stripe (src/cron.ts runs it every 5
 * minutes; `curl localhost:8787/__scheduled` under `npm run dev`). One run, holding a lease so that
 * two never overlap:
 * 1. events.ts: Stripe's events the webhook missed, applied as the webhook applies them;
 * 2. link.ts: pending orders whose /charge never heard back, linked to their PaymentIntent;
 * 3. refunds.ts: console refunds whose Stripe answer was lost, settled;
 * 4. abandoned.ts: checkouts left at 3-D Secure for an hour, their PaymentIntent canceled (which
 *    frees a promotion code's redemption); capped.ts: checkouts at the decline cap, likewise (their
 *    client secret could confirm it again);
 * 5. verify.ts: orders Stripe may disagree with, checked, and the disagreements listed;
 * 6. sessions.ts: hosted Checkout Sessions whose outcome the ledger missed; then abandoned.ts:
 *    hosted orders left an hour with no Session to pay, ended (canceled);
 * 7. tax.ts: paid orders whose Stripe Tax transaction or reversal is missing, recorded (those the
 *    steps above found paid too).
 * Bounded per run: at most SWEEP_SUBREQUESTS subrequests, Stripe's calls and D1's statements from
 * one pool (budget.ts: each step stops when it is spent, and the steps after it wait), and a fixed
 * number of pages and orders per step, so that a run stays within a Worker's subrequest and CPU
 * limits however far behind it is; what is left waits for the next run. The run's figures are kept
 * for the console (state.ts).
 */
import { log } from '../log';
import { cancelAbandoned3ds, endAbandonedHosted } from './abandoned';
import { meteredEnv, subrequestsUsed } from './budget';
import { cancelCappedCheckouts } from './capped';
import { sweepContext, sweepError } from './context';
import { applyMissedEvents } from './events';
import { linkOrphans } from './link';
import { settleRequestedRefunds } from './refunds';
import { settleSessions } from './sessions';
import { finishSweep, takeLease, type SweepCounts } from './state';
import { sweepStripe } from './stripe';
import { recordOwedTax } from './tax';
import { verifyOrders } from './verify';

/** A lease older than this belonged to a run that was cut off (a cron run has at most minutes). */
const LEASE_MINUTES = 10;

/** Runs one sweep; its figures, or null when another run holds the lease or Stripe is not set up. */
export async function reconcile(env: Env): Promise<SweepCounts | null> {
  const stripe = await sweepStripe(env);
  if ('error' in stripe) {
    log('warn', 'reconcile.skipped', { detail: stripe.error });
    return null;
  }
  // Every statement of the run from here on comes out of the same pool as Stripe's calls.
  const metered = meteredEnv(env, stripe.budget);
  const position = await takeLease(metered.DB, LEASE_MINUTES);
  if (!position) {
    log('info', 'reconcile.skipped', { detail: 'another sweep is running' });
    return null;
  }
  const ctx = sweepContext(metered, stripe.stripe, stripe.budget);
  let next = position;
  const steps: [string, () => Promise<unknown>][] = [
    ['events', async () => (next = await applyMissedEvents(ctx, position))],
    ['link', () => linkOrphans(ctx)],
    ['refunds', () => settleRequestedRefunds(ctx)],
    ['cancel', () => cancelAbandoned3ds(ctx)],
    ['capped', () => cancelCappedCheckouts(ctx)],
    ['verify', () => verifyOrders(ctx)],
    ['sessions', () => settleSessions(ctx)],
    ['abandoned', () => endAbandonedHosted(ctx)],
    ['tax', () => recordOwedTax(ctx)],
  ];
  const waiting: string[] = [];
  for (const [step, run] of steps) {
    // The pool spent: each step would still send a query, so the rest wait for the next run.
    if (ctx.budget.attemptsLeft <= 0) {
      waiting.push(step);
      continue;
    }
    try {
      await run();
    } catch (error) {
      sweepError(ctx, step, error);
    }
  }
  // Fulfilments this run started: a cron run's work must end before it does.
  await Promise.allSettled(ctx.pending);
  await finishSweep(metered.DB, next, ctx.counts);
  log(ctx.counts.errors ? 'warn' : 'info', 'reconcile.done', {
    ...ctx.counts,
    subrequests: subrequestsUsed(ctx.budget),
    ...(waiting.length > 0 && { steps_waiting: waiting.join(' ') }),
  });
  return ctx.counts;
}
