/**
 * A disputed payment in the merchant's console, in Chromium: the customer pays with Stripe's
 * disputing test card (4000 0000 0000 0259); the admin finds the order among the disputed ones,
 * marked, and its page says the dispute in words (status, reason, amount, the deadline) and why no
 * refund is offered. An inquiry (4000 0000 0000 1976) is marked as one, says no money was taken,
 * and its refund is offered and closes it. axe finds no violation. Every read waits for the
 * outcome (expect.poll).
 */
import type { Page } from 'playwright-core';
import { axeViolations } from './support/axe.ts';
import { CHROMIUM } from './support/checkout-page.ts';
import { signInToConsole } from './support/console.ts';
import { describe, expect, test } from './support/fixtures.ts';
import { payWithCard } from './support/pay.ts';
import { simRequests } from './support/sim.ts';

/** Intl separates amount and symbol with a no-break space in many locales. */
const plain = (text: string | null) => (text ?? '').replace(/\u00a0|\u202f/g, ' ');

/** The dispute's value of a term ("Status", "Reason"…). */
const disputeTerm = (page: Page, term: string) =>
  page
    .locator('#dispute div')
    .filter({ has: page.locator('dt', { hasText: term }) })
    .locator('dd');

/** The console's row of the disputed order of a PaymentIntent, once listed as `expected`. */
async function disputedRow(page: Page, paymentIntent: string, expected: RegExp) {
  await page.getByLabel('Email, order number, order id or PaymentIntent id').fill(paymentIntent);
  await page.getByLabel('Status').selectOption('disputed');
  const row = page.locator('#orders tbody tr');
  await expect
    .poll(async () => {
      await page.getByRole('button', { name: 'Show orders' }).click();
      return (await row.allInnerTexts()).map(plain);
    })
    .toEqual([expect.stringMatching(expected)]);
  return row;
}

describe.skipIf(!CHROMIUM)('the console', () => {
  test('shows a disputed order as disputed, says the dispute, and offers no refund', async ({
    customer,
    checkoutPage: _,
    newCustomer,
  }) => {
    const { paymentIntent: pi } = await payWithCard(customer, '4000000000000259');
    const before = (await simRequests()).length;

    const { page } = await newCustomer();
    await signInToConsole(page);

    // Among the disputed orders once Stripe's event has come, with a mark.
    const row = await disputedRow(page, pi.id, /Paid\s*Disputed: Needs your response\s+\$5\.00/);
    expect(await axeViolations(page)).toEqual([]);

    await row.getByRole('link').click();
    await expect.poll(() => page.locator('#dispute-section').isVisible()).toBe(true);
    expect(await disputeTerm(page, 'Status').innerText()).toBe('Needs your response');
    expect(await disputeTerm(page, 'Reason').innerText()).toBe(
      'the cardholder did not make this payment (fraud)',
    );
    expect(plain(await disputeTerm(page, 'Amount').innerText())).toBe('$5.00');
    expect(await disputeTerm(page, 'Respond by').innerText()).not.toBe('—');
    expect(await disputeTerm(page, 'Stripe Dashboard').innerText()).toBe('None in simulated mode');
    // No refund offered, and why.
    expect(await page.locator('#refund-section').isHidden()).toBe(true);
    expect(await page.locator('#dispute-refund').innerText()).toMatch(
      /so it cannot be refunded: Stripe refuses refunds of a disputed payment/,
    );
    expect(await axeViolations(page)).toEqual([]);
    // (The simulator's log is the whole run's: only what came after this payment counts.)
    const refunds = (await simRequests())
      .slice(before)
      .filter((request) => request.path === '/v1/refunds');
    expect(refunds).toEqual([]);
  });

  test('shows an inquiry as one, says no money was taken, and refunds it', async ({
    customer,
    checkoutPage: _,
    newCustomer,
  }) => {
    const { paymentIntent: pi } = await payWithCard(customer, '4000000000001976');
    const { page } = await newCustomer();
    await signInToConsole(page);

    // Marked as an inquiry, not as a dispute.
    const row = await disputedRow(page, pi.id, /Paid\s*Inquiry: needs your response\s+\$5\.00/);
    await row.getByRole('link').click();
    await expect.poll(() => page.locator('#dispute-section').isVisible()).toBe(true);
    expect(await page.locator('#dispute-title').innerText()).toBe('Inquiry from the bank');
    expect(await disputeTerm(page, 'Status').innerText()).toBe('Inquiry: needs your response');
    expect(await page.locator('#dispute-refund').innerText()).toMatch(
      /no money was taken from you\. You can still refund it/,
    );
    expect(await axeViolations(page)).toEqual([]);

    // The refund is offered, and made; the full refund closes the inquiry.
    await page.getByLabel(/^All that remains/).check();
    await page.getByRole('button', { name: 'Refund…' }).click();
    await page.getByRole('button', { name: 'Confirm refund' }).click();
    await expect
      .poll(() => page.locator('#outcome').innerText())
      .toMatch(/^Refunded \$5\.00\. The order is now refunded\./);
    await expect
      .poll(async () => {
        await page.reload();
        return disputeTerm(page, 'Status').innerText();
      })
      .toBe('Inquiry closed');
  });
});
