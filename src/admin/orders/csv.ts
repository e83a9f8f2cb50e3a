/**
 * GET /admin/api/orders.csv?from=YYYY-MM-DD&to=YYYY-MM-DD: every order placed in those days (UTC,
 * both included; either may be left out), oldest first, as CSV (src/orders/csv.ts) with the
 * columns of src/orders/view.js. Streamed: D1 is read a page at a time as the download goes, so
 * a year of orders never sits in the Worker's memory. Amounts are in the currency's minor unit,
 * as in the API.
 */
import type { Context } from 'hono';
import { log } from '../../log';
import { csvRow } from '../../orders/csv';
import { ordersBetween, type Position } from '../../orders/query';
import { CSV_COLUMNS, orderView } from '../../orders/view.js';
import type { AppEnv } from '../../types';
import { refuse } from '../answer';
import { audit } from '../audit';

/** Orders per D1 read. */
export const CSV_PAGE = 200;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day as the first instant of it (UTC), or null when it is not a real date. */
function startOf(day: string): Date | null {
  if (!DAY.test(day)) return null;
  const date = new Date(`${day}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day ? null : date;
}

export async function csvHandler(c: Context<AppEnv>) {
  const { from = '', to = '' } = c.req.query();
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
  // Every customer's email in one file: nobody takes it without a trace.
  if (!(await audit(c, 'export', { outcome: 'exported', details: range })))
    return refuse(c, 503, 'audit_unavailable', 'The export could not be recorded. Try again.');

  const db = c.env.DB;
  const encoder = new TextEncoder();
  let after: Position | null = null;
  let rows = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow(CSV_COLUMNS.map(([header]) => header))));
    },
    async pull(controller) {
      try {
        const page = await ordersBetween(db, range, after, CSV_PAGE);
        const lines = page.map((row) => {
          const order = orderView(row);
          return csvRow(CSV_COLUMNS.map(([, cell]) => cell(order)));
        });
        if (lines.length) controller.enqueue(encoder.encode(lines.join('')));
        rows += page.length;
        const end = page.at(-1);
        if (!end || page.length < CSV_PAGE) controller.close();
        else after = { createdAt: end.created_at, id: end.id };
      } catch (error) {
        // Headers are long gone: the download ends short, and the log says why.
        log('error', 'orders.csv_failed', { rows, error: String(error) });
        controller.error(error);
      }
    },
  });
  const name = `orders-${from || 'start'}-to-${to || last!.toISOString().slice(0, 10)}.csv`;
  return c.body(stream, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}"`,
  });
}
