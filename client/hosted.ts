// The Checkout page with CHECKOUT_UI=hosted: the cart as in the other mode (checkout.ts shows it,
// its chunk cart.ts prices it and loads this one), then one "Checkout" button, written by the
// Worker, that sends it to POST /charge, which answers with Stripe's hosted Checkout page to go
// to. No Stripe.js: the card, the email, promotion codes, the address and the tax are all on
// Stripe's page. The checkout_id stays in sessionStorage, so that a customer who comes back from
// Stripe's page ("Back") finds the same cart, and a second click or a reload reaches the same
// Checkout Session.
import type { t as Messages } from './messages';
import type { Answer, Body, Quote } from './order';
export { default as messages } from 'messages:hosted';

/**
 * What the cart's chunk (cart.ts, which loads this one) lends the hosted mode.
 * Keys listed in scripts/build-client.mjs's PAGE_PRIVATE_PROPS are minified.
 */
export interface HostedPage {
  form: HTMLFormElement;
  /** Says a message in the page's alert region. */
  say: (text: string) => void;
  /** The checkout kept until the receipt (its checkout_id), and how it is kept. */
  saved: { id: string };
  save: () => void;
  /** The cart's items, as a request sends them. */
  items: () => unknown[];
  /** The cart's price shown, the request for it under way, and a price to show. */
  quote: () => Quote | undefined;
  quoting: () => Promise<unknown>;
  show: (quote: Quote) => void;
  /** Whether the cart holds something to send. */
  shippable: () => boolean;
  /**
   * POST to the shop (the cart's: in the page's language, within /charge's time); an answer lost
   * says so (noAnswer).
   */
  post: (path: string, body: Body) => Promise<Answer>;
  /** The page's messages (lent, so that this chunk shares no code with the page's script). */
  t: typeof Messages;
}

/**
 * Makes the page's Checkout button work. The Worker wrote this mode's form (src/pages): the
 * country a parcel goes to, the note and the button, disabled (so unseen) until now.
 */
export function hosted(page: HostedPage) {
  const { form, say, t } = page;
  // Stripe's page takes the address; the country, asked here, prices the shipping options
  // (the shop's rates depend on it, a Session's options do not).
  const country = document.getElementById('ship-to') as HTMLSelectElement;
  const field = country.parentElement!;
  const sync = () => (field.hidden = !page.shippable());
  document.getElementById('cart')!.addEventListener('change', sync);
  sync();
  const button = form.querySelector('button')!;
  button.disabled = false;
  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return; // a double click sends once (and the server makes one Session anyway)
    busy = true;
    button.ariaBusy = button.ariaDisabled = 'true';
    say('');
    await page.quoting(); // the cart's latest price
    const shown = page.quote();
    const answer = await page.post('/charge', {
      checkout_id: page.saved.id,
      items: page.items(),
      ...(page.shippable() && { shipping_country: country.value }),
      // The total shown: the shop sends no other to Stripe (409 price_changed, with the price now).
      ...(shown && { expected_total: shown.total, expected_currency: shown.currency }),
    });
    if (answer.redirect) return location.assign(answer.redirect);
    // A new checkout_id, never with a payment open (charged false): the old one's order changed
    // or was canceled (its Session expired), or its price did, or its declines closed it, whose
    // message says paying again starts a new checkout (as pay.ts does).
    const { code = '', charged } = answer.error ?? {};
    if (
      charged === false &&
      /^(checkout_(changed|canceled)|price_changed|too_many_declines)$/.test(code)
    ) {
      page.saved.id = crypto.randomUUID();
      page.save();
    }
    const repriced = answer.error?.quote;
    if (repriced) page.show(repriced);
    busy = false;
    button.ariaBusy = button.ariaDisabled = 'false';
    say(answer.error?.message ?? t('noAnswer'));
  });
}
