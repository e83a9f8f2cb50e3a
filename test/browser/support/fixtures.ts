/**
 * The browser tests' fixtures (Vitest's test.extend): what every test used to set up by hand.
 * - browser: one Chromium per test file;
 * - device: the browser context's options (DESKTOP; `test.override('device', PHONE)` in a describe);
 * - newCustomer(options?): a new customer in its own browser context, as often as a test needs;
 * - customer: a new customer on `device`, on no page yet;
 * - checkoutPage: the customer's page, on the Checkout page, ready to pay.
 * After each test, every customer's context is closed and none of its pages may have logged a
 * console error, thrown, or violated the Content-Security-Policy (beyond what the test expected).
 */
import type { BrowserContextOptions } from 'playwright-core';
import { test as base, expect } from 'vitest';
import { DESKTOP, createCustomer, openCheckout, type Customer } from './checkout-page.ts';
import { launchChromium } from './chromium.mjs';

export { describe, expect } from 'vitest';

export const test = base
  // (Vitest reads a fixture's dependencies from the destructuring of its first argument: none here.)
  // eslint-disable-next-line no-empty-pattern
  .extend('browser', { scope: 'file' }, async ({}, { onCleanup }) => {
    const browser = await launchChromium();
    onCleanup(() => browser.close());
    return browser;
  })
  .extend('device', DESKTOP as BrowserContextOptions)
  .extend('newCustomer', async ({ browser, device }, { onCleanup }) => {
    const customers: Customer[] = [];
    onCleanup(async () => {
      for (const customer of customers) await customer.context.close();
      for (const customer of customers)
        expect(
          customer.unexpectedProblems(),
          'console errors, page errors or CSP violations',
        ).toEqual([]);
    });
    return async (options: BrowserContextOptions = device) => {
      const customer = await createCustomer(browser, options);
      customers.push(customer);
      return customer;
    };
  })
  .extend('customer', async ({ newCustomer }) => newCustomer())
  .extend('checkoutPage', async ({ customer }) => {
    await openCheckout(customer.page);
    return customer.page;
  });
