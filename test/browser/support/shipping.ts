/**
 * A parcel's part of the Checkout page as the shipping tests read it: the summary's rows as a
 * customer sees them, and the address in Berlin they type (with pay.ts's enterAddress).
 */
import type { Page } from 'playwright-core';

/**
 * The summary's rows as shown: label and amount, in their order. A row whose words are unseen (a
 * place kept for the tax, src/pages) is not shown, though it takes its room.
 */
export const summary = (page: Page): Promise<string[][]> =>
  page
    .locator('.summary > div:not([hidden])')
    .evaluateAll((rows) =>
      rows
        .filter((row) => row.firstElementChild!.checkVisibility({ visibilityProperty: true }))
        .map((row) => [row.firstElementChild!.textContent, row.lastElementChild!.textContent]),
    );

/** Erika's address in Berlin (19 % in the simulator's Stripe Tax), for `enterAddress` (pay.ts). */
export const BERLIN = {
  country: 'DE',
  'Full name': 'Erika Mustermann',
  'Address line 1': 'Unter den Linden 1',
  City: 'Berlin',
  'Postal code': '10117',
};

/** The summary for the mug ($20.00) sent to Berlin by Standard: 19 % of $20.00 + $10.00. */
export const BERLIN_STANDARD = [
  ['Shipping: Standard', '$10.00'],
  ['Tax', '$5.70'],
  ['Total', '$35.70'],
];
