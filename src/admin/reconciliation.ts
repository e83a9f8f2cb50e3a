/**
 * GET /admin/api/reconciliation: the cron's last reconciliation sweep (when, events read and
 * applied, orders linked and checked, refunds settled, errors) and the orders Stripe disagrees
 * with, as that sweep found them (src/reconcile): at most SHOWN, the longest-standing first, and
 * how many there are in all (`disagreements_total`), so that a capped list says so. Reached at a
 * loopback address (`npm run dev`), the cron runs only when asked (wrangler's --test-scheduled):
 * `sweep_url` is the address that runs it, null deployed, where it runs every 5 minutes.
 */
import { Hono } from 'hono/tiny';
import { isLoopback } from '../config';
import { requestUrl } from '../middleware/request-url';
import { orderView } from '../orders/view.js';
import { disagreementsWithOrders, lastSweep } from '../reconcile/state';
import type { AppEnv } from '../types';

/** Disagreements shown at most (each is an order someone should look at). */
export const SHOWN = 100;

export const reconciliation = new Hono<AppEnv>().get('/', async function reconciliationHandler(c) {
  const db = c.env.DB;
  // Two queries whatever the count: Workers Free allows 50 per request.
  const [sweep, { found, total }] = await Promise.all([
    lastSweep(db),
    disagreementsWithOrders(db, SHOWN),
  ]);
  const url = requestUrl(c);
  return c.json({
    last_sweep: sweep,
    disagreements: found.map(({ order, ...row }) => ({
      ...row,
      order: order ? orderView(order) : null,
    })),
    disagreements_total: total,
    sweep_url: isLoopback(url.hostname) ? `${url.origin}/__scheduled` : null,
  });
});
