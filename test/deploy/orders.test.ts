/**
 * `npm run orders` (scripts/orders.mjs) against a ledger of its own: a local D1 database in a
 * temporary folder, migrated as `npm run dev` migrates it, never the developer's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFLINE } from '../../scripts/local-stack.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const state = mkdtempSync(join(tmpdir(), 'edge-checkout-orders-'));
const env = { ...process.env, ...OFFLINE, NO_COLOR: '1' };

// The script's output for a thousand orders is well over spawnSync's default 1 MiB.
const spawn = (command: string, args: string[]) =>
  spawnSync(command, args, { cwd: root, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });

function run(command: string, args: string[]) {
  const result = spawn(command, args);
  expect(result.status, result.stderr || result.stdout).toBe(0);
  return result.stdout;
}

const wrangler = (...args: string[]) => wranglerAt(state, ...args);
const orders = (...args: string[]) => ordersAt(state, ...args);
/** wrangler d1 on the ledger kept in the folder `at`. */
function wranglerAt(at: string, ...args: string[]) {
  return run('npx', ['wrangler', 'd1', ...args, 'DB', '--local', '--persist-to', at]);
}
/** `npm run orders` on the ledger kept in the folder `at`. */
function ordersAt(at: string, ...args: string[]) {
  return run('node', ['scripts/orders.mjs', '--persist-to', at, ...args]);
}

/** A paid order of 1 × $5.00 and 2 × $3.00 with 20 % off (SPRING20): $8.80. */
const CART_LINES = JSON.stringify([
  {
    product: 'support-5',
    name: 'Support our work',
    quantity: 1,
    unit_amount: 500,
    discount: 100,
    amount: 400,
  },
  {
    product: 'wallpapers',
    name: 'Wallpaper pack',
    quantity: 2,
    unit_amount: 300,
    discount: 120,
    amount: 480,
  },
]);

/** A paid poster, $10.00 with 19 % inside ($1.60), sent to Berlin for $10.00 + 19 % ($1.90). */
const POSTER_LINES = JSON.stringify([
  { product: 'poster', name: 'Poster', quantity: 1, unit_amount: 1000, discount: 0, amount: 1000 },
]);

const SHIPPING_JSON = {
  name: 'Erika Mustermann',
  address: {
    line1: 'Unter den Linden 1',
    line2: null,
    city: 'Berlin',
    state: null,
    postal_code: '10117',
    country: 'DE',
  },
  rate: 'standard',
  rate_name: 'Standard',
};
const SHIPPING = JSON.stringify(SHIPPING_JSON);

beforeAll(() => {
  wrangler('migrations', 'apply');
  wrangler(
    'execute',
    '--command',
    `INSERT INTO orders (id, checkout_id, payment_intent_id, product_id, quantity, amount, currency,
       email, status, lines, promotion_code, promotion_code_id, coupon_id, discount_amount,
       created_at, shipping, shipping_amount, tax_amount, tax_calculation)
     VALUES ('ord_cart', 'c-1', 'pi_cart', 'support-5', 1, 880, 'usd', 'jane@example.com', 'paid',
       '${CART_LINES}', 'SPRING20', 'promo_1', 'coupon_1', 220, '2026-01-02T00:00:00.000Z',
       '${SHIPPING}', 1000, 357, 'taxcalc_1'),
     ('ord_one', 'c-2', NULL, 'handbook', 2, 3600, 'usd', 'joe@example.com', 'failed', '[]', NULL,
       NULL, NULL, 0, '2026-01-01T00:00:00.000Z', NULL, 0, 0, NULL)`,
  );
  wrangler(
    'execute',
    '--command',
    `INSERT INTO orders (id, checkout_id, payment_intent_id, product_id, quantity, amount, currency,
       email, status, lines, discount_amount, created_at, shipping, shipping_amount, tax_amount,
       tax_included, tax_calculation)
     VALUES ('ord_poster', 'c-3', 'pi_poster', 'poster', 1, 2190, 'usd', 'erika@example.com',
       'paid', '${POSTER_LINES}', 0, '2025-12-31T00:00:00.000Z', '${SHIPPING}', 1000, 190, 160,
       'taxcalc_2')`,
  );
  // The cart's payment disputed: needs a response by 2026-01-20 23:59:59 UTC.
  wrangler(
    'execute',
    '--command',
    `INSERT INTO disputes (id, order_id, status, reason, amount, currency, due_by, stage, event_at,
       event_id, updated_at)
     VALUES ('dp_cart', 'ord_cart', 'needs_response', 'fraudulent', 880, 'usd', 1768953599, 0,
       1767312000, 'evt_dispute', '2026-01-02T00:00:00.000Z')`,
  );
}, 120_000);

afterAll(() => rmSync(state, { recursive: true, force: true }));

describe('npm run orders', () => {
  it('prints each order’s lines, promotion code and discount as JSON (--json)', () => {
    const printed = JSON.parse(orders('--json')) as Record<string, unknown>[];
    expect(printed).toHaveLength(3);
    expect(printed[0]).toMatchObject({
      id: 'ord_cart',
      status: 'paid',
      amount: 880,
      currency: 'usd',
      email: 'jane@example.com',
      payment_intent_id: 'pi_cart',
      promotion_code: 'SPRING20',
      discount_amount: 220,
      shipping: SHIPPING_JSON,
      shipping_amount: 1000,
      tax_amount: 357,
      tax_included: 0,
      tax_calculation: 'taxcalc_1',
      lines: [
        { product: 'support-5', quantity: 1, amount: 400 },
        { product: 'wallpapers', quantity: 2, amount: 480 },
      ],
      dispute: {
        id: 'dp_cart',
        status: 'needs_response',
        reason: 'fraudulent',
        amount: 880,
        currency: 'usd',
        due_by: '2026-01-20T23:59:59.000Z',
        updated_at: '2026-01-02T00:00:00.000Z',
      },
    });
    // An order without readable lines reads as its one product, at what it was charged.
    expect(printed[1]).toMatchObject({
      id: 'ord_one',
      promotion_code: null,
      discount_amount: 0,
      shipping: null,
      shipping_amount: 0,
      tax_amount: 0,
      lines: [{ product: 'handbook', quantity: 2, amount: 3600 }],
      dispute: null,
    });
    // A tax-inclusive cart's order: the tax added, and the tax inside its price.
    expect(printed[2]).toMatchObject({
      id: 'ord_poster',
      amount: 2190,
      tax_amount: 190,
      tax_included: 160,
    });
  }, 60_000);

  it('lists the disputed orders (--status disputed) and marks them in its table', () => {
    const disputed = JSON.parse(orders('--json', '--status', 'disputed')) as { id: string }[];
    expect(disputed.map((order) => order.id)).toEqual(['ord_cart']);
    expect(orders()).toContain('paid (Disputed: Needs your response)');
  }, 60_000);

  it.each([
    [['--jsn'], 'unknown flag --jsn'],
    [['--json', '--limit'], '--limit needs a value'],
    [['--status', '--json'], '--status needs a value'],
    [['--remote=yes'], '--remote takes no value'],
    [['paid'], 'unexpected argument paid'],
  ])('refuses %j with one plain line naming it and the usage, reading nothing', (args, why) => {
    const result = spawn('node', ['scripts/orders.mjs', '--persist-to', state, ...args]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `npm run orders: ${why}. Usage: npm run orders -- [--remote] [--limit N] [--status S] [--json]` +
        ' [--persist-to DIR]\n',
    );
  });

  it('shows the items and the discount in its table', () => {
    const table = orders();
    expect(table).toMatch(/ITEMS\s+DISCOUNT/);
    expect(table).toContain('1 × support-5, 2 × wallpapers');
    expect(table).toMatch(/SPRING20 −\$2\.20/);
    expect(table).toContain('3 most recent orders (local ledger).');
  }, 60_000);

  it('shows the tax added and the tax included in its table', () => {
    const rows = orders().split('\n');
    // Before: no order number, the one customers quote from their receipt.
    expect(rows[0]).toMatch(/^ID\s+NUMBER\s+CREATED\s/);
    expect(rows[0]).toMatch(/DISCOUNT\s+TAX\s+TAX_INCLUDED\s+EMAIL/);
    const row = (id: string) => rows.find((line) => line.startsWith(id));
    expect(row('ord_poster')).toMatch(/\$21\.90 .*\s\$1\.90\s+\$1\.60\s+erika@example\.com/);
    expect(row('ord_cart')).toMatch(/\s\$3\.57\s+—\s+jane@example\.com/);
    expect(row('ord_one')).toMatch(/\s—\s+—\s+joe@example\.com/);
  }, 60_000);
});

describe('npm run orders on a ledger of a thousand orders', () => {
  const big = mkdtempSync(join(tmpdir(), 'edge-checkout-orders-1000-'));
  beforeAll(() => {
    wranglerAt(big, 'migrations', 'apply');
    // Cart orders with lines and an address, a minute apart: as large as real ones.
    wranglerAt(
      big,
      'execute',
      '--command',
      `INSERT INTO orders (id, checkout_id, payment_intent_id, product_id, quantity, amount,
         currency, email, status, lines, promotion_code, discount_amount, created_at, shipping,
         shipping_amount, tax_amount)
       WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
       SELECT printf('ord_%04d', i), printf('c-%04d', i), printf('pi_%04d', i), 'support-5', 1,
         880, 'usd', 'jane@example.com', 'paid', '${CART_LINES}', 'SPRING20', 220,
         strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', printf('+%d minutes', i)), '${SHIPPING}',
         1000, 357
       FROM n`,
    );
  }, 120_000);
  afterAll(() => rmSync(big, { recursive: true, force: true }));

  it('prints all of them with --limit 1000 --json', () => {
    const printed = JSON.parse(ordersAt(big, '--limit', '1000', '--json')) as { id: string }[];
    expect(printed).toHaveLength(1000);
    expect(printed[0]?.id).toBe('ord_1000');
    expect(printed.at(-1)?.id).toBe('ord_0001');
  }, 60_000);
});
