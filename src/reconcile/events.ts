/**
 * The sweep's first step: Stripe's events since the last run (GET /v1/events, the types POST
 * /webhook handles), applied through the webhook's own `applyEvent`, so that an event the webhook
 * missed (an outage, a misconfigured endpoint, deliveries given up after three days) does exactly
 * what its delivery would have done, once: events the webhook (or an earlier run) already applied
 * are skipped by the same record of event ids.
 *
 * Stripe lists newest first. A run reads from now back to the cursor (less OVERLAP_SECONDS, since
 * an event can be listed a little after its `created` time), at most EVENT_PAGES pages; if that is
 * not enough, it notes where it stopped, and the next run goes on from there (`starting_after`)
 * before moving the cursor. The events of one run are applied oldest first.
 *
 * Each event applied makes a D1 call at least (its record), and the run's subrequests are
 * few (./budget.ts): a run reads no more events than its pool could apply, and applies them while
 * more than EVENTS_LEAVE are left, which the later steps share. Events read but not applied are
 * read again by the next run, from the same place (those applied are recorded, so skipped).
 */
import type Stripe from 'stripe';
import { retryOnce } from '../ledger/retry';
import { callStripe } from '../stripe/call';
import { applyEvent } from '../webhook/apply';
import { currentReaders } from '../webhook/current';
import { WEBHOOK_EVENTS } from '../webhook/events.js';
import { sweepError, type SweepContext } from './context';
import type { EventsPosition } from './state';

/** Events re-read before the cursor: the record of event ids makes the overlap cheap. */
const OVERLAP_SECONDS = 10 * 60;
/** How far back the first run reads: Stripe retries a webhook delivery for three days. */
const FIRST_LOOKBACK_SECONDS = 3 * 24 * 3600;
/** Events per page (Stripe's largest), and pages per run. */
const EVENT_PAGE = 100;
export const EVENT_PAGES = 2;
/** Subrequests the events leave to the run's later steps (orders to link, cancel, verify…). */
const EVENTS_LEAVE = 10;

/** Which of these events the ledger has recorded already (applied or ignored). */
async function recordedIds(db: D1Database, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  // One bound parameter (a JSON array) whatever the page's size: D1 binds at most 100.
  const select = db
    .prepare('SELECT id FROM stripe_events WHERE id IN (SELECT value FROM json_each(?))')
    .bind(JSON.stringify(ids));
  const { results } = await retryOnce(() => select.all<{ id: string }>());
  return new Set(results.map((row) => row.id));
}

/** Reads and applies the events since `position`; the position for the next run. */
export async function applyMissedEvents(
  ctx: SweepContext,
  position: EventsPosition,
  now: number = Math.floor(Date.now() / 1000),
): Promise<EventsPosition> {
  const upper = position.resumeUpper ?? now;
  const from = (position.cursor ?? now - FIRST_LOOKBACK_SECONDS) - OVERLAP_SECONDS;
  // Read up to the cursor already (a clock that moved back): nothing to ask.
  if (from > upper) return position;
  let after = position.resumeAfter ?? undefined;
  const read: Stripe.Event[] = [];
  let finished = false;
  // Events the pool could still apply, each a D1 call at least, besides those read.
  const wanted = () => ctx.budget.attemptsLeft - EVENTS_LEAVE - read.length;
  for (let page = 0; page < EVENT_PAGES && (page === 0 || wanted() > 0); page++) {
    const listed = await callStripe(
      (options) =>
        ctx.stripe.events.list(
          {
            created: { gte: from, lte: upper },
            types: [...WEBHOOK_EVENTS],
            limit: Math.min(EVENT_PAGE, Math.max(1, wanted())),
            ...(after && { starting_after: after }),
          },
          options,
        ),
      ctx.budget,
    );
    if (listed.kind !== 'ok') {
      // An event the walk resumed from may be gone (Stripe keeps them 30 days): start it again.
      if (listed.kind === 'stripe_error' && listed.error.code === 'resource_missing')
        return { cursor: position.cursor, resumeAfter: null, resumeUpper: null };
      sweepError(ctx, 'events', listed.error);
      break;
    }
    read.push(...listed.value.data);
    after = listed.value.data.at(-1)?.id ?? after;
    if (!listed.value.has_more) {
      finished = true;
      break;
    }
  }
  ctx.counts.events_read += read.length;

  const seen = await recordedIds(
    ctx.env.DB,
    read.map((event) => event.id),
  );
  let unapplied = false;
  for (const event of read.reverse()) {
    if (seen.has(event.id)) continue;
    if (ctx.budget.attemptsLeft <= EVENTS_LEAVE) {
      unapplied = true;
      break;
    }
    try {
      await applyOne(ctx, event);
    } catch (error) {
      sweepError(ctx, `event ${event.id}`, error);
    }
  }
  // The pool ran out among them: the next run reads this run's events again (up to the same time).
  if (unapplied)
    return { cursor: position.cursor, resumeAfter: position.resumeAfter, resumeUpper: upper };
  if (finished)
    return {
      cursor: Math.max(position.cursor ?? upper, upper),
      resumeAfter: null,
      resumeUpper: null,
    };
  // Not all read: the next run reads on from where this one stopped, up to the same time.
  return { cursor: position.cursor, resumeAfter: after ?? null, resumeUpper: upper };
}

/** Applies one event as POST /webhook would, and counts what came of it. */
async function applyOne(ctx: SweepContext, event: Stripe.Event): Promise<void> {
  const outcome = await applyEvent(
    {
      env: ctx.env,
      via: 'sweep',
      waitUntil: ctx.waitUntil,
      ...currentReaders(async () => ({ stripe: ctx.stripe, budget: ctx.budget })),
      stripe: async () => ctx.stripe,
      // Stripe Tax's records of what an event recorded: within the run's subrequests too.
      taxBudget: () => ctx.budget,
    },
    event,
  );
  switch (outcome.kind) {
    case 'applied':
      ctx.counts.events_applied++;
      if (outcome.refused) ctx.suspects.add(outcome.order.id);
      break;
    case 'later':
      // Not recorded: a later run re-reads it while it is within the overlap, and verify checks
      // the order with Stripe meanwhile.
      if (outcome.orderId) ctx.suspects.add(outcome.orderId);
      break;
    case 'malformed':
      sweepError(ctx, `event ${event.id}`, `not a well-formed event (${outcome.at})`);
      break;
    case 'ignored':
    case 'duplicate':
      break;
  }
}
