// `npm run orders`: the most recent orders from the local ledger (the one `npm run dev` uses).
// `npm run orders -- --remote`: from the deployed D1 database. `--limit N` for more or fewer.
// Reads through `wrangler d1 execute`, so it needs nothing but wrangler (and a login for --remote).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { formatMoney } from '../src/money/format.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const remote = args.includes('--remote');
const limitArg = args.indexOf('--limit');
const limit = limitArg >= 0 ? Number(args[limitArg + 1]) : 20;
if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
  console.error('--limit takes a whole number from 1 to 1000');
  process.exit(2);
}

const sql = `SELECT created_at, status, amount, currency, product_id, quantity, email, payment_intent_id, fulfilled_at
  FROM orders ORDER BY created_at DESC LIMIT ${limit}`;
const run = spawnSync(
  'npx',
  ['wrangler', 'd1', 'execute', 'DB', remote ? '--remote' : '--local', '--json', '--command', sql],
  { cwd: root, encoding: 'utf8' },
);
if (run.status !== 0) {
  console.error((run.stderr || run.stdout).trim());
  if (!remote)
    console.error('\nNo local ledger yet? Run `npm run dev` once: it creates and migrates it.');
  process.exit(run.status ?? 1);
}
const rows = JSON.parse(run.stdout)[0]?.results ?? [];
if (rows.length === 0) {
  console.log(`No orders yet in the ${remote ? 'deployed' : 'local'} ledger.`);
  process.exit(0);
}

// In the merchant's own locale, as the terminal reports it.
const locale = new Intl.NumberFormat().resolvedOptions().locale;
const table = rows.map((row) => ({
  created: row.created_at.replace('T', ' ').slice(0, 19),
  status: row.status === 'paid' && !row.fulfilled_at ? 'paid (unfulfilled)' : row.status,
  amount: formatMoney(row.amount, row.currency, locale),
  product: `${row.product_id} × ${row.quantity}`,
  email: row.email,
  payment_intent: row.payment_intent_id ?? '—',
}));
const columns = Object.keys(table[0]);
const widths = columns.map((column) =>
  Math.max(column.length, ...table.map((row) => String(row[column]).length)),
);
const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join('  ');
console.log(line(columns.map((column) => column.toUpperCase())));
console.log(line(widths.map((width) => '─'.repeat(width))));
for (const row of table) console.log(line(columns.map((column) => row[column])));
console.log(
  `\n${rows.length} most recent order${rows.length === 1 ? '' : 's'} (${remote ? 'deployed' : 'local'} ledger).`,
);
