/**
 * The whole purchase with the keyboard alone (Tab, typing, arrows, Enter), with a visible focus
 * indicator on every stop, including recovering from a declined card.
 */
import {
  CHROMIUM,
  FUTURE_EXPIRY,
  payButton,
  paymentMessage,
  quantity,
  thankYouText,
} from './support/checkout-page.ts';
import { describe, expect, test } from './support/fixtures.ts';
import { focused, tabThrough, tabTo } from './support/keyboard.ts';
import { paymentIntentsOf } from './support/sim.ts';

describe.skipIf(!CHROMIUM)('keyboard only', () => {
  test('buys 2 with Tab, typing and Enter, recovering from a declined card without the mouse', async ({
    customer,
    checkoutPage: page,
  }) => {
    // The shop's name (its home page) comes first, then each product of the cart, the promotion
    // code's button (which opens its form), then the payment.
    await tabTo(page, 'Test Shop');
    await tabTo(page, 'Support our work');
    await page.keyboard.press('ArrowDown');
    expect(await quantity(page, 'Support our work').inputValue()).toBe('2');
    await tabTo(page, 'Wallpaper pack');
    await tabTo(page, 'The handbook');
    await tabTo(page, 'Mug');
    await tabTo(page, 'Poster');
    await tabTo(page, 'Add promotion code');
    await expect.poll(() => payButton(page).textContent()).toBe('Pay $10.00');
    await tabThrough(page, [
      ['Email address', 'jane.doe@example.com'],
      ['Card number', '4000000000000002'],
      ['Expiration date', FUTURE_EXPIRY],
      ['Security code', '123'],
      ['Pay $10.00'],
    ]);
    await page.keyboard.press('Enter');

    await expect
      .poll(() => paymentMessage(page).textContent(), { timeout: 20_000 })
      .toMatch(/^Your card was declined\./);
    // Focus stays on Pay while paying and after: the customer is where they were.
    expect((await focused(page)).name).toBe('Pay $10.00');

    await tabTo(page, 'Security code', 'Shift+Tab');
    await tabTo(page, 'Expiration date', 'Shift+Tab');
    await tabTo(page, 'Card number', 'Shift+Tab');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('4242424242424242');
    await page.keyboard.press('Enter');

    const receipt = await thankYouText(page);
    expect(receipt).toMatch(/Support our work × 2/);
    expect(receipt).toMatch(/Total paid\s+\$10\.00/);
    expect(receipt).toContain('Visa ending in 4242');
    expect(customer.charges).toHaveLength(2);
    expect(
      (await paymentIntentsOf(customer.checkoutId())).map((pi) => [pi.status, pi.amount]),
    ).toEqual([['succeeded', 1000]]);
  });
});
