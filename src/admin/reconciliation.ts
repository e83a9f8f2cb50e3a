/**
 * GET /admin/api/reconciliation: the cron's last reconciliation sweep (when, events read and
 * applied, orders linked and checked, refunds settled, errors) and every order Stripe disagrees
 * with, as that sweep found them (src/reconcile).
 */
import { Hono } from 'hono/tiny';
import { findOrderRow } from '../orders/query';
import { orderView } from '../orders/view.js';
import { disagreements, lastSweep } from '../reconcile/state';
import type { AppEnv } from '../types';

/** Disagreements shown at most (each is an order someone should look at). */
const SHOWN = 100;

export const reconciliation = new Hono<AppEnv>().get('/', async function reconciliationHandler(c) {
  const db = c.env.DB;
  const [sweep, found] = await Promise.all([lastSweep(db), disagreements(db, SHOWN)]);
  const orders = await Promise.all(found.map((row) => findOrderRow(db, row.order_id)));
  return c.json({
    last_sweep: sweep,
    disagreements: found.map((row, i) => {
      const order = orders[i];
      return { ...row, order: order ? orderView(order) : null };
    }),
  });
});
