/**
 * The sweep's second step: orders left `pending` with no PaymentIntent, because POST /charge never
 * got Stripe's answer and the customer left without trying again. The PaymentIntent, if Stripe made
 * one, names the checkout in its metadata (checkout_id): it is found by listing the PaymentIntents
 * created around the order's creation, and its state is recorded as a webhook's would be.
 *
 * Listing, not Stripe's search (`GET /v1/payment_intents/search?query=metadata['checkout_id']:…`):
 * search is eventually consistent (an object can take a minute or more to appear, longer during an
 * incident), so a PaymentIntent made just before the sweep may be missing from it, and the order
 * left unlinked for another run; search is also unavailable in some regions, and the simulator does
 * not offer it. A list filtered by `created` is read-after-write consistent, and the window (from
 * a little before the order to an hour after it, the page's own retries) keeps it to a page or two.
 */
import type Stripe from 'stripe';
import type { Order } from '../ledger';
import { retryOnce } from '../ledger/retry';
import { callStripe, type StripeBudget } from '../stripe/call';
import { recordPaymentIntent, sweepError, type SweepContext } from './context';
import { recordCheck } from './state';

/** An order younger than this may still have its POST /charge under way (at most ~20 s). */
const LINK_AFTER_MINUTES = 2;
/** Orders older than this are not looked for any more (Stripe's own redelivery window). */
const LINK_WITHIN_DAYS = 3;
/** An order looked for in vain is looked for again after this long. */
const LINK_AGAIN_MINUTES = 60;
/** Orders per run, and pages of PaymentIntents per order. */
const LINK_ORDERS = 5;
const LINK_PAGES = 2;
/** The PaymentIntents looked at: created from this long before the order… */
const BEFORE_SECONDS = 5 * 60;
/** …to this long after it (the sweep's window: the page's own retries). */
const WINDOW_SECONDS = BEFORE_SECONDS + 60 * 60;

/**
 * Pending orders with no PaymentIntent, due a look: opened within LINK_WITHIN_DAYS (by the
 * partial index on created_at, oldest first), their current attempt begun LINK_AFTER_MINUTES ago
 * (a /charge may still be running for a younger one).
 */
async function orphans(db: D1Database): Promise<Order[]> {
  const select = db
    .prepare(
      `SELECT * FROM orders
       WHERE status = 'pending' AND payment_intent_id IS NULL AND hosted = 0
         AND created_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?2)
         AND COALESCE(attempt_started_at, created_at)
           < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?1)
         AND (reconciled_at IS NULL OR reconciled_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?3))
       ORDER BY created_at LIMIT ?4`,
    )
    .bind(
      `-${LINK_AFTER_MINUTES} minutes`,
      `-${LINK_WITHIN_DAYS} days`,
      `-${LINK_AGAIN_MINUTES} minutes`,
      LINK_ORDERS,
    );
  return (await retryOnce(() => select.all<Order>())).results;
}

/**
 * The checkout's PaymentIntent, by the checkout id in its metadata: found, none (null), or
 * undefined when Stripe could not say (`failed` hears why; or more pages were left than read).
 * Looked for from its current attempt's start (an attempt may be reopened long after the order
 * was opened, and an unlinked order's earlier attempts made none): the sweep's, within its
 * window; POST /charge's (`sinceAttempt`), until now, before it says "not charged" of an order
 * whose create's answer was lost (src/checkout/pay.ts).
 */
export async function findPaymentIntent(
  ctx: { stripe: Stripe; budget: StripeBudget },
  order: Order,
  failed: (error: unknown) => void,
  sinceAttempt = false,
): Promise<Stripe.PaymentIntent | null | undefined> {
  const start = order.attempt_started_at ?? order.created_at;
  const from = Math.floor(Date.parse(start) / 1000) - BEFORE_SECONDS;
  const created = sinceAttempt ? { gte: from } : { gte: from, lte: from + WINDOW_SECONDS };
  let after: string | undefined;
  for (let page = 0; page < LINK_PAGES; page++) {
    const listed = await callStripe(
      (options) =>
        ctx.stripe.paymentIntents.list(
          {
            created,
            limit: 100,
            expand: ['data.latest_charge'],
            ...(after && { starting_after: after }),
          },
          options,
        ),
      ctx.budget,
    );
    if (listed.kind !== 'ok') {
      failed(listed.error);
      return undefined;
    }
    const found = listed.value.data.find((pi) => pi.metadata?.checkout_id === order.checkout_id);
    if (found) return found;
    if (!listed.value.has_more) return null;
    after = listed.value.data.at(-1)?.id;
  }
  // Pages left unread may hold it: only a complete listing proves there is none.
  return undefined;
}

/** Links what it can of the orphaned orders, and records their state. */
export async function linkOrphans(ctx: SweepContext): Promise<void> {
  const db = ctx.env.DB;
  for (const order of await orphans(db)) {
    // The run's pool spent: the rest wait for the next run (not an error of Stripe's).
    if (ctx.budget.attemptsLeft <= 0) break;
    try {
      let failed = false;
      const pi = await findPaymentIntent(ctx, order, (error) => {
        failed = true;
        sweepError(ctx, `link ${order.id}`, error);
      });
      // Stripe failing: next run. More PaymentIntents in its window than read: looked for again
      // later, as one not found is, so that it never takes every run's turns.
      if (pi === undefined && failed) continue;
      if (pi === undefined) {
        await recordCheck(db, order.id, null);
        continue;
      }
      if (pi && (pi.amount !== order.amount || pi.currency !== order.currency)) {
        await recordCheck(db, order.id, {
          ledger_status: order.status,
          stripe_status: pi.status,
          ledger_refunded: order.amount_refunded,
          stripe_refunded: 0,
          detail: `PaymentIntent ${pi.id} names this checkout but is for another amount`,
        });
        continue;
      }
      if (pi) {
        const result = await recordPaymentIntent(ctx, order, pi, 'link', {
          note: `linked to ${pi.id}`,
        });
        if (result?.order.payment_intent_id === pi.id) ctx.counts.orders_linked++;
      }
      await recordCheck(db, order.id, null);
    } catch (error) {
      sweepError(ctx, `link ${order.id}`, error);
    }
  }
}
