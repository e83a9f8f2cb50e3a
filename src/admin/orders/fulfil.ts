/**
 * POST /admin/api/orders/<id>/fulfil: runs a paid order's fulfilment again, now, whatever its
 * attempts and back-off (an admin fixed what made it fail), and answers what came of it.
 *
 *   200  { order }                 fulfilled
 *   502  fulfilment_failed         it failed again (its error in `message`; the order keeps it)
 *   404  no such order    409  not_paid, already_fulfilled, or fulfilment_running (a run is under way)
 */
import type { Context } from 'hono';
import { fulfilClaimed } from '../../fulfilment';
import { STALE_CLAIM_MINUTES } from '../../fulfilment/retry';
import { claimFulfilmentRerun, findOrder } from '../../ledger';
import { causeOf } from '../../ledger/history';
import { isRefundable } from '../../ledger/status';
import { log } from '../../log';
import { orderView } from '../../orders/view.js';
import type { AppEnv } from '../../types';
import { refuse } from '../answer';

export async function fulfilHandler(c: Context<AppEnv>) {
  const orderId = c.req.param('id') ?? '';
  const admin = c.get('adminEmail');
  Object.assign(c.get('log'), { order_id: orderId, action: 'fulfil' });
  const claimed = await claimFulfilmentRerun(c.env.DB, orderId, STALE_CLAIM_MINUTES, causeOf(c));
  if (!claimed) {
    const order = await findOrder(c.env.DB, orderId);
    log('info', 'admin.fulfil', { admin, order_id: orderId, outcome: 'refused' });
    if (!order) return refuse(c, 404, 'not_found', 'There is no order with this id.');
    if (order.fulfilled_at)
      return refuse(c, 409, 'already_fulfilled', 'This order was fulfilled already.');
    if (!isRefundable(order.status))
      return refuse(c, 409, 'not_paid', 'Only a paid order is fulfilled.', {
        status: order.status,
      });
    return refuse(
      c,
      409,
      'fulfilment_running',
      'Fulfilment is running for this order right now. Look again in a minute.',
    );
  }
  const run = await fulfilClaimed(claimed, c.env);
  const order = (await findOrder(c.env.DB, orderId)) ?? claimed;
  log('info', 'admin.fulfil', {
    admin,
    order_id: orderId,
    outcome: run.ok ? 'fulfilled' : 'failed',
    attempt: claimed.fulfilment_attempts,
  });
  if (!run.ok)
    return refuse(c, 502, 'fulfilment_failed', `Fulfilment failed again: ${run.error}`, {
      order: orderView(order),
    });
  return c.json({ order: orderView(order) });
}
