/**
 * What goes wrong, as the customer sees it: declined cards (a specific message in the aria-live
 * region, Pay back, and the same page then pays with another card, once), and card details that are
 * invalid (a message at the field, and nothing sent to the shop).
 */
import type { Page } from 'playwright-core';
import { axeViolations } from './support/axe.ts';
import {
  CHROMIUM,
  fillCard,
  fillCheckout,
  openCheckout,
  payButton,
  paymentMessage,
  shopPath,
  thankYouText,
  SIM,
} from './support/checkout-page.ts';
import { describe, expect, test } from './support/fixtures.ts';
import { paymentIntentsOf } from './support/sim.ts';
import { MAX_DECLINES_PER_CHECKOUT } from '../../src/limits.ts';

const DECLINED =
  /^Your card was declined\. You have not been charged\. Try another card, or contact your bank\.$/;

/** Each decline test card, and what the customer reads (lost, stolen and fraud read as a generic decline). */
const DECLINES: [card: string, what: string, message: RegExp, declineCode: string][] = [
  ['4000 0000 0000 0002', 'generic decline', DECLINED, 'generic_decline'],
  [
    '4000 0000 0000 9995',
    'insufficient funds',
    /^Your card has insufficient funds\. You have not been charged\. Try another card\.$/,
    'insufficient_funds',
  ],
  ['4000 0000 0000 9987', 'lost card', DECLINED, 'lost_card'],
  ['4000 0000 0000 9979', 'stolen card', DECLINED, 'stolen_card'],
  [
    '4000 0000 0000 0069',
    'expired card',
    /^Your card has expired\. You have not been charged\. Check the expiration date, or use another card\.$/,
    'expired_card',
  ],
  [
    '4000 0000 0000 0127',
    'incorrect CVC',
    /^Your card's security code is incorrect\. You have not been charged\./,
    'incorrect_cvc',
  ],
  [
    '4000 0000 0000 0119',
    'processing error',
    /^An error occurred while processing your card\. You have not been charged\. Please try again in a moment\.$/,
    'processing_error',
  ],
  ['4100 0000 0000 0019', 'blocked as fraudulent', DECLINED, 'fraudulent'],
];

/** The error text shown at an input: the element its aria-describedby names that holds an error. */
async function fieldError(page: Page, label: string) {
  const input = page.getByLabel(label, { exact: true });
  return input.evaluate((node) =>
    (node.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id))
      .filter((el) => el && /error/.test(el.id) && !el.hidden)
      .map((el) => el!.textContent)
      .join(' '),
  );
}

describe.skipIf(!CHROMIUM)('declined cards and invalid details', () => {
  test.for(DECLINES)(
    '%s (%s): a specific message, Pay comes back, then 4242 pays once on the same page',
    async ([card, _what, message, declineCode], { customer, checkoutPage: page }) => {
      await fillCheckout(page, { number: card.replaceAll(' ', '') });
      await payButton(page).click();

      await expect
        .poll(() => paymentMessage(page).textContent(), { timeout: 20_000 })
        .toMatch(message);
      expect(await paymentMessage(page).getAttribute('role')).toBe('alert'); // aria-live="assertive"
      expect(await payButton(page).textContent()).toBe('Pay $5.00');
      expect(await payButton(page).getAttribute('aria-disabled')).toBe('false');
      expect(page.url()).toMatch(/\/$/);
      const checkoutId = customer.checkoutId();
      const declined = await paymentIntentsOf(checkoutId);
      expect(
        declined.map((pi) => [
          pi.status,
          pi.last_payment_error?.decline_code ?? pi.last_payment_error?.code,
        ]),
      ).toEqual([['requires_payment_method', declineCode]]);

      await fillCard(page, { number: '4242424242424242' });
      await payButton(page).click();
      expect(await thankYouText(page)).toContain('Visa ending in 4242');

      expect(customer.charges).toHaveLength(2);
      expect(customer.checkoutId()).toBe(checkoutId); // the same checkout, retried
      const intents = await paymentIntentsOf(checkoutId);
      expect(intents.filter((pi) => pi.status === 'succeeded')).toHaveLength(1);
      expect(intents).toHaveLength(1); // the declined PaymentIntent was confirmed again, not duplicated
    },
  );

  const INVALID: [
    what: string,
    card: { number: string; expiry?: string; cvc?: string },
    label: string,
    error: RegExp,
  ][] = [
    [
      'an invalid card number',
      { number: '4242424242424241' },
      'Card number',
      /^Your card number is invalid\.$/,
    ],
    [
      'an incomplete card number',
      { number: '424242424242' },
      'Card number',
      /^Your card number is incomplete\.$/,
    ],
    [
      'an expiry date in the past',
      { number: '4242424242424242', expiry: '0120' },
      'Expiration date',
      /^Your card's expiration year is in the past\.$/,
    ],
    [
      'an impossible expiry month',
      { number: '4242424242424242', expiry: '1330' },
      'Expiration date',
      /^Your card's expiration month is invalid\.$/,
    ],
    [
      'a 2-digit CVC',
      { number: '4242424242424242', cvc: '12' },
      'Security code',
      /^Your card's security code is incomplete\.$/,
    ],
  ];

  test.for(INVALID)(
    '%s: a message at the field, focus on it, and no request to /charge',
    async ([_what, card, label, error], { customer, checkoutPage: page }) => {
      const toStripe: string[] = [];
      page.on('request', (request) => {
        if (request.url().startsWith(`${SIM}/v1/`)) toStripe.push(request.url());
      });
      await fillCheckout(page, card);
      // Enter in the last field. (A click on Pay right after typing a bad CVC can be lost: the field's
      // error appears on blur, at mousedown, and pushes Pay down before mouseup, in the simulated
      // Payment Element as in any form that grows on blur.)
      await page.keyboard.press('Enter');

      await expect.poll(() => fieldError(page, label)).toMatch(error);
      const field = page.getByLabel(label, { exact: true });
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      // Polled: the field's error may show on blur, before Pay's submit() has focused it (a busy
      // machine loads the payment's chunk slowly).
      await expect.poll(() => field.evaluate((node) => node === document.activeElement)).toBe(true);
      expect(await payButton(page).textContent()).toBe('Pay $5.00');
      expect(await payButton(page).getAttribute('aria-busy')).toBe('false');
      expect(await paymentMessage(page).textContent()).toBe('');
      expect(customer.charges).toEqual([]);
      expect(toStripe).toEqual([]);
    },
  );

  // The checkout's decline cap closes it for good: "try again later" would not help. What the
  // customer can do is what the server allows: another card, in a new checkout.
  test(`${MAX_DECLINES_PER_CHECKOUT} declines close the checkout: why, not charged; another card pays anew`, async ({
    customer,
    checkoutPage: page,
  }) => {
    customer.expectConsoleError(/status of 429/); // the cap's answer
    await fillCheckout(page, { number: '4000000000000002' });
    for (let attempt = 1; attempt <= MAX_DECLINES_PER_CHECKOUT + 1; attempt++) {
      await payButton(page).click();
      await expect.poll(() => customer.charges.length, { timeout: 20_000 }).toBe(attempt);
      await expect.poll(() => payButton(page).getAttribute('aria-busy')).toBe('false');
    }
    const capped = customer.checkoutId();
    expect(await paymentMessage(page).textContent()).toBe(
      'This checkout had too many declined payment attempts, so it cannot take any more. You have not ' +
        'been charged. To pay, use another card: paying again starts a new checkout. Your bank ' +
        'can tell you why your card was declined.',
    );
    expect(await axeViolations(page), 'the checkout closed by its declines').toEqual([]);

    await fillCard(page, { number: '4242424242424242' });
    await payButton(page).click();
    expect(await thankYouText(page)).toContain('Visa ending in 4242');
    expect(customer.checkoutId()).not.toBe(capped);
    expect((await paymentIntentsOf(capped)).map((pi) => pi.status)).toEqual([
      'requires_payment_method',
    ]);
    expect((await paymentIntentsOf(customer.checkoutId())).map((pi) => pi.status)).toEqual([
      'succeeded',
    ]);
  });

  test('an invalid email: a message at the field, focus on it, and no request to /charge', async ({
    customer,
    checkoutPage: page,
  }) => {
    await fillCheckout(page, { number: '4242424242424242' }, 'jane.doe@');
    await payButton(page).click();

    const email = page.getByLabel('Email address');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(page, 'Email address')).toBe('Please enter a valid email address.');
    expect(await email.evaluate((node) => node === document.activeElement)).toBe(true);
    expect(customer.charges).toEqual([]);

    // Corrected, the same page pays.
    await email.fill('jane.doe@example.com');
    await payButton(page).click();
    await thankYouText(page);
    expect(customer.charges).toHaveLength(1);
  });

  test('Turnstile’s script not loading: its empty widget goes, the page says so, Pay works and tries again', async ({
    customer,
  }) => {
    const { page } = customer;
    // The shop asks for the security check (as after declines from this network); Cloudflare's
    // script does not arrive (no network to it here, as behind a blocker).
    await page.route(shopPath('/config'), async (route) => {
      const response = await route.fetch();
      // Cloudflare's documented test site key, which any page may show.
      const json = { ...(await response.json()), turnstileSiteKey: '1x00000000000000000000AA' };
      await route.fulfill({ response, json });
    });
    await page.route('**/charge*', (route) =>
      route.fulfill({
        status: 403,
        json: {
          error: {
            code: 'turnstile_required',
            param: 'turnstile_token',
            message: 'Please complete the security check above the Pay button.',
            charged: false,
          },
        },
      }),
    );
    await page.route('https://challenges.cloudflare.com/**', (route) => route.abort());
    // (Without a site key of its own, the shop's Content-Security-Policy refuses it too.)
    const scripts = page.locator('script[src^="https://challenges.cloudflare.com/"]');
    customer.expectConsoleError(/status of 403 .*\/charge[?)]/);
    customer.expectConsoleError(/challenges\.cloudflare\.com/);
    await openCheckout(page);
    await fillCheckout(page, { number: '4242424242424242' });
    for (const attempt of [1, 2]) {
      await payButton(page).click();
      await expect.poll(() => scripts.count()).toBe(attempt); // each Pay loads it anew
      await expect
        .poll(() => paymentMessage(page).textContent())
        .toBe(
          'Part of this page could not load. Please check your connection and reload the page.',
        );
      expect(await page.locator('.cf-turnstile').count()).toBe(0);
      await expect.poll(() => payButton(page).textContent()).toBe('Pay $5.00');
      expect(await payButton(page).getAttribute('aria-busy')).toBe('false');
      expect(await axeViolations(page), `axe on could not load (Pay ${attempt})`).toEqual([]);
    }
    expect(customer.charges).toHaveLength(2);
  });
  // Turnstile speaks the browser's language unless told: a page in German (?lang=de) on an English
  // browser tells it the page's.
  test('Turnstile’s challenge in the page’s language, not the browser’s', async ({ customer }) => {
    const { page } = customer;
    await page.route(shopPath('/config'), async (route) => {
      const response = await route.fetch();
      const json = { ...(await response.json()), turnstileSiteKey: '1x00000000000000000000AA' };
      await route.fulfill({ response, json });
    });
    await page.route('**/charge*', (route) =>
      route.fulfill({
        status: 403,
        json: {
          error: {
            code: 'turnstile_required',
            param: 'turnstile_token',
            message: 'Bitte schließen Sie die Sicherheitsprüfung ab.',
            charged: false,
          },
        },
      }),
    );
    await page.route('https://challenges.cloudflare.com/**', (route) => route.abort());
    customer.expectConsoleError(/status of 403 .*\/charge[?)]/);
    customer.expectConsoleError(/challenges\.cloudflare\.com/);
    // The widget's language as it was shown (it goes when the script does not arrive).
    await page.addInitScript(() => {
      const seen: (string | undefined)[] = [];
      (window as unknown as { seen: typeof seen }).seen = seen;
      new MutationObserver((records) => {
        for (const record of records)
          for (const node of Array.from(record.addedNodes))
            if (node instanceof HTMLElement && node.matches('.cf-turnstile'))
              seen.push(node.dataset.language);
      }).observe(document, { subtree: true, childList: true });
    });
    await openCheckout(page, '/?lang=de');
    await fillCheckout(page, { number: '4242424242424242' });
    await payButton(page).click();
    // Before: no data-language (Turnstile's `auto`: the browser's, English here).
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { seen: unknown }).seen))
      .toEqual(['de']);
  });
});
