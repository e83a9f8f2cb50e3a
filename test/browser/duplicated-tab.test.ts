/**
 * A duplicated tab: the browser copies the tab's sessionStorage, and with it the checkout kept
 * there. Once one tab has paid, the other's different order must be a new checkout, paid as
 * such, never answered with the first tab's payment as if it were its own.
 */
import {
  CHROMIUM,
  cartTotal,
  fillCheckout,
  payButton,
  paymentMessage,
  quantity,
  thankYouText,
} from './support/checkout-page.ts';
import { describe, expect, test } from './support/fixtures.ts';
import { paymentIntentsOf } from './support/sim.ts';

describe.skipIf(!CHROMIUM)('a duplicated tab', () => {
  test('pays its own order as a new checkout once the other tab has paid', async ({
    customer,
    checkoutPage: a,
  }) => {
    // Tab A keeps its checkout (a change keeps it); tab B is its duplicate, with a copy of it.
    await quantity(a, 'Support our work').selectOption('2');
    await expect.poll(() => cartTotal(a).textContent()).toBe('$10.00');
    const kept = await a.evaluate(() => sessionStorage.getItem('checkout')!);
    const b = await customer.context.newPage();
    await b.goto('/?product=support-5');
    await b.evaluate((copy) => sessionStorage.setItem('checkout', copy), kept);
    await b.reload();
    await b.locator('#pay:enabled').waitFor({ timeout: 20_000 });
    await fillCheckout(a, { number: '4242424242424242' });
    await payButton(a).click();
    await thankYouText(a);

    // Tab B: another order (one wallpaper pack, for a friend).
    await quantity(b, 'Wallpaper pack').selectOption('1');
    await quantity(b, 'Support our work').selectOption('0');
    await expect.poll(() => payButton(b).textContent()).toBe('Pay $3.00');
    await fillCheckout(b, { number: '4242424242424242' }, 'friend@example.com');
    await payButton(b).click();
    // Before: B left for "Thanks for your payment" with A's payment, nothing charged for it.
    await expect
      .poll(() => paymentMessage(b).textContent())
      .toBe(
        'This checkout was already paid in another tab, for another order. You have not been ' +
          'charged. Press Pay to pay for this one.',
      );
    expect(b.url()).not.toMatch(/thank-you/);
    await payButton(b).click();
    await thankYouText(b);
    const ids = customer.charges.map((request) => request.postDataJSON().checkout_id as string);
    expect(ids).toHaveLength(3);
    expect(ids[2]).not.toBe(ids[0]);
    const paid = await paymentIntentsOf(ids[2]!);
    expect(paid.map((pi) => [pi.status, pi.amount])).toEqual([['succeeded', 300]]);
    expect((await paymentIntentsOf(ids[0]!)).map((pi) => pi.amount)).toEqual([1000]);
  });
});
