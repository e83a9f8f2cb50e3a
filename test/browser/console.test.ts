/**
 * The merchant's console in Chromium: an admin signs in through the local Access stand-in, finds
 * a customer's order by the number on its receipt, sees the receipt's summary, refunds part of it
 * and then the rest, each after a confirmation, and sees it refunded, at Stripe too; axe finds no
 * violation on any of its views. Signing out ends it. A tax-inclusive poster's order shows the
 * tax added and the tax inside its price as its receipt does. An unanswered refund keeps its key
 * through a repeat the sign-in gate refused. A refund Stripe refused as busy says nothing was
 * refunded, and confirming again makes a new one, also when it was the repeat of a confirmation
 * that had no answer. "Show more orders" loads each page once, for the search as submitted. A
 * capped list of disagreements says how many there are. An order whose Stripe Tax transaction id
 * is unknown says what to do, and a fulfilment run leaves the focus on its outcome.
 * Every read of what the console re-renders waits for the outcome (expect.poll), never for time.
 */
import type { Page } from 'playwright-core';
import { axeViolations } from './support/axe.ts';
import {
  CHECKOUT,
  CHROMIUM,
  openCheckout,
  payButton,
  type Customer,
} from './support/checkout-page.ts';
import { ADMIN, signInToConsole } from './support/console.ts';
import { describe, expect, test } from './support/fixtures.ts';
import { enterAddress, payWithCard } from './support/pay.ts';
import { simFault, simRequests } from './support/sim.ts';

/** Intl separates amount and symbol with a no-break space in many locales. */
const plain = (text: string | null) => (text ?? '').replace(/\u00a0|\u202f/g, ' ');

/** The detail view's summary value of a term ("Status", "Refunded"…). */
const summary = (page: Page, term: string) =>
  page
    .locator('#summary div')
    .filter({ has: page.locator('dt', { hasText: term }) })
    .locator('dd');

/** The detail view's summary as shown: each term and its value. */
const summaryRows = (page: Page) =>
  page
    .locator('#summary div')
    .evaluateAll((divs) =>
      divs.map((div) => [div.firstElementChild!.textContent, div.lastElementChild!.textContent]),
    );

/** Asks for a refund (all that remains, or `part` as typed) and confirms it. */
async function refund(page: Page, part?: string) {
  if (part) {
    await page.getByLabel('Part of it').check();
    await page.getByLabel(/^Amount/).fill(part);
  } else await page.getByLabel(/^All that remains/).check();
  await page.getByRole('button', { name: 'Refund…' }).click();
  const confirm = page.getByRole('button', { name: 'Confirm refund' });
  await expect.poll(() => confirm.isVisible()).toBe(true);
}

/** Lets the next refund through to the shop (it is made) and cuts its answer on the way back. */
async function loseNextRefundAnswer({ page, expectConsoleError }: Customer) {
  expectConsoleError(/ERR_CONNECTION_RESET/);
  await page.route(
    '**/admin/api/orders/*/refunds',
    async (route) => {
      await route.fetch();
      await route.abort('connectionreset');
    },
    { times: 1 },
  );
}

/** The customer pays $5.00; an admin (a new customer) signs in and opens the order it paid. */
async function paidOrderInConsole(customer: Customer, newCustomer: () => Promise<Customer>) {
  const { orderId } = await payWithCard(customer, '4242424242424242');
  const admin = await newCustomer();
  const { page } = admin;
  await signInToConsole(page);
  await page.goto(`${CHECKOUT}/admin#order/${orderId}`);
  await expect.poll(() => page.locator('#detail-title').innerText()).toBe(`Order ${orderId}`);
  return { orderId, admin, page };
}

/** The id of the element that has the focus. */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? null);

/**
 * Shows the order (reloaded) as the shop's next answer with `change` applied says it: a state the
 * local stack does not reach on its own (migrations/0025, fulfilment out of attempts), which the
 * integration tests bring about through the API.
 */
async function reloadAs(
  page: Page,
  orderId: string,
  change: (detail: Record<string, unknown>) => Record<string, unknown>,
) {
  await page.route(
    `**/admin/api/orders/${orderId}`,
    async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: change(await response.json()) });
    },
    { times: 1 },
  );
  await page.reload();
  await expect.poll(() => page.locator('#detail-title').innerText()).toBe(`Order ${orderId}`);
}

describe.skipIf(!CHROMIUM)('the console', () => {
  test('an admin signs in, refunds part of an order then the rest, sees it refunded, and signs out', async ({
    customer,
    checkoutPage: _,
    newCustomer,
  }) => {
    // A customer pays $5.00; the receipt gives them a number to quote.
    const paid = await payWithCard(customer, '4242424242424242');
    const number = paid.orderNumber;
    expect(number).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}$/);

    // The admin opens the console: the stand-in's sign-in, then back to the console.
    const admin = await newCustomer();
    const { page } = admin;
    await signInToConsole(page);
    await expect.poll(() => page.locator('#sweep').innerText()).not.toBe('Loading…');
    expect(await axeViolations(page)).toEqual([]);

    // Found by the number the customer quotes, as they may write it.
    await page
      .getByLabel('Email, order number, order id or PaymentIntent id')
      .fill(number.toLowerCase());
    await page.getByRole('button', { name: 'Show orders' }).click();
    const row = page.locator('#orders tbody tr');
    await expect
      .poll(async () => (await row.allInnerTexts()).map(plain))
      .toEqual([expect.stringMatching(/Paid\s+\$5\.00\s+jane\.doe@example\.com/)]);
    await expect.poll(() => page.locator('#results').innerText()).toBe('1 order shown.');
    // The number the customer quotes, in the list too (before: only the order id).
    expect(await row.locator('td').first().innerText()).toBe(number);
    const link = row.getByRole('link');
    // The order the customer paid, whose id starts with the number.
    const orderId = await link.innerText();
    expect(orderId).toBe(paid.orderId);
    expect(orderId.startsWith(`ord_${number.replace('-', '').toLowerCase()}`)).toBe(true);
    await link.click();
    await expect.poll(() => page.locator('#detail-title').innerText()).toBe(`Order ${orderId}`);
    // The receipt's summary: its number, lines and total.
    await expect.poll(() => summary(page, 'Order number').innerText()).toBe(number);
    expect(plain(await summary(page, 'Support our work × 1').innerText())).toBe('$5.00');
    expect(plain(await summary(page, 'Total paid').innerText())).toBe('$5.00');
    expect(await summary(page, 'Status').innerText()).toBe('Paid');
    expect(plain(await page.locator('#remaining').innerText())).toBe('$5.00');
    expect(await axeViolations(page)).toEqual([]);

    // An amount that is not one is refused at the field, before anything is sent.
    await page.getByLabel('Part of it').check();
    const amount = page.getByLabel(/^Amount/);
    await amount.fill('6');
    await page.getByRole('button', { name: 'Refund…' }).click();
    await expect.poll(() => amount.getAttribute('aria-invalid')).toBe('true');
    expect(plain(await page.locator('#amount-error').innerText())).toBe(
      'At most $5.00 can be refunded.',
    );
    expect(await amount.getAttribute('aria-describedby')).toBe('amount-error');
    expect(await axeViolations(page)).toEqual([]);

    // $2.00, confirmed with a double click: one refund.
    await refund(page, '2.00');
    expect(plain(await page.locator('#confirm-text').innerText())).toBe(
      `Refund $2.00 of order ${orderId} to the customer’s card? This cannot be undone.`,
    );
    expect(await axeViolations(page)).toEqual([]);
    // Its answer is lost on the way back: the refund is made, and the console keeps it (and its
    // key) for a second confirmation, which finds it.
    await loseNextRefundAnswer(admin);
    await page.getByRole('button', { name: 'Confirm refund' }).dblclick();
    // The refund is made for real before the answer is cut: slow on a busy machine.
    await expect
      .poll(() => page.locator('#outcome').innerText(), { timeout: 15_000 })
      .toBe(
        'The shop did not answer, so $2.00 may have been refunded. Confirm the refund again ' +
          'to find out: it cannot refund twice.',
      );
    await expect
      .poll(() => page.getByRole('button', { name: 'Confirm refund' }).isVisible())
      .toBe(true);
    await page.getByRole('button', { name: 'Confirm refund' }).click();
    await expect
      .poll(() => page.locator('#outcome').innerText())
      .toBe('Refunded $2.00. The order is now partly refunded.');
    await expect.poll(() => summary(page, 'Status').innerText()).toBe('Partly refunded');
    await expect.poll(async () => plain(await summary(page, 'Refunded').innerText())).toBe('$2.00');
    // The form is as first shown, all that remains: before, "Part of it" and 2.00 stayed, one
    // confirmation from a second refund of $2.00.
    expect(await page.getByLabel(/^All that remains/).isChecked()).toBe(true);
    expect(await page.getByLabel(/^Amount/).isHidden()).toBe(true);
    expect(await page.getByLabel(/^Amount/).inputValue()).toBe('');
    // Created once (before: "Created (Pending) (order created)").
    expect(await page.locator('#history tbody tr').first().innerText()).toMatch(
      /\tCreated \(Pending\)\t/,
    );

    // The rest, which the form now offers.
    await expect
      .poll(async () => plain(await page.locator('#remaining').innerText()))
      .toBe('$3.00');
    await refund(page);
    await page.getByRole('button', { name: 'Confirm refund' }).click();
    await expect
      .poll(() => page.locator('#outcome').innerText())
      .toBe('Refunded $3.00. The order is now refunded.');
    await expect.poll(() => summary(page, 'Status').innerText()).toBe('Refunded');
    await expect.poll(() => page.locator('#refund-section').isHidden()).toBe(true);
    const refunds = page.locator('#refunds tbody tr');
    await expect
      .poll(async () => (await refunds.allInnerTexts()).map(plain))
      .toEqual([
        // With the reason given (before: left out).
        expect.stringMatching(
          /\$2\.00\s+Requested by the customer\s+Succeeded\s+grace@shop\.example$/,
        ),
        expect.stringMatching(
          /\$3\.00\s+Requested by the customer\s+Succeeded\s+grace@shop\.example$/,
        ),
      ]);
    const actions = page.locator('#order-activity tbody tr');
    await expect
      .poll(async () => (await actions.allInnerTexts()).map(plain))
      .toEqual([
        expect.stringMatching(/grace@shop\.example\s+Refund of \$3\.00: done$/),
        // The second confirmation of the unanswered one found it: no second refund.
        expect.stringMatching(
          /grace@shop\.example\s+Refund of \$2\.00: done \(the same refund, asked again\)$/,
        ),
        expect.stringMatching(/grace@shop\.example\s+Refund of \$2\.00: done$/),
      ]);
    expect(await axeViolations(page)).toEqual([]);

    // At Stripe: two refunds, each asked for once, under a key of its own.
    const posts = (await simRequests()).filter(
      (request) => request.method === 'POST' && request.path === '/v1/refunds',
    );
    const keys = posts.map((post) => post.idempotency_key);
    expect(keys).toEqual([
      expect.stringMatching(new RegExp(`^${orderId}/refund/[0-9a-f]{64}$`)),
      expect.stringMatching(new RegExp(`^${orderId}/refund/[0-9a-f]{64}$`)),
    ]);
    expect(keys[0]).not.toBe(keys[1]);
    expect(posts.map((post) => post.status)).toEqual([200, 200]);

    // Back on the list: refunded, and the sweep's state and who did what are shown. The list
    // keeps its rows from before until it has loaded again: wait for the new one.
    await page.getByRole('link', { name: '← All orders' }).click();
    await expect
      .poll(async () => (await row.allInnerTexts()).map(plain))
      .toEqual([expect.stringMatching(/Refunded\s+\$5\.00\s+jane\.doe@example\.com/)]);
    await expect.poll(() => page.locator('#results').innerText()).toBe('1 order shown.');
    await expect
      .poll(async () => (await page.locator('#activity tbody tr').allInnerTexts()).slice(0, 2))
      .toEqual([
        expect.stringContaining(`${ADMIN}\t${orderId}\tRefund of`),
        expect.stringContaining(`${ADMIN}\t${orderId}\tRefund of`),
      ]);
    expect(await axeViolations(page)).toEqual([]);

    // Signing out drops the cookie (which the console was signed in by): the console asks for a
    // sign-in again.
    const cookies = async () =>
      (await page.context().cookies(`${CHECKOUT}/admin`)).map((cookie) => cookie.name);
    expect(await cookies()).toEqual(['CF_Authorization']);
    await page.getByRole('link', { name: 'Sign out' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).innerText())
      .toBe('You are signed out');
    expect(await cookies()).toEqual([]);
    await page.getByRole('link', { name: 'Sign in again' }).click();
    await page.waitForURL(/\/cdn-cgi\/access\/login\?/);
  });

  test('shows a tax-inclusive order’s tax as its receipt does: added, and inside the price', async ({
    customer,
    newCustomer,
  }) => {
    // A poster ($10.00, 19 % inside: $1.60) to Berlin by Standard ($10.00, 19 % on top: $1.90).
    await openCheckout(customer.page, '/?product=poster');
    await enterAddress(customer.page, {
      country: 'DE',
      'Full name': 'Erika Mustermann',
      'Address line 1': 'Unter den Linden 1',
      City: 'Berlin',
      'Postal code': '10117',
    });
    await expect.poll(() => payButton(customer.page).textContent()).toBe('Pay $21.90');
    const paid = await payWithCard(customer, '4242424242424242', 'erika@example.com');
    const taxRows = [
      ['Poster × 1', '$10.00'],
      ['Shipping: Standard', '$10.00'],
      ['Tax', '$1.90'],
      ['Total paid', '$21.90'],
      ['Includes tax', '$1.60'],
    ];
    // The receipt says them so, one after the other.
    const escaped = taxRows.flat().map((text) => text.replace(/[$.()]/g, '\\$&'));
    expect(paid.receipt).toMatch(new RegExp(escaped.join('\\s+')));

    const { page } = await newCustomer();
    await signInToConsole(page);
    await page.goto(`${CHECKOUT}/admin#order/${paid.orderId}`);
    await expect
      .poll(() => page.locator('#detail-title').innerText())
      .toBe(`Order ${paid.orderId}`);
    await expect
      .poll(async () => {
        const rows = (await summaryRows(page)).map((row) => row.map(plain));
        const from = rows.findIndex(([term]) => term === 'Poster × 1');
        return rows.slice(from, from + taxRows.length);
      })
      .toEqual(taxRows);
    expect(await axeViolations(page)).toEqual([]);
  });

  test('an unanswered refund keeps its key, all that remains refunds what was confirmed, focus follows', async ({
    customer,
    checkoutPage: _,
    newCustomer,
  }) => {
    const { orderId, admin, page } = await paidOrderInConsole(customer, newCustomer);
    const outcome = page.locator('#outcome');
    const title = page.locator('#detail-title');
    // The brand as the customer's receipt names it (before: Stripe's "visa").
    expect(await summary(page, 'Card').innerText()).toBe('Visa ending in 4242');
    // The way back to the list is a 44 px tap target (before: its line, 19 px).
    const back = page.getByRole('link', { name: '← All orders' });
    expect((await back.boundingBox())!.height).toBeGreaterThanOrEqual(44);

    // $2.00 is refunded, but the answer is lost and the shop stays unreachable: the order cannot
    // be loaded again, and the page says so (not "not found"), keeping only the confirmation.
    await refund(page, '2.00');
    await loseNextRefundAnswer(admin);
    const detail = `**/admin/api/orders/${orderId}`;
    await page.route(detail, (route) => route.abort('connectionreset'));
    await page.getByRole('button', { name: 'Confirm refund' }).click();
    await expect
      .poll(() => outcome.innerText(), { timeout: 15_000 })
      .toBe(
        'The shop did not answer, so $2.00 may have been refunded. Confirm the refund again ' +
          'to find out: it cannot refund twice.',
      );
    expect(await title.innerText()).toBe('The order could not be loaded');
    expect(await page.getByRole('button', { name: 'Confirm refund' }).isVisible()).toBe(true);
    expect(await page.locator('#fulfil-section').isHidden()).toBe(true);
    await expect.poll(() => focused(page)).toBe('confirm-yes');
    expect(await axeViolations(page)).toEqual([]);

    // Signed out meanwhile (the Access session over): the gate's 401 to the repeat says nothing of
    // the refund, so the page keeps its key and says so; signed in again, it goes on.
    const session = await admin.context.cookies();
    await admin.context.clearCookies();
    // (The order's activity, read with it, is refused too.)
    admin.expectConsoleError(/status of 401 \(Unauthorized\) \(\S+\/admin\/api\/\S+\)$/);
    await page.getByRole('button', { name: 'Confirm refund' }).click();
    await expect
      .poll(() => outcome.innerText())
      .toBe(
        'Sign in with Cloudflare Access to use this console. The refund of $2.00 may have been ' +
          'made before: confirming again cannot refund twice.',
      );
    expect(await page.getByRole('button', { name: 'Confirm refund' }).isVisible()).toBe(true);
    await admin.context.addCookies(session);

    // Cancel does not claim that nothing was refunded, and the key stays for the next confirmation.
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect
      .poll(() => outcome.innerText())
      .toBe(
        'The refund of $2.00 may have been made: it had no answer. Choose Refund… to confirm ' +
          'it again: it cannot refund twice.',
      );
    expect(await page.locator('#refund-section').isHidden()).toBe(true);
    await expect.poll(() => focused(page)).toBe('outcome');
    expect(await axeViolations(page)).toEqual([]);

    // The shop answers again; the order is opened anew (a reload, even) and shows the refund.
    await page.unroute(detail);
    await page.reload();
    await expect.poll(() => title.innerText()).toBe(`Order ${orderId}`);
    await expect
      .poll(async () => plain(await page.locator('#remaining').innerText()))
      .toBe('$3.00');
    // Asking for $2.00 again confirms the unanswered refund again, under its key: no second one.
    await refund(page, '2.00');
    expect(plain(await page.locator('#confirm-text').innerText())).toBe(
      `The refund of $2.00 of order ${orderId} has had no answer, so it may have been made. ` +
        'Confirm it again to find out: it cannot refund twice.',
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Confirm refund' }).click();
    await expect
      .poll(() => outcome.innerText())
      .toBe('Refunded $2.00. The order is now partly refunded.');
    await expect.poll(() => focused(page)).toBe('outcome');

    // All that remains is confirmed as $3.00; meanwhile another admin refunds $1.00. The
    // confirmed $3.00 is refused, nothing more is refunded, and the page shows why and what is.
    await refund(page);
    expect(plain(await page.locator('#confirm-text').innerText())).toBe(
      `Refund $3.00 of order ${orderId} to the customer’s card? This cannot be undone.`,
    );
    const other = await page.evaluate(async (id) => {
      const response = await fetch(`/admin/api/orders/${id}/refunds`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
        body: JSON.stringify({ amount: 100 }),
      });
      return response.status;
    }, orderId);
    expect(other).toBe(201);
    admin.expectConsoleError(/status of 400 \(Bad Request\) \(\S+\/refunds\)$/);
    await page.getByRole('button', { name: 'Confirm refund' }).click();
    await expect
      .poll(async () => plain(await outcome.innerText()))
      .toBe('At most $2.00 can be refunded. Nothing was refunded.');
    await expect
      .poll(async () => plain(await page.locator('#remaining').innerText()))
      .toBe('$2.00');
    await expect.poll(async () => plain(await summary(page, 'Refunded').innerText())).toBe('$3.00');
    await expect.poll(() => focused(page)).toBe('outcome');
    expect(await axeViolations(page)).toEqual([]);

    // At Stripe: the $2.00 once, then the other admin's $1.00; never a second $2.00 nor a $2.00 rest.
    const posts = (await simRequests()).filter(
      (request) =>
        request.method === 'POST' &&
        request.path === '/v1/refunds' &&
        request.idempotency_key?.startsWith(`${orderId}/`),
    );
    expect(posts.map((post) => post.status)).toEqual([200, 200]);
    const refunds = page.locator('#refunds tbody tr');
    await expect
      .poll(async () => (await refunds.allInnerTexts()).map(plain))
      .toEqual([
        expect.stringMatching(
          /\$2\.00\s+Requested by the customer\s+Succeeded\s+grace@shop\.example$/,
        ),
        // Asked for through the API with no reason.
        expect.stringMatching(/\$1\.00\s+Not given\s+Succeeded\s+grace@shop\.example$/),
      ]);
  });

  test('an order whose tax transaction id is unknown says what to do; a fulfilment run keeps the focus', async ({
    customer,
    checkoutPage: _,
    newCustomer,
  }) => {
    const { orderId, admin, page } = await paidOrderInConsole(customer, newCustomer);
    const box = page.locator('#tax-unknown');
    expect(await box.isHidden()).toBe(true);

    // Stripe Tax made the order's transaction, its id never learned: the merchant reads what it
    // means and the command that mends it, for this order.
    await reloadAs(page, orderId, (detail) => ({
      ...detail,
      tax_transaction_unknown_at: '2026-11-30T09:00:00.000Z',
    }));
    await expect.poll(() => box.isVisible()).toBe(true);
    const text = await box.innerText();
    expect(text).toContain('Tax transaction id unknown.');
    expect(text).toContain('the tax of this order’s refunds cannot be reversed at Stripe Tax');
    expect(text).toContain(`find the tax transaction whose reference is ${orderId}`);
    expect(await box.locator('code.command').innerText()).toBe(
      'npx wrangler d1 execute DB --remote --command ' +
        `"UPDATE orders SET tax_transaction = 'tax_…' WHERE id = '${orderId}'"`,
    );
    expect(await axeViolations(page)).toEqual([]);

    // Fulfilment out of attempts, as the page last loaded it; it was fulfilled meanwhile. Running
    // it again says so, and the focus goes to that outcome while the button hides.
    await reloadAs(page, orderId, (detail) => {
      const order = detail.order as Record<string, unknown>;
      const fulfilment = { ...(order.fulfilment as object), state: 'needs_attention' };
      return { ...detail, order: { ...order, fulfilment } };
    });
    expect(await box.isHidden()).toBe(true);
    const run = page.getByRole('button', { name: 'Run fulfilment again' });
    await expect.poll(() => run.isVisible()).toBe(true);
    admin.expectConsoleError(/status of 409/);
    await run.click();
    await expect
      .poll(() => page.locator('#outcome').innerText())
      .toBe('This order was fulfilled already.');
    // The order is loaded again (its fulfilment and activity) before the focus moves: slow on a
    // busy machine.
    await expect.poll(() => run.isHidden(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => focused(page)).toBe('outcome');
    expect(await axeViolations(page)).toEqual([]);
  });

  test('a refund Stripe refused as busy says nothing was refunded; confirming again is a new one', async ({
    customer,
    checkoutPage: _,
    newCustomer,
  }) => {
    const { orderId, admin, page } = await paidOrderInConsole(customer, newCustomer);
    await expect.poll(() => summary(page, 'Status').innerText()).toBe('Paid');

    // Stripe answers 429 to each of the shop's attempts: the shop answers 503 stripe_unavailable.
    admin.expectConsoleError(/status of 503/);
    await page.route(
      '**/admin/api/orders/*/refunds',
      async (route) => {
        await simFault({ mode: 'error', status: 429, count: 3 });
        await route.fallback();
      },
      { times: 1 },
    );
    await refund(page, '2.00');
    await page.getByRole('button', { name: 'Confirm refund' }).click();
    await expect
      .poll(() => page.locator('#outcome').innerText(), { timeout: 15_000 })
      .toBe('Stripe is busy and refused every attempt. Nothing was refunded; try again.');
    await simFault(null);
    // Not kept for a retry under its key: the form is offered afresh.
    await expect.poll(() => page.getByRole('button', { name: 'Refund…' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Confirm refund' }).isVisible()).toBe(false);
    expect(await summary(page, 'Status').innerText()).toBe('Paid');
    expect(await axeViolations(page)).toEqual([]);

    // Asked again: a new refund under a new key, which Stripe makes.
    await refund(page, '2.00');
    await page.getByRole('button', { name: 'Confirm refund' }).click();
    await expect
      .poll(() => page.locator('#outcome').innerText())
      .toBe('Refunded $2.00. The order is now partly refunded.');
    const posts = (await simRequests()).filter(
      (request) =>
        request.method === 'POST' && request.idempotency_key?.startsWith(`${orderId}/refund/`),
    );
    expect(posts.map((post) => post.status)).toEqual([429, 429, 429, 200]);
    expect(new Set(posts.map((post) => post.idempotency_key)).size).toBe(2);
  });

  test('"Show more orders" loads each page once, for the search as submitted', async ({
    newCustomer,
  }) => {
    const { page } = await newCustomer();
    // Pages of the shop's answers, one order each, so that paging needs no ledger of 50 orders.
    const fake = (n: number) => ({
      id: `ord_${n.toString(16).padStart(24, '0')}`,
      created_at: '2026-01-01T00:00:00.000Z',
      status: 'paid',
      needs_attention: false,
      dispute: null,
      amount: 500,
      currency: 'usd',
      email: `buyer${n}@example.com`,
    });
    const asked: URLSearchParams[] = [];
    // A next page's answer waits while `held` does: the test lets it go once its clicks landed.
    let held = Promise.resolve();
    await page.route('**/admin/api/orders/search', async (route) => {
      const query = new URLSearchParams(route.request().postData() ?? '');
      asked.push(query);
      const cursor = Number(query.get('cursor') ?? 0);
      if (cursor) await held;
      await route.fulfill({
        json: { orders: [fake(cursor + 1)], next_cursor: String(cursor + 1) },
      });
    });
    await signInToConsole(page);
    await page.getByLabel('Email, order number, order id or PaymentIntent id').fill('buyer');
    await page.getByRole('button', { name: 'Show orders' }).click();
    const results = page.locator('#results');
    const rows = page.locator('#orders tbody tr');
    await expect.poll(() => results.innerText()).toBe('1 order shown; there are more.');

    // A double click asks for the next page once, and shows it once: both clicks land while the
    // page loads.
    const more = page.getByRole('button', { name: 'Show more orders' });
    let release = () => {};
    held = new Promise((resolve) => (release = resolve));
    await more.dblclick();
    release();
    await expect.poll(() => results.innerText()).toBe('2 orders shown; there are more.');
    expect(await rows.count()).toBe(2);

    // The form changed but not submitted: the next page is still the submitted search's.
    await page.getByLabel('Status').selectOption('refunded');
    await page.getByLabel('Email, order number, order id or PaymentIntent id').fill('other');
    await more.click();
    await expect.poll(() => results.innerText()).toBe('3 orders shown; there are more.');
    const paged = asked.filter((query) => query.has('cursor'));
    expect(paged.map((query) => Object.fromEntries(query))).toEqual([
      { q: 'buyer', cursor: '1' },
      { q: 'buyer', cursor: '2' },
    ]);
    await expect.poll(() => focused(page)).toBe('more');
  });

  test('a capped list of disagreements says how many Stripe disagrees with in all', async ({
    newCustomer,
  }) => {
    const { page } = await newCustomer();
    // More than the shop lists (the integration tests make them: reconcile.test.ts).
    const row = (i: number) => ({
      order_id: `ord_${i.toString(16).padStart(24, '0')}`,
      ledger_status: 'canceled',
      stripe_status: 'paid',
      ledger_refunded: 0,
      stripe_refunded: 0,
      detail: 'Stripe says paid',
      found_at: '2026-01-01T00:00:00.000Z',
      checked_at: '2026-01-01T00:00:00.000Z',
      order: null,
    });
    await page.route('**/admin/api/reconciliation', async (route) => {
      const response = await route.fetch();
      const json = { ...(await response.json()), disagreements: [row(1), row(2)] };
      await route.fulfill({ response, json: { ...json, disagreements_total: 150 } });
    });
    await signInToConsole(page);
    const caption = page.locator('#disagreements caption');
    await expect
      .poll(() => caption.innerText())
      .toBe('Orders Stripe disagrees with (150; the 2 found first shown)');
    expect(await page.locator('#disagreements tbody tr').count()).toBe(2);
  });

  test('before the first sweep claims no agreement with Stripe, and says how it runs', async ({
    newCustomer,
  }) => {
    const { page } = await newCustomer();
    // Before: "It runs every 5 minutes." then "Stripe agrees with every order the sweep checked."
    // Locally (this stack is reached at a loopback address) it runs only when asked; deployed
    // (no `sweep_url`), every 5 minutes.
    let deployed = false;
    await page.route('**/admin/api/reconciliation', async (route) => {
      const response = await route.fetch();
      const json = await response.json();
      const none = { last_sweep: null, disagreements: [], disagreements_total: 0 };
      await route.fulfill({
        response,
        json: { ...json, ...none, ...(deployed && { sweep_url: null }) },
      });
    });
    await signInToConsole(page);
    const sweep = page.locator('#sweep');
    await expect.poll(() => sweep.innerText()).not.toBe('Loading…');
    expect(await sweep.innerText()).toBe(
      `The sweep has not run yet. Locally it runs only when asked: curl ${CHECKOUT}/__scheduled.`,
    );
    expect(await page.locator('#disagreements').innerText()).toBe('');
    expect(await axeViolations(page)).toEqual([]);

    deployed = true;
    await page.reload();
    await expect
      .poll(() => sweep.innerText())
      .toBe('The sweep has not run yet. It runs every 5 minutes.');
    expect(await page.locator('#disagreements').innerText()).toBe('');
  });

  test('the export defaults to the last 30 UTC days, today’s included', async ({ newCustomer }) => {
    const { page } = await newCustomer();
    await signInToConsole(page);
    const from = await page.getByLabel('From').inputValue();
    const to = await page.getByLabel('To').inputValue();
    const day = 86_400_000;
    // "To" is UTC's today (read on both sides of the page's load, in case a day ended between).
    expect(
      [new Date(Date.now() - 60_000), new Date()].map((d) => d.toISOString().slice(0, 10)),
    ).toContain(to);
    // Thirty days with both ends included (before: 31, from today − 30 days).
    expect((Date.parse(to) - Date.parse(from)) / day + 1).toBe(30);
  });

  test('a repeat of an unanswered refund Stripe was busy for says nothing was refunded', async ({
    customer,
    checkoutPage: _,
    newCustomer,
  }) => {
    const { orderId, admin, page } = await paidOrderInConsole(customer, newCustomer);
    const outcome = page.locator('#outcome');
    const confirm = page.getByRole('button', { name: 'Confirm refund' });

    // The first confirmation never reaches the shop: unknown, so its key is kept.
    admin.expectConsoleError(/ERR_CONNECTION_RESET/);
    await page.route('**/admin/api/orders/*/refunds', (route) => route.abort('connectionreset'), {
      times: 1,
    });
    await refund(page, '2.00');
    await confirm.click();
    await expect
      .poll(() => outcome.innerText(), { timeout: 15_000 })
      .toMatch(/^The shop did not answer, so \$2\.00 may have been refunded/);

    // The repeat reaches the shop while Stripe answers 429 to each attempt: the shop's own
    // refusal says nothing was refunded, and the page says so, not "may have been refunded".
    admin.expectConsoleError(/status of 503/);
    await page.route(
      '**/admin/api/orders/*/refunds',
      async (route) => {
        await simFault({ mode: 'error', status: 429, count: 3 });
        await route.fallback();
      },
      { times: 1 },
    );
    await confirm.click();
    await expect
      .poll(() => outcome.innerText(), { timeout: 15_000 })
      .toBe('Stripe is busy and refused every attempt. Nothing was refunded; try again.');
    await simFault(null);
    await expect.poll(() => focused(page)).toBe('outcome');
    expect(await summary(page, 'Status').innerText()).toBe('Paid');

    // The form is offered afresh: a new refund under a new key, which Stripe makes.
    await refund(page, '2.00');
    expect(plain(await page.locator('#confirm-text').innerText())).toBe(
      `Refund $2.00 of order ${orderId} to the customer’s card? This cannot be undone.`,
    );
    await confirm.click();
    await expect
      .poll(() => outcome.innerText())
      .toBe('Refunded $2.00. The order is now partly refunded.');
    const posts = (await simRequests()).filter(
      (request) =>
        request.method === 'POST' && request.idempotency_key?.startsWith(`${orderId}/refund/`),
    );
    expect(posts.map((post) => post.status)).toEqual([429, 429, 429, 200]);
    expect(new Set(posts.map((post) => post.idempotency_key)).size).toBe(2);
  });

  test('says the sign-in ended when Access redirects a refund, not that it may have been made', async ({
    customer,
    checkoutPage: _,
    newCustomer,
  }) => {
    const { orderId, page } = await paidOrderInConsole(customer, newCustomer);
    // A lapsed Access session: Access answers the console's requests with its sign-in page's
    // address (another origin), before the shop sees them.
    await page.route('**/admin/api/**', (route) =>
      route.fulfill({
        status: 302,
        headers: { Location: 'https://team.cloudflareaccess.com/cdn-cgi/access/login/shop' },
      }),
    );
    await refund(page, '2.00');
    await page.getByRole('button', { name: 'Confirm refund' }).click();
    // Before: "The shop did not answer, so $2.00 may have been refunded. Confirm the refund again…"
    await expect
      .poll(() => page.locator('#outcome').innerText(), { timeout: 15_000 })
      .toBe('Your sign-in has ended. Reload the page to sign in again.');
    const posts = (await simRequests()).filter((request) =>
      request.idempotency_key?.startsWith(`${orderId}/refund/`),
    );
    expect(posts).toEqual([]);
  });
});
