/**
 * The total on Pay is the total charged: the page sends the total it shows with Pay, and when the
 * price moved since its quote the shop charges nothing and answers the price now, which the page
 * shows (the lines, the total, Pay's label) and says, for the customer to pay once seen.
 */
import type { Page, Request } from 'playwright-core';
import { axeViolations } from './support/axe.ts';
import {
  CHECKOUT,
  CHROMIUM,
  cartTotal,
  fillCheckout,
  openPromotionCode,
  payButton,
  paymentMessage,
  quantity,
  shopPath,
  thankYouText,
} from './support/checkout-page.ts';
import { describe, expect, test } from './support/fixtures.ts';
import { paymentIntentsOf, simPost, stripeCallsOf } from './support/sim.ts';

const QUOTE = shopPath('/quote');

/** The cart's lines and total as the page shows them. */
const amounts = (page: Page) =>
  page.locator('#cart select + span, #discount:not([hidden]) dd, #total').allTextContents();

/** What a POST /charge of the page sent. */
const sent = (request: Request) =>
  request.postDataJSON() as {
    checkout_id: string;
    expected_total: number;
    expected_currency: string;
  };

describe.skipIf(!CHROMIUM)('a price that changed between the quote and Pay', () => {
  test('shows and announces the new total, charges nothing, then pays the total shown', async ({
    customer,
    checkoutPage: page,
  }) => {
    // Chromium logs the 409 that refuses the old total, which the page explains.
    customer.expectConsoleError(/status of 409 .*\/charge[?)]/);
    // The running shop's catalog cannot be edited mid-test: the page's quote is the one the shop
    // gave before the merchant raised the wallpapers from $2.00 to $3.00 (its answer as it was).
    await page.route(QUOTE, async (route) => {
      const response = await route.fetch();
      const quote = await response.json();
      for (const line of quote.lines)
        if (line.product === 'wallpapers') {
          line.unit_amount -= 100;
          line.subtotal -= 100 * line.quantity;
          line.amount -= 100 * line.quantity;
          quote.subtotal -= 100 * line.quantity;
          quote.total -= 100 * line.quantity;
        }
      await route.fulfill({ response, json: quote });
    });
    await quantity(page, 'Wallpaper pack').selectOption('2');
    await expect.poll(() => payButton(page).textContent()).toBe('Pay $9.00');
    await page.unroute(QUOTE);

    await fillCheckout(page, { number: '4242424242424242' });
    await payButton(page).click();
    await expect
      .poll(() => paymentMessage(page).textContent())
      .toBe('The total changed to $11.00. You have not been charged. Check it and pay again.');
    expect(await amounts(page)).toEqual(['$5.00', '$6.00', '$0.00', '$0.00', '$0.00', '$11.00']);
    expect(await payButton(page).textContent()).toBe('Pay $11.00');
    expect(await paymentMessage(page).getAttribute('role')).toBe('alert');
    expect(await axeViolations(page), 'the new total').toEqual([]);
    const [refused] = customer.charges.map(sent);
    expect(refused).toMatchObject({ expected_total: 900, expected_currency: 'usd' });
    expect(await stripeCallsOf(refused!.checkout_id)).toEqual([]);

    await payButton(page).click();
    expect(await thankYouText(page)).toMatch(/Total paid\s+\$11\.00/);
    const paid = sent(customer.charges.at(-1)!);
    expect(paid).toMatchObject({ expected_total: 1100, expected_currency: 'usd' });
    expect((await paymentIntentsOf(paid.checkout_id)).map((pi) => [pi.status, pi.amount])).toEqual([
      ['succeeded', 1100],
    ]);
  });

  test('a code used up meanwhile: the total without it shown, then paid', async ({
    customer,
    checkoutPage: page,
  }) => {
    customer.expectConsoleError(/status of 409 .*\/charge[?)]/);
    const coupon = await simPost('/v1/coupons', { duration: 'once', percent_off: '20' });
    const code = `LAST${crypto.randomUUID().replaceAll('-', '').slice(0, 6).toUpperCase()}`;
    await simPost('/v1/promotion_codes', {
      'promotion[type]': 'coupon',
      'promotion[coupon]': coupon.id,
      code,
      max_redemptions: '1',
    });
    await openPromotionCode(page);
    await page.getByLabel('Promotion code').fill(code);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => payButton(page).textContent()).toBe('Pay $4.00');

    // Another customer pays with the code's one redemption first.
    const other = await fetch(`${CHECKOUT}/charge`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: CHECKOUT },
      body: JSON.stringify({
        checkout_id: crypto.randomUUID(),
        items: [{ product: 'support-5', quantity: 1 }],
        promotion_code: code,
        email: 'someone.else@example.com',
        payment_method: 'pm_card_visa',
      }),
    });
    expect(other.status).toBe(200);

    await fillCheckout(page, { number: '4242424242424242' });
    await payButton(page).click();
    await expect
      .poll(() => paymentMessage(page).textContent())
      .toMatch(/Without it, your total is \$5\.00\. You have not been charged/);
    expect(await cartTotal(page).textContent()).toBe('$5.00');
    expect(await payButton(page).textContent()).toBe('Pay $5.00');
    await payButton(page).click();
    expect(await thankYouText(page)).toMatch(/Total paid\s+\$5\.00/);
    const paid = sent(customer.charges.at(-1)!);
    expect(paid).toMatchObject({ expected_total: 500, expected_currency: 'usd' });
    expect((await paymentIntentsOf(paid.checkout_id)).map((pi) => [pi.status, pi.amount])).toEqual([
      ['succeeded', 500],
    ]);
  });
});
