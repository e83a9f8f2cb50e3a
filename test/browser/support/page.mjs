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

/**
 * Opens the promotion code's form ("Add promotion code", its chunk) and waits for its field.
 * @param {Page} page
 */
export async function openPromotionCode(page) {
  await page.getByRole('button', { name: 'Add promotion code' }).click();
  await page.locator('#code').waitFor();
}

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
 * The page's stylesheets, images and scripts that have not finished loading (no Resource Timing
 * entry yet), for an error message.
 * @param {Page} page
 */
const awaited = (page) =>
  page
    .evaluate(() => {
      const done = new Set(performance.getEntriesByType('resource').map((entry) => entry.name));
      const files = document.querySelectorAll('link[rel=stylesheet], img[src], script[src]');
      return [...files]
        .map((file) => ('href' in file ? String(file.href) : String(file.src)))
        .filter((url) => !done.has(url));
    })
    .then(
      (urls) => urls.join(', ') || 'none of its files',
      (error) => String(error),
    );

/**
 * Waits for the thank-you page and returns its main text.
 * @param {Page} page
 */
export async function thankYouText(page) {
  await page.waitForURL(/\/thank-you\?/, { timeout: 30_000, waitUntil: 'commit' });
  try {
    await page.waitForLoadState('load', { timeout: 30_000 });
  } catch (error) {
    // Once in CI the receipt's `load` never came: say which of its files was still awaited.
    throw new Error(`the receipt did not load; awaited: ${await awaited(page)}`, { cause: error });
  }
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page.locator('main').innerText();
}

/**
 * The views of the screenshots: each device (1280 and 375 px wide) in each colour scheme and
 * language, named `<device>[-de][-dark]` (docs/<screen>-<name>.png: checkout-desktop.png,
 * thank-you-phone-de-dark.png...). Phones at 1× pixels: the README shows them small.
 * @type {{ name: string, options: import('playwright-core').BrowserContextOptions }[]}
 */
export const SCREENSHOT_VIEWS = [
  ['desktop', DESKTOP],
  ['phone', { ...PHONE, viewport: { width: 375, height: 667 }, deviceScaleFactor: 1 }],
].flatMap(([device, options]) =>
  ['en', 'de'].flatMap((language) =>
    /** @type {const} */ (['light', 'dark']).map((colorScheme) => ({
      name: `${device}${language === 'en' ? '' : `-${language}`}${colorScheme === 'dark' ? '-dark' : ''}`,
      options: {
        .../** @type {import('playwright-core').BrowserContextOptions} */ (options),
        locale: language === 'en' ? 'en-US' : 'de-DE',
        colorScheme,
      },
    })),
  ),
);

/**
 * A full-page PNG of the page at rest: no focus ring or caret, and the receipt's order number and
 * date (different on every purchase) replaced by one example of each, written as the page writes
 * them, so that pages that did not change give the same image.
 * @param {Page} page
 * @returns {Promise<Buffer>}
 */
async function restingScreenshot(page) {
  await page.evaluate(() => {
    /** @type {HTMLElement | null} */ (document.activeElement)?.blur();
    const number = document.querySelector('.receipt .number dd strong');
    if (number) number.textContent = '4F2A-91C3';
    const date = document.querySelector('.receipt .date dd');
    if (date)
      date.textContent = new Intl.DateTimeFormat(document.documentElement.lang, {
        dateStyle: 'long',
        timeZone: 'UTC',
      }).format(new Date('2026-07-02T12:00:00Z'));
  });
  return page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
}

/**
 * What a screen shows of the shop: its name in the header, whether the logo is drawn, the footer's
 * links, and the order (the heading and what Pay or the receipt says it costs).
 * @param {Page} page
 */
function shopShown(page) {
  return page.evaluate(() => {
    const logo = /** @type {HTMLImageElement | null} */ (document.querySelector('header.shop img'));
    return {
      name: document.querySelector('header.shop span')?.textContent ?? '',
      logo: Boolean(logo?.complete && logo.naturalWidth > 0 && logo.getBoundingClientRect().height),
      links: Array.from(document.querySelectorAll('footer.shop a'), (a) => ({
        text: a.textContent ?? '',
        href: a.getAttribute('href') ?? '',
      })),
      heading: document.querySelector('h1')?.textContent ?? '',
      background: getComputedStyle(document.documentElement).backgroundColor,
      total:
        document.querySelector('#pay')?.textContent ??
        document.querySelector('.receipt .total dd')?.textContent ??
        '',
    };
  });
}

/**
 * The screens of one purchase, in order: the Checkout page, a declined card (insufficient funds,
 * when `declined`), and the receipt once 4242 4242 4242 4242 has paid; each with what it shows of
 * the shop.
 * @param {Page} page a new customer's page (SCREENSHOT_VIEWS)
 * @param {{ declined?: boolean }} [options]
 * @returns {Promise<{ screen: string, png: Buffer, shown: Awaited<ReturnType<typeof shopShown>> }[]>}
 */
export async function purchaseScreens(page, { declined = false } = {}) {
  const screens = [];
  const take = async (/** @type {string} */ screen) =>
    screens.push({ screen, png: await restingScreenshot(page), shown: await shopShown(page) });
  await openCheckout(page);
  await take('checkout');

  if (declined) {
    await fillCheckout(page, { number: '4000000000009995' });
    await payButton(page).click();
    await page.locator('#message:not(:empty)').waitFor({ timeout: 20_000 });
    await take('declined');
    await fillCard(page, { number: '4242424242424242' });
  } else {
    await fillCheckout(page, { number: '4242424242424242' });
  }
  await payButton(page).click();
  await thankYouText(page);
  await take('thank-you');
  return screens;
}

/**
 * The screens of Stripe's hosted Checkout (CHECKOUT_UI=hosted; the checkout must run in that
 * mode): our page with the cart and its Checkout button (`hosted`), and Stripe's page, the
 * simulator's here, that the button leads to (`hosted-stripe`).
 * @param {Page} page a new customer's page
 * @returns {Promise<{ screen: string, png: Buffer, shown: Awaited<ReturnType<typeof shopShown>> }[]>}
 */
export async function hostedScreens(page) {
  const screens = [];
  const take = async (/** @type {string} */ screen) =>
    screens.push({ screen, png: await restingScreenshot(page), shown: await shopShown(page) });
  await page.goto('/');
  await page.locator('#checkout[aria-busy="false"]').waitFor({ timeout: 20_000 });
  await take('hosted');
  const origin = new URL(page.url()).origin;
  await page.locator('#checkout button:not([hidden])').first().click();
  await page.waitForURL((url) => url.origin !== origin, { timeout: 20_000 });
  await page.getByLabel('Card number').waitFor();
  await take('hosted-stripe');
  return screens;
}
