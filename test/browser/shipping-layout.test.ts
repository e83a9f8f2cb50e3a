/**
 * The Checkout page's summary takes its final place before the customer can aim at Pay: nothing
 * moves when an address's quote arrives. The Worker says, in shipping's part of the page, whether
 * the shop calculates tax (src/pages/checkout-page.ts): with TAX_CALCULATION=none there is no Tax
 * row and no place kept for one; with Stripe Tax the Tax row's place is kept from the start, the
 * quote fills it, and a 0 % rate leaves it kept, unseen (a page that opened with nothing to send
 * was not told: it holds the place while the quote comes). Chromium's own 'layout-shift' entries are
 * recorded while the test releases the address's quote it held. This file runs its own checkout
 * (and simulator) with TAX_CALCULATION=none beside the suite's shared one (Stripe Tax at the
 * simulator's rates, global-setup.ts). The tests' shop (test/fixtures/shop/): the mug $20.00, the
 * poster $10.00 with its tax included; Standard $5.00 in the US, $10.00 elsewhere, free from $50.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startLocalStack } from '../../scripts/local-stack.mjs';
import { axeViolations } from './support/axe.ts';
import {
  CHECKOUT,
  CHROMIUM,
  openCheckout,
  payButton,
  quantity,
  type Customer,
} from './support/checkout-page.ts';
import { describe, expect, test } from './support/fixtures.ts';
import { enterAddress } from './support/pay.ts';
import { BERLIN, BERLIN_STANDARD, summary } from './support/shipping.ts';

/** A checkout without tax (the test stack's own TAX_CALCULATION=none), started for this file. */
let untaxed: Awaited<ReturnType<typeof startLocalStack>> | undefined;

beforeAll(async () => {
  if (CHROMIUM) untaxed = await startLocalStack();
}, 240_000);

afterAll(async () => {
  await untaxed?.stop();
});

/** Types a Portland address: Oregon has no sales tax (0 % in the simulator's Stripe Tax). */
async function enterPortland(page: Page) {
  await enterAddress(page, {
    country: 'US',
    'Full name': 'Jane Doe',
    'Address line 1': '1 Main St',
    City: 'Portland',
    'Postal code': '97201',
  });
  await page.getByLabel('State or province').selectOption('OR');
}

/**
 * Holds each quote of an address (the cart's quotes without one pass) until `release`, so that
 * the page can be measured while it is on its way.
 */
async function holdAddressQuotes(page: Page) {
  let asked = 0;
  let release = () => {};
  let held = Promise.resolve();
  const arm = () => (held = new Promise<void>((resolve) => (release = resolve)));
  arm();
  // This file's own checkout: its /quote, whatever the query (?lang=).
  await page.route(/\/quote(\?|$)/, async (route) => {
    if ((route.request().postDataJSON() as { shipping?: unknown }).shipping) {
      asked++;
      await held;
    }
    await route.fallback();
  });
  return {
    asked: () => asked,
    release: () => (release(), arm()),
  };
}

/** What Chromium says moved in a 'layout-shift' entry (LayoutShiftAttribution). */
interface LayoutShiftSource {
  node?: Node | null;
  previousRect: DOMRectReadOnly;
  currentRect: DOMRectReadOnly;
}

/** The customer's Checkout page at `url`, ready to pay, its address quotes held. */
async function openHeld({ page }: Customer, url: string) {
  await openCheckout(page, url);
  return { page, hold: await holdAddressQuotes(page) };
}

/** Where Pay is and how tall the summary is, in the page's pixels. */
const layout = (page: Page) =>
  page.evaluate(() => ({
    pay: document.getElementById('pay')!.getBoundingClientRect().y,
    summary: document.querySelector('.summary')!.getBoundingClientRect().height,
  }));

/**
 * Types an address (`enter`) and, once its quote is asked (and held), records the page's layout shifts
 * (the elements that moved up or down) until the summary reads `expected`. Returns them with the layout
 * before and after.
 */
async function quoteMeasured(
  page: Page,
  hold: Awaited<ReturnType<typeof holdAddressQuotes>>,
  enter: () => Promise<void>,
  expected: string[][],
) {
  const asked = hold.asked();
  await enter();
  await expect.poll(hold.asked).toBeGreaterThan(asked);
  const before = await layout(page);
  await page.evaluate(() => {
    const moved: string[] = [];
    const observer = new PerformanceObserver((list) => record(list.getEntries()));
    // An element that went up or down (an amount's words replaced in place move only sideways).
    const record = (entries: PerformanceEntryList) => {
      for (const entry of entries as unknown as { sources: LayoutShiftSource[] }[])
        for (const { node, previousRect, currentRect } of entry.sources)
          if (currentRect.top !== previousRect.top)
            moved.push(node instanceof Element ? node.outerHTML.slice(0, 80) : String(node));
    };
    observer.observe({ type: 'layout-shift' });
    Object.assign(window, { shiftsSoFar: () => (record(observer.takeRecords()), moved) });
  });
  hold.release();
  await expect.poll(() => summary(page)).toEqual(expected);
  // Two frames painted since: every shift of the quote's rendering is reported by then.
  const shifts = await page.evaluate(async () => {
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    return (window as unknown as { shiftsSoFar: () => string[] }).shiftsSoFar();
  });
  return { before, after: await layout(page), shifts };
}

/** Nothing went up or down while the quote came: no layout shift, Pay and the summary as before. */
function expectStill({ before, after, shifts }: Awaited<ReturnType<typeof quoteMeasured>>) {
  expect(shifts).toEqual([]);
  expect(after).toEqual(before);
  return after;
}

describe.skipIf(!CHROMIUM)('the summary when the address is priced', () => {
  test('a shop without tax keeps no place for it: nothing moves when a mug’s quote comes', async ({
    customer,
  }) => {
    const { page, hold } = await openHeld(customer, `${untaxed!.checkout}/?product=mug`);
    // The Worker's page says no tax comes: no Tax row, written or kept.
    expect(await page.locator('#tax:not([hidden])').count()).toBe(0);
    expectStill(
      await quoteMeasured(page, hold, () => enterAddress(page, BERLIN), [
        ['Shipping: Standard', '$10.00'],
        ['Total', '$30.00'],
      ]),
    );
    expect(await payButton(page).textContent()).toBe('Pay $30.00');
    expect(await axeViolations(page)).toEqual([]);
  });

  test('with Stripe Tax the Tax row’s place is kept from the start: Berlin fills it, 0 % keeps it', async ({
    customer,
  }) => {
    const { page, hold } = await openHeld(customer, `${CHECKOUT}/?product=mug`);
    // Written by the Worker, its words unseen until the address is priced.
    expect(await page.locator('#tax').getAttribute('aria-busy')).toBe('true');
    const berlin = expectStill(
      await quoteMeasured(page, hold, () => enterAddress(page, BERLIN), BERLIN_STANDARD),
    );

    // Another address, with no tax: the place stays, unseen, and nothing moves (the receipt would
    // show no Tax row either).
    const portland = expectStill(
      await quoteMeasured(page, hold, () => enterPortland(page), [
        ['Shipping: Standard', '$5.00'],
        ['Total', '$25.00'],
      ]),
    );
    expect(portland.summary).toBe(berlin.summary);
    expect(await payButton(page).textContent()).toBe('Pay $25.00');
    expect(await axeViolations(page)).toEqual([]);
  });

  test('a page that opened with nothing to send, given a mug, holds the Tax row’s place while its quote comes', async ({
    customer,
  }) => {
    // The Worker said nothing of tax (its first load stays as it was): the place is held busy.
    const { page, hold } = await openHeld(customer, `${CHECKOUT}/`);
    await quantity(page, 'Mug').selectOption('1');
    await quantity(page, 'Support our work').selectOption('0');
    await page.getByLabel('Full name').waitFor();
    expectStill(await quoteMeasured(page, hold, () => enterAddress(page, BERLIN), BERLIN_STANDARD));
  });

  test('tax included and nothing added: the Tax row’s place stays unseen, Pay stays', async ({
    customer,
  }) => {
    const { page, hold } = await openHeld(customer, `${CHECKOUT}/?product=poster`);
    // Five posters come to $50.00: Standard is free, so no tax is added to it.
    await quantity(page, 'Poster').selectOption('5');
    await expect
      .poll(() => page.locator('#cart select + span').allTextContents())
      .toContain('$50.00');
    const { before, after } = await quoteMeasured(page, hold, () => enterAddress(page, BERLIN), [
      ['Shipping: Standard', 'Free'],
      ['Total', '$50.00'],
      ['Includes tax', '$7.98'],
    ]);
    expect(after).toEqual(before);
    expect(await axeViolations(page)).toEqual([]);
  });

  test('tax added and included (a poster sent at a cost): both rows’ places are kept, Pay stays', async ({
    customer,
  }) => {
    const { page, hold } = await openHeld(customer, `${CHECKOUT}/?product=poster`);
    // Written by the Worker for a tax-inclusive product with something to send, words unseen.
    expect(await page.locator('#tax-included').getAttribute('aria-busy')).toBe('true');
    // The poster's $10.00 holds 19 % ($1.60); Standard's $10.00 has 19 % ($1.90) on top: the
    // receipt's rows, both true (docs/shipping-and-tax.md).
    const berlin = expectStill(
      await quoteMeasured(page, hold, () => enterAddress(page, BERLIN), [
        ['Shipping: Standard', '$10.00'],
        ['Tax', '$1.90'],
        ['Total', '$21.90'],
        ['Includes tax', '$1.60'],
      ]),
    );
    // No tax at all: both places stay, unseen.
    const portland = expectStill(
      await quoteMeasured(page, hold, () => enterPortland(page), [
        ['Shipping: Standard', '$5.00'],
        ['Total', '$15.00'],
      ]),
    );
    expect(portland.summary).toBe(berlin.summary);
    expect(await axeViolations(page)).toEqual([]);
  });
});
