/**
 * The Checkout page as the customer gets it: public/index.html is its template, which the Worker
 * (src/assets) fills for each request with the shop's shell (./shell.ts) and the reader's words.
 * `{{page.total}}` is a catalogue message (escaped), `{{head}}`, `{{header}}` (with the mode's
 * notice) and `{{footer}}` are the shell's HTML, `{{messages}}` the script's messages as data-*
 * attributes of its message element (only the reader's locale), `{{lang}}` and `{{title}}` what
 * they say, `{{script}}` and `{{receipt}}` the addresses of the page's script and of the
 * receipt's stylesheet it prefetches. `{{cart}}`, `{{total}}`, `{{amount}}`, `{{shipping}}` and
 * `{{pay}}` are the cart the page opens with (./opening-cart.ts), priced: its rows, its total (and
 * in minor units, for the payment form), shipping's row until an address (with the tax's place
 * in a shop that calculates it) and Pay's label, as the script (client/cart.ts) then keeps them;
 * `{{gone}}` says that a linked product no longer exists; `{{promo}}` is "Add promotion code"
 * (not in hosted mode). `{{#elements}}…{{/elements}}` and
 * `{{#hosted}}…{{/hosted}}` are the payment form's fields in each mode (`ui`), only the page's
 * mode's kept: the email, the Payment Element's place and Pay, or the country a parcel goes to
 * (`{{countries}}`, hidden by `{{shipToHidden}}` until the cart holds one), the note and
 * Checkout, disabled until client/hosted.ts makes it work. Pure, so that the page's weight can be
 * measured as served (bench/).
 */
// .js: bench/ and the browser tests type-check this file with Node's module resolution.
import type { CheckoutUi, Mode } from '../config/index.js';
import { en } from '../i18n/messages/en.js';
import { scriptMessages, type Locale, type MessageKey } from '../i18n/index.js';
import { versioned } from '../assets/version.js';
import { countryName } from '../i18n/countries.js';
import { formatMoney } from '../money/format.js';
import { promisesEmail } from '../identity/index.js';
import { headLinks, modeNotice, pageTitle, shopFooter, shopHeader } from './shell.js';

const SLOT = /\{\{([\w.-]+)\}\}/g;
/**
 * A part of the template for one `ui` only, `{{#hosted}}…{{/hosted}}`, with the line break after
 * it (which renders as nothing between tags).
 */
const SECTION = /\{\{#(\w+)\}\}(.*?)\{\{\/\1\}\}\n?/gs;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );

/**
 * The script's messages as data-* attributes of the page's message (client/messages.ts):
 * script.loadFailed is data-load-failed, read back by the dataset as loadFailed.
 */
const dataAttributes = (messages: Record<string, string>) =>
  Object.entries(messages)
    .map(([key, text]) => {
      const name = key.replace(/^script\./, '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      return ` data-${name}="${escapeHtml(text)}"`;
    })
    .join('');

/** A row of the opening cart: a product in the reader's words, how many, and its line's amount. */
export interface OpeningRow {
  id: string;
  name: string;
  description: string;
  unitAmount: number;
  image?: string;
  quantity: number;
  /** The quote's line amount before any discount (0 for a product not in the cart). */
  subtotal: number;
}

/** The cart a page opens with, priced by POST /quote's own code (./opening-cart.ts). */
export interface OpeningCart {
  currency: string;
  /** The most of one product a cart takes: each row's quantity picks 0 to this. */
  max: number;
  rows: OpeningRow[];
  /** The quote's total, and whether it is the whole price (not before a parcel's address). */
  total: number;
  complete: boolean;
  /** The link named a product the catalog no longer has: the cart opens empty and says so. */
  gone?: boolean;
  /** The countries the shop sends to (hosted mode asks which one here). */
  countries: readonly string[];
  /** Whether the shop calculates tax (TAX_CALCULATION=stripe): a parcel's tax has a place kept. */
  taxed?: boolean;
  /** Whether the cart holds a tax-inclusive product: with `taxed`, its row's place is kept too. */
  inclusive?: boolean;
}

/** One row of the cart: its picture, name, description, unit price, quantity and line amount. */
function cartRow(row: OpeningRow, cart: OpeningCart, reader: Locale): string {
  const money = (amount: number) => escapeHtml(formatMoney(amount, cart.currency, reader.tag));
  const id = `q-${row.id}`;
  const label = reader.t({ key: 'page.quantityOf', params: { name: row.name } });
  let options = '';
  for (let i = 0; i <= cart.max; i++)
    // An option's end tag is HTML's own (the next option's start, or the select's end).
    options += i === row.quantity ? `<option selected>${i}` : `<option>${i}`;
  const image = row.image
    ? `<img src="${escapeHtml(row.image)}" alt="" width="48" height="48">`
    : '';
  return (
    `<li class="row">${image}<p><label for="${id}">${escapeHtml(row.name)}</label>` +
    `<small>${escapeHtml(row.description)}</small>${money(row.unitAmount)}</p>` +
    // The quantity and the line's amount in one box: a name too wide beside them puts both
    // under it, never the amount alone (checkout.css).
    `<div class="row"><select id="${id}" aria-label="${escapeHtml(label)}">${options}</select>` +
    // No <output>: its role is status, a live region; the total alone is announced.
    `<span>${money(row.subtotal)}</span></div></li>`
  );
}

/**
 * The page for a reader, in a mode and a form (`ui`: in hosted mode Stripe's page takes the
 * promotion code), opening with `cart`. Throws on a slot that is neither the shell's nor a
 * catalogue message: a template mistake must fail the tests, not reach a customer.
 */
export function renderCheckoutPage(
  template: string,
  reader: Locale,
  mode: Mode,
  version: string,
  cart: OpeningCart,
  ui: CheckoutUi = 'elements',
): string {
  const total = formatMoney(cart.total, cart.currency, reader.tag);
  const slots: Record<string, () => string> = {
    lang: () => escapeHtml(reader.tag),
    title: () => escapeHtml(pageTitle(reader.t('shell.checkout'))),
    head: () => String(headLinks(version)),
    script: () => escapeHtml(versioned('/checkout.js', version)),
    // The receipt's own stylesheet, fetched while the customer fills the form: the receipt then
    // renders without waiting for it (kept for good at this version: src/assets/version.ts).
    receipt: () => escapeHtml(versioned('/receipt.css', version)),
    header: () => String(shopHeader(reader, modeNotice(mode, reader), version)),
    footer: () => String(shopFooter(reader)),
    messages: () => dataAttributes(scriptMessages(reader)),
    // "For your receipt" only where a receipt is emailed, as the receipt page says it.
    'page.email': () =>
      escapeHtml(reader.t(promisesEmail(mode, undefined, ui) ? 'page.email' : 'page.emailPlain')),
    gone: () =>
      cart.gone ? `<p class="message">${escapeHtml(reader.t('page.productGone'))}</p>` : '',
    cart: () => cart.rows.map((row) => cartRow(row, cart, reader)).join(''),
    promo: () =>
      ui === 'hosted'
        ? ''
        : '<div id="promo" class="field"><button id="add-code" class="link" ' +
          `aria-expanded="false">${escapeHtml(reader.t('page.addCode'))}</button></div>`,
    // Shipping's row as its chunk (client/shipping.ts) writes it before an address, and in a
    // shop that calculates tax the Tax row's place, kept (its words unseen: aria-busy) until the
    // address's quote fills it, so that no row moves then; without it the chunk knows that no
    // tax comes. Only such carts carry this. (Hosted mode's page is never told the tax.)
    shipping: () =>
      cart.complete
        ? ''
        : `<div id="shipping"><dt>${escapeHtml(reader.t('page.shipping'))}</dt>` +
          `<dd>${escapeHtml(reader.t('script.addressFirst'))}</dd></div>` +
          (cart.taxed && ui === 'elements'
            ? `<div id="tax" aria-busy="true"><dt>${escapeHtml(reader.t('receipt.tax'))}</dt>` +
              '<dd></dd></div>'
            : ''),
    // The place of the tax a tax-inclusive product holds, under the total, kept as the Tax row's
    // (a poster sent at a cost has both: tax added to shipping, and tax inside its price).
    included: () =>
      !cart.complete && cart.taxed && cart.inclusive && ui === 'elements'
        ? '<div id="tax-included" aria-busy="true">' +
          `<dt>${escapeHtml(reader.t('receipt.taxIncluded'))}</dt><dd></dd></div>`
        : '',
    // A cart with something to send has no total until its address is known.
    total: () => (cart.complete ? escapeHtml(total) : ''),
    amount: () => String(cart.total),
    pay: () =>
      escapeHtml(
        cart.complete && cart.total
          ? reader.t({ key: 'script.pay', params: { amount: total } })
          : reader.t('page.pay'),
      ),
    // Hosted mode's form: the country a parcel goes to (hidden until the cart holds one).
    shipToHidden: () => (cart.complete ? ' hidden' : ''),
    countries: () =>
      cart.countries
        .map(
          // ISO 3166-1 codes (the shop's check): nothing to escape.
          (code) => `<option value="${code}">${escapeHtml(countryName(code, reader.tag))}`,
        )
        .join(''),
  };
  return (
    template
      .replace(SECTION, (_, part: string, text: string) => (part === ui ? text : ''))
      .replace(SLOT, (_, name: string) => {
        const slot = slots[name];
        if (slot) return slot();
        if (Object.hasOwn(en, name)) return escapeHtml(reader.t(name as MessageKey));
        throw new Error(`public/index.html: no slot or message named {{${name}}}`);
      })
      // The template's and the shell's line breaks between tags, which render as nothing: every
      // element they separate is in the head, a block or a flex item.
      .replace(/>\n</g, '><')
  );
}
