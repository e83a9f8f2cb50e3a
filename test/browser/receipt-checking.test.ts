/**
 * The receipt of a payment still being confirmed: it checks again by itself a bounded number of
 * times, never reloading while nothing changed (a reload restarts a screen reader: WCAG 2.2.1,
 * axe's meta-refresh rule), shows the outcome once it changed, and otherwise stops and offers
 * "Check again". The page's clock is Playwright's: minutes pass without waiting for them.
 */
import { axeViolations } from './support/axe.ts';
import {
  CHECKOUT,
  CHROMIUM,
  fillCheckout,
  payToTheBank,
  thankYouText,
} from './support/checkout-page.ts';
import { describe, expect, test } from './support/fixtures.ts';
import { paymentIntentsOf, simFault } from './support/sim.ts';

const CHECKING = 'We are checking your payment';
const STOPPED =
  'Please do not pay again. It is taking longer than usual: check again in a few minutes.';
/** The receipt's address, for its loads and its script's checks. */
const isReceipt = (url: URL) => url.pathname === '/thank-you';

describe.skipIf(!CHROMIUM)('a receipt still being confirmed', () => {
  test('checks quietly, shows the outcome once it changed, else stops and offers Check again; axe', async ({
    customer,
    newCustomer,
  }) => {
    const { page: bank } = customer;
    await bank.goto('/');
    await fillCheckout(bank, { number: '4000002760003184' });
    await payToTheBank(bank);
    const [intent] = await paymentIntentsOf(customer.checkoutId());
    const receipt = `${CHECKOUT}/thank-you?payment_intent=${intent!.id}`;

    // Stripe cannot be asked when the receipt is opened: the page says it is checking.
    await simFault({ mode: 'drop', count: 1 });
    // Each reader of the receipt in a browser of their own: a page's clock is its browser's.
    const { page: waiting } = await newCustomer();
    await waiting.clock.install();
    const html = await (await waiting.goto(receipt))!.text();
    expect(await waiting.locator('h1').innerText()).toBe(CHECKING);
    expect(html).not.toContain('http-equiv="refresh"');
    expect(await waiting.getByRole('status').innerText()).toMatch(/Please do not pay again\.$/);
    // The script checks by itself: its link is for a page without it.
    expect(await waiting.getByRole('link', { name: 'Check again' }).isHidden()).toBe(true);
    expect(await axeViolations(waiting), 'axe while checking').toEqual([]);

    // The same page where nothing changes (the server's own page, served again to each check).
    const { page: stuck } = await newCustomer();
    const checks: string[] = [];
    await stuck.route(isReceipt, (route) => {
      if (!route.request().isNavigationRequest()) checks.push(route.request().url());
      return route.fulfill({ contentType: 'text/html; charset=utf-8', body: html });
    });
    await stuck.clock.install();
    await stuck.goto(receipt);
    // The page's clock runs on, a second at a time (each check awaits its answer, which is on
    // the network, not on that clock), until the page says it stopped: after a dozen checks.
    const status = stuck.getByRole('status');
    await expect
      .poll(async () => (await stuck.clock.runFor(1_000), status.innerText()), { timeout: 30_000 })
      .toMatch(new RegExp(`${STOPPED}$`));
    expect(checks).toHaveLength(12);
    // And no more, and no reload.
    await stuck.clock.runFor(60_000);
    expect(checks).toHaveLength(12);
    expect(new Set(checks)).toEqual(new Set([receipt]));
    const link = stuck.getByRole('link', { name: 'Check again' });
    expect(await link.isVisible()).toBe(true);
    // A tap target of 44 px, as the page's other links (before: its line, 24 px).
    expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(await link.evaluate((a: HTMLAnchorElement) => a.href === location.href)).toBe(true);
    expect(await axeViolations(stuck), 'axe once the checks stopped').toEqual([]);

    // The bank approves; the next check of the waiting page finds it paid, and shows it once.
    await bank.getByRole('button', { name: 'Complete authentication' }).click();
    expect(await thankYouText(bank)).toContain('Thanks for your payment');
    await expect
      .poll(async () => (await waiting.clock.runFor(1_000), waiting.locator('h1').innerText()), {
        timeout: 20_000,
      })
      .toBe('Thanks for your payment!');
  });
});
