/**
 * The languages of a click on Pay as the page sends it (the browser's Accept-Language, the page's
 * language as ?lang=), and what the way back from Stripe keeps: one table for the PaymentIntent's
 * return_url (charge.test.ts) and the Checkout Session's (hosted.test.ts).
 */

/** One customer's click, and the language of the pages they come back to. */
export interface LanguageCase {
  /** Who the customer is, for the test's name. */
  who: string;
  /** The browser's Accept-Language. */
  browser: string;
  /** The ?lang= the page sends: a link's choice, else the browser's language. */
  lang: string;
  /** The query the way back keeps: a link's choice only, never what the browser says anyway. */
  kept: string;
  /** The language of the pages back (their html lang): the receipt in the browser's region. */
  tag: string;
}

export const LANGUAGE_CASES: LanguageCase[] = [
  {
    who: 'an en-US browser opening a German link',
    browser: 'en-US,en;q=0.9',
    lang: 'de',
    kept: 'lang=de',
    tag: 'de',
  },
  {
    who: 'a German browser opening a German link',
    browser: 'de-DE,de;q=0.9,en;q=0.8',
    lang: 'de',
    kept: '',
    tag: 'de-DE',
  },
  {
    who: 'a German browser opening the plain page',
    browser: 'de-DE,de;q=0.9,en;q=0.8',
    lang: 'de-DE',
    kept: '',
    tag: 'de-DE',
  },
  {
    who: 'an en-US browser opening the plain page',
    browser: 'en-US,en;q=0.9',
    lang: 'en-US',
    kept: '',
    tag: 'en-US',
  },
];
