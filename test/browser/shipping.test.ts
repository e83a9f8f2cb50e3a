/**
 * Physical goods on the Checkout page (issue 14): a mug sent to Germany, bought with the keyboard
 * alone: the address in the (simulated) Address Element, a rate picked among those the quote
 * offers, 19 % tax on goods and shipping in the summary, paid, and a receipt with its shipping
 * and tax lines; axe finds nothing in light or dark. A digital-only cart shows no address form.
 * A tax-inclusive poster's page says, before Pay, the tax rows its receipt says after.
 * The tests' catalog and rates (test/fixtures/shop/): the mug $20.00; Standard $10.00 and Express
 * $25.00 outside the US, $5.00 Standard in the US; the simulator's Stripe Tax: DE 19 %, US-CA
 * 7.25 % (TAX_CALCULATION=stripe, set by global-setup.ts).
 */
import { axeViolations } from './support/axe.ts';
import {
  CHECKOUT,
  CHROMIUM,
  DESKTOP,
  FUTURE_EXPIRY,
  cartTotal,
  fillCard,
  fillCheckout,
  openCheckout,
  payButton,
  paymentMessage,
  quantity,
  shopPath,
  thankYouText,
} from './support/checkout-page.ts';
import { describe, expect, test } from './support/fixtures.ts';
import { englishIn } from '../support/english.ts';
import { focused, tabThrough, tabTo } from './support/keyboard.ts';
import { paymentIntentsOf } from './support/sim.ts';
import { enterAddress } from './support/pay.ts';
import { BERLIN, BERLIN_STANDARD, summary } from './support/shipping.ts';

/** POST /quote, whatever its query (?lang=): one matcher for route and unroute. */
const QUOTE = shopPath('/quote');

describe.skipIf(!CHROMIUM)('shipping', () => {
  test('buys a mug to Germany by keyboard: address, Express, 19 % tax on both, receipt', async ({
    customer,
  }) => {
    const { page } = customer;
    const quotes: unknown[] = [];
    page.on('request', (request) => {
      if (shopPath('/quote')(request.url())) quotes.push(request.postDataJSON());
    });
    await openCheckout(page, '/?product=mug');
    // No address yet: the goods priced, shipping and tax to come, and Pay names no amount.
    expect(await summary(page)).toEqual([
      ['Shipping', 'Calculated from your address'],
      ['Total', ''],
    ]);
    expect(await payButton(page).textContent()).toBe('Pay');
    expect(await page.locator('#cart select + span').allTextContents()).toContain('$20.00');

    await tabThrough(page, [
      ...['Test Shop', 'Support our work', 'Wallpaper pack', 'The handbook', 'Mug', 'Poster'].map(
        (name): [string] => [name],
      ),
      ['Add promotion code'],
      ['Email address', 'erika@example.com'],
      ['Full name', 'Erika Mustermann'],
      ['Country or region'],
    ]);
    // The shop's countries only, in the page's language; Germany after the United States.
    expect(await page.getByLabel('Country or region').locator('option').allTextContents()).toEqual([
      'United States',
      'Germany',
      'France',
    ]);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.getByLabel('Country or region').inputValue()).toBe('DE');
    // Germany has no states: after the city, the postal code.
    await tabThrough(page, [
      ['Address line 1', 'Unter den Linden 1'],
      ['Address line 2 (optional)'],
      ['City', 'Berlin'],
      ['Postal code', '10117'],
    ]);

    // Priced once typing paused: Standard, the cheapest, with 19 % of $20.00 + $10.00.
    await expect.poll(() => summary(page)).toEqual(BERLIN_STANDARD);
    const addressed = quotes.filter((q) => (q as { shipping?: unknown }).shipping);
    expect(addressed).toHaveLength(1);
    expect(addressed[0]).toMatchObject({
      shipping: {
        name: 'Erika Mustermann',
        address: { line1: 'Unter den Linden 1', city: 'Berlin', postal_code: '10117' },
      },
    });
    // The rates as a radio group: Tab reaches the one charged, an arrow picks Express.
    expect(await page.getByRole('group', { name: 'Shipping method' }).isVisible()).toBe(true);
    await tabTo(page, /^Standard\$10\.00$/);
    await page.keyboard.press('ArrowDown');
    await expect
      .poll(() => summary(page))
      .toEqual([
        ['Shipping: Express', '$25.00'],
        ['Tax', '$8.55'],
        ['Total', '$53.55'],
      ]);
    expect((await focused(page)).name).toBe('Express$25.00');
    expect(await page.getByRole('radio', { name: /Express/ }).isChecked()).toBe(true);

    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      // Polled: the buttons' colours ease into the scheme's (a 0.2 s transition).
      await expect.poll(() => axeViolations(page), { message: `axe, ${scheme}` }).toEqual([]);
    }

    await tabThrough(page, [
      ['Card number', '4242424242424242'],
      ['Expiration date', FUTURE_EXPIRY],
      ['Security code', '123'],
      ['Pay $53.55'],
    ]);
    await page.keyboard.press('Enter');

    const receipt = await thankYouText(page);
    expect(receipt).toMatch(/Shipping: Express\s+\$25\.00/);
    expect(receipt).toMatch(/Tax\s+\$8\.55/);
    expect(receipt).toMatch(/Total paid\s+\$53\.55/);
    expect(receipt).toContain('Unter den Linden 1');
    const [paid] = await paymentIntentsOf(customer.checkoutId());
    expect(paid).toMatchObject({ status: 'succeeded', amount: 5355 });
  });

  test('a tax-inclusive poster to Berlin: the page says the tax its price holds as its receipt does', async ({
    customer,
  }) => {
    const { page } = customer;
    await openCheckout(page, '/?product=poster');
    await enterAddress(page, BERLIN);
    // The poster's $10.00 holds its 19 % ($1.60); Standard's $10.00 has 19 % ($1.90) on top: a Tax
    // row for what is added, and what the price holds under the total (no "Tax $0.00").
    const before = [
      ['Shipping: Standard', '$10.00'],
      ['Tax', '$1.90'],
      ['Total', '$21.90'],
      ['Includes tax', '$1.60'],
    ];
    await expect.poll(() => summary(page)).toEqual(before);
    expect(await axeViolations(page)).toEqual([]);
    await fillCheckout(page, { number: '4242424242424242' }, 'erika@example.com');
    await payButton(page).click();
    const receipt = await thankYouText(page);
    expect(receipt).toMatch(/Poster × 1\s+\$10\.00\s+Shipping: Standard/);
    // The receipt's rows from shipping on are the page's, the total now paid.
    const rows = await page
      .locator('.receipt > div')
      .evaluateAll((divs) =>
        divs.map((div) => [div.firstElementChild!.textContent, div.lastElementChild!.textContent]),
      );
    const from = rows.findIndex(([term]) => term === 'Shipping: Standard');
    expect(rows.slice(from, from + before.length)).toEqual(
      before.map(([term, value]) => [term === 'Total' ? 'Total paid' : term, value]),
    );
    expect(await axeViolations(page)).toEqual([]);
  });

  test('the rates take their place once the address is complete: Pay does not move when they come', async ({
    customer,
  }) => {
    const { page } = customer;
    await openCheckout(page, '/?product=mug');
    // The address's quote held until the test has measured the page while it is on its way.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let asked = false;
    await page.route(QUOTE, async (route) => {
      if ((route.request().postDataJSON() as { shipping?: unknown }).shipping) {
        asked = true;
        await held;
      }
      await route.fallback();
    });
    await enterAddress(page, BERLIN);
    await expect.poll(() => asked).toBe(true);
    const group = page.getByRole('group', { name: 'Shipping method' });
    const rates = page.locator('#rates');
    const before = await payButton(page).boundingBox();
    // Complete, not yet priced: the group is there, busy, with no rate to pick yet.
    const waiting = [await group.isVisible(), await rates.getAttribute('aria-busy')];
    expect(await page.getByRole('radio').count()).toBe(0);

    release();
    await expect.poll(() => summary(page)).toEqual(BERLIN_STANDARD);
    const after = await payButton(page).boundingBox();
    expect(after).not.toBeNull();
    expect({ x: after!.x, y: after!.y }).toEqual({ x: before!.x, y: before!.y });
    expect(waiting).toEqual([true, 'true']);
    expect(await rates.getAttribute('aria-busy')).toBe('false');
    expect(await page.getByRole('radio').count()).toBe(2);
    expect(await axeViolations(page)).toEqual([]);
    await page.unroute(QUOTE);
  });

  test('a digital-only cart shows no address form and pays without one', async ({
    customer,
    checkoutPage: page,
  }) => {
    const addressForm = page.getByRole('group', { name: 'Shipping address (simulated)' });
    expect(await addressForm.count()).toBe(0);
    // A mug in the cart asks for the address; taken out, the form goes again.
    await quantity(page, 'Mug').selectOption('1');
    await addressForm.waitFor();
    await quantity(page, 'Mug').selectOption('0');
    await addressForm.waitFor({ state: 'detached' });
    await expect.poll(() => cartTotal(page).textContent()).toBe('$5.00');
    expect(await summary(page)).toEqual([['Total', '$5.00']]);

    await fillCheckout(page, { number: '4242424242424242' });
    await payButton(page).click();
    expect(await thankYouText(page)).toMatch(/Total paid\s+\$5\.00/);
    const [paid] = await paymentIntentsOf(customer.checkoutId());
    expect(paid).toMatchObject({ status: 'succeeded', amount: 500 });
  });

  test('says the page could not load when the address form does not arrive; a reload finds the cart', async ({
    customer,
    checkoutPage: page,
  }) => {
    // The address form's code is a chunk of its own, loaded for the first cart with a mug in it.
    customer.expectConsoleError(/chunks\/shipping-\w+\.js\)$/);
    await page.route('**/chunks/shipping-*.js', (route) => route.abort());
    await quantity(page, 'Mug').selectOption('2');
    await expect
      .poll(() => paymentMessage(page).textContent())
      .toBe('Part of this page could not load. Please check your connection and reload the page.');
    const addressForm = page.getByRole('group', { name: 'Shipping address (simulated)' });
    expect(await addressForm.count()).toBe(0);
    // Back on the network, the reload the message asks for: the same cart, with its address form.
    await page.unroute('**/chunks/shipping-*.js');
    await page.reload();
    await addressForm.waitFor();
    expect(await quantity(page, 'Mug').inputValue()).toBe('2');
  });

  test('the address form’s stylesheet missing: could not load; the next change of the cart brings it', async ({
    customer,
    checkoutPage: page,
  }) => {
    // The chunk arrives, its stylesheet does not: the form waits for it (no shift), so it says so.
    customer.expectConsoleError(/shipping\.css\?v=[^)]+\)$/);
    await page.route('**/shipping.css?v=*', (route) => route.abort());
    await quantity(page, 'Mug').selectOption('1');
    await expect
      .poll(() => paymentMessage(page).textContent())
      .toBe('Part of this page could not load. Please check your connection and reload the page.');
    const addressForm = page.getByRole('group', { name: 'Shipping address (simulated)' });
    expect(await addressForm.count()).toBe(0);
    // Back on the network, without a reload: the next change of the cart loads it and the form.
    await page.unroute('**/shipping.css?v=*');
    await quantity(page, 'Mug').selectOption('2');
    await addressForm.waitFor();
    // At the page's version's address (a deploy's page never gets an older stylesheet).
    const script = await page.locator('script[src^="/checkout.js"]').getAttribute('src');
    const version = new URL(script!, CHECKOUT).search;
    expect(await page.locator(`link[href="/shipping.css${version}"]`).count()).toBe(1);
  });

  test('while paying with no amount yet, Pay says so in French without an empty amount', async ({
    newCustomer,
  }) => {
    const { page } = await newCustomer({ ...DESKTOP, locale: 'fr-FR' });
    await openCheckout(page, '/?product=mug');
    expect(await payButton(page).textContent()).toBe('Payer');
    // Every label Pay shows, however briefly (its busy state lasts until the address is refused).
    await page.evaluate(() => {
      const pay = document.getElementById('pay')!;
      const labels: string[] = ((window as unknown as { labels: string[] }).labels = []);
      new MutationObserver(() => labels.push(pay.textContent!)).observe(pay, { childList: true });
    });
    await fillCard(page, { number: '4242424242424242' });
    await page.getByLabel('E-mail').fill('jane@example.com');
    await payButton(page).click();
    const labels = () => page.evaluate(() => (window as unknown as { labels: string[] }).labels);
    await expect.poll(labels).toContain('Paiement en cours…');
    await expect.poll(() => payButton(page).getAttribute('aria-busy')).toBe('false');
    expect(await labels()).not.toContain('Paiement de …');
    expect(await payButton(page).textContent()).toBe('Payer');
  });

  test('says a refused address under the form, in German, pays nothing, prices it once fixed, keeps it', async ({
    newCustomer,
  }) => {
    const { page, charges, expectConsoleError } = await newCustomer({
      ...DESKTOP,
      locale: 'de-DE',
    });
    // A Californian address with a New York ZIP: Stripe Tax cannot place it (the shop refuses).
    expectConsoleError(/status of 400 .*\/quote[?)]/);
    await openCheckout(page, '/?product=mug');
    // No amount yet: Pay's label is the Worker's own ("Bezahlen"), not "{amount} bezahlen" emptied.
    expect(await payButton(page).textContent()).toBe('Bezahlen');
    await page.getByLabel('Vollständiger Name').fill('Jane Doe');
    await page.getByLabel('Land oder Region').selectOption('US');
    await page.getByLabel('Adresszeile 1').fill('1 Main St');
    await page.getByLabel('Ort', { exact: true }).fill('Los Angeles');
    await page.getByLabel('Bundesstaat oder Provinz').selectOption('CA');
    await page.getByLabel('Postleitzahl').fill('10001');
    const refusal = page.locator('#address-error');
    await expect.poll(() => refusal.textContent()).toMatch(/^Wir konnten diese Adresse/);
    expect(await refusal.getAttribute('role')).toBe('alert');
    expect(await summary(page)).toEqual([
      ['Versand', 'Wird aus Ihrer Adresse berechnet'],
      ['Gesamt', ''],
    ]);
    await fillCard(page, { number: '4242424242424242' });
    await page.getByLabel('E-Mail').fill('jane@example.com');
    await payButton(page).click();
    await expect.poll(() => paymentMessage(page).textContent()).toMatch(/^Wir konnten diese/);
    expect(charges).toHaveLength(0);

    // Fixed: priced at 7.25 % (of $20.00 and $5.00), the refusal gone.
    await page.getByLabel('Postleitzahl').fill('90012');
    await expect
      .poll(() => summary(page))
      .toEqual([
        ['Versand: Standardversand', '5,00\u00a0$'],
        ['Steuer', '1,81\u00a0$'],
        ['Gesamt', '26,81\u00a0$'],
      ]);
    expect(await refusal.textContent()).toBe('');
    expect(await payButton(page).textContent()).toBe('26,81\u00a0$ bezahlen');

    // A reload keeps the checkout: the address is given again (defaultValues) and priced at once.
    await page.reload();
    await openCheckout(page, page.url());
    expect(await page.getByLabel('Vollständiger Name').inputValue()).toBe('Jane Doe');
    expect(await page.getByLabel('Bundesstaat oder Provinz').inputValue()).toBe('CA');
    await expect.poll(() => payButton(page).textContent()).toBe('26,81\u00a0$ bezahlen');

    // Paid: the receipt in German, the rate and the country too, with no English left.
    await fillCard(page, { number: '4242424242424242' });
    await page.getByLabel('E-Mail').fill('jane@example.com');
    await payButton(page).click();
    const receipt = await thankYouText(page);
    expect(receipt).toMatch(/Versand: Standardversand\s+5,00\u00a0\$/);
    expect(receipt).toContain('Jane Doe, 1 Main St, 90012 Los Angeles CA, Vereinigte Staaten');
    expect(englishIn(receipt, 'de')).toEqual([]);
  });
});
