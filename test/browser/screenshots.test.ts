/**
 * The screenshots of the README (docs/*.png): the Checkout page, a declined card and the receipt,
 * on a desktop and on a phone, taken from a real purchase and saved by every run. What changes from
 * one purchase to the next (the receipt's date and reference) is masked, so that a run that changes
 * nothing on the pages leaves docs/ as it was. SKIP_SCREENSHOTS=1 takes them without saving.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  DESKTOP,
  PHONE,
  expectCleanConsole,
  fillCard,
  fillCheckout,
  useChromium,
  newCustomer,
  openCheckout,
  payButton,
  paymentMessage,
  thankYouText,
} from './support/checkout-page.ts';

const DOCS =
  process.env.SKIP_SCREENSHOTS === '1'
    ? null
    : fileURLToPath(new URL('../../docs/', import.meta.url));
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function shoot(page: Page, name: string) {
  // Focus rings and carets would differ from run to run; the page is shown at rest.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  // The receipt's date and reference differ on every purchase: masked, at a width that does not
  // depend on them either.
  const mask = [
    page
      .locator('.receipt div')
      .filter({ hasText: /^(Date|Reference)/ })
      .locator('dd'),
  ];
  // (Through the CSSOM: the page's CSP refuses injected style sheets, rightly.)
  await mask[0]!.evaluateAll((cells) =>
    cells.forEach((cell) => ((cell as HTMLElement).style.minWidth = '11em')),
  );
  const png = await page.screenshot({
    fullPage: true,
    animations: 'disabled',
    caret: 'hide',
    mask,
    maskColor: '#d9dde3',
  });
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE), `${name}: a PNG`).toBe(true);
  // Full page: at least as tall as the viewport (IHDR height, bytes 20-23).
  expect(png.readUInt32BE(20), `${name}: height`).toBeGreaterThanOrEqual(
    page.viewportSize()?.height ?? 1,
  );
  if (DOCS) writeFileSync(`${DOCS}${name}.png`, png);
}

describe.skipIf(!CHROMIUM)('screenshots for the README', () => {
  const chromium = useChromium();
  beforeAll(() => {
    if (DOCS) mkdirSync(DOCS, { recursive: true });
  });

  it.each([
    ['desktop', { ...DESKTOP, viewport: { width: 1024, height: 768 } }] as const,
    ['phone', PHONE] as const,
  ])('%s: checkout, declined, thank-you', async (device, options: BrowserContextOptions) => {
    const customer = await newCustomer(chromium.browser, {
      ...options,
      locale: 'en-US',
      colorScheme: 'light',
    });
    const { page } = customer;
    await openCheckout(page);
    await shoot(page, `checkout-${device}`);

    await fillCheckout(page, { number: '4000000000009995' });
    await payButton(page).click();
    await expect
      .poll(() => paymentMessage(page).textContent(), { timeout: 20_000 })
      .toMatch(/insufficient funds/);
    await shoot(page, `declined-${device}`);

    await fillCard(page, { number: '4242424242424242' });
    await payButton(page).click();
    await thankYouText(page);
    await shoot(page, `thank-you-${device}`);
    expectCleanConsole(customer);
  });
});
