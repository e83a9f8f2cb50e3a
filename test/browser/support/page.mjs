// How a customer drives the Checkout page (playwright-core), and the README's screens of one
// purchase. Plain JavaScript without Vitest: shared by the browser tests (through checkout-page.ts)
// and `npm run screenshots` (scripts/screenshots.mjs).

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {{ number: string, expiry?: string, cvc?: string }} Card */

/** @type {import('playwright-core').BrowserContextOptions} */
export const DESKTOP = { viewport: { width: 1280, height: 800 } };

/** @type {import('playwright-core').BrowserContextOptions} */
export const PHONE = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

/** A card expiry two years ahead, as typed (the form formats it as "MM / YY"). */
export const FUTURE_EXPIRY = `12${String((new Date().getFullYear() + 2) % 100).padStart(2, '0')}`;

/** The Pay button. @param {Page} page */
export const payButton = (page) => page.locator('#pay');

/**
 * The quantity control of a product of the cart, by the product's name.
 * @param {Page} page
 * @param {string} product
 */
export const quantity = (page, product) =>
  page.getByLabel(`Quantity of ${product}`, { exact: true });

/** The cart's total, as the page shows (and announces) it. @param {Page} page */
export const cartTotal = (page) => page.locator('#total');

/** The page's aria-live (role=alert) region for payment messages. @param {Page} page */
export const paymentMessage = (page) => page.locator('#message');

/**
 * The fields a customer fills, in any language of the page: by what they are for (autocomplete),
 * as a browser's autofill finds them. Tests of the labels themselves name them (getByLabel).
 * @param {Page} page
 */
export const fields = (page) => ({
  email: page.locator('input[autocomplete="email"]'),
  number: page.locator('input[autocomplete="cc-number"]'),
  expiry: page.locator('input[autocomplete="cc-exp"]'),
  cvc: page.locator('input[autocomplete="cc-csc"]'),
});

/**
 * Waits until the Checkout page shown is ready: the payment form there and the Pay button enabled.
 * @param {Page} page
 */
export async function checkoutReady(page) {
  await page.locator('#pay:enabled').waitFor({ timeout: 20_000 });
  await fields(page).number.waitFor();
}

/**
 * Opens the Checkout page and waits until it is ready.
 * @param {Page} page
 */
export async function openCheckout(page, path = '/') {
  await page.goto(path);
  await checkoutReady(page);
}

/**
 * Types the card details the way a customer does (the form formats as they type).
 * @param {Page} page
 * @param {Card} card
 */
export async function fillCard(page, { number, expiry = FUTURE_EXPIRY, cvc = '123' }) {
  const field = fields(page);
  await field.number.fill(number);
  await field.expiry.fill(expiry);
  await field.cvc.fill(cvc);
}

/**
 * Types the email and the card details.
 * @param {Page} page
 * @param {Card} card
 */
export async function fillCheckout(page, card, email = 'jane.doe@example.com') {
  await fields(page).email.fill(email);
  await fillCard(page, card);
}

/**
 * Waits for the thank-you page and returns its main text.
 * @param {Page} page
 */
export async function thankYouText(page) {
  await page.waitForURL(/\/thank-you\?/, { timeout: 30_000 });
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page.locator('main').innerText();
}

/**
 * The devices of the README's screenshots (docs/<screen>-<device>.png).
 * @type {Record<string, import('playwright-core').BrowserContextOptions>}
 */
export const README_DEVICES = {
  desktop: {
    ...DESKTOP,
    viewport: { width: 1024, height: 768 },
    locale: 'en-US',
    colorScheme: 'light',
  },
  phone: { ...PHONE, locale: 'en-US', colorScheme: 'light' },
};

/**
 * A full-page PNG of the page at rest: no focus ring or caret, and the receipt's date and
 * reference (different on every purchase) masked at a width that does not depend on them either,
 * so that pages that did not change give the same image.
 * @param {Page} page
 * @returns {Promise<Buffer>}
 */
async function restingScreenshot(page) {
  await page.evaluate(() => /** @type {HTMLElement | null} */ (document.activeElement)?.blur());
  const varying = page
    .locator('.receipt div')
    .filter({ hasText: /^(Date|Reference)/ })
    .locator('dd');
  // (Through the CSSOM: the page's CSP refuses injected style sheets, rightly.)
  await varying.evaluateAll((cells) =>
    cells.forEach((cell) => /** @type {HTMLElement} */ (cell.style.minWidth = '11em')),
  );
  return page.screenshot({
    fullPage: true,
    animations: 'disabled',
    caret: 'hide',
    mask: [varying],
    maskColor: '#d9dde3',
  });
}

/**
 * The README's screens of one purchase, in order: the Checkout page, a declined card (insufficient
 * funds), and the receipt once 4242 4242 4242 4242 has paid.
 * @param {Page} page a new customer's page (README_DEVICES)
 * @returns {Promise<{ screen: string, png: Buffer }[]>}
 */
export async function purchaseScreens(page) {
  await openCheckout(page);
  const checkout = await restingScreenshot(page);

  await fillCheckout(page, { number: '4000000000009995' });
  await payButton(page).click();
  await paymentMessage(page)
    .filter({ hasText: /insufficient funds/ })
    .waitFor({ timeout: 20_000 });
  const declined = await restingScreenshot(page);

  await fillCard(page, { number: '4242424242424242' });
  await payButton(page).click();
  await thankYouText(page);
  return [
    { screen: 'checkout', png: checkout },
    { screen: 'declined', png: declined },
    { screen: 'thank-you', png: await restingScreenshot(page) },
  ];
}
