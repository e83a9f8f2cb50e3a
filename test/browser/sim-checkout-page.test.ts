/**
 * The Stripe simulator's hosted Checkout page (a Checkout Session's `url`), as a customer sees it in
 * Chromium: no axe violation (WCAG 2.1 A and AA, contrast included) in any of its states, 44 px
 * targets, a visible focus, and a payment made with the keyboard alone, through 3-D Secure.
 */
import type { Page } from 'playwright-core';
import { axeViolations } from './support/axe.ts';
import { CHROMIUM, PHONE, SIM } from './support/checkout-page.ts';
import { describe, expect, test } from './support/fixtures.ts';

const AUTH = `Basic ${btoa('sk_test_local_stack:')}`;
const SUCCESS = `${SIM}/_sim/assets/page.css?session_id={CHECKOUT_SESSION_ID}`;

/** A session with a promotion code field, a shipping address and rates, and automatic tax. */
async function createSession(): Promise<{ id: string; url: string }> {
  const body = new URLSearchParams({
    mode: 'payment',
    success_url: SUCCESS,
    cancel_url: `${SIM}/_sim/assets/page.css?cancelled`,
    'line_items[0][price_data][currency]': 'usd',
    'line_items[0][price_data][unit_amount]': '1500',
    'line_items[0][price_data][product_data][name]': 'Mug',
    'line_items[0][price_data][tax_behavior]': 'exclusive',
    'line_items[0][quantity]': '2',
    allow_promotion_codes: 'true',
    'shipping_address_collection[allowed_countries][0]': 'US',
    'shipping_address_collection[allowed_countries][1]': 'DE',
    'shipping_options[0][shipping_rate_data][display_name]': 'Standard',
    'shipping_options[0][shipping_rate_data][type]': 'fixed_amount',
    'shipping_options[0][shipping_rate_data][fixed_amount][amount]': '500',
    'shipping_options[0][shipping_rate_data][fixed_amount][currency]': 'usd',
    'automatic_tax[enabled]': 'true',
  });
  const response = await fetch(`${SIM}/v1/checkout/sessions`, {
    method: 'POST',
    headers: { Authorization: AUTH, 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string; url: string };
}

/** Interactive controls smaller than 44 × 44 px (radio buttons count by their whole label). */
function smallTargets(page: Page) {
  return page.evaluate(() =>
    Array.from(
      document.querySelectorAll('a, button, input:not([type=hidden]), select, label.choice'),
    )
      .filter((element) => !element.closest('label.choice') || element.matches('label.choice'))
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.height < 44 || box.width < 44)
      .map(({ element }) => element.outerHTML.slice(0, 80)),
  );
}

describe.skipIf(!CHROMIUM)("the simulator's hosted Checkout page", () => {
  test('is accessible in every state, and pays from the keyboard through 3-D Secure', async ({
    customer,
  }) => {
    const session = await createSession();
    const { page } = customer;
    await page.goto(session.url);
    expect(await page.title()).toBe('Checkout – Stripe simulator');
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);

    // A code that does not exist, then a ZIP code that is nowhere: errors, announced and tied to
    // their field (empty required fields are the browser's own to report).
    await page.getByLabel('Promotion code').fill('NOPE');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => page.getByRole('alert').innerText())
      .toContain('not a valid promotion code');
    expect(await page.getByLabel('Promotion code').getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);

    // The address, from the keyboard: the focused field shows a visible outline.
    await page.getByLabel('Full name').focus();
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    expect(outline).toBe('solid');
    await page.keyboard.type('Ada Lovelace');
    await page.keyboard.press('Tab');
    await page.keyboard.type('1 Main Street');
    await page.getByLabel('Town or city').fill('South San Francisco');
    await page.getByLabel('Postal code').fill('00000');
    await page.getByLabel('Country or region').selectOption('US');
    await page.getByLabel('Standard: $5.00').check();
    await page.getByRole('button', { name: 'Continue' }).press('Enter');
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('check the postal code');
    expect(await page.getByLabel('Postal code').getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Postal code').fill('94080');
    await page.getByRole('button', { name: 'Continue' }).press('Enter');

    // California tax: 3000 → 218, shipping 500 → 36.25 → 36: $37.54.
    const pay = page.getByRole('button', { name: 'Pay $37.54' });
    await pay.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Card number').fill('4000 0027 6000 3184');
    await page.getByLabel('Expiration').fill('12 / 34');
    await page.getByLabel('Security code').fill('123');
    await pay.press('Enter');

    await page.getByRole('button', { name: 'Complete authentication' }).press('Enter');
    await page.waitForURL((url) => url.searchParams.get('session_id') === session.id);
    const paid = (await (
      await fetch(`${SIM}/v1/checkout/sessions/${session.id}`, { headers: { Authorization: AUTH } })
    ).json()) as { status: string; payment_status: string; amount_total: number };
    expect(paid).toMatchObject({ status: 'complete', payment_status: 'paid', amount_total: 3754 });
  });

  test('fits a phone: no horizontal scroll, targets of 44 px', async ({ newCustomer }) => {
    const session = await createSession();
    const { page } = await newCustomer(PHONE);
    await page.goto(session.url);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    expect(await smallTargets(page)).toEqual([]);
  });
});
