/**
 * GET /admin/api/activity?order_id=&cursor=&limit=: the console's audit trail, newest first,
 * `{ actions, next_cursor }`: who (the Access email) did what (refund, fulfil, export), on which
 * order, what came of it and when (src/admin/audit.ts). `order_id` narrows it to one order;
 * `limit` is 1 to 100 (50).
 */
import { Hono } from 'hono/tiny';
import { adminActions, type AdminAction } from '../ledger/admin-actions';
import type { AppEnv } from '../types';
import { refuse } from './answer';

/** An action as the console shows it. */
function actionView(action: AdminAction) {
  return {
    at: action.at,
    admin: action.admin_email,
    action: action.action,
    order_id: action.order_id,
    outcome: action.outcome,
    details: action.details,
    request_id: action.request_id,
  };
}

export const activity = new Hono<AppEnv>().get('/', async function activityHandler(c) {
  const { order_id: orderId, cursor, limit } = c.req.query();
  const size = limit === undefined ? 50 : Number(limit);
  if (!Number.isInteger(size) || size < 1 || size > 100)
    return refuse(c, 400, 'invalid_limit', 'limit is a whole number from 1 to 100.', {
      param: 'limit',
    });
  // A cursor is the id of the last action shown: a positive whole number.
  const before = cursor === undefined ? undefined : Number(cursor);
  if (before !== undefined && !(Number.isSafeInteger(before) && before > 0))
    return refuse(c, 400, 'invalid_cursor', 'cursor is not one this list gave.', {
      param: 'cursor',
    });
  const found = await adminActions(c.env.DB, {
    orderId: orderId || undefined,
    before,
    limit: size,
  });
  const page = found.slice(0, size);
  return c.json({
    actions: page.map(actionView),
    next_cursor: found.length > size ? String(page.at(-1)!.id) : null,
  });
});
