/**
 * The cart on the Checkout page (issue 13): every product with a quantity, prices from the server,
 * a promotion code, by keyboard and with axe; and what a reload, a lost answer or the bank's page
 * must not undo (issue 12: the checkout kept until the receipt, back to the cart after 3-D Secure,
 * Pay that works on the first press).
 */
import type { Page, Route } from 'playwright-core';
import { axeViolations } from './support/axe.ts';
import {
  CHECKOUT,
  CHROMIUM,
  DESKTOP,
  FUTURE_EXPIRY,
  cartTotal,
  checkoutReady,
  fillCard,
  fillCheckout,
  openCheckout,
  openPromotionCode,
  payButton,
  paymentMessage,
  payToTheBank,
  quantity,
  shopPath,
  thankYouText,
} from './support/checkout-page.ts';
import { describe, expect, test } from './support/fixtures.ts';
import { payWithCard } from './support/pay.ts';
import { onTestFinished } from 'vitest';
import { createPromotionCode, paymentIntentsOf, simFault, simWebhooks } from './support/sim.ts';

// The page's requests, whatever their query (?lang=); one matcher each, for route and unroute.
const QUOTE = shopPath('/quote');

/** The next request to `url`, held until `release()`; `asked` resolves once it is on its way. */
async function held(page: Page, url: (url: URL) => boolean) {
  let asked!: () => void;
  let release!: () => void;
  const arrived = new Promise<void>((resolve) => (asked = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let taken = false;
  await page.route(url, async (route) => {
    if (taken) return route.fallback();
    taken = true;
    asked();
    await released;
    await route.continue();
  });
  return { asked: arrived, release };
}
const CHARGE = shopPath('/charge');

const PRODUCTS = ['Support our work', 'Wallpaper pack', 'The handbook', 'Mug', 'Poster'];

/** The quantity chosen for each product of the cart, in order. */
const quantities = (page: Page) =>
  Promise.all(PRODUCTS.map((name) => quantity(page, name).inputValue()));

/** The cart's summary as the page shows it: each line's amount, and the total. */
const amounts = (page: Page) =>
  page.locator('#cart select + span, #discount:not([hidden]) dd, #total').allTextContents();

describe.skipIf(!CHROMIUM)('the cart', () => {
  test('opens with the $5.00 product, every other at 0, and pays $5.00 in one click', async ({
    customer,
    checkoutPage: page,
  }) => {
    expect(await quantities(page)).toEqual(['1', '0', '0', '0', '0']);
    expect(await quantity(page, 'Wallpaper pack').locator('option').allTextContents()).toEqual(
      Array.from({ length: 11 }, (_, i) => String(i)),
    );
    // The euro product is not offered beside dollar ones: one payment has one currency.
    expect(await page.locator('#cart').textContent()).not.toContain('Postcard');
    expect(await amounts(page)).toEqual(['$5.00', '$0.00', '$0.00', '$0.00', '$0.00', '$5.00']);
    expect(await payButton(page).textContent()).toBe('Pay $5.00');

    const { receipt, paymentIntent } = await payWithCard(customer, '4242424242424242');
    expect(receipt).toMatch(/Support our work × 1\s+\$5\.00\s+Total paid\s+\$5\.00/);
    expect(paymentIntent.amount).toBe(500);
  });

  test('/?product=<id> opens with that product', async ({ customer }) => {
    const { page } = customer;
    await openCheckout(page, '/?product=handbook');
    expect(await quantities(page)).toEqual(['0', '0', '1', '0', '0']);
    expect(await payButton(page).textContent()).toBe('Pay $18.00');
  });

  test("shows a product's photo at 48 × 48 px cropped, never stretched", async ({
    checkoutPage: page,
  }) => {
    const photo = page.locator('#cart img').first();
    expect(await photo.evaluate((img) => getComputedStyle(img).objectFit)).toBe('cover');
    expect(await photo.evaluate((img) => [img.clientWidth, img.clientHeight])).toEqual([48, 48]);
  });

  test('/?product=<a product that is gone> says so, opens an empty cart and charges nothing', async ({
    customer,
  }) => {
    const { page } = customer;
    await openCheckout(page, '/?product=sold-out-poster');
    const notice = page.getByText('This product is no longer available.');
    expect(await notice.isVisible()).toBe(true);
    expect(await quantities(page)).toEqual(['0', '0', '0', '0', '0']);
    expect(await payButton(page).textContent()).toBe('Pay');
    expect(await axeViolations(page)).toEqual([]);
    // Pay with nothing chosen: refused with the shop's reason, nothing sent to Stripe.
    await fillCheckout(page, { number: '4242424242424242' });
    await payButton(page).click();
    customer.expectConsoleError(/status of 400 .*\/charge[?)]/);
    await expect
      .poll(() => paymentMessage(page).textContent())
      .toMatch(/^Your cart is empty: choose at least one product\./);
    expect(await paymentIntentsOf(customer.checkoutId())).toEqual([]);
    // A product chosen: priced by the server, and paid as shown.
    await quantity(page, 'The handbook').selectOption('1');
    await expect.poll(() => payButton(page).textContent()).toBe('Pay $18.00');
    await payButton(page).click();
    expect(await thankYouText(page)).toMatch(/The handbook × 1/);
    expect(
      (await paymentIntentsOf(customer.checkoutId())).map((pi) => [pi.status, pi.amount]),
    ).toEqual([['succeeded', 1800]]);
  });

  test('prices every change on the server, the first one once its code arrives, and announces the total', async ({
    customer,
    checkoutPage: page,
  }) => {
    const quotes: string[] = [];
    page.on('request', (request) => {
      if (shopPath('/quote')(request.url())) quotes.push(request.postData() ?? '');
    });
    // The cart's chunk (its first state is the Worker's) is held until the change is made: the
    // change is applied once it arrives, not lost.
    let held: Route | undefined;
    await customer.context.route('**/chunks/cart-*.js', (route) => void (held = route));
    await quantity(page, 'Wallpaper pack').selectOption('2');
    await expect.poll(() => held !== undefined).toBe(true);
    expect(quotes).toEqual([]);
    await held!.continue();
    await expect.poll(() => cartTotal(page).textContent()).toBe('$11.00');
    expect(JSON.parse(quotes.at(-1)!)).toMatchObject({
      items: [
        { product: 'support-5', quantity: 1 },
        { product: 'wallpapers', quantity: 2 },
      ],
    });
    expect(await amounts(page)).toEqual(['$5.00', '$6.00', '$0.00', '$0.00', '$0.00', '$11.00']);
    expect(await payButton(page).textContent()).toBe('Pay $11.00');
    // The total is a live region: screen readers hear "Total $11.00" as it changes.
    const region = cartTotal(page).locator('..');
    expect(await region.getAttribute('aria-live')).toBe('polite');
    expect(await region.getAttribute('aria-atomic')).toBe('true');
    expect(await region.textContent()).toBe('Total$11.00');
    expect(customer.charges).toHaveLength(0);
  });

  test('explains a code that does not apply, applies one that does, and removes it', async ({
    customer,
    checkoutPage: page,
  }) => {
    // Chromium logs the 400 that refuses the code, which the page explains.
    customer.expectConsoleError(/status of 400 .*\/quote[?)]/);
    // "Add promotion code" opens the code's form, its field focused, and closes it again.
    const disclosure = page.getByRole('button', { name: 'Add promotion code' });
    expect(await disclosure.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByLabel('Promotion code').count()).toBe(0);
    await disclosure.click();
    const code = page.getByLabel('Promotion code');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('code');
    expect(await disclosure.getAttribute('aria-expanded')).toBe('true');
    await disclosure.click();
    expect([await disclosure.getAttribute('aria-expanded'), await code.isHidden()]).toEqual([
      'false',
      true,
    ]);
    await disclosure.click();
    expect(await code.isVisible()).toBe(true);
    await code.fill('NOSUCHCODE');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => page.locator('#code-note').textContent())
      .toBe('We do not recognise this promotion code. Please check it and try again.');
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#code-note').getAttribute('aria-live')).toBe('polite');
    expect(await axeViolations(page), 'a refused code').toEqual([]);

    await quantity(page, 'The handbook').selectOption('1');
    await code.fill(await createPromotionCode({ amount_off: '200', currency: 'usd' }));
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => cartTotal(page).textContent()).toBe('$21.00');
    expect(await page.locator('#code-note').textContent()).toBe('$2.00 off');
    expect(await code.getAttribute('aria-invalid')).toBe('false');
    expect(await page.locator('#discount').innerText()).toMatch(
      /^Discount \(SPRING\w+\)\s+−\$2\.00$/,
    );
    expect(await payButton(page).textContent()).toBe('Pay $21.00');

    await page.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => cartTotal(page).textContent()).toBe('$23.00');
    expect(await page.locator('#discount').isHidden()).toBe(true);
    expect(await code.inputValue()).toBe('');
    expect(await page.locator('#code-note').textContent()).toBe('');
  });

  test('keeps a code applied across a reload, its form open with Remove', async ({
    checkoutPage: page,
  }) => {
    await openPromotionCode(page);
    await page.getByLabel('Promotion code').fill(await createPromotionCode({ percent_off: '20' }));
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => cartTotal(page).textContent()).toBe('$4.00');

    await page.reload();
    await checkoutReady(page);
    expect(await cartTotal(page).textContent()).toBe('$4.00');
    const disclosure = page.getByRole('button', { name: 'Add promotion code' });
    expect(await disclosure.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByLabel('Promotion code').getAttribute('readonly')).not.toBeNull();
    expect(await page.locator('#code-note').textContent()).toBe('20% off');
    await page.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => cartTotal(page).textContent()).toBe('$5.00');
    expect(await axeViolations(page)).toEqual([]);
  });

  test('a code applied or removed, then a quantity changed before its answer: the code holds', async ({
    checkoutPage: page,
  }) => {
    await openPromotionCode(page);
    await page
      .getByLabel('Promotion code')
      .fill(await createPromotionCode({ amount_off: '200', currency: 'usd' }));
    // The code's quote is held; the quantity's, asked meanwhile, overtakes it.
    const applying = await held(page, QUOTE);
    await page.getByRole('button', { name: 'Apply' }).click();
    await applying.asked;
    await quantity(page, 'Support our work').selectOption('2');
    await expect.poll(() => cartTotal(page).textContent()).toBe('$8.00');
    applying.release();
    await expect.poll(() => page.locator('#apply').textContent()).toBe('Remove');
    // And removed: the next quantity's quote goes without it.
    const removing = await held(page, QUOTE);
    await page.getByRole('button', { name: 'Remove' }).click();
    await removing.asked;
    await quantity(page, 'Support our work').selectOption('3');
    await expect.poll(() => cartTotal(page).textContent()).toBe('$15.00');
    // The removal's own answer, last, changes nothing.
    const last = page.waitForResponse((response) => shopPath('/quote')(response.url()));
    removing.release();
    await last;
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve))); // its handler ran
    expect(await amounts(page)).toEqual(['$15.00', '$0.00', '$0.00', '$0.00', '$0.00', '$15.00']);
    expect(await page.locator('#apply').textContent()).toBe('Apply');
  });

  test('has targets of at least 44 × 44 px', async ({ checkoutPage: page }) => {
    const disclosure = page.getByRole('button', { name: 'Add promotion code' });
    await openPromotionCode(page);
    const controls = [
      ...PRODUCTS.map((name) => quantity(page, name)),
      disclosure,
      page.getByLabel('Promotion code'),
      page.getByRole('button', { name: 'Apply' }),
      page.getByLabel('Email address'),
      payButton(page),
    ];
    for (const control of controls) {
      const box = (await control.boundingBox())!;
      expect(
        [box.width, box.height].map((side) => side >= 44),
        await control.evaluate((el) => el.id),
      ).toEqual([true, true]);
    }
  });

  test('buys two products with a promotion code by keyboard alone; axe finds no violation', async ({
    customer,
    checkoutPage: page,
  }) => {
    const promotion = await createPromotionCode({ percent_off: '20' });
    await page.keyboard.press('Tab'); // The shop's name, leading to its site
    await page.keyboard.press('Tab'); // Support our work: 1, as the page opened
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown'); // Wallpaper pack: 2
    await page.keyboard.press('Tab'); // The handbook
    await page.keyboard.press('Tab'); // Mug
    await page.keyboard.press('Tab'); // Poster
    await page.keyboard.press('Tab'); // Add promotion code
    await page.keyboard.press('Enter'); // opens the code's form, the field focused
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('code');
    await page.keyboard.type(promotion.toLowerCase());
    await page.keyboard.press('Enter'); // applies the code; it does not pay
    await expect.poll(() => cartTotal(page).textContent()).toBe('$8.80');
    expect(customer.charges).toHaveLength(0);
    expect(await axeViolations(page), 'the cart with a code').toEqual([]);

    await page.keyboard.press('Tab'); // Remove
    await page.keyboard.press('Tab');
    await page.keyboard.type('jane.doe@example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type('4242424242424242');
    await page.keyboard.press('Tab');
    await page.keyboard.type(FUTURE_EXPIRY);
    await page.keyboard.press('Tab');
    await page.keyboard.type('123');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Pay $8.80');
    await page.keyboard.press('Enter');

    const receipt = await thankYouText(page);
    expect(receipt).toMatch(
      new RegExp(
        String.raw`Support our work × 1\s+\$5\.00\s+Wallpaper pack × 2\s+\$6\.00\s+` +
          String.raw`Discount \(${promotion}\)\s+−\$2\.20\s+Total paid\s+\$8\.80`,
      ),
    );
    expect(await axeViolations(page), 'the receipt').toEqual([]);
    const [intent] = await paymentIntentsOf(customer.checkoutId());
    expect(intent).toMatchObject({
      status: 'succeeded',
      amount: 880,
      metadata: { promotion_code: promotion, discount_amount: '220' },
    });
  });
});

describe.skipIf(!CHROMIUM)('a checkout that survives', () => {
  test('a price without an answer says the page could not load it, nothing about a payment', async ({
    customer,
    checkoutPage: page,
  }) => {
    customer.expectConsoleError(/\/quote[?)]/);
    await page.route(QUOTE, (route) => route.abort());
    await quantity(page, 'Wallpaper pack').selectOption('2');
    await expect
      .poll(() => paymentMessage(page).textContent())
      .toBe('Part of this page could not load. Please check your connection and reload the page.');
    expect(await page.locator('#total').textContent()).toBe('');
    expect(await payButton(page).textContent()).toBe('Pay');

    // The reload it asks for prices the same cart.
    await page.unroute(QUOTE);
    await page.reload();
    await checkoutReady(page);
    expect(await amounts(page)).toEqual(['$5.00', '$6.00', '$0.00', '$0.00', '$0.00', '$11.00']);
    expect(await paymentMessage(page).textContent()).toBe('');
  });

  test('a lost /charge answer, a reload and Pay again: one PaymentIntent, succeeded', async ({
    customer,
    checkoutPage: page,
  }) => {
    // Chromium logs the 502 of the lost answer, which the page explains.
    customer.expectConsoleError(/status of 502 .*\/charge[?)]/);
    await quantity(page, 'Wallpaper pack').selectOption('1');
    await fillCheckout(page, { number: '4242424242424242' });
    // Stripe carries the payment out, but every answer to the Worker is lost (its 3 attempts).
    // Webhooks wait meanwhile: the payment's event would read the PaymentIntent (its order not
    // linked yet) and take one of the 3 faults, and the Worker's last attempt would be answered.
    await simWebhooks(false);
    onTestFinished(() => simWebhooks(true)); // also if it fails before resuming them
    await page.route(CHARGE, async (route) => {
      await simFault({ mode: 'drop', count: 3 });
      await route.fallback();
    });
    await payButton(page).click();
    await expect
      .poll(() => paymentMessage(page).textContent(), { timeout: 30_000 })
      .toMatch(/not confirmed|could not confirm/);
    await page.unroute(CHARGE);
    await simFault(null);
    await simWebhooks(true);
    const first = customer.checkoutId();

    await page.reload();
    await checkoutReady(page);
    // The same cart, email and checkout; the page offers to finish the payment, not a new one.
    expect(await quantities(page)).toEqual(['1', '1', '0', '0', '0']);
    expect(await page.getByLabel('Email address').inputValue()).toBe('jane.doe@example.com');
    expect(await payButton(page).textContent()).toBe('Try again');
    // Said by the payment's chunk, which the page loads for it.
    await expect.poll(() => paymentMessage(page).textContent()).toMatch(/not confirmed/);
    await fillCard(page, { number: '4242424242424242' });
    await payButton(page).click();
    expect(await thankYouText(page)).toMatch(/Total paid\s+\$8\.00/);

    expect(customer.charges).toHaveLength(2);
    expect(customer.checkoutId()).toBe(first);
    expect((await paymentIntentsOf(first)).map((pi) => [pi.status, pi.amount])).toEqual([
      ['succeeded', 800],
    ]);
  });

  test('a failed 3-D Secure check returns to the same cart and email, saying so; paying again works', async ({
    customer,
    checkoutPage: page,
  }) => {
    await quantity(page, 'Wallpaper pack').selectOption('2');
    await fillCheckout(page, { number: '4000000000003220' }, 'o.brien@example.com');
    await payToTheBank(page);
    await page.getByRole('button', { name: 'Fail authentication' }).click();

    await page.waitForURL(`${CHECKOUT}/`);
    await checkoutReady(page);
    expect(await quantities(page)).toEqual(['1', '2', '0', '0', '0']);
    expect(await page.getByLabel('Email address').inputValue()).toBe('o.brien@example.com');
    expect(await paymentMessage(page).textContent()).toBe(
      'Your bank did not confirm this payment. You have not been charged. Try again, or use another card.',
    );
    expect(await axeViolations(page)).toEqual([]);

    await fillCard(page, { number: '4000002760003184' });
    await payToTheBank(page);
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    expect(await thankYouText(page)).toMatch(/Wallpaper pack × 2[\s\S]*Total paid\s+\$11\.00/);

    const checkouts = new Set(
      customer.charges.map((request) => JSON.parse(request.postData() ?? '{}').checkout_id),
    );
    expect(checkouts.size).toBe(1);
    expect(
      (await paymentIntentsOf(customer.checkoutId())).map((pi) => [pi.status, pi.amount]),
    ).toEqual([['succeeded', 1100]]);
  });

  test('the browser’s Back from the bank’s page returns to the same cart, its step unfinished', async ({
    customer,
    checkoutPage: page,
  }) => {
    await quantity(page, 'The handbook').selectOption('1');
    await fillCheckout(page, { number: '4000002760003184' });
    // Paid once Pay says the handbook's total (a press before would not pay: the total changed).
    await expect.poll(() => payButton(page).textContent()).toBe('Pay $23.00');
    await payToTheBank(page);
    await page.goBack();
    await checkoutReady(page);
    expect(await quantities(page)).toEqual(['1', '0', '1', '0', '0']);
    // Without Stripe's return the bank may have approved meanwhile (its app): "not charged" only
    // unless the customer completed it. The bank's step left open, never the shop's fault (before:
    // "We could not get an answer from the shop, so your payment is not confirmed").
    await expect
      .poll(() => paymentMessage(page).textContent())
      .toBe(
        'Your bank’s check of this payment is not finished: you have not been charged unless you ' +
          'completed it. Press Try again to go back to it. Trying again is safe: this checkout ' +
          'can never be charged twice.',
      );
    await expect.poll(() => payButton(page).textContent()).toBe('Try again');
    expect(await axeViolations(page), 'axe on the checkout back from the bank').toEqual([]);
    // Try again: the shop asks Stripe where the payment stands, and hands it to the bank again.
    await fillCard(page, { number: '4000002760003184' });
    await payToTheBank(page);
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    await thankYouText(page);
    expect(
      (await paymentIntentsOf(customer.checkoutId())).map((pi) => [pi.status, pi.amount]),
    ).toEqual([['succeeded', 2300]]);
  });

  test('Pay works on the first press after correcting a field: nothing moves under the pointer', async ({
    customer,
    checkoutPage: page,
  }) => {
    await fillCard(page, { number: '4242424242424242' });
    await payButton(page).click();
    await expect.poll(() => page.locator('#email-error').isVisible()).toBe(true);
    await page.getByLabel('Email address').fill('jane.doe@example.com');

    // Press and release Pay with the mouse, where it is when the press begins.
    const before = (await payButton(page).boundingBox())!;
    await page.mouse.move(before.x + before.width / 2, before.y + before.height / 2);
    await page.mouse.down();
    const during = (await payButton(page).boundingBox())!;
    await page.mouse.up();
    expect(during).toEqual(before);
    await thankYouText(page);
    expect(customer.charges).toHaveLength(1);
  });

  test('after payment, "Start a new order" opens a new checkout, and /?new drops a kept cart', async ({
    customer,
    checkoutPage: page,
  }) => {
    await quantity(page, 'The handbook').selectOption('2');
    await page.reload();
    await checkoutReady(page);
    expect(await quantities(page)).toEqual(['1', '0', '2', '0', '0']);
    await page.goto('/?new');
    await checkoutReady(page);
    expect(await quantities(page)).toEqual(['1', '0', '0', '0', '0']);
    expect(page.url()).toBe(`${CHECKOUT}/`);
    // A language a link chose stays chosen: a reload of the new checkout is still in it.
    await page.goto('/?new&lang=de');
    await checkoutReady(page);
    expect(page.url()).toBe(`${CHECKOUT}/?lang=de`);
    await page.goto('/?new');
    await checkoutReady(page);

    await payWithCard(customer, '4242424242424242');
    const paid = customer.checkoutId();
    await page.getByRole('link', { name: 'Start a new order' }).click();
    await checkoutReady(page);
    expect(await quantities(page)).toEqual(['1', '0', '0', '0', '0']);
    expect(await page.getByLabel('Email address').inputValue()).toBe('');
    await payWithCard(customer, '4242424242424242');
    expect(customer.checkoutId()).not.toBe(paid);
  });
});

// The first screen is the Worker's: the cart it opens with, priced, is there before any script
// runs; the script's cart (its chunk) takes over at the first change (above) and for a checkout
// kept across a reload.
describe.skipIf(!CHROMIUM)("the cart's first screen", () => {
  test('shows the priced cart with no script at all, and says why there is nothing to pay with', async ({
    newCustomer,
    checkoutPage,
  }) => {
    const { page } = await newCustomer({ ...DESKTOP, javaScriptEnabled: false });
    await page.goto('/');
    expect(await quantities(page)).toEqual(['1', '0', '0', '0', '0']);
    expect(await amounts(page)).toEqual(['$5.00', '$0.00', '$0.00', '$0.00', '$0.00', '$5.00']);
    expect(await quantity(page, 'Support our work').isVisible()).toBe(true);
    expect(await cartTotal(page).isVisible()).toBe(true);
    expect(await payButton(page).textContent()).toBe('Pay $5.00');
    expect(await paymentMessage(page).textContent()).toBe('');
    // (Playwright's text selectors skip <noscript>: read by its element.)
    const noScript = page.locator('main noscript p');
    expect(await noScript.isVisible()).toBe(true);
    expect(await noScript.textContent()).toBe(
      'Paying here needs JavaScript. You have not been charged.',
    );
    // The footer (contact, terms, privacy) is there too: only a script's page waits for its form.
    expect(await page.getByRole('link', { name: 'Privacy' }).isVisible()).toBe(true);
    await page.goto('/?lang=de');
    expect(await noScript.textContent()).toBe(
      'Zum Bezahlen ist JavaScript nötig. Ihnen wurde nichts berechnet.',
    );
    // With a script, the line is never shown.
    expect(await checkoutPage.locator('main noscript').isVisible()).toBe(false);
  });

  test('restores a kept checkout over the first screen after a reload', async ({
    checkoutPage: page,
  }) => {
    await quantity(page, 'Wallpaper pack').selectOption('2');
    await quantity(page, 'The handbook').selectOption('1');
    await expect.poll(() => cartTotal(page).textContent()).toBe('$29.00');

    await openCheckout(page, '/');
    await expect.poll(() => quantities(page)).toEqual(['1', '2', '1', '0', '0']);
    await expect.poll(() => cartTotal(page).textContent()).toBe('$29.00');
    expect(await amounts(page)).toEqual(['$5.00', '$6.00', '$18.00', '$0.00', '$0.00', '$29.00']);
    expect(await payButton(page).textContent()).toBe('Pay $29.00');
  });

  test('shows a kept cart before /config answers, no total until priced, and keeps a change made meanwhile', async ({
    checkoutPage: page,
  }) => {
    await quantity(page, 'Wallpaper pack').selectOption('2');
    await expect.poll(() => cartTotal(page).textContent()).toBe('$11.00');
    // The reload's /config is held: the page shows the kept cart (with the cart's chunk, which
    // only a kept checkout imports at once) before the shop answers.
    let held: Route | undefined;
    await page.route(shopPath('/config'), (route) => void (held = route));
    await page.reload();
    await expect.poll(() => held !== undefined).toBe(true);
    await expect.poll(() => quantities(page)).toEqual(['1', '2', '0', '0', '0']);
    expect(await amounts(page)).toEqual(['$5.00', '', '$0.00', '$0.00', '$0.00', '']);
    expect(await payButton(page).textContent()).toBe('Pay');
    await quantity(page, 'The handbook').selectOption('1');
    await held!.continue();
    await expect.poll(() => cartTotal(page).textContent()).toBe('$29.00');
    expect(await quantities(page)).toEqual(['1', '2', '1', '0', '0']);
    expect(await payButton(page).textContent()).toBe('Pay $29.00');
  });

  test("a kept cart in German: Pay names no amount until priced, in the Worker's word", async ({
    newCustomer,
  }) => {
    const { page } = await newCustomer({ ...DESKTOP, locale: 'de-DE' });
    await openCheckout(page);
    await page.getByLabel('Anzahl von Hintergrundbilder', { exact: true }).selectOption('2');
    await expect.poll(() => payButton(page).textContent()).toBe('11,00\u00a0$ bezahlen');
    let held: Route | undefined;
    await page.route(shopPath('/config'), (route) => void (held = route));
    await page.reload();
    await expect.poll(() => held !== undefined).toBe(true);
    // The kept rows' chunk takes the Worker's amount away: "Bezahlen", as the Worker writes it.
    await expect.poll(() => cartTotal(page).textContent()).toBe('');
    expect(await payButton(page).textContent()).toBe('Bezahlen');
    await held!.continue();
    await expect.poll(() => payButton(page).textContent()).toBe('11,00\u00a0$ bezahlen');
  });

  test('never pays a kept cart at a price the page did not show, its chunk failing once', async ({
    customer,
    checkoutPage: page,
  }) => {
    await quantity(page, 'Support our work').selectOption('3');
    await expect.poll(() => cartTotal(page).textContent()).toBe('$15.00');
    // After a reload the cart's stylesheet fails once: the chunk is not ready, and nothing priced.
    customer.expectConsoleError(/cart\.css/);
    await page.route('**/cart.css*', (route) => route.abort(), { times: 1 });
    await page.reload();
    await checkoutReady(page);
    await expect.poll(() => paymentMessage(page).textContent()).toMatch(/could not load/);
    expect(await quantities(page)).toEqual(['3', '0', '0', '0', '0']);
    expect(await payButton(page).textContent()).toBe('Pay');
    await fillCheckout(page, { number: '4242424242424242' });
    // Pay prices the cart first: nothing is charged until the customer has seen $15.00.
    await payButton(page).click();
    await expect.poll(() => payButton(page).textContent(), { timeout: 10_000 }).toBe('Pay $15.00');
    expect(await cartTotal(page).textContent()).toBe('$15.00');
    expect(customer.charges).toHaveLength(0);
    await payButton(page).click();
    expect(await thankYouText(page)).toMatch(/Support our work × 3[\s\S]*Total paid\s+\$15\.00/);
    expect(
      (await paymentIntentsOf(customer.checkoutId())).map((pi) => [pi.status, pi.amount]),
    ).toEqual([['succeeded', 1500]]);
  });

  test('Pay pressed while a newer price is on its way charges nothing until Pay says it', async ({
    customer,
    checkoutPage: page,
  }) => {
    await fillCheckout(page, { number: '4242424242424242' });
    expect(await payButton(page).textContent()).toBe('Pay $5.00');
    // A slow network: the price of the next change is held until the customer has pressed Pay.
    const quoting = await held(page, QUOTE);
    await quantity(page, 'Support our work').selectOption('3');
    await quoting.asked;
    // The customer presses the button that says $5.00, before the new price is there.
    expect(await payButton(page).textContent()).toBe('Pay $5.00');
    await payButton(page).click();
    await expect.poll(() => payButton(page).getAttribute('aria-busy')).toBe('true');
    quoting.release();
    // Nothing sent: Pay says the new total, not busy (it is busy until POST /charge answers), and
    // the customer pays it with a new press.
    await expect.poll(() => payButton(page).textContent()).toBe('Pay $15.00');
    expect(await cartTotal(page).textContent()).toBe('$15.00');
    expect(await payButton(page).getAttribute('aria-busy')).toBe('false');
    expect(customer.charges).toHaveLength(0);
    await payButton(page).click();
    expect(await thankYouText(page)).toMatch(/Support our work × 3[\s\S]*Total paid\s+\$15\.00/);
    expect(customer.charges.map((request) => request.postDataJSON().expected_total)).toEqual([
      1500,
    ]);
  });

  test('a cart changed while Pay is busy is not paid: Pay then says its total', async ({
    customer,
    checkoutPage: page,
  }) => {
    await fillCheckout(page, { number: '4242424242424242' });
    expect(await payButton(page).textContent()).toBe('Pay $5.00');
    // Stripe takes its time making the card's token; the cart changes meanwhile.
    let asked!: () => void;
    let answer!: () => void;
    const asking = new Promise<void>((resolve) => (asked = resolve));
    const answered = new Promise<void>((resolve) => (answer = resolve));
    await page.route('**/v1/confirmation_tokens', async (route) => {
      asked();
      await answered;
      await route.continue();
    });
    await payButton(page).click();
    await asking;
    // The cart waits while paying; a change that gets through anyway (by script here) is caught.
    const inert = () => page.locator('#cart').evaluate((cart) => (cart as HTMLElement).inert);
    expect(await inert()).toBe(true);
    await quantity(page, 'Support our work').evaluate((select: HTMLSelectElement) => {
      select.value = '3';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await expect.poll(() => cartTotal(page).textContent()).toBe('$15.00');
    answer();
    // Pay not busy again says the payment ended before POST /charge (it is busy until answered).
    await expect.poll(() => payButton(page).textContent()).toBe('Pay $15.00');
    expect(await inert()).toBe(false);
    expect(customer.charges).toHaveLength(0);
  });

  test('survives a kept quantity the page no longer offers: says why, and a change prices it', async ({
    customer,
    checkoutPage: page,
  }) => {
    // The server refuses that quantity (400), which the browser logs.
    customer.expectConsoleError(/\/quote/);
    await quantity(page, 'Support our work').selectOption('2');
    await expect.poll(() => cartTotal(page).textContent()).toBe('$10.00');
    // A deploy lowered the most one may buy: the kept quantity is not among the page's choices.
    await page.evaluate(() => {
      const kept = JSON.parse(sessionStorage.getItem('checkout')!);
      kept.items['support-5'] = 12;
      sessionStorage.setItem('checkout', JSON.stringify(kept));
    });
    await page.reload();
    await expect.poll(() => paymentMessage(page).textContent()).toMatch(/\S/);
    await quantity(page, 'Support our work').selectOption('3');
    await expect.poll(() => cartTotal(page).textContent()).toBe('$15.00');
    expect(await payButton(page).textContent()).toBe('Pay $15.00');
  });

  test('leaves out a product of a newer deploy that the page has no row for', async ({
    customer,
  }) => {
    const { page } = customer;
    // /config from the next deploy lists a product this page's HTML does not know.
    await page.route(shopPath('/config'), async (route) => {
      const response = await route.fetch();
      const config = await response.json();
      config.products.unshift({ id: 'next-deploy', currency: 'usd', shippable: false });
      await route.fulfill({ response, json: config });
    });
    await openCheckout(page, '/');
    await quantity(page, 'Wallpaper pack').selectOption('1');
    await expect.poll(() => cartTotal(page).textContent()).toBe('$8.00');
    expect(await paymentMessage(page).textContent()).toBe('');
    expect(await payButton(page).textContent()).toBe('Pay $8.00');
  });
});
