/**
 * Accessibility and polish of every page the customer can see: axe-core (WCAG 2.1 A and AA) with
 * zero violations on the Checkout page, its error states, the thank-you page and the error pages;
 * lang, title, favicon, labels, reduced motion, and a page that does not jump as it loads.
 */
import type { Page } from 'playwright-core';
import { axeViolations } from './support/axe.ts';
import {
  CHECKOUT,
  CHROMIUM,
  DESKTOP,
  PHONE,
  checkoutReady,
  fillCheckout,
  openCheckout,
  openPromotionCode,
  payButton,
  paymentMessage,
  thankYouText,
} from './support/checkout-page.ts';
import { describe, expect, test } from './support/fixtures.ts';

/** lang (the browser's language: en-US), a title naming the shop, and the favicon, on any page. */
async function expectDocumentBasics(page: Page) {
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-US');
  expect(await page.title()).toMatch(/^.+ · Test Shop$/);
  const icon = await page.evaluate(
    () => (document.querySelector('link[rel="icon"]') as HTMLLinkElement | null)?.href,
  );
  // At the static files' version (src/assets/version.ts): kept for good, never fetched twice.
  expect(icon).toMatch(new RegExp(`^${CHECKOUT}/favicon\\.svg\\?v=[\\w-]+$`));
}

describe.skipIf(!CHROMIUM)('accessibility', () => {
  test('the Checkout page: no axe violation, a label on every field, lang, title and favicon', async ({
    checkoutPage: page,
  }) => {
    expect(await axeViolations(page)).toEqual([]);
    await expectDocumentBasics(page);
    expect(await page.title()).toBe('Checkout · Test Shop');
    const favicon = await page.request.get(`${CHECKOUT}/favicon.svg`);
    expect([favicon.status(), favicon.headers()['content-type']]).toEqual([200, 'image/svg+xml']);

    // Every field has a visible label (getByLabel finds each by its label's text), the promotion
    // code's too once its form is opened.
    await openPromotionCode(page);
    expect(await axeViolations(page), 'the code’s form open').toEqual([]);
    for (const label of [
      'Quantity of Support our work',
      'Quantity of Wallpaper pack',
      'Quantity of The handbook',
      'Promotion code',
      'Email address',
      'Card number',
      'Expiration date',
      'Security code',
    ]) {
      expect(await page.getByLabel(label, { exact: true }).count(), label).toBe(1);
    }
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll('input, select, textarea'))
        .filter((el) => (el as HTMLInputElement).labels?.length === 0)
        .map((el) => el.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    expect(await paymentMessage(page).getAttribute('role')).toBe('alert');
    // The one simulated-mode notice says what it is without alarming: a note, not an alert.
    const notice = page.locator('.mode-notice');
    expect(await notice.count()).toBe(1);
    expect(await notice.textContent()).toMatch(
      /^Simulated payments: card 4242 4242 4242 4242, any future date, any CVC\.$/,
    );
    expect(await notice.getAttribute('role')).toBeNull();
  });

  test('the error states: a declined card and an invalid field have no axe violation', async ({
    checkoutPage: page,
  }) => {
    await fillCheckout(page, { number: '4000000000009995' });
    await payButton(page).click();
    await expect
      .poll(() => paymentMessage(page).textContent(), { timeout: 20_000 })
      .toMatch(/insufficient funds/);
    expect(await axeViolations(page), 'declined').toEqual([]);

    await page.getByLabel('Card number').fill('4242424242424241');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByLabel('Card number').getAttribute('aria-invalid'))
      .toBe('true');
    expect(await axeViolations(page), 'invalid card number').toEqual([]);

    await page.getByLabel('Email address').fill('not an email');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByLabel('Email address').getAttribute('aria-invalid'))
      .toBe('true');
    expect(await axeViolations(page), 'invalid email').toEqual([]);
  });

  // A quantity changed rewrites every line's amount and the total: the total alone (its polite
  // live region) is announced, not the lines' amounts before it (an <output> is role status).
  test('the cart: its lines are no live region, the total is the one announcement', async ({
    checkoutPage: page,
  }) => {
    const cart = page.locator('#cart');
    expect(await cart.locator('select').count()).toBeGreaterThan(1);
    expect(await cart.getByRole('status').count()).toBe(0);
    expect(await cart.locator('[aria-live]:not([aria-live="off"])').count()).toBe(0);
  });

  // A live region announces what it gains, once it is in the accessibility tree: the email's error
  // region is there, empty, from the start, and its words arrive when the address is refused.
  test('an invalid email is announced: an alert at the field, there before it speaks', async ({
    checkoutPage: page,
  }) => {
    const region = page.locator('#email-error');
    const state = () =>
      region.evaluate((node: HTMLElement) => ({
        role: node.getAttribute('role'),
        hidden: node.hidden || getComputedStyle(node).display === 'none',
        text: node.textContent,
      }));
    expect(await state()).toEqual({ role: 'alert', hidden: false, text: '' });

    await fillCheckout(page, { number: '4242424242424242' }, 'not an email');
    await payButton(page).click();
    const email = page.getByLabel('Email address');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    const error = 'Please enter a valid email address.';
    expect(await state()).toEqual({ role: 'alert', hidden: false, text: error });
    expect(await email.getAttribute('aria-describedby')).toBe('email-error');
    expect(await page.getByRole('alert').filter({ hasText: error }).count()).toBe(1);
    expect(await axeViolations(page), 'the email refused').toEqual([]);

    // Corrected, the error goes (the region stays, empty, for the next one).
    await email.fill('jane.doe@example.com');
    expect(await state()).toEqual({ role: 'alert', hidden: false, text: '' });
    expect(await email.getAttribute('aria-invalid')).toBe('false');
  });

  test('the thank-you page: no axe violation, reads like a receipt', async ({
    checkoutPage: page,
  }) => {
    await fillCheckout(page, { number: '4242424242424242' });
    await payButton(page).click();
    await thankYouText(page);
    expect(await axeViolations(page)).toEqual([]);
    await expectDocumentBasics(page);
    const lines = await page
      .locator('.receipt > div')
      .evaluateAll((rows) =>
        rows.map((row) => [
          row.querySelector('dt')?.textContent,
          row.querySelector('dd')?.textContent,
        ]),
      );
    expect(lines.map(([term]) => term)).toEqual([
      'Order number',
      'Support our work × 1',
      'Total paid',
      'Card',
      'Date',
      'Email',
      'On your card statement',
    ]);
    expect(lines[0]![1]).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(lines[1]![1]).toBe('$5.00');
    expect(lines[2]![1]).toBe('$5.00');
    expect(lines[4]![1]).toBe(
      new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date()),
    );
  });

  test('the error page of a classic form post is friendly, has no axe violation, and leads back', async ({
    customer,
    checkoutPage: page,
  }) => {
    // Chromium logs the 400 of the form post itself; nothing else may be logged.
    customer.expectConsoleError(/status of 400 .*\/charge\)$/);
    // A form post without the page's script (the classic, no-JavaScript flow), missing its fields.
    await page.evaluate(() => {
      const form = Object.assign(document.createElement('form'), {
        method: 'post',
        action: '/charge',
      });
      form.append(
        Object.assign(document.createElement('input'), {
          name: 'email',
          value: 'jane.doe@example.com',
        }),
      );
      document.body.append(form);
      form.submit();
    });
    await page.waitForURL(`${CHECKOUT}/charge`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Please check your details',
    );
    expect(await page.locator('main').innerText()).toContain('You have not been charged.');
    expect(await axeViolations(page)).toEqual([]);
    await expectDocumentBasics(page);
    await page.getByRole('link', { name: 'Back to checkout' }).click();
    await checkoutReady(page);
  });

  test('the page for an unknown payment link has no axe violation and leads back', async ({
    customer,
  }) => {
    const { page } = customer;
    // Chromium logs the 404 of the page itself; nothing else may be logged.
    customer.expectConsoleError(/status of 404 .*\/thank-you\?payment_intent=pi_unknown0+\)$/);
    const response = await page.goto('/thank-you?payment_intent=pi_unknown000000000000000000');
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'We could not find this payment',
    );
    expect(await axeViolations(page)).toEqual([]);
    await expectDocumentBasics(page);
    expect(await page.getByRole('link', { name: 'Back to checkout' }).getAttribute('href')).toBe(
      '/',
    );
  });

  test('an unknown address shows the friendly not-found page, with no axe violation, leading back', async ({
    customer,
  }) => {
    const { page } = customer;
    // Chromium logs the 404 of the page itself; nothing else may be logged.
    customer.expectConsoleError(/status of 404 .*\/no-such-page\)$/);
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
    expect(await axeViolations(page)).toEqual([]);
    await expectDocumentBasics(page);
    expect(await page.getByRole('link', { name: 'Back to checkout' }).getAttribute('href')).toBe(
      '/',
    );
  });

  test('honours prefers-reduced-motion: no transitions', async ({ newCustomer }) => {
    const durations = async (reducedMotion: 'reduce' | 'no-preference') => {
      const customer = await newCustomer({ ...DESKTOP, reducedMotion });
      await openCheckout(customer.page);
      return customer.page.evaluate(() =>
        Array.from(document.querySelectorAll('button, input, select')).map(
          (el) => getComputedStyle(el).transitionDuration,
        ),
      );
    };
    expect((await durations('no-preference')).some((duration) => duration !== '0s')).toBe(true);
    expect(new Set(await durations('reduce'))).toEqual(new Set(['0s']));
  });

  test.for([['desktop', DESKTOP] as const, ['phone', PHONE] as const])(
    'does not jump while it loads (%s)',
    async ([_name, options], { newCustomer }) => {
      const { page } = await newCustomer(options);
      await page.addInitScript(() => {
        const shifts: { value: number; nodes: string[] }[] = [];
        (window as unknown as { __shifts: typeof shifts }).__shifts = shifts;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as unknown as {
            value: number;
            sources: { node?: Node | null }[];
          }[]) {
            const nodes = entry.sources.map(({ node }) => {
              if (!(node instanceof Element)) return node ? '#text' : '(removed)';
              const inPaymentForm =
                document.getElementById('payment-element')?.contains(node) ?? false;
              const where = inPaymentForm ? 'payment form: ' : '';
              return `${where}${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}`;
            });
            shifts.push({ value: entry.value, nodes });
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await openCheckout(page);
      // Let the simulated Payment Element finish styling itself (its stylesheet arrives after it).
      await page.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      );
      const shifts = await page.evaluate(
        () => (window as unknown as { __shifts: { value: number; nodes: string[] }[] }).__shifts,
      );
      // Nothing of the page itself moves (heading, banner, form fields, Pay): at most the payment
      // form's own fields settle inside it, and the total stays well within a "good" CLS (0.1).
      const pageNodes = shifts
        .flatMap((shift) => shift.nodes)
        .filter((node) => !node.startsWith('payment form: '));
      expect(pageNodes).toEqual([]);
      expect(shifts.reduce((sum, shift) => sum + shift.value, 0)).toBeLessThan(0.05);
    },
  );
});
