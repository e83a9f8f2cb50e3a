/**
 * Paying on the Checkout page, as a customer does, and what the tests read after it: the
 * checkout's PaymentIntent at the simulator, the order it paid, and the receipt. And the address
 * a shipped cart needs first.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { fillCheckout, payButton, thankYouText, type Customer } from './checkout-page.ts';
import { paymentIntentsOf, type PaymentIntent } from './sim.ts';

/** A payment made on the page: its PaymentIntent, its order, and its receipt as shown. */
export interface Paid {
  paymentIntent: PaymentIntent;
  /** The order's id (the PaymentIntent's metadata.order_id). */
  orderId: string;
  /** The number the receipt gives the customer to quote ("4F2A-91C3"). */
  orderNumber: string;
  /** The thank-you page's main text. */
  receipt: string;
}

/**
 * Types the email and the card `number` into the Checkout page the customer is on (ready to pay:
 * its cart, and its address if it ships), presses Pay, and waits for the receipt. The checkout
 * made one PaymentIntent, and it succeeded (a card that needs 3-D Secure does not get here).
 */
export async function payWithCard(
  customer: Customer,
  number: string,
  email = 'jane.doe@example.com',
): Promise<Paid> {
  const { page } = customer;
  await fillCheckout(page, { number }, email);
  await payButton(page).click();
  const receipt = await thankYouText(page);
  const intents = await paymentIntentsOf(customer.checkoutId());
  expect(
    intents.map((pi) => pi.status),
    'the checkout’s PaymentIntents',
  ).toEqual(['succeeded']);
  const paymentIntent = intents[0]!;
  return {
    paymentIntent,
    orderId: paymentIntent.metadata.order_id!,
    orderNumber: await page.locator('.receipt .number dd').innerText(),
    receipt,
  };
}

/**
 * Types an address into the page's (simulated) Address Element, by its fields' labels; the
 * country is chosen from its list.
 */
export async function enterAddress(
  page: Page,
  { country, ...fields }: { country: string } & Record<string, string>,
): Promise<void> {
  await page.getByLabel('Country or region').selectOption(country);
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label).fill(value);
}
