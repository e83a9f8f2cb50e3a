/**
 * The console's Download CSV in Chromium, for a ledger larger than one part of the export
 * (CSV_PART_ROWS orders per response, each naming the next in `Link: rel="next"`): the file saved
 * is one CSV with the header once and every order once, which it is only if the console follows
 * the parts (client/admin/export.ts), starting with one UTF-8 byte order mark for Excel. axe finds
 * no violation on the console after. This file runs its own checkout (and simulator), whose
 * ledger holds only the orders it writes.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../../scripts/local-stack.mjs';
import { axeViolations } from './support/axe.ts';
import { CHROMIUM } from './support/checkout-page.ts';
import { launchChromium } from './support/chromium.mjs';
import { signInToConsole } from './support/console.ts';
import { DESKTOP } from './support/page.mjs';

/** Orders per part: src/admin/orders/csv.ts's CSV_PART_ROWS (the parts fetched are counted). */
const CSV_PART_ROWS = 300;
/** Two full parts and part of a third: the console must follow `rel="next"` twice. */
const ORDERS = 2 * CSV_PART_ROWS + 7;

let stack: Awaited<ReturnType<typeof startLocalStack>>;
let browser: Browser;

beforeAll(async () => {
  if (!CHROMIUM) return;
  stack = await startLocalStack();
  browser = await launchChromium();
  // Orders written straight into the ledger, as test/integration/admin-orders.test.ts seeds its
  // export's (paying for this many would take minutes): paid, a second apart, on 1 March 2026.
  stack.d1(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${ORDERS - 1})
     INSERT INTO orders (id, checkout_id, product_id, quantity, amount, currency, email, status,
       created_at)
     SELECT printf('ord_%024x', i), lower(hex(randomblob(16))), 'support-5', 1, 500, 'usd',
       'buyer' || i || '@example.org', 'paid',
       strftime('%Y-%m-%dT%H:%M:%S.000Z', '2026-03-01 10:00:00', '+' || i || ' seconds')
     FROM n`,
  );
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The seeded orders' ids, as the ledger has them. */
const seeded = () =>
  Array.from({ length: ORDERS }, (_, i) => `ord_${i.toString(16).padStart(24, '0')}`);

/**
 * Presses Download CSV and answers the file the browser saved: its first bytes, its text after
 * them (UTF-8), and its name.
 */
async function downloadCsv(page: Page): Promise<{ start: number[]; text: string; name: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  const bytes = await readFile((await download.path())!);
  return {
    start: [...bytes.subarray(0, 5)],
    text: bytes.subarray(3).toString('utf8'),
    name: download.suggestedFilename(),
  };
}

describe.skipIf(!CHROMIUM)('the console’s CSV export', () => {
  it(`saves ${ORDERS} orders (parts of ${CSV_PART_ROWS}) as one file: one header, each order once`, async () => {
    const context = await browser.newContext({ ...DESKTOP, baseURL: stack.checkout });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => void errors.push(error.message));
    await signInToConsole(page, undefined, stack.checkout);
    const parts: string[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/admin/api/orders.csv') parts.push(response.url());
    });
    await page.getByLabel('From').fill('2026-03-01');
    await page.getByLabel('To').fill('2026-03-01');
    const { start, text, name } = await downloadCsv(page);
    expect(parts, 'the export’s parts, each fetched once').toHaveLength(3);
    // One UTF-8 byte order mark (Excel reads "1 × support-5" so), then the header: "id".
    expect(start).toEqual([0xef, 0xbb, 0xbf, 0x69, 0x64]);
    expect(text).not.toContain('\uFEFF');
    expect(name).toMatch(/\.csv$/);
    const lines = text.split('\r\n');
    expect(lines.pop()).toBe(''); // every record ends with CRLF
    const [header, ...rows] = lines;
    expect(header).toMatch(/^id,created_at,status,amount,/);
    expect(lines.filter((line) => line === header)).toHaveLength(1);
    const ids = rows.map((row) => row.split(',')[0]);
    expect(ids).toHaveLength(ORDERS);
    expect(new Set(ids).size).toBe(ORDERS);
    expect([...ids].sort()).toEqual(seeded());
    // Each order's own row, whichever part it came in.
    expect(rows.find((row) => row.startsWith(`${seeded()[CSV_PART_ROWS]},`))).toContain(
      `buyer${CSV_PART_ROWS}@example.org`,
    );
    expect(await page.getByRole('status').filter({ hasText: 'Downloaded.' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps the focus on Download CSV for a keyboard user, while it downloads and after', async () => {
    const context = await browser.newContext({ ...DESKTOP, baseURL: stack.checkout });
    const page = await context.newPage();
    await signInToConsole(page, undefined, stack.checkout);
    await page.getByLabel('From').fill('2026-03-01');
    await page.getByLabel('To').fill('2026-03-01');
    const button = page.getByRole('button', { name: 'Download CSV' });
    await button.focus();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.keyboard.press('Enter'),
    ]);
    await download.path();
    const done = page.getByRole('status').filter({ hasText: 'Downloaded.' });
    await expect.poll(() => done.count()).toBe(1);
    // Before, the button was `disabled` (hidden by checkout.css): the focus fell to <body>, and the
    // next Tab started from the top of the page.
    expect(await button.evaluate((element) => element === document.activeElement)).toBe(true);
    await context.close();
  });
});
