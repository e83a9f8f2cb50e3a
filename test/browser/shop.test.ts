/**
 * The page customers trust (issue 19), as they see it in Chromium: the German page and receipt
 * without English or hand-written prices (the payment form included), dark mode on every page
 * with no axe violation (the simulated Stripe.js form and the 3-D Secure page included), and Pay
 * on the first screen of a 375 × 667 phone.
 */
import type { BrowserContextOptions, Page } from 'playwright-core';
import { englishIn } from '../support/english.ts';
import { axeViolations } from './support/axe.ts';
import {
  CHECKOUT,
  CHROMIUM,
  DESKTOP,
  PHONE,
  SIM,
  fillCheckout,
  fillCard,
  openCheckout,
  payButton,
  paymentMessage,
  thankYouText,
} from './support/checkout-page.ts';
import { describe, expect, test } from './support/fixtures.ts';

/** What the customer reads: the title and the page's text (the payment form's included). */
const shownText = (page: Page) =>
  page.evaluate(() => `${document.title}\n${document.body.innerText}`);

/** The page's background, as drawn. */
const background = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

const SMALL_PHONE: BrowserContextOptions = { ...PHONE, viewport: { width: 375, height: 667 } };

describe.skipIf(!CHROMIUM)('the page customers trust', () => {
  test('a German customer reads German on the page, the payment form and the receipt; prices by Intl', async ({
    newCustomer,
  }) => {
    const { page, charges } = await newCustomer({ ...DESKTOP, locale: 'de-DE' });
    await openCheckout(page);
    const checkout = await shownText(page);
    expect(englishIn(checkout, 'de', true)).toEqual([]);
    expect(checkout).toContain('Kartennummer');
    expect(checkout).toContain('5,00\u00a0$ bezahlen');
    expect(checkout).not.toMatch(/\$\s?\d/);

    // A decline, in German too.
    await fillCheckout(page, { number: '4000000000009995' });
    await payButton(page).click();
    await expect
      .poll(() => paymentMessage(page).textContent(), { timeout: 20_000 })
      .toMatch(/^Ihre Karte ist nicht ausreichend gedeckt\./);
    expect(englishIn(await shownText(page), 'de', true)).toEqual([]);

    await fillCard(page, { number: '4242424242424242' });
    await payButton(page).click();
    await thankYouText(page);
    const receipt = await shownText(page);
    expect(englishIn(receipt, 'de')).toEqual([]);
    expect(receipt).toMatch(/Bezahlter Gesamtbetrag\s+5,00\u00a0\$/);
    expect(receipt).not.toMatch(/\$\s?\d/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de-DE');
    // The page says its language to /charge; the browser says its own (Accept-Language).
    expect(charges.map((charge) => new URL(charge.url()).search)).toEqual([
      '?lang=de-DE',
      '?lang=de-DE',
    ]);
  });

  test('?lang= chooses the language, the payment form and the receipt follow it', async ({
    newCustomer,
  }) => {
    const { page, charges } = await newCustomer({ ...DESKTOP, locale: 'de-DE' });
    await openCheckout(page, '/?lang=fr');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    expect(englishIn(await shownText(page), 'fr', true)).toEqual([]);
    expect(await page.getByLabel('Numéro de carte').count()).toBe(1);
    await fillCheckout(page, { number: '4242424242424242' });
    await payButton(page).click();
    expect(await thankYouText(page)).toContain('Merci pour votre paiement\u202f!');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('fr');
    // The page says its language to /charge, which sees that a link chose it (the bank's return).
    expect(charges.map((charge) => new URL(charge.url()).search)).toEqual(['?lang=fr']);
  });

  test.for([
    ['an en-US browser', 'en-US', 'de', 'de'],
    ['a German browser', 'de-DE', null, 'de-DE'],
  ] as const)(
    '%s opening a German link: back from the bank to the German receipt, ?lang= only for a link’s choice',
    async ([, locale, kept, tag], { newCustomer }) => {
      const { page } = await newCustomer({ ...DESKTOP, locale });
      await openCheckout(page, '/?lang=de');
      await fillCheckout(page, { number: '4000002760003184' });
      await payButton(page).click();
      await page.waitForURL(`${SIM}/_sim/3ds/**`, { timeout: 20_000 });
      // The bank's page sends the customer to the PaymentIntent's return_url: the Checkout page.
      const back = page.waitForRequest((request) => {
        const url = new URL(request.url());
        return url.origin === CHECKOUT && url.pathname === '/';
      });
      await page.locator('button[value="complete"]').click();
      expect(new URL((await back).url()).searchParams.get('lang')).toBe(kept);
      expect(await thankYouText(page)).toContain('Vielen Dank für Ihre Zahlung!');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(tag);
    },
  );

  test.for([
    ['light', 'rgb(246, 248, 250)'],
    ['dark', 'rgb(14, 17, 23)'],
  ] as const)(
    '%s scheme: every page of a purchase, 3-D Secure included, has no axe violation',
    async ([colorScheme, pageBackground], { newCustomer }) => {
      const { page } = await newCustomer({ ...DESKTOP, colorScheme });
      await openCheckout(page);
      expect(await background(page)).toBe(pageBackground);
      // The payment form takes the page's scheme (Stripe's "night" appearance when dark).
      expect(await page.locator('.stripe-sim-element.stripe-sim-night').count()).toBe(
        colorScheme === 'dark' ? 1 : 0,
      );
      expect(await axeViolations(page), 'Checkout page').toEqual([]);

      await fillCheckout(page, { number: '4000000000009995' });
      await payButton(page).click();
      await expect
        .poll(() => paymentMessage(page).textContent(), { timeout: 20_000 })
        .toMatch(/insufficient funds/);
      await page.getByLabel('Card number').fill('4242');
      await page.getByLabel('Card number').blur();
      expect(await axeViolations(page), 'declined, and a field in error').toEqual([]);

      await fillCard(page, { number: '4000002760003184' });
      await payButton(page).click();
      await page.waitForURL(`${SIM}/_sim/3ds/**`, { timeout: 20_000 });
      expect(await background(page)).toBe(pageBackground);
      expect(await axeViolations(page), '3-D Secure page').toEqual([]);
      await page.getByRole('button', { name: 'Complete authentication' }).click();

      await thankYouText(page);
      expect(await background(page)).toBe(pageBackground);
      expect(await axeViolations(page), 'receipt').toEqual([]);
    },
  );

  test.for([
    ['en', 'light'],
    ['de', 'light'],
    ['en', 'dark'],
    ['de', 'dark'],
  ] as const)(
    'Pay is on the first screen of a 375 × 667 phone with one product (%s, %s), and the one notice',
    async ([locale, colorScheme], { newCustomer }) => {
      const { page } = await newCustomer({ ...SMALL_PHONE, locale, colorScheme });
      // The tests' one product in euros: a cart of one product, as a shop with one product has.
      await openCheckout(page, '/?product=postcard-eur');
      expect(await page.locator('#cart li').count()).toBe(1);
      expect(await page.evaluate(() => window.innerHeight)).toBe(667);
      const pay = (await payButton(page).boundingBox())!;
      expect(pay.y + pay.height, 'bottom of Pay').toBeLessThanOrEqual(667);
      expect(await page.locator('.mode-notice').count()).toBe(1);
      // No second notice inside the payment form (its legend says it is simulated, in a word).
      expect(await page.locator('#payment-element').innerText()).not.toContain('4242');
    },
  );
});
