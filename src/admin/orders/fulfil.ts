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
import { STALE_CLAIM_MINUTES } from '../../fulfilment/attempts.js';
import { claimFulfilmentRerun, findOrder } from '../../ledger';
import { causeOf } from '../../ledger/history';
import { isRefundable } from '../../ledger/status';
import { orderView } from '../../orders/view.js';
import type { AppEnv } from '../../types';
import { refuse } from '../answer';
import { audit } from '../audit';

export async function fulfilHandler(c: Context<AppEnv>) {
  const orderId = c.req.param('id') ?? '';
  Object.assign(c.get('log'), { order_id: orderId, action: 'fulfil' });
  const claimed = await claimFulfilmentRerun(c.env.DB, orderId, STALE_CLAIM_MINUTES, causeOf(c));
  if (!claimed) {
    const order = await findOrder(c.env.DB, orderId);
    const refusal = !order
      ? ([404, 'not_found', 'There is no order with this id.'] as const)
      : order.fulfilled_at
        ? ([409, 'already_fulfilled', 'This order was fulfilled already.'] as const)
        : !isRefundable(order.status)
          ? ([409, 'not_paid', 'Only a paid order is fulfilled.'] as const)
          : ([
              409,
              'fulfilment_running',
              'Fulfilment is running for this order right now. Look again in a minute.',
            ] as const);
    const [status, code, message] = refusal;
    await audit(c, 'fulfil', { orderId, outcome: `refused:${code}` });
    return refuse(c, status, code, message, code === 'not_paid' ? { status: order?.status } : {});
  }
  const run = await fulfilClaimed(claimed, c.env);
  const order = (await findOrder(c.env.DB, orderId)) ?? claimed;
  await audit(c, 'fulfil', {
    orderId,
    outcome: run.ok ? 'fulfilled' : 'failed',
    // The error's kind only in the log line: a provider's message often names its recipient.
    details: {
      attempt: claimed.fulfilment_attempts,
      error_kind: run.ok ? undefined : run.errorKind,
    },
    unlogged: { error: run.ok ? undefined : run.error },
  });
  if (!run.ok)
    return refuse(c, 502, 'fulfilment_failed', `Fulfilment failed again: ${run.error}`, {
      order: orderView(order),
    });
  return c.json({ order: orderView(order) });
}
