/**
 * POST /admin/api/orders/search, a form body of status=&q=&cursor=&limit= (all optional): orders
 * newest first, `{ orders, next_cursor }`. `status` is a status or `needs_attention`; `q` an order
 * id (ord_…), a PaymentIntent id (pi_…), the order number a receipt shows ("4F2A-91C3") or part of
 * an email address; `cursor` the previous page's next_cursor (stable while orders arrive); `limit`
 * 1 to 100 (50). A POST, not a GET's query: Cloudflare's invocation logs keep every URL, query
 * and all, and `q` is often a customer's email, which the logs must not carry (docs/console.md).
 */
import type { Context } from 'hono';
import { decodeCursor, encodeCursor, listOrders } from '../../orders/query';
import { orderView, STATUS_FILTERS } from '../../orders/view.js';
import type { AppEnv } from '../../types';
import { refuse } from '../answer';

const MAX_SEARCH = 200;

/**
 * Form bodies, or none (the first page of every order): hono's parseBody reads any other body
 * (JSON) as no field, which would list every order, its search ignored.
 */
const FORM = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** POST /admin/api/orders/search: a page of orders, filtered by the form's fields. */
export async function listHandler(c: Context<AppEnv>) {
  const type = c.req.header('content-type');
  if (type !== undefined && !FORM.test(type))
    return refuse(c, 415, 'invalid_body', 'The body is a form: status=&q=&cursor=&limit=.');
  const fields = await c.req.parseBody();
  // Each field is text: a file in one is refused, not read as a search.
  const file = Object.keys(fields).find((name) => typeof fields[name] !== 'string');
  if (file) return refuse(c, 400, 'invalid_body', `${file} is text, not a file.`, { param: file });
  const { status, q, cursor, limit } = fields as Record<string, string | undefined>;
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
