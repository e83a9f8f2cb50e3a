/**
 * The cron trigger (wrangler.toml [triggers], every 5 minutes): the ledger's housekeeping. Each
 * job runs whatever happens to the others, and a failure is logged (the next run tries again).
 * Locally, `npm run dev` runs the checkout with --test-scheduled: `curl localhost:8787/__scheduled`.
 */
import { retryFulfilments } from './fulfilment/retry';
import { forgetOldEvents } from './ledger';
import { forgetOldDeclines } from './ledger/declines';
import { log } from './log';
import { reconcile } from './reconcile';

const JOBS = {
  /** The ledger healed from Stripe: missed events, lost answers, disagreements (reconcile/). */
  reconcile: (env: Env) => reconcile(env),
  /** Fulfilments that failed or were cut off, run again (fulfilment/retry.ts). */
  'fulfilment.retry': (env: Env) => retryFulfilments(env),
  /** Stripe event ids past their retention, forgotten (ledger EVENT_RETENTION_DAYS). */
  'stripe_events.forget': async (env: Env) => {
    const events = await forgetOldEvents(env.DB);
    if (events > 0) log('info', 'stripe_events.forgotten', { events });
  },
  /** Declines per client network older than the longest cap's window (src/limits.ts). */
  'network_declines.forget': async (env: Env) => {
    const declines = await forgetOldDeclines(env.DB);
    if (declines > 0) log('info', 'network_declines.forgotten', { declines });
  },
};

/** Runs every job of the cron trigger. */
export async function housekeeping(env: Env): Promise<void> {
  const names = Object.keys(JOBS) as (keyof typeof JOBS)[];
  const results = await Promise.allSettled(names.map((name) => JOBS[name](env)));
  results.forEach((result, i) => {
    if (result.status === 'rejected')
      log('error', 'cron.failed', { job: names[i], error: String(result.reason) });
  });
}
