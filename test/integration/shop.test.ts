/**
 * The shop's identity and the customer's language, through the Worker's fetch handler: every
 * page says whose shop it is (title, header, footer), in the reader's language, with the theme's
 * colours; errors and receipts are written in it too, and a German page has no English left.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { negotiate } from '../../src/i18n';
import { en } from '../../src/i18n/messages/en';
import { SHOP } from '../fixtures/shop/identity';
import { PRODUCTS } from '../fixtures/shop/products';
import { orderNumber } from '../../src/receipt/order-number';
import {
  charge,
  chargeForm,
  checkout,
  confirmationToken,
  order,
  orderOf,
  resetAll,
} from '../support/checkout';
import { BERLIN, quote, shippedOrder, type ErrorBody, type Quote } from '../support/cart';
import { englishIn, wordsOf } from '../support/english';

beforeEach(resetAll);

const GERMAN = { 'Accept-Language': 'de-DE,de;q=0.9,en;q=0.5' };
const german = negotiate('de-DE');

/** A paid order's receipt link (with its proof), as the page is sent to it. */
async function paidReceiptLink(): Promise<string> {
  const body = order({ confirmation_token: await confirmationToken('pm_card_visa') });
  const answer = await (await charge(body)).json<{ redirect: string }>();
  return answer.redirect;
}

/** The shell every page has: the shop's name in the title and header, its logo and links. */
function expectShell(html: string, title: RegExp) {
  expect(html).toMatch(new RegExp(`<title>${title.source} · ${SHOP.name}</title>`));
  expect(html).toContain(`<header class="shop"><a href="${SHOP.url}">`);
  // The receipt's and error pages' logo at the static files' version (test/integration/assets).
  expect(html).toMatch(
    new RegExp(`<img src="${SHOP.logo.src}(\\?v=[\\w-]+)?" alt="" width="32" height="32">`),
  );
  expect(html).toMatch(
    new RegExp(`<span>${SHOP.name}</span></a>(<p class="mode-notice">[^<]*</p>)?</header>`),
  );
  expect(html).toContain(`href="mailto:${SHOP.supportEmail}"`);
  expect(html).toContain(`href="${SHOP.termsUrl}"`);
  expect(html).toContain(`href="${SHOP.privacyUrl}"`);
  expect(html).toMatch(/<link rel="stylesheet" href="\/theme\.css\?v=[0-9a-z]+">/);
  expect(html).toContain('<meta name="color-scheme" content="light dark">');
}

describe("every page shows the shop's identity", () => {
  it('the Checkout page', async () => {
    expectShell(await (await checkout('/')).text(), /Checkout/);
  });

  it('the receipt', async () => {
    expectShell(await (await checkout(await paidReceiptLink())).text(), /Thanks for your payment!/);
  });

  it('the receipt of an unknown payment, and an error page', async () => {
    const accept = { Accept: 'text/html' };
    expectShell(
      await (await checkout('/thank-you?payment_intent=pi_none')).text(),
      /Payment not found/,
    );
    expectShell(await (await checkout('/nowhere', { headers: accept })).text(), /Page not found/);
  });

  it('serves the theme it links, kept until the accent changes', async () => {
    const page = await (await checkout('/')).text();
    const href = /href="(\/theme\.css\?v=[0-9a-z]+)"/.exec(page)![1]!;
    const theme = await checkout(href);
    expect(theme.status).toBe(200);
    expect(theme.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(theme.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const css = await theme.text();
    expect(css).toContain(`--accent:${SHOP.accent}`);
    expect(css).toContain('@media (prefers-color-scheme:dark)');
    expect((await checkout('/theme.css?v=old')).headers.get('cache-control')).toBe('no-cache');
  });
});

describe("the customer's language", () => {
  it('writes the Checkout page in the language of Accept-Language, and says so', async () => {
    const response = await checkout('/', { headers: GERMAN });
    const html = await response.text();
    expect(html).toContain('<html lang="de-DE">');
    expect(html).toContain(`<title>Kasse · ${SHOP.name}</title>`);
    expect(html).toContain('<label for="email">E-Mail-Adresse</label>');
    expect(response.headers.get('content-language')).toBe('de-DE');
    expect(response.headers.get('vary')).toContain('Accept-Language');
  });

  it('lets ?lang= choose another language, and falls back to English for one it lacks', async () => {
    expect(await (await checkout('/?lang=fr', { headers: GERMAN })).text()).toContain(
      '<html lang="fr">',
    );
    const japanese = await checkout('/', { headers: { 'Accept-Language': 'ja-JP' } });
    expect(await japanese.text()).toContain('<html lang="en">');
  });

  it("sends the page only its customer's language, and only the script's messages", async () => {
    const html = await (await checkout('/', { headers: GERMAN })).text();
    // The script's messages are its message element's data-* attributes (client/messages.ts).
    const element = /<p id="message" class="message" role="alert"([^>]*)><\/p>/.exec(html)![1]!;
    const messages = Object.fromEntries(
      [...element.matchAll(/ data-([a-z-]+)="([^"]*)"/g)].map(([, name, text]) => [name, text]),
    );
    const scriptKeys = Object.keys(en).filter((key) => key.startsWith('script.'));
    expect(Object.keys(messages).length).toBeGreaterThan(0);
    for (const name of Object.keys(messages))
      expect(scriptKeys, name).toContain(
        `script.${name.replace(/-([a-z])/g, (_, c) => c.toUpperCase())}`,
      );
    expect(messages['load-failed']).toBe(german.t('script.loadFailed'));
    // Pay's label is the page's own (its words in the cart's chunk once it changes).
    expect(html).toContain('<button id="pay" disabled>5,00\u00a0$ bezahlen</button>');
    for (const other of ['en', 'fr', 'es'])
      expect(html, other).not.toContain(negotiate(other).t('script.loadFailed'));
  });

  it('leaves no English catalogue text on the German Checkout page', async () => {
    const words = wordsOf(await (await checkout('/', { headers: GERMAN })).text());
    expect(englishIn(words, 'de')).toEqual([]);
    // The check itself finds English: the English page has plenty.
    expect(englishIn(wordsOf(await (await checkout('/')).text()), 'de').length).toBeGreaterThan(5);
  });

  it("writes the German receipt with no English, prices only through Intl, and the product's German name", async () => {
    const html = await (await checkout(await paidReceiptLink(), { headers: GERMAN })).text();
    const words = wordsOf(html);
    expect(englishIn(words, 'de')).toEqual([]);
    expect(words).toContain('Vielen Dank für Ihre Zahlung!');
    expect(words).toContain(`${PRODUCTS[0]!.locales!.de!.name} × 1`);
    expect(words).toContain('5,00\u00a0$');
    expect(words).not.toMatch(/\$\s?\d/);
  });

  it("writes a shippable order's German receipt with no English: its rate, tax and country", async () => {
    const body = shippedOrder([{ product: 'mug', quantity: 1 }], BERLIN);
    const tax = { TAX_CALCULATION: 'stripe' };
    const { redirect } = await (await charge(body, GERMAN, tax)).json<{ redirect: string }>();
    const words = wordsOf(await (await checkout(redirect, { headers: GERMAN })).text());
    expect(englishIn(words, 'de')).toEqual([]);
    expect(words).toContain('Versand: Standardversand 10,00\u00a0$');
    expect(words).toContain('Steuer 5,70\u00a0$');
    expect(words).toContain(
      'Lieferadresse Erika Mustermann, Unter den Linden 1, 10117 Berlin, Deutschland',
    );
    // The check knows the shop's words: the English receipt has its rate and country in English.
    const english = wordsOf(await (await checkout(redirect)).text());
    expect(englishIn(english, 'de')).toEqual(
      expect.arrayContaining(['shipping rate standard: Standard', 'country DE: Germany']),
    );
  });

  it('answers POST /quote with the rate, and the countries shipped to, in German', async () => {
    const items = [{ product: 'mug', quantity: 1 }];
    const quoted = await (await quote({ items, shipping: BERLIN }, GERMAN)).json<Quote>();
    expect(quoted.shipping).toMatchObject({
      rate: 'standard',
      name: 'Standardversand',
      // Every rate the address may choose, each in German where the shop names it so.
      rates: [
        { rate: 'standard', name: 'Standardversand', amount: 1000 },
        { rate: 'express', name: 'Express', amount: 2500 },
      ],
    });
    // A rate without a German name keeps its own.
    const express = { ...BERLIN, rate: 'express' };
    expect(
      (await (await quote({ items, shipping: express }, GERMAN)).json<Quote>()).shipping,
    ).toMatchObject({ name: 'Express' });
    const tokyo = { ...BERLIN, address: { ...BERLIN.address, country: 'JP' } };
    const refused = await (await quote({ items, shipping: tokyo }, GERMAN)).json<ErrorBody>();
    expect(refused.error).toMatchObject({
      param: 'shipping[address][country]',
      message: 'Wir liefern nur nach Vereinigte Staaten, Deutschland und Frankreich.',
    });
  });

  it('answers POST /charge in the language the page asks for', async () => {
    const declined = order({
      confirmation_token: await confirmationToken('pm_card_visa_chargeDeclinedInsufficientFunds'),
    });
    const answer = await charge(declined, GERMAN);
    expect(answer.status).toBe(402);
    const { error } = await answer.json<{ error: { code: string; message: string } }>();
    expect(error.message).toBe(german.t('decline.insufficient_funds'));
    expect(error.message).toContain('Ihnen wurde nichts berechnet.');
    expect(answer.headers.get('content-language')).toBe('de-DE');

    const invalid = await charge(
      order({ payment_method: 'pm_card_visa' }, { email: 'nope' }),
      GERMAN,
    );
    expect(await invalid.json()).toMatchObject({
      error: { param: 'email', message: german.t('page.emailError') },
    });
  });

  it("writes a form post's error page in the reader's language, with the shop around it", async () => {
    const response = await chargeForm({ email: 'jane.doe@example.com' }, GERMAN);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<h1>Bitte prüfen Sie Ihre Angaben</h1>');
    expect(html).toContain('Ihnen wurde nichts berechnet.');
    expect(html).toContain('Zurück zur Kasse');
    expectShell(html, /Bitte prüfen Sie Ihre Angaben/);
  });
});

describe('an honest receipt', () => {
  it('gives an order number derived from the order, never the PaymentIntent id', async () => {
    const body = order({ confirmation_token: await confirmationToken('pm_card_visa') });
    const { redirect } = await (await charge(body)).json<{ redirect: string }>();
    const html = await (await checkout(redirect)).text();
    const paid = (await orderOf(body.checkout_id!))!;
    expect(html).toContain(
      `<dt>Order number</dt><dd><strong>${orderNumber(paid.id)}</strong></dd>`,
    );
    expect(html).not.toContain(paid.payment_intent_id!);
    expect(html).not.toMatch(/pi_[A-Za-z0-9]/);
  });

  it('says what the card statement will show, who to write to, and leads back to the shop', async () => {
    const html = await (await checkout(await paidReceiptLink())).text();
    expect(html).toContain(
      `<dt>On your card statement</dt><dd>${SHOP.statementDescriptor.toUpperCase()}</dd>`,
    );
    expect(html).toContain(`Write to ${SHOP.supportEmail} and give your order number.`);
    expect(html).toContain('<a class="button" href="/?new">Start a new order</a>');
    expect(html).toContain(`<a class="to-shop" href="${SHOP.url}">Back to ${SHOP.name}</a>`);
  });

  it('promises no email in simulated mode, where none is sent', async () => {
    const words = wordsOf(await (await checkout(await paidReceiptLink())).text());
    expect(words).toContain('Your payment was received.');
    expect(words).not.toMatch(/on its way|Receipt sent to/);
    expect(words).toContain('Email jane.doe@example.com');
  });
});
