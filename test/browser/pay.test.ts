/**
 * Paying with the success card: the receipt, exactly one charge however often Pay is pressed, no
 * new charge when the receipt is reloaded, and amounts in the visitor's locale.
 */
import {
  CHECKOUT,
  CHROMIUM,
  DESKTOP,
  fields,
  fillCheckout,
  openCheckout,
  payButton,
  paymentMessage,
  quantity,
  shopPath,
  thankYouText,
} from './support/checkout-page.ts';
import { axeViolations } from './support/axe.ts';
import { orderNumber } from '../../src/receipt/order-number.ts';
import { describe, expect, test } from './support/fixtures.ts';
import { payWithCard } from './support/pay.ts';
import { paymentIntentsOf, simRequests, stripeCallsOf } from './support/sim.ts';

type Body = { checkout_id: string };

/** Intl separates amount and symbol with a no-break space in many locales. */
const plain = (text: string | null) => (text ?? '').replace(/\u00a0|\u202f/g, ' ');

describe.skipIf(!CHROMIUM)('paying with 4242 4242 4242 4242', () => {
  test("the shop sells the tests' own catalog (test/fixtures/shop/), not the merchant's", async () => {
    const { products } = (await (await fetch(`${CHECKOUT}/config`)).json()) as {
      products: { id: string; description: string }[];
    };
    expect(products.map(({ id }) => id)).toEqual([
      'support-5',
      'wallpapers',
      'handbook',
      'postcard-eur',
      'mug',
      'poster',
    ]);
    expect(products[0]).toMatchObject({
      description: "The test suite's own product, paid once.",
    });
  });

  test('shows a receipt with the amount, the product and the card last4, for one succeeded PaymentIntent', async ({
    customer,
    checkoutPage: page,
  }) => {
    expect(await page.title()).toBe('Checkout · Test Shop');
    expect(await payButton(page).textContent()).toBe('Pay $5.00');
    const { receipt, paymentIntent, orderId } = await payWithCard(customer, '4242424242424242');
    expect(receipt).toContain('Thanks for your payment');
    expect(receipt).toContain('Support our work');
    expect(receipt).toMatch(/Total paid\s+\$5\.00/);
    expect(receipt).toContain('Visa ending in 4242');
    expect(receipt).toContain('jane.doe@example.com');
    expect(await page.title()).toMatch(/^Thanks for your payment/);

    expect(customer.charges).toHaveLength(1);
    expect([paymentIntent.amount, paymentIntent.currency]).toEqual([500, 'usd']);
    // The order's own number, which the customer can quote, never Stripe's id.
    expect(receipt).toMatch(new RegExp(`Order number\\s+${orderNumber(orderId)}`));
    expect(receipt).not.toContain(paymentIntent.id);
  });

  test('charges the quantity chosen, priced by the server: 3 × $5.00 is one $15.00 payment', async ({
    customer,
    checkoutPage: page,
  }) => {
    await quantity(page, 'Support our work').selectOption('3');
    await expect.poll(() => payButton(page).textContent()).toBe('Pay $15.00');
    const { receipt, paymentIntent } = await payWithCard(customer, '5555555555554444');
    expect(receipt).toMatch(/Support our work × 3/);
    expect(receipt).toMatch(/Total paid\s+\$15\.00/);
    expect(receipt).toContain('Mastercard ending in 4444');
    expect(paymentIntent.amount).toBe(1500);
  });

  // The payment's code is a chunk of its own (client/pay.ts), not in the page's first load.
  const payChunk = /\/chunks\/pay-\w+\.js$/;

  test('fetches the payment’s code once the customer starts paying, not for a page left open', async ({
    customer,
  }) => {
    const { page } = customer;
    const fetched: string[] = [];
    page.on('request', (request) => void (payChunk.test(request.url()) && fetched.push('pay')));
    await openCheckout(page);
    // The cart changed and priced again: still nothing of the payment.
    await quantity(page, 'Support our work').selectOption('2');
    await expect.poll(() => payButton(page).textContent()).toBe('Pay $10.00');
    expect(fetched).toEqual([]);

    // The first focus in the payment form fetches it, once, well before Pay.
    await fields(page).email.focus();
    await expect.poll(() => fetched).toEqual(['pay']);
    expect((await payWithCard(customer, '4242424242424242')).receipt).toMatch(
      /Total paid\s+\$10\.00/,
    );
    expect(fetched).toEqual(['pay']);
    expect(customer.charges).toHaveLength(1);
  });

  test('says at the first focus, before the card is typed, when the payment’s code does not arrive', async ({
    customer,
    checkoutPage: page,
  }) => {
    customer.expectConsoleError(/chunks\/pay-\w+\.js\)$/);
    await page.route('**/chunks/pay-*.js', (route) => route.abort());
    const sent: string[] = [];
    page.on('request', (request) => void (request.method() === 'POST' && sent.push(request.url())));
    await fields(page).email.focus();
    await expect
      .poll(() => paymentMessage(page).textContent())
      .toBe('Part of this page could not load. Please check your connection and reload the page.');
    await payButton(page).click();
    expect(await paymentMessage(page).textContent()).toMatch(/could not load/);
    expect(sent).toEqual([]);

    // The reload the message asks for brings it, and the payment.
    await page.unroute('**/chunks/pay-*.js');
    await page.reload();
    await fillCheckout(page, { number: '4242424242424242' });
    await payButton(page).click();
    expect(await thankYouText(page)).toContain('Thanks for your payment');
    expect(customer.charges).toHaveLength(1);
  });

  test('says the card form could not load when Stripe’s Payment Element fails to (loaderror), nothing sent', async ({
    customer,
  }) => {
    const { page } = customer;
    // The simulator's Stripe.js always loads its form: here its Payment Element reports
    // `loaderror`, as Stripe's does when its frame cannot load, and never `ready`.
    await page.addInitScript(() => {
      type Handler = (event: unknown) => void;
      type Element = { on(type: string, handler: Handler): Element; mount(to: string): Element };
      type Elements = { create(type: string, options?: unknown): Element };
      type Stripe = { elements(options: unknown): Elements };
      const failing = (element: Element) => {
        const failed: Handler[] = [];
        const { on, mount } = element;
        element.on = (type, handler) =>
          type === 'loaderror'
            ? (failed.push(handler), element)
            : type === 'ready'
              ? element
              : on.call(element, type, handler);
        element.mount = (to) => {
          mount.call(element, to);
          const error = { type: 'api_connection_error', message: 'Failed to load.' };
          for (const handler of failed) handler({ elementType: 'payment', error });
          return element;
        };
        return element;
      };
      let real: ((key: string, options: unknown) => Stripe) | undefined;
      Object.defineProperty(window, 'Stripe', {
        get: () =>
          real &&
          ((key: string, options: unknown) => {
            const stripe = real!(key, options);
            const { elements } = stripe;
            stripe.elements = (o) => {
              const group = elements.call(stripe, o);
              const { create } = group;
              group.create = (type, options) => {
                const made = create.call(group, type, options);
                return type === 'payment' ? failing(made) : made;
              };
              return group;
            };
            return stripe;
          }),
        set: (value) => void (real = value),
      });
    });
    const sent: string[] = [];
    page.on('request', (request) => void (request.method() === 'POST' && sent.push(request.url())));
    await page.goto('/');
    await expect
      .poll(() => paymentMessage(page).textContent())
      .toBe('Part of this page could not load. Please check your connection and reload the page.');
    expect(await page.locator('#payment-element').getAttribute('aria-busy')).toBe('false');
    expect(await page.locator('#checkout').getAttribute('aria-busy')).toBe('false');
    expect(await payButton(page).isDisabled()).toBe(true);
    expect(sent).toEqual([]);
  });

  test('shows the receipt when the browser blocks site data (reading sessionStorage throws)', async ({
    customer,
  }) => {
    const page = customer.page;
    // Chrome's "Don't allow sites to save data": the page keeps nothing, and works.
    await customer.context.addInitScript(() =>
      Object.defineProperty(window, 'sessionStorage', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      }),
    );
    await openCheckout(page);
    await fillCheckout(page, { number: '4242424242424242' });
    await payButton(page).click();
    expect(await thankYouText(page)).toContain('Thanks for your payment!');
    expect(customer.charges).toHaveLength(1);
  });

  test('pays once for a double click on Pay', async ({ customer, checkoutPage: page }) => {
    await fillCheckout(page, { number: '4242424242424242' });
    await payButton(page).dblclick();
    await thankYouText(page);

    expect(customer.charges).toHaveLength(1);
    const checkoutId = customer.checkoutId();
    expect((await paymentIntentsOf(checkoutId)).map((pi) => pi.status)).toEqual(['succeeded']);
    // One PaymentIntent create+confirm call to Stripe, and no replay of it.
    expect((await stripeCallsOf(checkoutId)).map((r) => [r.method, r.path, r.replayed])).toEqual([
      ['POST', '/v1/payment_intents', false],
    ]);
  });

  test('pays once for Enter pressed again and again, and shows the busy state meanwhile', async ({
    customer,
    checkoutPage: page,
  }) => {
    await fillCheckout(page, { number: '4242424242424242' });
    // Hold the answer until the test has seen the busy state and pressed against it.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(shopPath('/charge'), async (route) => {
      await held;
      await route.fallback();
    });
    await page.getByLabel('Security code').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => payButton(page).textContent()).toBe('Paying $5.00…');
    expect(await payButton(page).getAttribute('aria-busy')).toBe('true');
    expect(await payButton(page).getAttribute('aria-disabled')).toBe('true');
    for (let i = 0; i < 5; i++) await page.keyboard.press('Enter');
    await payButton(page).focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('Enter');
    release();
    await thankYouText(page);

    expect(customer.charges).toHaveLength(1);
    expect((await paymentIntentsOf(customer.checkoutId())).map((pi) => pi.status)).toEqual([
      'succeeded',
    ]);
  });

  // The HTML problem page adds "not charged" to a refusal of charged:false; the page does too, as
  // the customer has just clicked Pay.
  test('a field the shop refuses at Pay (charged: false) says the customer was not charged', async ({
    customer,
    checkoutPage: page,
  }) => {
    customer.expectConsoleError(/status of 400/);
    await fillCheckout(page, { number: '4242424242424242' });
    // An address the page's own check lets through and the shop refuses (as a newer rule would).
    await page.route(
      shopPath('/charge'),
      (route) =>
        route.continue({
          postData: JSON.stringify({ ...route.request().postDataJSON(), email: 'nope' }),
        }),
      { times: 1 },
    );
    await payButton(page).click();
    // Before: the refusal alone, right after Pay, saying nothing of a charge.
    await expect
      .poll(() => paymentMessage(page).textContent(), { timeout: 20_000 })
      .toBe('Please enter a valid email address. You have not been charged.');
    expect(await payButton(page).textContent()).toBe('Pay $5.00');
  });

  test('a lost /charge answer, then another email and Pay: the same checkout, its receipt, one PaymentIntent', async ({
    customer,
    checkoutPage: page,
  }) => {
    // Chromium logs the cut answer, which the page explains.
    customer.expectConsoleError(/ERR_CONNECTION_RESET/);
    await fillCheckout(page, { number: '4242424242424242' });
    // The shop takes the payment, and its answer is lost on the way back: the page gives up.
    const ip = `2001:db8:ffff:${Math.floor(Math.random() * 0xffff).toString(16)}::1`;
    await page.route(
      '**/charge*',
      async (route) => {
        await route.fetch({ headers: { ...route.request().headers(), 'cf-connecting-ip': ip } });
        await route.abort('connectionreset');
      },
      { times: 1 },
    );
    await payButton(page).click();
    await expect
      .poll(() => paymentMessage(page).textContent(), { timeout: 30_000 })
      .toMatch(/not confirmed/);
    expect(await axeViolations(page), 'axe on the checkout not confirmed').toEqual([]);
    const first = customer.checkoutId();
    expect((await paymentIntentsOf(first)).map((pi) => pi.status)).toEqual(['succeeded']);

    // The customer corrects the email: Pay names the amount again, and pressing it finds the
    // payment made (its receipt), never a second one.
    await fields(page).email.fill('jane.doe2@example.com');
    await expect.poll(() => payButton(page).textContent()).toBe('Pay $5.00');
    await payButton(page).click();
    expect(await thankYouText(page)).toContain('Thanks for your payment');

    expect(customer.charges).toHaveLength(2);
    const sent = customer.charges.map((r) => (JSON.parse(r.postData()!) as Body).checkout_id);
    expect(sent).toEqual([first, first]);
    expect((await paymentIntentsOf(first)).map((pi) => pi.status)).toEqual(['succeeded']);
  });

  test('makes no new charge when the thank-you page is reloaded', async ({
    customer,
    checkoutPage: page,
  }) => {
    await fillCheckout(page, { number: '4242424242424242' });
    await payButton(page).click();
    const first = await thankYouText(page);
    const url = page.url();
    const before = (await simRequests()).length;

    for (let i = 0; i < 2; i++) {
      await page.reload();
      expect(await thankYouText(page)).toBe(first);
    }
    expect(page.url()).toBe(url);
    // The ledger knows the order is paid: no Stripe call at all, let alone a charge.
    expect((await simRequests()).slice(before)).toEqual([]);
    expect(customer.charges).toHaveLength(1);
    expect((await paymentIntentsOf(customer.checkoutId())).map((pi) => pi.status)).toEqual([
      'succeeded',
    ]);
  });

  test("speaks the visitor's language (de-DE: 5,00 $ bezahlen), on the page and on the receipt", async ({
    newCustomer,
  }) => {
    const { page } = await newCustomer({ ...DESKTOP, locale: 'de-DE' });
    await openCheckout(page);
    expect(plain(await payButton(page).textContent())).toBe('5,00 $ bezahlen');
    expect(plain(await page.locator('#cart li').first().textContent())).toContain('5,00 $');
    await page.getByLabel('Anzahl von Unterstützen Sie uns', { exact: true }).selectOption('2');
    await expect
      .poll(async () => plain(await payButton(page).textContent()))
      .toBe('10,00 $ bezahlen');
    await fillCheckout(page, { number: '4242424242424242' });
    await payButton(page).click();
    const receipt = plain(await thankYouText(page));
    expect(receipt).toContain('Vielen Dank für Ihre Zahlung!');
    expect(receipt).toMatch(/Bezahlter Gesamtbetrag\s+10,00 \$/);
  });
});
