/**
 * The headings of POST /charge's problem pages (a classic form post): each problem code's heading
 * says what happened to the payment, in the reader's language. A heading follows the status unless
 * that would misname the problem: a payment still being confirmed (409 checkout_in_progress), one
 * Stripe may have taken (502 payment_unconfirmed), and a checkout closed by its declines (429
 * too_many_declines, which waiting does not help).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_DECLINES_PER_CHECKOUT } from '../../src/limits';
import {
  charge,
  chargeForm,
  fault,
  heldKeys,
  order,
  paymentIntents,
  releaseHeld,
  resetAll,
  webhookDeliveries,
} from '../support/checkout';

beforeEach(resetAll);

/** A checkout's fields as a form posts them. */
const fields = (body: ReturnType<typeof order>) =>
  Object.fromEntries(Object.entries(body).map(([key, value]) => [key, String(value)]));

/** The heading and the message of a problem page. */
async function read(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await response.text();
  return {
    status: response.status,
    heading: /<h1>(.*?)<\/h1>/s.exec(html)?.[1],
    message: /<p class="message" role="alert">(.*?)<\/p>/s.exec(html)?.[1],
  };
}

describe('problem headings of POST /charge', () => {
  it('a second Pay while the first is confirmed: "still being processed, do not pay again"', async () => {
    await webhookDeliveries(false);
    const body = order();
    // Stripe holds the first request's create.
    await fault({ mode: 'delay', delay_ms: 60_000, count: 1 });
    const first = charge(body);
    await expect.poll(heldKeys).toEqual([`${body.checkout_id}/1`]);
    // The second Pay, from a page whose email changed meanwhile (the same request would wait on
    // Stripe's answer to the first, as its replay).
    const again = fields({ ...body, email: 'sam.roe@example.com' });
    const second = await read(await chargeForm(again));
    const german = await read(await chargeForm(again, { 'Accept-Language': 'de-DE' }));
    await releaseHeld();
    expect((await first).status).toBe(200);

    // Before: "This checkout needs a fresh start", which reads like a failure to start again.
    expect(second).toEqual({
      status: 409,
      heading: 'Your first payment is still being processed: please do not pay again',
      message: expect.stringContaining('A payment for this checkout is already in progress.'),
    });
    expect(second.message).not.toContain('not been charged');
    expect(german.heading).toBe(
      'Ihre erste Zahlung wird noch bearbeitet: Bitte zahlen Sie nicht erneut',
    );
    expect((await paymentIntents()).map((pi) => pi.status)).toEqual(['succeeded']);
  });

  it('every Stripe answer lost: "we could not confirm your payment", never "unavailable"', async () => {
    await fault({ mode: 'drop', count: 5 });
    const page = await read(await chargeForm(fields(order())));
    await fault(null);
    expect(page).toEqual({
      status: 502,
      heading: 'We could not confirm your payment',
      message: expect.stringContaining('We could not confirm your payment'),
    });
    expect(page.message).not.toContain('not been charged');
  });

  it('a checkout closed by its declines: why, not charged, and what the customer can do', async () => {
    const body = order({ payment_method: 'pm_card_visa_chargeDeclined' });
    for (let i = 0; i < MAX_DECLINES_PER_CHECKOUT; i++)
      expect((await charge(body, { 'CF-Connecting-IP': `198.51.100.${i + 1}` })).status).toBe(402);
    const page = await read(await chargeForm(fields({ ...body, payment_method: 'pm_card_visa' })));
    // Before: "Please wait a moment" and "try again later", which the cap never allows.
    expect(page).toEqual({
      status: 429,
      heading: 'Too many declined payment attempts',
      message:
        'This checkout had too many declined payment attempts, so it cannot take any more. You have ' +
        'not been charged. To pay, use another card: paying again starts a new checkout. Your ' +
        'bank can tell you why your card was declined.',
    });
  });

  it('a decline keeps its status’s heading', async () => {
    const page = await read(
      await chargeForm(fields(order({ payment_method: 'pm_card_visa_chargeDeclined' }))),
    );
    expect(page).toEqual({
      status: 402,
      heading: 'Your payment did not go through',
      message: expect.stringContaining('You have not been charged.'),
    });
  });
});
