/**
 * 3-D Secure: the page hands over to the bank's page (the simulator's), which returns to the
 * Checkout page: completed, it goes on to the receipt; failed, the checkout again with a message,
 * and paying again works.
 */
import type { Page } from 'playwright-core';
import { vi } from 'vitest';
import { axeViolations } from './support/axe.ts';
import {
  CHECKOUT,
  CHROMIUM,
  SIM,
  fillCard,
  checkoutReady,
  fillCheckout,
  openCheckout,
  payButton,
  paymentMessage,
  payToTheBank,
  shopPath,
  thankYouText,
} from './support/checkout-page.ts';
import type { Customer } from './support/checkout-page.ts';
import { describe, expect, test } from './support/fixtures.ts';
import { paymentIntentsOf, webhookDelivered } from './support/sim.ts';

/** On the Checkout page, pays with a 3-D Secure card and waits for the bank's (simulator's) challenge page. */
async function payUntilChallenge(page: Page, number: string) {
  await fillCheckout(page, { number });
  await payToTheBank(page);
}

/**
 * Lets Stripe's webhook reach the checkout before the customer returns from the bank: the bank
 * page's answer (a 303 to /thank-you) is held until the simulator has delivered
 * payment_intent.succeeded. (Playwright does not route the redirected request itself.)
 */
async function holdReturnUntilWebhook(page: Page, paymentIntentId: string) {
  await page.route(`${SIM}/_sim/3ds/${paymentIntentId}`, async (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    const response = await route.fetch({ maxRedirects: 0 });
    await expect.poll(() => webhookDelivered(paymentIntentId), { timeout: 20_000 }).toBe(true);
    await route.fulfill({ response });
  });
}

/**
 * The bank answers (its app, say), but the browser never follows its return: a tab the browser
 * discarded, a reload of the checkout during the bank's step. `button` is the bank's answer;
 * the checkout's PaymentIntent ends `status`, and the customer opens the checkout again.
 */
async function answerWithoutReturn(
  customer: Customer,
  button: 'Complete authentication' | 'Fail authentication',
  status: string,
) {
  const { page } = customer;
  customer.expectConsoleError(/ERR_CONNECTION_RESET/);
  await page.route(`${SIM}/_sim/3ds/**`, async (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    await route.fetch({ maxRedirects: 0 });
    await route.abort('connectionreset');
  });
  await page.getByRole('button', { name: button }).click();
  await expect
    .poll(async () => (await paymentIntentsOf(customer.checkoutId())).map((pi) => pi.status))
    .toEqual([status]);
  // The cut answer's error page may still be on its way: a visit then is interrupted by it.
  await vi.waitFor(() => page.goto(`${CHECKOUT}/`), { timeout: 10_000, interval: 200 });
  await checkoutReady(page);
  // The bank's step left without its return: unfinished, whatever the bank said meanwhile.
  await expect
    .poll(() => paymentMessage(page).textContent())
    .toMatch(/^Your bank’s check of this payment is not finished: /);
  expect(await payButton(page).textContent()).toBe('Try again');
  expect(await axeViolations(page), 'axe on the checkout, the bank’s step unfinished').toEqual([]);
}

/** A 3-D Secure payment the bank refused, the customer back without Stripe's return: its checkout. */
async function refusedWithoutReturn(customer: Customer) {
  await payUntilChallenge(customer.page, '4000000000003220');
  const checkoutId = customer.checkoutId();
  await answerWithoutReturn(customer, 'Fail authentication', 'requires_payment_method');
  return checkoutId;
}

/** The page paid again in the same checkout, with a new ConfirmationToken (the first is spent). */
function expectNewToken(customer: Customer, checkoutId: string) {
  const [first, second] = customer.charges.map(
    (request) =>
      (JSON.parse(request.postData() ?? '{}') as { confirmation_token: string }).confirmation_token,
  );
  expect([customer.charges.length, second]).toEqual([2, expect.stringMatching(/^ctoken_/)]);
  expect(second).not.toBe(first);
  expect(customer.checkoutId()).toBe(checkoutId);
}

/** Stripe.js's read of the PaymentIntent (handleNextAction's first request, and Try again's). */
const readsPaymentIntent = (url: URL) =>
  url.origin === SIM && url.pathname.startsWith('/v1/payment_intents/');

/** The bank answers the challenge of a PaymentIntent by itself (its app, say), outside the page. */
async function bankAnswers(paymentIntentId: string, outcome: 'complete' | 'fail') {
  const response = await fetch(`${SIM}/_sim/3ds/${paymentIntentId}`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `outcome=${outcome}`,
  });
  expect(response.status).toBe(200);
}

describe.skipIf(!CHROMIUM)('3-D Secure', () => {
  test('4000 0027 6000 3184, authentication completed: the receipt, one succeeded PaymentIntent', async ({
    customer,
    checkoutPage: page,
  }) => {
    await payUntilChallenge(page, '4000002760003184');
    expect(await page.locator('main').innerText()).toMatch(
      /confirm a payment of \$5\.00 with your Visa card ending in 3184/,
    );
    expect(await axeViolations(page), 'axe on the 3-D Secure page').toEqual([]);

    await page.getByRole('button', { name: 'Complete authentication' }).click();
    const receipt = await thankYouText(page);
    expect(page.url().startsWith(`${CHECKOUT}/thank-you?`)).toBe(true);
    expect(receipt).toContain('Thanks for your payment');
    expect(receipt).toMatch(/Total paid\s+\$5\.00/);

    expect(customer.charges).toHaveLength(1);
    expect(
      (await paymentIntentsOf(customer.checkoutId())).map((pi) => [pi.status, pi.amount]),
    ).toEqual([['succeeded', 500]]);
  });

  // After 3-D Secure, the bank's redirect and Stripe's webhooks race to tell the checkout; here the
  // webhook wins. The receipt must name the card that paid, not the one declined before it (the
  // PaymentIntent's latest_charge was the declined one when /charge met 3-D Secure).
  test('a declined card, then a 3-D Secure card: the receipt names the card that paid', async ({
    customer,
    checkoutPage: page,
  }) => {
    await fillCheckout(page, { number: '4000000000000002' });
    await payButton(page).click();
    await expect
      .poll(() => paymentMessage(page).textContent(), { timeout: 20_000 })
      .toMatch(/^Your card was declined\./);
    await fillCard(page, { number: '4000002760003184' });
    await payToTheBank(page);
    const [intent] = await paymentIntentsOf(customer.checkoutId());
    await holdReturnUntilWebhook(page, intent!.id);
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    const receipt = await thankYouText(page);
    expect(receipt).not.toContain('0002');
    // The webhook's follow-up fills in the card that paid; the receipt shows it on the next view.
    await expect
      .poll(async () => (await page.reload(), thankYouText(page)), { timeout: 20_000 })
      .toContain('Visa ending in 3184');
  });

  test('4000 0000 0000 3220, authentication failed: back at the checkout, not charged; paying again works', async ({
    customer,
    checkoutPage: page,
  }) => {
    await payUntilChallenge(page, '4000000000003220');
    const checkoutId = customer.checkoutId();
    await page.getByRole('button', { name: 'Fail authentication' }).click();

    // As Stripe Checkout does: the customer's own checkout again, saying what happened.
    await page.waitForURL(`${CHECKOUT}/`);
    await checkoutReady(page);
    expect(await paymentMessage(page).textContent()).toBe(
      'Your bank did not confirm this payment. You have not been charged. Try again, or use another card.',
    );
    expect(await page.locator('main').innerText()).not.toContain('Thanks');
    expect(await axeViolations(page), 'axe on the checkout after a failed check').toEqual([]);
    const [failed] = await paymentIntentsOf(checkoutId);
    expect([failed?.status, failed?.last_payment_error?.code]).toEqual([
      'requires_payment_method',
      'payment_intent_authentication_failure',
    ]);

    // Paying again continues the same checkout (3-D Secure again, completed): one PaymentIntent.
    await payUntilChallenge(page, '4000000000003220');
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    expect(await thankYouText(page)).toContain('Thanks for your payment');

    expect(customer.charges).toHaveLength(2);
    expect(customer.checkoutId()).toBe(checkoutId);
    expect((await paymentIntentsOf(checkoutId)).map((pi) => pi.status)).toEqual(['succeeded']);
  });

  // The customer passed the bank's check and the card was then declined: the decline's own words,
  // as POST /charge says them, never "your bank did not confirm" (which the customer did).
  test('4000 0082 6000 3178, authenticated then declined: its insufficient funds, not charged', async ({
    customer,
    checkoutPage: page,
  }) => {
    await payUntilChallenge(page, '4000008260003178');
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    await page.waitForURL(`${CHECKOUT}/`);
    await checkoutReady(page);
    // Before: "Your bank did not confirm this payment. …"
    await expect
      .poll(() => paymentMessage(page).textContent())
      .toBe('Your card has insufficient funds. You have not been charged. Try another card.');
    expect(await axeViolations(page), 'axe on the checkout after a decline').toEqual([]);
    const [failed] = await paymentIntentsOf(customer.checkoutId());
    expect([failed?.status, failed?.last_payment_error?.decline_code]).toEqual([
      'requires_payment_method',
      'insufficient_funds',
    ]);
  });

  test('4000 0082 6000 3178 within Stripe.js’s step: its insufficient funds, not charged', async ({
    checkoutPage: page,
  }) => {
    let answered = false;
    await page.route(readsPaymentIntent, async (route) => {
      if (answered || route.request().method() !== 'GET') return route.fallback();
      answered = true;
      await bankAnswers(new URL(route.request().url()).pathname.split('/').pop()!, 'complete');
      await route.fallback();
    });
    await fillCheckout(page, { number: '4000008260003178' });
    await payButton(page).click();
    // Before: "Your bank did not confirm this payment. …"
    await expect
      .poll(() => paymentMessage(page).textContent(), { timeout: 20_000 })
      .toBe('Your card has insufficient funds. You have not been charged. Try another card.');
    expect(answered).toBe(true);
  });

  // The bank's return carries the language a link chose (?lang=), and the page's cleaned address
  // must keep it: a reload of the checkout, and its receipt, stay in it.
  test('a language chosen by link, refused at the bank: the reload is still in it', async ({
    customer,
  }) => {
    const { page } = customer;
    await openCheckout(page, '/?lang=de');
    await payUntilChallenge(page, '4000000000003220');
    await page.getByRole('button', { name: 'Fail authentication' }).click();
    // Before: the address became plain / and the reload was in the browser's English.
    await page.waitForURL(`${CHECKOUT}/?lang=de`);
    await checkoutReady(page);
    await expect.poll(() => paymentMessage(page).textContent()).toMatch(/nichts berechnet/);
    await page.reload();
    await checkoutReady(page);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await payButton(page).textContent()).toMatch(/ bezahlen$/);
    expect(page.url()).toBe(`${CHECKOUT}/?lang=de`);
  });

  // A live region announces what it gains once it is in the accessibility tree: the busy form hides
  // its children (visibility), so the page's "not charged" must not be written before it is priced.
  test('back from the bank refused, priced late: the alert is written once it can be heard', async ({
    checkoutPage: page,
  }) => {
    await payUntilChallenge(page, '4000000000003220');
    // A slow price: the payment's chunk, which says the message, arrives well before it.
    await page.route(shopPath('/quote'), async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.fallback();
    });
    await page.addInitScript(() => {
      const written: { text: string; visibility: string }[] = [];
      (window as unknown as { written: typeof written }).written = written;
      new MutationObserver(() => {
        const message = document.getElementById('message');
        const text = message?.textContent ?? '';
        if (text && text !== written.at(-1)?.text)
          written.push({ text, visibility: getComputedStyle(message!).visibility });
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.getByRole('button', { name: 'Fail authentication' }).click();
    await page.waitForURL(`${CHECKOUT}/`);
    await checkoutReady(page);
    await expect.poll(() => paymentMessage(page).textContent()).toMatch(/not been charged/);
    // Before: written while the form was busy (hidden), and never announced.
    expect(await page.evaluate(() => (window as unknown as { written: unknown }).written)).toEqual([
      { text: expect.stringMatching(/not been charged/), visibility: 'visible' },
    ]);
  });

  // Only a card's refusal (or Stripe's PaymentIntent back to needing a card) is "not charged": an
  // API or network error of the bank's step says nothing of a payment that may have gone through.
  test('Stripe.js’s step fails with api_error while the bank approved: the receipt, one charge', async ({
    customer,
    checkoutPage: page,
  }) => {
    customer.expectConsoleError(/status of 500/);
    let failed = false;
    await page.route(readsPaymentIntent, async (route) => {
      if (failed || route.request().method() !== 'GET') return route.fallback();
      failed = true;
      await bankAnswers(new URL(route.request().url()).pathname.split('/').pop()!, 'complete');
      await route.fulfill({
        status: 500,
        headers: { 'Access-Control-Allow-Origin': '*' },
        contentType: 'application/json',
        body: JSON.stringify({
          error: { type: 'api_error', message: 'An unknown error occurred' },
        }),
      });
    });
    await fillCheckout(page, { number: '4000002760003184' });
    await payButton(page).click();
    // Before: "An unknown error occurred" and Pay, for a payment Stripe had taken.
    expect(await thankYouText(page)).toMatch(/Total paid\s+\$5\.00/);
    expect(failed).toBe(true);
    expect(customer.charges).toHaveLength(1);
    expect((await paymentIntentsOf(customer.checkoutId())).map((pi) => pi.status)).toEqual([
      'succeeded',
    ]);
  });

  // In the page's own step (Stripe.js's, no redirect) the bank refuses: Stripe.js's error is its
  // own wording, which says nothing of a charge. The customer reads the shop's: not charged.
  test('the bank refuses within Stripe.js’s step: the shop’s words, not charged; paying again works', async ({
    customer,
    checkoutPage: page,
  }) => {
    let refused = false;
    await page.route(readsPaymentIntent, async (route) => {
      if (refused || route.request().method() !== 'GET') return route.fallback();
      refused = true;
      await bankAnswers(new URL(route.request().url()).pathname.split('/').pop()!, 'fail');
      await route.fallback();
    });
    await fillCheckout(page, { number: '4000000000003220' });
    await payButton(page).click();
    // Before: Stripe's "We are unable to authenticate your payment method…", no word of a charge.
    await expect
      .poll(() => paymentMessage(page).textContent(), { timeout: 20_000 })
      .toBe(
        'Your bank did not confirm this payment. You have not been charged. Try again, or use ' +
          'another card.',
      );
    expect(refused).toBe(true);
    expect(await payButton(page).textContent()).toMatch(/^Pay /);
    const checkoutId = customer.checkoutId();
    expect((await paymentIntentsOf(checkoutId)).map((pi) => pi.status)).toEqual([
      'requires_payment_method',
    ]);

    await payUntilChallenge(page, '4000000000003220');
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    expect(await thankYouText(page)).toMatch(/Total paid\s+\$5\.00/);
    expect(customer.checkoutId()).toBe(checkoutId);
  });

  // Stripe answers that the payment still waits on the bank (requires_action): the bank's step is
  // what is unfinished, not the shop's answer.
  test('Stripe.js’s step fails, the bank not answered yet: its step is unfinished; Try again ends it', async ({
    customer,
    checkoutPage: page,
  }) => {
    customer.expectConsoleError(/status of 500/);
    let failed = false;
    await page.route(readsPaymentIntent, async (route) => {
      if (failed || route.request().method() !== 'GET') return route.fallback();
      failed = true;
      await route.fulfill({
        status: 500,
        headers: { 'Access-Control-Allow-Origin': '*' },
        contentType: 'application/json',
        body: JSON.stringify({
          error: { type: 'api_error', message: 'An unknown error occurred' },
        }),
      });
    });
    await fillCheckout(page, { number: '4000002760003184' });
    await payButton(page).click();
    // Before: "We could not get an answer from the shop…", which had answered.
    await expect
      .poll(() => paymentMessage(page).textContent(), { timeout: 20_000 })
      .toBe(
        'Your bank’s check of this payment is not finished: you have not been charged unless you ' +
          'completed it. Press Try again to go back to it. Trying again is safe: this checkout ' +
          'can never be charged twice.',
      );
    expect(await payButton(page).textContent()).toBe('Try again');
    const checkoutId = customer.checkoutId();
    expect((await paymentIntentsOf(checkoutId)).map((pi) => pi.status)).toEqual([
      'requires_action',
    ]);

    await payToTheBank(page);
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    expect(await thankYouText(page)).toMatch(/Total paid\s+\$5\.00/);
    expect(customer.checkoutId()).toBe(checkoutId);
  });

  test('the bank’s step left unfinished, the email then fixed: that payment canceled; paid once', async ({
    customer,
    checkoutPage: page,
  }) => {
    customer.expectConsoleError(/status of 500/);
    // The shop's answer to the changed order: 409 checkout_changed.
    customer.expectConsoleError(/status of 409 .*\/charge[?)]/);
    let failed = false;
    await page.route(readsPaymentIntent, async (route) => {
      if (failed || route.request().method() !== 'GET') return route.fallback();
      failed = true;
      await route.fulfill({
        status: 500,
        headers: { 'Access-Control-Allow-Origin': '*' },
        contentType: 'application/json',
        body: JSON.stringify({
          error: { type: 'api_error', message: 'An unknown error occurred' },
        }),
      });
    });
    await fillCheckout(page, { number: '4000002760003184' });
    await payButton(page).click();
    await expect
      .poll(() => paymentMessage(page).textContent(), { timeout: 20_000 })
      .toMatch(/^Your bank’s check of this payment is not finished/);
    const checkoutId = customer.checkoutId();
    // A typo fixed in the email: another order under the same checkout id. Before: "in
    // progress" until the sweep canceled the bank's payment, an hour on.
    await page.getByLabel('Email address').fill('jane.roe@example.com');
    expect(await payButton(page).textContent()).toBe('Pay $5.00');
    await payButton(page).click();
    await expect
      .poll(() => paymentMessage(page).textContent(), { timeout: 20_000 })
      .toMatch(/You have not been charged\.$/);
    expect((await paymentIntentsOf(checkoutId)).map((pi) => pi.status)).toEqual(['canceled']);

    // The next Pay is a new checkout: to the bank, and paid once.
    await payToTheBank(page);
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    expect(await thankYouText(page)).toMatch(/Total paid\s+\$5\.00/);
    expect(customer.checkoutId()).not.toBe(checkoutId);
    expect((await paymentIntentsOf(customer.checkoutId())).map((pi) => pi.status)).toEqual([
      'succeeded',
    ]);
  });

  test('the network fails as the bank’s step opens: not confirmed, never “not charged”; Try again finishes it', async ({
    customer,
    checkoutPage: page,
  }) => {
    customer.expectConsoleError(/ERR_CONNECTION_RESET/);
    await page.route(readsPaymentIntent, (route) => route.abort('connectionreset'));
    await fillCheckout(page, { number: '4000002760003184' });
    await payButton(page).click();
    await expect
      .poll(() => paymentMessage(page).textContent(), { timeout: 20_000 })
      .toBe(
        'We could not get an answer from the shop, so your payment is not confirmed. Trying ' +
          'again is safe: this checkout can never be charged twice.',
      );
    expect(await payButton(page).textContent()).toBe('Try again');
    expect(await axeViolations(page), 'axe on the checkout not confirmed').toEqual([]);
    const checkoutId = customer.checkoutId();
    expect((await paymentIntentsOf(checkoutId)).map((pi) => pi.status)).toEqual([
      'requires_action',
    ]);

    // Back on the network, Try again asks Stripe, then the shop, which opens the bank's step again.
    await page.unroute(readsPaymentIntent);
    await payToTheBank(page);
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    expect(await thankYouText(page)).toMatch(/Total paid\s+\$5\.00/);
    expect(customer.checkoutId()).toBe(checkoutId);
    expect((await paymentIntentsOf(checkoutId)).map((pi) => pi.status)).toEqual(['succeeded']);
  });

  // Stripe returns with redirect_status=processing for a payment the bank accepted whose money is
  // still moving. The simulator has no processing state: its return for an approved payment is
  // rewritten, as Stripe's would read for one still processing.
  test('back from the bank with redirect_status=processing: the receipt, never “not charged”', async ({
    customer,
    checkoutPage: page,
  }) => {
    await payUntilChallenge(page, '4000002760003184');
    const [intent] = await paymentIntentsOf(customer.checkoutId());
    await page.route(`${SIM}/_sim/3ds/${intent!.id}`, async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      const response = await route.fetch({ maxRedirects: 0 });
      const location = response.headers().location!;
      expect(location).toContain('redirect_status=succeeded');
      const processing = location.replace(
        'redirect_status=succeeded',
        'redirect_status=processing',
      );
      await route.fulfill({ response, headers: { ...response.headers(), location: processing } });
    });
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    // Before: the checkout again, "Your bank did not confirm this payment. You have not been charged".
    expect(await thankYouText(page)).toContain('Thanks for your payment');
    expect(page.url().startsWith(`${CHECKOUT}/thank-you?`)).toBe(true);
    expect(customer.charges).toHaveLength(1);
  });

  test('approved at the bank, back without Stripe’s return: not “not charged”, Try again shows the receipt', async ({
    customer,
    checkoutPage: page,
  }) => {
    await payUntilChallenge(page, '4000002760003184');
    const checkoutId = customer.checkoutId();
    await answerWithoutReturn(customer, 'Complete authentication', 'succeeded');
    // Paid meanwhile: never the unconditional "not charged" (only "unless you completed it").
    expect(await paymentMessage(page).textContent()).not.toContain('You have not been charged.');
    await payButton(page).click();
    expect(await thankYouText(page)).toMatch(/Total paid\s+\$5\.00/);
    expect(customer.charges).toHaveLength(2);
    expect(customer.checkoutId()).toBe(checkoutId);
    expect((await paymentIntentsOf(checkoutId)).map((pi) => pi.status)).toEqual(['succeeded']);
  });

  // A ConfirmationToken is single-use: the one the bank's step spent is never sent again. Try again
  // asks Stripe where the payment stands; refused by the bank, the customer reads so, and pays
  // again with the card they type (a fresh token), in the same checkout.
  test('refused at the bank, back without Stripe’s return: not charged, paying again sends a new token', async ({
    customer,
    checkoutPage: page,
  }) => {
    const checkoutId = await refusedWithoutReturn(customer);

    await payButton(page).click();
    await expect
      .poll(() => paymentMessage(page).textContent())
      .toBe(
        'Your bank did not confirm this payment. You have not been charged. Try again, or use ' +
          'another card.',
      );
    expect(customer.charges).toHaveLength(1);
    expect(await axeViolations(page), 'axe on the checkout told the bank refused').toEqual([]);

    await fillCard(page, { number: '4242424242424242' });
    await payButton(page).click();
    expect(await thankYouText(page)).toMatch(/Total paid\s+\$5\.00/);
    expectNewToken(customer, checkoutId);
    expect((await paymentIntentsOf(checkoutId)).map((pi) => pi.status)).toEqual(['succeeded']);
  });

  test('refused at the bank, back without Stripe’s return, another card typed: Try again pays with it', async ({
    customer,
    checkoutPage: page,
  }) => {
    const checkoutId = await refusedWithoutReturn(customer);

    // A declining card: the customer reads its decline, plainly, and that nothing was charged.
    await fillCard(page, { number: '4000000000000002' });
    await payButton(page).click();
    await expect
      .poll(() => paymentMessage(page).textContent(), { timeout: 20_000 })
      .toBe(
        'Your card was declined. You have not been charged. Try another card, or contact your bank.',
      );
    expectNewToken(customer, checkoutId);
    const [intent] = await paymentIntentsOf(checkoutId);
    expect([intent?.status, intent?.last_payment_error?.code]).toEqual([
      'requires_payment_method',
      'card_declined',
    ]);
  });

  test('the payment’s chunk missing: could not load, nothing sent; after a reload, paid once', async ({
    customer,
    checkoutPage: page,
  }) => {
    // The payment and the bank's step are a chunk of their own, fetched at the first sign of
    // paying and awaited at Pay (a page from before a deploy finds it gone): nothing is sent to
    // the shop or to Stripe without it.
    customer.expectConsoleError(/chunks\/pay-\w+\.js\)$/);
    await page.route('**/chunks/pay-*.js', (route) => route.abort());
    await fillCheckout(page, { number: '4000002760003184' });
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') sent.push(request.url());
    });
    await payButton(page).click();
    await expect
      .poll(() => paymentMessage(page).textContent(), { timeout: 20_000 })
      .toBe('Part of this page could not load. Please check your connection and reload the page.');
    expect(sent).toEqual([]);
    expect(customer.charges).toHaveLength(0);
    // Pay is ready again once the cart's chunk, fetched with the payment's, has settled too.
    await expect.poll(() => payButton(page).getAttribute('aria-busy')).toBe('false');

    // Back on the network, the reload the message asks for: the bank's step and the receipt, with
    // one POST /charge and one PaymentIntent.
    await page.unroute('**/chunks/pay-*.js');
    await page.reload();
    await checkoutReady(page);
    await fillCard(page, { number: '4000002760003184' });
    await payToTheBank(page);
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    expect(await thankYouText(page)).toContain('Thanks for your payment');
    const checkoutId = customer.checkoutId();
    expect(customer.charges).toHaveLength(1);
    expect((await paymentIntentsOf(checkoutId)).map((pi) => [pi.status, pi.amount])).toEqual([
      ['succeeded', 500],
    ]);
  });
});
