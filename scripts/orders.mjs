// `npm run orders`: the most recent orders from the local ledger (the one `npm run dev` uses).
//   --remote          from the deployed D1 database
//   --limit N         how many (20; at most 1000)
//   --status S        only orders with this status, `needs_attention` (fulfilment gave up) or
//                     `disputed` (its payment disputed, whatever its status)
//   --json            the orders as JSON, in the console API's shape (src/orders/view.js)
//   --persist-to DIR  a local ledger other than `npm run dev`'s (wrangler's --persist-to)
// Reads through `wrangler d1 execute`, so it needs nothing but wrangler (and a login for --remote).
// Any other flag, or one missing its value, is refused (exit code 2) before anything is read.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { formatMoney } from '../src/money/format.js';
import { disputeMark } from '../src/orders/dispute.js';
import { ORDER_FIELDS, STATUS_FILTERS, orderView, statusCondition } from '../src/orders/view.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const USAGE =
  'Usage: npm run orders -- [--remote] [--limit N] [--status S] [--json] [--persist-to DIR]';
const FLAGS = {
  remote: { type: 'boolean' },
  json: { type: 'boolean' },
  limit: { type: 'string' },
  status: { type: 'string' },
  'persist-to': { type: 'string' },
};

/** The flags, or a plain one-line refusal naming the one at fault (a typo never prints a table). */
function flags() {
  try {
    return parseArgs({ args: process.argv.slice(2), options: FLAGS, strict: true }).values;
  } catch (error) {
    const name = /'(-{0,2}[^' ]+)/.exec(error.message)?.[1] ?? '';
    const why = {
      ERR_PARSE_ARGS_UNKNOWN_OPTION: `unknown flag ${name}`,
      ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: `unexpected argument ${name}`,
      ERR_PARSE_ARGS_INVALID_OPTION_VALUE:
        FLAGS[name.slice(2)]?.type === 'boolean'
          ? `${name} takes no value`
          : `${name} needs a value`,
    }[error.code];
    if (!why) throw error;
    console.error(`npm run orders: ${why}. ${USAGE}`);
    process.exit(2);
  }
}
const { remote, json, limit: count = '20', status, 'persist-to': persistTo } = flags();
const limit = Number(count);
if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
  console.error('--limit takes a whole number from 1 to 1000');
  process.exit(2);
}
if (status !== undefined && !STATUS_FILTERS.includes(status)) {
  console.error(`--status takes one of: ${STATUS_FILTERS.join(', ')}`);
  process.exit(2);
}

// The status is one of a fixed list (checked above): safe to write into the SQL.
const where = status ? `WHERE ${statusCondition(status)}` : '';
const sql = `SELECT ${ORDER_FIELDS} FROM orders ${where} ORDER BY created_at DESC, id DESC LIMIT ${limit}`;
const run = spawnSync(
  'npx',
  [
    'wrangler',
    'd1',
    'execute',
    'DB',
    remote ? '--remote' : '--local',
    ...(persistTo && !remote ? ['--persist-to', persistTo] : []),
    '--json',
    '--command',
    sql,
  ],
  // wrangler prints the rows as indented JSON, about 1.3 kB an order: 1000 orders pass
  // spawnSync's default 1 MiB (ENOBUFS), so room for 64 MiB.
  { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
);
if (run.status !== 0) {
  // A failure to run wrangler at all (not found, output too large) is in run.error.
  console.error(run.error ? `wrangler: ${run.error.message}` : (run.stderr || run.stdout).trim());
  if (!remote)
    console.error('\nNo local ledger yet? Run `npm run dev` once: it creates and migrates it.');
  process.exit(run.status ?? 1);
}
const orders = (JSON.parse(run.stdout)[0]?.results ?? []).map(orderView);
const ledger = remote ? 'deployed' : 'local';
// No process.exit() once printing: stdout to a pipe may be written asynchronously, and exiting
// cuts it off (at 64 KiB through a shell pipe), so the script ends by itself.
if (json) console.log(JSON.stringify(orders, null, 2));
else if (orders.length === 0)
  console.log(`No orders${status ? ` with status ${status}` : ''} in the ${ledger} ledger.`);
else printTable(orders);

/**
 * The orders as a table in the terminal's locale, then their count.
 * @param {object[]} orders in orderView's shape
 */
function printTable(orders) {
  // In the merchant's own locale, as the terminal reports it.
  const locale = new Intl.NumberFormat().resolvedOptions().locale;
  const statusText = (order) => {
    // An inquiry is no chargeback: the same mark as the console's list.
    if (order.dispute) return `${order.status} (${disputeMark(order.dispute.status)})`;
    if (order.needs_attention) return `${order.status} (needs attention)`;
    const unfulfilled =
      order.fulfilment.state !== 'fulfilled' && order.fulfilment.state !== 'not_due';
    return unfulfilled ? `${order.status} (unfulfilled)` : order.status;
  };
  /** An amount of the order in its currency, or — for none. */
  const moneyOr = (order, amount) => (amount ? formatMoney(amount, order.currency, locale) : '—');
  const table = orders.map((order) => ({
    id: order.id,
    // The number the customer quotes from their receipt.
    number: order.number,
    created: order.created_at.replace('T', ' ').slice(0, 19),
    status: statusText(order),
    amount: formatMoney(order.amount, order.currency, locale),
    refunded: moneyOr(order, order.amount_refunded),
    items: order.lines.map((line) => `${line.quantity} × ${line.product}`).join(', '),
    discount: order.promotion_code
      ? `${order.promotion_code} −${formatMoney(order.discount_amount, order.currency, locale)}`
      : '—',
    // Tax added on top of the prices, and tax inside tax-inclusive prices (`amount` has it once).
    tax: moneyOr(order, order.tax_amount),
    tax_included: moneyOr(order, order.tax_included),
    email: order.email,
    payment_intent: order.payment_intent_id ?? '—',
  }));
  const columns = Object.keys(table[0]);
  const widths = columns.map((column) =>
    Math.max(column.length, ...table.map((row) => String(row[column]).length)),
  );
  const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join('  ');
  console.log(line(columns.map((column) => column.toUpperCase())));
  console.log(line(widths.map((width) => '─'.repeat(width))));
  for (const row of table) console.log(line(columns.map((column) => row[column])));
  const which = status ? ` with status ${status}` : '';
  const plural = orders.length === 1 ? '' : 's';
  console.log(`\n${orders.length} most recent order${plural}${which} (${ledger} ledger).`);
}
