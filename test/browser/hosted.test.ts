/**
 * Stripe's hosted Checkout (issue 16, CHECKOUT_UI=hosted) as a customer meets it in Chromium: our
 * page with the cart and one "Checkout" button (axe finds no violation), then the simulator's
 * hosted page at the Session's url: paying with 4242, through 3-D Secure, after a decline, and
 * coming back with "Back to the shop" to the same cart (and the same Session), and a checkout its
 * declines closed giving way to a new one, as its message says. This file runs
 * its own checkout (and simulator) with CHECKOUT_UI=hosted, beside the suite's shared one.
 */
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../../scripts/local-stack.mjs';
import { axeViolations } from './support/axe.ts';
import { CHROMIUM } from './support/checkout-page.ts';
import { launchChromium } from './support/chromium.mjs';
import { DESKTOP, hostedScreens, quantity, thankYouText } from './support/page.mjs';
import { MAX_DECLINES_PER_CHECKOUT } from '../../src/limits.ts';

let stack: Awaited<ReturnType<typeof startLocalStack>>;
let browser: Browser;

beforeAll(async () => {
  if (!CHROMIUM) return;
  stack = await startLocalStack({ vars: { CHECKOUT_UI: 'hosted' } });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A new customer on our page in hosted mode, its cart priced; page errors collected. */
async function openShop(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ ...DESKTOP, baseURL: stack.checkout });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => void errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.startsWith(stack.sim))
      errors.push(message.text());
  });
  await page.goto('/');
  await checkoutButton(page).waitFor();
  await expect.poll(() => page.locator('#total').innerText()).toMatch(/\$/);
  return { page, errors };
}

const checkoutButton = (page: Page) => page.getByRole('button', { name: 'Checkout' });

/** On Stripe's (the simulator's) page: the card form filled in and paid. */
async function payOnStripe(page: Page, card: string) {
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Card number').fill(card);
  await page.getByLabel('Expiration').fill('12 / 34');
  await page.getByLabel('Security code').fill('123');
  await page.getByRole('button', { name: /^Pay / }).click();
}

/** Presses Checkout and waits for Stripe's page. */
async function toStripe(page: Page): Promise<string> {
  await checkoutButton(page).click();
  await page.waitForURL(`${stack.sim}/c/pay/**`);
  return page.url();
}

describe.skipIf(!CHROMIUM)('Stripe-hosted Checkout (CHECKOUT_UI=hosted)', () => {
  it('says the page could not load when the mode’s code does not arrive, never a dead form', async () => {
    // Hosted mode's code is a chunk of its own, loaded once /config says so.
    const context = await browser.newContext({ ...DESKTOP, baseURL: stack.checkout });
    const page = await context.newPage();
    await page.route('**/chunks/hosted-*.js', (route) => route.abort());
    await page.goto('/');
    await expect
      .poll(() => page.locator('#message').textContent())
      .toBe('Part of this page could not load. Please check your connection and reload the page.');
    expect(await page.locator('#checkout').getAttribute('aria-busy')).toBe('false');
    // The Worker's Checkout stays disabled, so unseen: nothing to press that does nothing.
    expect(await checkoutButton(page).count()).toBe(0);
    expect(await page.locator('#checkout button').isDisabled()).toBe(true);
    await context.close();
  });

  it('paints its own form before its code arrives, and nothing moves when it does', async () => {
    // The Worker writes this mode's form (the country for a parcel, the note, Checkout): held,
    // hosted mode's chunk arrives only once the first paint has been read.
    const context = await browser.newContext({ ...DESKTOP, baseURL: stack.checkout });
    const page = await context.newPage();
    let held: Route | undefined;
    await page.route('**/chunks/hosted-*.js', (route) => void (held = route));
    await page.goto('/?product=mug');
    await expect.poll(() => held !== undefined).toBe(true);
    await expect.poll(() => page.locator('#checkout').getAttribute('aria-busy')).toBe('false');
    for (const form of ['#payment-element', '#pay', '#promo', '#email'])
      expect(await page.locator(form).count(), form).toBe(0);
    expect(await page.getByLabel('Country we send your order to').isVisible()).toBe(true);
    expect(await page.getByText('You pay on Stripe’s secure page').isVisible()).toBe(true);
    expect(await page.locator('footer').isVisible()).toBe(true);
    // Checkout is in its place, unseen until it works.
    const button = page.locator('#checkout button');
    expect(await button.textContent()).toBe('Checkout');
    expect(await button.isVisible()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    const layout = () =>
      page.locator('main *, footer').evaluateAll((nodes) =>
        nodes.map((node) => {
          const { x, y, width, height } = node.getBoundingClientRect();
          return `${node.tagName}#${node.id} ${x},${y} ${width}×${height}`;
        }),
      );
    const first = await layout();
    await held!.continue();
    await checkoutButton(page).waitFor();
    expect(await layout()).toEqual(first);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('tells /charge that a link chose the language, for the way back from Stripe’s page', async () => {
    const context = await browser.newContext({
      ...DESKTOP,
      locale: 'en-US',
      baseURL: stack.checkout,
    });
    const page = await context.newPage();
    const charges: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/charge') charges.push(url.search);
    });
    await page.goto('/?lang=de&product=mug');
    const button = page.locator('#checkout button');
    await expect.poll(() => button.isEnabled()).toBe(true);
    await button.click();
    await page.waitForURL(`${stack.sim}/c/pay/**`);
    expect(charges).toEqual(['?lang=de']);
    await context.close();
  });

  it('shows the cart and a Checkout button, no card form, and no axe violation', async () => {
    const { page, errors } = await openShop();
    for (const form of ['#payment-element', '#pay', '#promo', '#email'])
      expect(await page.locator(form).count(), form).toBe(0);
    expect(await page.locator('footer').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    // No Stripe.js on our page in this mode.
    expect(await page.evaluate(() => 'Stripe' in window)).toBe(false);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('takes the screenshots of both pages (npm run screenshots)', async () => {
    const { page } = await openShop();
    const screens = await hostedScreens(page);
    expect(screens.map(({ screen }) => screen)).toEqual(['hosted', 'hosted-stripe']);
    expect(screens[0]!.shown).toMatchObject({ name: expect.stringMatching(/\S/), logo: true });
    for (const { png } of screens) expect(png.length).toBeGreaterThan(1000);
    await page.context().close();
  });

  it('pays with 4242 on Stripe’s page and shows our receipt', async () => {
    const { page, errors } = await openShop();
    await quantity(page, 'Support our work').selectOption('2');
    await expect.poll(() => page.locator('#total').innerText()).toBe('$10.00');
    await toStripe(page);
    await payOnStripe(page, '4242 4242 4242 4242');
    const text = await thankYouText(page);
    expect(page.url()).toMatch(/\/thank-you\?session_id=cs_test_/);
    expect(text).toContain('Thanks for your payment!');
    expect(text).toContain('$10.00');
    expect(text).toContain('Visa ending in 4242');
    // The receipt ends the checkout kept in the tab: the shop's next visit is a new order, with
    // the shop's own cart, not the one just paid (whose checkout would answer its receipt again).
    await expect.poll(() => page.evaluate(() => sessionStorage.getItem('checkout'))).toBeNull();
    await page.goto('/');
    await checkoutButton(page).waitFor();
    await expect.poll(() => page.locator('#total').innerText()).toBe('$5.00');
    // That new checkout, kept, is not the receipt's: Back to the receipt leaves it.
    const keptId = () =>
      page.evaluate(() => JSON.parse(sessionStorage.getItem('checkout') ?? 'null')?.id ?? null);
    await expect.poll(keptId).not.toBeNull();
    const next = await keptId();
    await page.goBack();
    expect(await thankYouText(page)).toContain('Thanks for your payment!');
    expect(await keptId()).toBe(next);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('pays with a card that needs 3-D Secure', async () => {
    const { page } = await openShop();
    await toStripe(page);
    await payOnStripe(page, '4000 0027 6000 3184');
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    expect(await thankYouText(page)).toContain('Thanks for your payment!');
    await page.context().close();
  });

  it('retries on Stripe’s page after a decline', async () => {
    const { page } = await openShop();
    const url = await toStripe(page);
    await payOnStripe(page, '4000 0000 0000 0002');
    await expect.poll(() => page.getByRole('alert').first().innerText()).toMatch(/declined/i);
    expect(page.url().startsWith(url)).toBe(true);
    await payOnStripe(page, '4242 4242 4242 4242');
    expect(await thankYouText(page)).toContain('Thanks for your payment!');
    await page.context().close();
  });

  it('sends a shippable cart to the country chosen, at the shop’s rates to it', async () => {
    const { page, errors } = await openShop();
    const shipTo = page.getByLabel('Country we send your order to');
    expect(await shipTo.isVisible()).toBe(false);
    await quantity(page, 'Mug').selectOption('1');
    await quantity(page, 'Support our work').selectOption('0');
    await shipTo.waitFor();
    await shipTo.selectOption('DE');
    expect(await axeViolations(page)).toEqual([]);
    await toStripe(page);
    // Germany only, and the fixture's rates to it: Standard $10.00, Express $25.00.
    const countries = page.getByLabel('Country or region').locator('option:not([value=""])');
    expect(await countries.allTextContents()).toEqual(['Germany']);
    await page.getByLabel('Full name').fill('Erika Mustermann');
    await page.getByLabel('Address line 1').fill('Unter den Linden 1');
    await page.getByLabel('Town or city').fill('Berlin');
    await page.getByLabel('Postal code').fill('10117');
    await page.getByLabel('Country or region').selectOption('DE');
    await page.getByLabel('Standard: $10.00').check();
    expect(await page.getByLabel('Express: $25.00').count()).toBe(1);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Pay $30.00' }).waitFor();
    await payOnStripe(page, '4242 4242 4242 4242');
    const text = await thankYouText(page);
    expect(text).toMatch(/Shipping: Standard\s+\$10\.00/);
    expect(text).toContain('Berlin');
    expect(text).toMatch(/Total paid\s+\$30\.00/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('comes back from Stripe’s page to the same cart, and the same Session', async () => {
    const { page } = await openShop();
    await quantity(page, 'Support our work').selectOption('3');
    await expect.poll(() => page.locator('#total').innerText()).toBe('$15.00');
    const url = await toStripe(page);
    await page.getByRole('link', { name: /Back to the shop/ }).click();
    await page.waitForURL(`${stack.checkout}/`);
    await checkoutButton(page).waitFor();
    await expect.poll(() => page.locator('#total').innerText()).toBe('$15.00');
    expect(await quantity(page, 'Support our work').inputValue()).toBe('3');
    expect(await toStripe(page)).toBe(url);
    await page.context().close();
  });

  it('a checkout its declines closed says so, and Checkout again starts a new one', async () => {
    const { page, errors } = await openShop();
    const url = await toStripe(page);
    await page.getByRole('link', { name: /Back to the shop/ }).click();
    await checkoutButton(page).waitFor();
    const checkoutId = () =>
      page.evaluate(() => (JSON.parse(sessionStorage.getItem('checkout')!) as { id: string }).id);
    const capped = await checkoutId();
    // The ledger as a checkout closed by its declines leaves it (payments that failed after their
    // Session completed, as test/integration/hosted.test.ts seeds them): no payment open.
    stack.d1(
      `UPDATE orders SET status = 'failed', attempt = ${MAX_DECLINES_PER_CHECKOUT + 1},
         declines = ${MAX_DECLINES_PER_CHECKOUT} WHERE checkout_id = '${capped}'`,
    );
    await checkoutButton(page).click();
    await expect
      .poll(() => page.locator('#message').textContent())
      .toBe(
        'This checkout had too many declined payment attempts, so it cannot take any more. You have ' +
          'not been charged. To pay, use another card: paying again starts a new checkout. ' +
          'Your bank can tell you why your card was declined.',
      );
    expect(await axeViolations(page)).toEqual([]);
    // "Paying again starts a new checkout": the next Checkout is a new order and a new Session.
    expect(await toStripe(page)).not.toBe(url);
    await page.goBack();
    await checkoutButton(page).waitFor();
    expect(await checkoutId()).not.toBe(capped);
    const [order] = stack.d1(
      `SELECT COUNT(*) AS n FROM orders WHERE checkout_id = '${await checkoutId()}'`,
    ) as { n: number }[];
    expect(order).toEqual({ n: 1 });
    expect(errors.filter((error) => !/status of 429/.test(error))).toEqual([]);
    await page.context().close();
  });
});
