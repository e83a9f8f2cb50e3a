/**
 * The cart and its summary as they read on a 390 px phone and a 1280 px desktop, in English and
 * German, light and dark: a summary's label never runs into its value, a product's name breaks
 * only between words (the tests' shop calls its wallpaper pack "Hintergrundbilder" in German, a
 * word wider than the name's place beside the quantity on a phone), and a refused promotion code
 * reads red like the page's other refusals.
 */
import type { BrowserContextOptions, Page } from 'playwright-core';
import { axeViolations } from './support/axe.ts';
import { CHROMIUM, DESKTOP, PHONE, openCheckout } from './support/checkout-page.ts';
import { describe, expect, test } from './support/fixtures.ts';
import { createPromotionCode } from './support/sim.ts';

const PHONE_390: BrowserContextOptions = { ...PHONE, viewport: { width: 390, height: 844 } };

/** Each product name's line breaks that fall inside a word, as "Hintergrundbi|lder". */
const midWordBreaks = (page: Page) =>
  page.locator('#cart label').evaluateAll((labels) =>
    labels.flatMap((label) => {
      const text = label.firstChild as Text;
      const range = document.createRange();
      const found: string[] = [];
      let lastTop = NaN;
      for (let i = 0; i < text.data.length; i++) {
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        const top = range.getClientRects()[0]?.top;
        if (top === undefined) continue;
        // A new line that starts neither after a space or a hyphen nor at a space.
        if (top > lastTop + 1 && !/[\s\-‐–]/.test(text.data[i - 1]! + text.data[i]!))
          found.push(`${text.data.slice(0, i)}|${text.data.slice(i)}`);
        lastTop = top;
      }
      return found;
    }),
  );

/** The summary's rows whose value sits on its label's line less than 0.5rem from it. */
const crowdedRows = (page: Page) =>
  page.locator('.summary > div:not([hidden])').evaluateAll((rows) =>
    rows.flatMap((row) => {
      const term = row.firstElementChild!.getBoundingClientRect();
      const value = row.lastElementChild!.getBoundingClientRect();
      const sameLine = value.width > 0 && value.top < term.bottom - 1;
      return sameLine && value.left - term.right < 7.5 ? [row.textContent] : [];
    }),
  );

/** Each product's quantity and amount that are not on one line (the amount left alone). */
const splitControls = (page: Page) =>
  page.locator('#cart select').evaluateAll((selects) =>
    selects.flatMap((select) => {
      const [a, b] = [select, select.nextElementSibling!].map((e) => e.getBoundingClientRect());
      return Math.abs(a.top + a.height / 2 - (b.top + b.height / 2)) > 1 ? [select.id] : [];
    }),
  );

describe.skipIf(!CHROMIUM)('the cart and its summary on a phone and a desktop', () => {
  test.for([
    ['phone', 'en', 'light'],
    ['phone', 'de', 'dark'],
    ['phone', 'de', 'light'],
    ['desktop', 'en', 'dark'],
    ['desktop', 'de', 'light'],
  ] as const)(
    '%s, %s, %s: label and value apart, names broken between words only',
    async ([device, language, colorScheme], { newCustomer }) => {
      const locale = language === 'de' ? 'de-DE' : 'en-US';
      const options = device === 'phone' ? PHONE_390 : DESKTOP;
      const { page } = await newCustomer({ ...options, locale, colorScheme });
      // The mug: the summary says how shipping is priced before an address is known.
      await openCheckout(page, '/?product=mug');
      expect(await page.locator('#shipping dd').textContent()).toBe(
        language === 'de' ? 'Wird aus Ihrer Adresse berechnet' : 'Calculated from your address',
      );
      expect(await crowdedRows(page)).toEqual([]);
      expect(await midWordBreaks(page)).toEqual([]);
      expect(await splitControls(page)).toEqual([]);
      expect(
        await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth),
      ).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
    },
  );

  test.for(['light', 'dark'] as const)(
    '%s: a refused code’s note is red like its field’s border, a discount’s is not',
    async (colorScheme, { newCustomer }) => {
      const customer = await newCustomer({ ...PHONE_390, locale: 'de-DE', colorScheme });
      const { page } = customer;
      // Chromium logs the 400 that refuses the code, which the page explains.
      customer.expectConsoleError(/status of 400 .*\/quote[?)]/);
      await openCheckout(page);
      await page.locator('#add-code').click();
      await page.locator('#code').fill('NOSUCHCODE');
      await page.locator('#apply').click();
      await expect.poll(() => page.locator('#code').getAttribute('aria-invalid')).toBe('true');
      const colours = () =>
        page.evaluate(() => ({
          note: getComputedStyle(document.getElementById('code-note')!).color,
          border: getComputedStyle(document.getElementById('code')!).borderTopColor,
          text: getComputedStyle(document.body).color,
        }));
      const refused = await colours();
      expect(refused.note).toBe(refused.border);
      expect(refused.note).not.toBe(refused.text);
      expect(await axeViolations(page)).toEqual([]);

      await page.locator('#code').fill(await createPromotionCode({ percent_off: '20' }));
      await page.locator('#apply').click();
      await expect.poll(() => page.locator('#code-note').textContent()).toMatch(/20\s?%/);
      const applied = await colours();
      expect(applied.note).toBe(applied.text);
      expect(await axeViolations(page)).toEqual([]);
    },
  );
});
