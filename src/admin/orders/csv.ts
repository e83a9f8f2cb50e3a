/**
 * POST /admin/api/orders.csv?from=YYYY-MM-DD&to=YYYY-MM-DD[&after=cursor]: the orders placed in
 * those days (UTC, both included; either may be left out), oldest first, as CSV (src/orders/csv.ts)
 * with the columns of src/orders/view.js, at most CSV_PART_ROWS per response. A ledger larger than
 * that comes in parts, each a CSV with its header: `Link: <…&after=…>; rel="next"` names the next
 * (keyset pagination on created_at and id, so an order placed meanwhile never shifts a part). One
 * request's work is so bounded whatever the ledger's size: a few D1 reads (subrequests: 50 per
 * request on Workers Free), the rows of one part in memory, and their formatting on a CPU
 * budget of 10 ms. The console follows the links and saves one file (client/admin/export.ts).
 * Amounts are in the currency's minor unit, as in the API. Each part starts with a UTF-8 byte
 * order mark: without it Excel reads the file as its local code page ("2 Ã— poster").
 */
import type { Context } from 'hono';
import { csvRow } from '../../orders/csv';
import { decodeCursor, encodeCursor, ordersBetween, type Position } from '../../orders/query';
import { CSV_COLUMNS, orderView } from '../../orders/view.js';
import type { AppEnv } from '../../types';
import { refuse } from '../answer';
import { audit } from '../audit';

/** The byte order mark each part starts with (EF BB BF in UTF-8), once. */
const CSV_BOM = '\uFEFF';

/** Orders per D1 read. */
export const CSV_PAGE = 100;
/**
 * Orders per response: three D1 reads. Formatting an order takes 16 to 20 µs of CPU (measured in
 * Node, warm; much more while the isolate is cold), so a part stays near 6 ms of Free's 10.
 */
export const CSV_PART_ROWS = 3 * CSV_PAGE;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day as the first instant of it (UTC), or null when it is not a real date. */
function startOf(day: string): Date | null {
  if (!DAY.test(day)) return null;
  const date = new Date(`${day}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day ? null : date;
}

/**
 * Up to CSV_PART_ROWS orders of `range` after `after`, as CSV lines, and where the next part
 * starts (null: none left). Each read asks for one order more than it keeps, to know.
 */
async function part(
  db: D1Database,
  range: { from: string; to: string },
  after: Position | null,
): Promise<{ lines: string[]; next: Position | null }> {
  const lines: string[] = [];
  let position = after;
  while (lines.length < CSV_PART_ROWS) {
    const want = Math.min(CSV_PAGE, CSV_PART_ROWS - lines.length);
    const page = await ordersBetween(db, range, position, want + 1);
    for (const row of page.slice(0, want))
      lines.push(csvRow(CSV_COLUMNS.map(([, cell]) => cell(orderView(row)))));
    const end = page[Math.min(page.length, want) - 1];
    if (page.length <= want || !end) return { lines, next: null };
    position = { createdAt: end.created_at, id: end.id };
  }
  return { lines, next: position };
}

export async function csvHandler(c: Context<AppEnv>) {
  const { from = '', to = '', after: cursor } = c.req.query();
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after)
    return refuse(c, 400, 'invalid_cursor', 'after is not a cursor this export made.', {
      param: 'after',
    });
  const start = from ? startOf(from) : new Date(0);
  const last = to ? startOf(to) : new Date(new Date().toISOString().slice(0, 10));
  for (const [param, value, date] of [
    ['from', from, start],
    ['to', to, last],
  ] as const)
    if (!date)
      return refuse(c, 400, 'invalid_date', `${param} is a date, YYYY-MM-DD (${value} is not).`, {
        param,
      });
  if (start! > last!)
    return refuse(c, 400, 'invalid_range', 'from is after to.', { param: 'from' });
  const range = {
    from: start!.toISOString(),
    to: new Date(last!.getTime() + 24 * 3600 * 1000).toISOString(),
  };

  Object.assign(c.get('log'), { action: 'export', from: from || null, to: to || null });
  // Every customer's email in one file: nobody takes a part of it without a trace.
  const details = after ? { ...range, after: cursor } : range;
  if (!(await audit(c, 'export', { outcome: 'exported', details })))
    return refuse(c, 503, 'audit_unavailable', 'The export could not be recorded. Try again.');

  const { lines, next } = await part(c.env.DB, range, after);
  const header = csvRow(CSV_COLUMNS.map(([name]) => name));
  const name = `orders-${from || 'start'}-to-${to || last!.toISOString().slice(0, 10)}.csv`;
  const headers: Record<string, string> = {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}"`,
  };
  if (next) {
    const url = new URL(c.req.url);
    url.searchParams.set('after', encodeCursor(next));
    // The same days in every part, when `to` was left to mean today and the day ends meanwhile.
    url.searchParams.set('to', to || last!.toISOString().slice(0, 10));
    headers.Link = `<${url.pathname}${url.search}>; rel="next"`;
  }
  Object.assign(c.get('log'), { rows: lines.length, more: next !== null });
  return c.body(CSV_BOM + header + lines.join(''), 200, headers);
}
