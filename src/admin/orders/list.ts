/**
 * GET /admin/api/orders?status=&q=&cursor=&limit=: orders newest first, `{ orders, next_cursor }`.
 * `status` is a status or `needs_attention`; `q` an order id (ord_…), a PaymentIntent id (pi_…),
 * the order number a receipt shows ("4F2A-91C3") or part of an email address; `cursor` the
 * previous page's next_cursor (stable while orders arrive); `limit` 1 to 100 (50).
 */
import type { Context } from 'hono';
import { decodeCursor, encodeCursor, listOrders } from '../../orders/query';
import { orderView, STATUS_FILTERS } from '../../orders/view.js';
import type { AppEnv } from '../../types';
import { refuse } from '../answer';

const MAX_SEARCH = 200;

export async function listHandler(c: Context<AppEnv>) {
  const { status, q, cursor, limit } = c.req.query();
  if (status && !STATUS_FILTERS.includes(status))
    return refuse(c, 400, 'invalid_status', `status must be one of ${STATUS_FILTERS.join(', ')}.`, {
      param: 'status',
    });
  const search = q?.trim();
  if (search && search.length > MAX_SEARCH)
    return refuse(c, 400, 'invalid_search', `q is at most ${MAX_SEARCH} characters.`, {
      param: 'q',
    });
  const after = cursor ? decodeCursor(cursor) : undefined;
  if (after === null)
    return refuse(c, 400, 'invalid_cursor', 'cursor is not one this list gave.', {
      param: 'cursor',
    });
  const size = limit === undefined ? 50 : Number(limit);
  if (!Number.isInteger(size) || size < 1 || size > 100)
    return refuse(c, 400, 'invalid_limit', 'limit is a whole number from 1 to 100.', {
      param: 'limit',
    });
  const page = await listOrders(c.env.DB, {
    status: status || undefined,
    search: search || undefined,
    after,
    limit: size,
  });
  return c.json({
    orders: page.orders.map(orderView),
    next_cursor: page.next ? encodeCursor(page.next) : null,
  });
}
