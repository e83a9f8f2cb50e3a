// The Checkout page: a cart priced by the server (POST /quote), card details in Stripe.js (they
// never reach our server), one POST /charge per click. The checkout and its cart are kept in
// sessionStorage until the receipt, so that a reload resumes the same checkout: a payment whose
// answer was lost is replayed, never made twice, and a customer back from the bank's 3-D Secure
// page finds their cart. Messages are set with textContent only; their words are in messages.ts.
// They are the reader's: the Worker wrote the page in their language (<html lang>); requests say
// the same language (Accept-Language), and so does Stripe.js (`locale`), in the page's colours.
// Built (minified) into public/checkout.js by scripts/build-client.mjs. What the page does not
// run before Pay is in chunks loaded when needed, each with its own messages: hosted mode
// (hosted.ts), shipping (shipping.ts), the promotion code's form (promo.ts, once opened), the
// payment with the bank's step (pay.ts, fetched at the first sign of paying) and Turnstile
// (turnstile.ts).
import type { Appearance, Stripe, StripeElementLocale, StripeElements } from '@stripe/stripe-js';
import { CHARGE_TIMEOUT_MS, CONFIG_TIMEOUT_MS } from '../src/budget';
import { formatMoney } from '../src/money/format.js';
import { learn, t, type ByLanguage, type Key } from './messages';
import type { Answer, Body, Quote, Saved } from './order';
import type { PromoForm } from './promo';
import type { ShippingForm } from './shipping';

interface Product {
  id: string;
  name: string;
  description: string;
  unitAmount: number;
  currency: string;
  image?: string;
  shippable: boolean;
}
interface Config {
  mode: 'simulated' | 'test' | 'live';
  ui: 'elements' | 'hosted';
  publishableKey: string;
  stripeJs: string;
  maxQuantity: number;
  products: Product[];
  /** Where shippable products go: the address form offers these countries only. */
  shippingCountries: string[];
  turnstileSiteKey?: string;
}
const KEY = 'checkout';
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('checkout');
const payButton = $<HTMLButtonElement>('pay');
const message = $('message');
const email = $<HTMLInputElement>('email');
const addCode = $<HTMLButtonElement>('add-code');
const total = $('total');
const discountRow = $('discount');
/** Each product's line amount, from the quote. */
const amounts = new Map<string, HTMLElement>();
const panel = form.parentElement!;
const query = new URLSearchParams(location.search);
const locale = document.documentElement.lang;
// Requests are answered in the page's language, whatever the browser's.
const headers = { 'Accept-Language': locale };
// Stripe's Payment Element follows the page's colour scheme (its "night" theme when dark).
const darkScheme = matchMedia('(prefers-color-scheme: dark)');
const appearance = (): Appearance => ({ theme: darkScheme.matches ? 'night' : 'stripe' });
let stripe: Stripe;
let elements: StripeElements | undefined;
/** Shipping's rows, address form and rates (shipping.ts), once the cart has held something to send. */
let shippingView: ShippingForm | undefined;
/** The promotion code's form (promo.ts), once opened or needed for a code. */
let promoView: PromoForm | undefined;
let countries: string[] = [];
let products: Product[] = [];
let quote: Quote | undefined;
let quoting: Promise<unknown> = Promise.resolve();
let quotes = 0;
let busy = false;
let turnstileSiteKey: string | undefined;
let saved: Saved;

const save = () => {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(saved));
  } catch {
    // storage off (private mode, quota): the page works, a reload starts afresh
  }
};
// Leaving for the receipt ends the checkout: the next visit is a new order. A language chosen with
// ?lang= stays chosen there.
const done = (path: string) => {
  sessionStorage.removeItem(KEY);
  const url = new URL(path, location.href);
  const chosen = query.get('lang');
  if (chosen) url.searchParams.set('lang', chosen);
  location.assign(url.pathname + url.search);
};
const receipt = (id: string, secret: string) =>
  `/thank-you?payment_intent=${id}&payment_intent_client_secret=${secret}`;
// In the page's locale ("$5.00", "5,00 $"); amounts are in the currency's minor unit.
const money = (amount: number) => formatMoney(amount, products[0]!.currency, locale);
const say = (text: string) => {
  message.textContent = text;
};
const el = <T = HTMLElement>(tag: string, properties: object = {}) =>
  Object.assign(document.createElement(tag), properties) as T;
const items = () =>
  products
    .filter((p) => saved.items[p.id])
    .map((p) => ({ product: p.id, quantity: saved.items[p.id] }));
/** Whether the cart holds something to send: then it needs an address and a rate. */
const shippable = () => products.some((p) => p.shippable && saved.items[p.id]);
/**
 * The `shipping` of a request: the address given and the rate picked (`rate` when paying); null
 * while a cart with something to send has no address yet (its goods are priced alone).
 */
const shipping = (rate = saved.rate) =>
  shippable() ? (saved.shipping ? { ...saved.shipping, rate } : null) : undefined;
/** Whether the quote is the whole price: with shipping and tax when the cart needs them. */
const complete = () => !!quote && (!shippable() || !!quote.shipping);
const details = () =>
  JSON.stringify([items(), saved.code, email.value, shipping(quote?.shipping?.rate)]);
/** Writes a summary row's term and value. */
const row = (node: HTMLElement, term: string, value: string) => {
  node.firstChild!.textContent = term;
  node.lastChild!.textContent = value;
};

// While paying the button stays focusable (aria-disabled, not disabled) so that keyboard and screen
// reader users keep their place; pay() ignores it until the outcome is known.
function setBusy(paying: boolean) {
  busy = paying;
  payButton.ariaBusy = payButton.ariaDisabled = String(paying);
  const amount = complete() ? money(quote!.total) : '';
  payButton.textContent =
    saved.resend && !paying && details() === saved.sent
      ? t('tryAgain')
      : t(paying ? 'paying' : 'pay', { amount }).trim();
}

/** Shows a quote: each line's amount, the discount, the total (announced), and the code's state. */
function show(next: Quote | undefined) {
  quote = next;
  for (const [id, output] of amounts)
    output.textContent = money(next?.lines.find((line) => line.product === id)?.subtotal ?? 0);
  const discount = next?.discount;
  discountRow.hidden = !discount;
  if (discount)
    row(discountRow, t('discount', { code: discount.code }), `−${money(discount.amount)}`);
  shippingView?.show(next);
  total.textContent = complete() ? money(next!.total) : '';
  promoView?.show();
  if (next) elements?.update({ amount: next.total });
  if (!busy) setBusy(false); // a change while paying must not re-enable Pay
}

// POST /quote or /charge, answered within `timeout` (src/budget.ts; /charge's by default, so that
// the payment's chunk shares no module with the page). No answer in time is an unknown outcome,
// which says `lost`: for a payment, that it is not confirmed and "Try again" settles it (the
// payment's chunk brings those words); for a price, that the page could not load it.
const post = (
  path: string,
  body: Body,
  lost: Key = 'noAnswer',
  timeout = CHARGE_TIMEOUT_MS,
): Promise<Answer> =>
  fetch(path, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeout),
  })
    .then((response) => response.json())
    .catch(() => ({ error: { message: t(lost), charged: 'unknown' } }));

/**
 * Asks the server for the cart's price (with `code` when given, else the one applied) and shows
 * it; the latest request wins. A code that does not apply is explained beside its field.
 */
function requote(code = saved.code): Promise<unknown> {
  const n = ++quotes;
  shippingView?.settle(); // the latest address is priced now
  save();
  const sent = shipping();
  const body = { items: items(), promotion_code: code, shipping: sent };
  // A cart with something to send is shown with its shipping rows (their chunk) or not at all,
  // a code with its form (its chunk), where its refusal or discount is said.
  const asked = Promise.all([
    post('/quote', body, 'loadFailed', CONFIG_TIMEOUT_MS),
    shippable() && loadShipping(),
    code && loadPromo(),
  ]).then(([answer]: [Answer, unknown, unknown]): unknown => {
    if (n !== quotes) return;
    promoView?.quoted(answer, code);
    const { error } = answer;
    const param = error?.param ?? '';
    // An address (or rate) sent and priced or refused anew, or none needed: the last refusal goes.
    if (sent || !shippable()) shippingView?.problem('', '');
    if (param.startsWith('shipping')) {
      // Beside the field at fault, in the reader's words; the price without it meanwhile.
      shippingView?.problem(param, error!.message);
      if (param === 'shipping[rate]') saved.rate = undefined;
      else saved.shipping = undefined;
      return requote(code);
    } else if (param === 'promotion_code') {
      // The code applied stopped applying (the cart changed): the price without it.
      if (code && code === saved.code) return ((saved.code = ''), requote(''));
    } else if (error) {
      // No price for this cart (an empty one, say): the server says why; Pay asks again.
      say(error.message);
      show(undefined);
    } else {
      saved.code = code;
      save(); // the code applied survives a reload
      show(answer as Quote);
    }
  });
  quoting = asked;
  return asked;
}

/**
 * A chunk of the page (see scripts/build-client.mjs), imported the first time it is asked for,
 * its messages learned, then made ready (`ready`). One that could not load (undefined) says the
 * page could not load (and to reload it: a browser may remember the failure), and is tried again
 * the next time it is asked for, for browsers that do not.
 */
const chunk = <M extends { messages?: ByLanguage }, T = M>(
  load: () => Promise<M>,
  ready: (loaded: M) => T | Promise<T> = (loaded) => loaded as unknown as T,
) => {
  let loading: Promise<T | void> | undefined;
  return () =>
    (loading ??= load()
      .then((loaded) => (loaded.messages && learn(loaded.messages), ready(loaded)))
      .catch(() => ((loading = undefined), failed())));
};
/** A chunk that did not arrive: the page could not load (a reload may bring it). */
const failed = () => say(t('loadFailed'));

/**
 * Shipping's chunk, the first time the cart holds something to send (tried again at its next
 * change): its rows in the summary, then (once the payment's Elements exist) its address form,
 * with its stylesheet in place, so that its rows and form show as they will stay.
 */
const loadShipping = chunk(
  () => import('./shipping'),
  async (mod) => {
    await mod.style();
    return (shippingView = mod.shippingForm({
      elements: () => elements,
      countries,
      saved,
      shippable,
      requote,
      money,
      row,
      el,
      t,
    }));
  },
);

/** The promotion code's form (promo.ts), when the customer opens it or for a code sent (kept). */
const loadPromo = chunk(
  () => import('./promo'),
  ({ promoForm }) => (promoView = promoForm({ saved, requote, el, t }, addCode)),
);

/**
 * The payment's chunk (pay.ts), at the customer's first sign of paying and at Pay. One that could
 * not load says so at once, before the card is typed.
 */
const loadPay = chunk(() => import('./pay'));

// A double click or a repeated Enter pays once: Pay is ignored while busy, also while the price
// and the payment's chunk are awaited. Without the chunk nothing is sent, to the shop or Stripe.
async function pay(event: SubmitEvent) {
  event.preventDefault();
  if (busy || !elements) return;
  busy = true;
  // Busy at once, for the moment the payment's chunk may still take (its words come with it).
  payButton.ariaBusy = payButton.ariaDisabled = 'true';
  const step = await loadPay();
  if (!step) return setBusy(false);
  // Whatever goes wrong in the payment step, Pay works again: a request kept for a resend is
  // "Try again" (the same checkout, never charged twice), and the customer is told.
  step
    .pay({
      stripe,
      elements,
      saved,
      quote: () => quote,
      quoting: () => quoting,
      view: () => shippingView,
      requote,
      show,
      setBusy,
      complete,
      details,
      items,
      shipping,
      save,
      post,
      done,
      receipt,
      say,
      failed,
      load,
      siteKey: turnstileSiteKey,
      t,
    })
    .catch(() => (setBusy(false), say(t('noAnswer'))));
}

const load = (src: string) =>
  new Promise((resolve, reject) => {
    document.head.append(
      Object.assign(document.createElement('script'), { src, onload: resolve, onerror: reject }),
    );
  });

/** One row of the cart per product: its picture, name, description, price and quantity. */
function cartRow(product: Product, max: number) {
  const row = el('li', { className: 'row' });
  const id = `q-${product.id}`;
  const select = el<HTMLSelectElement>('select', {
    id,
    ariaLabel: t('quantityOf', { name: product.name }),
  });
  for (let i = 0; i <= max; i++) select.add(new Option(String(i)));
  select.value = String(saved.items[product.id] ?? 0);
  select.onchange = () => {
    saved.items[product.id] = Number(select.value);
    shippingView?.showAddress();
    requote();
  };
  const text = el('p');
  text.append(
    el('label', { htmlFor: id, textContent: product.name }),
    el('small', { textContent: product.description }),
    money(product.unitAmount),
  );
  const amount = el('output');
  amounts.set(product.id, amount);
  if (product.image) row.append(el('img', { src: product.image, alt: '', width: 48, height: 48 }));
  row.append(text, select, amount);
  return row;
}

async function start() {
  // Back from the bank with the payment done: straight to the receipt.
  const secret = query.get('payment_intent_client_secret');
  if (secret && query.get('redirect_status') === 'succeeded')
    return done(receipt(query.get('payment_intent')!, secret));
  const stored = !query.has('new') && sessionStorage.getItem(KEY);
  // A reload must not start afresh again, and a client secret has no place in the history.
  if (secret || query.has('new')) history.replaceState(null, '', '/');
  const response = await fetch('/config', {
    headers,
    signal: AbortSignal.timeout(CONFIG_TIMEOUT_MS),
  });
  const config = await response.json();
  if (!response.ok) return ((panel.ariaBusy = 'false'), say(config.error.message));
  const all = (config as Config).products;
  // The cart opens with the first product, or the one of /?product=<id>, and sells its currency.
  const first = all.find((p) => p.id === query.get('product')) ?? all[0]!;
  products = all.filter((p) => p.currency === first.currency);
  saved = stored
    ? JSON.parse(stored)
    : { id: crypto.randomUUID(), items: { [first.id]: 1 }, code: '', email: '' };
  email.value = saved.email;
  countries = (config as Config).shippingCountries;
  $('cart').append(...products.map((p) => cartRow(p, config.maxQuantity)));
  // The rest of the page appears at once, under the heading, once priced: nothing jumps.
  const priced = requote().then(() => (panel.ariaBusy = 'false'));
  // A payment whose answer was lost (Pay says "Try again"), or one back from the bank's 3-D Secure
  // page not done (it failed, or the customer came back): the cart as it was, saying so in the
  // payment's words (its chunk). Pay asks the shop where the payment stands.
  const unsettled = secret || saved.secret ? 'bankNotDone' : saved.resend && 'noAnswer';
  if (unsettled) loadPay().then((step) => step && say(t(unsettled)));
  saved.secret = undefined;
  turnstileSiteKey = config.turnstileSiteKey;
  if (config.ui === 'hosted') {
    // Only this mode's customers load its code (a chunk); a failed load says the page could not.
    const mode = await chunk(() => import('./hosted'))();
    return mode?.hosted({ form, say, saved, save, items, priced, shippable, countries, t });
  }
  await load(config.stripeJs);
  stripe = window.Stripe!(config.publishableKey, {
    locale: locale.split('-')[0] as StripeElementLocale,
  });
  await priced;
  elements = stripe.elements({
    mode: 'payment',
    amount: quote?.total ?? first.unitAmount,
    currency: first.currency,
    appearance: appearance(),
  });
  darkScheme.addEventListener('change', () => elements?.update({ appearance: appearance() }));
  // Stripe's Address Element (shipping.ts), in the same group, for a cart with something to send.
  shippingView?.showAddress();
  const element = elements.create('payment');
  // The payment's chunk is fetched at the first sign of paying, well before Pay is clicked: a
  // focus or a press in the payment form (the email, Pay, also by keyboard), or in the card's
  // fields (Stripe's frame); Enter in the email fetches it at Pay.
  for (const type of ['focusin', 'pointerdown']) form.addEventListener(type, loadPay);
  element.on('focus', loadPay);
  element.on('ready', () => {
    $('payment-element').ariaBusy = 'false';
    payButton.disabled = false;
  });
  element.mount('#payment-element');
}

form.addEventListener('submit', pay);
email.addEventListener('input', () => {
  saved.email = email.value;
  save();
  if (!busy) setBusy(false); // Pay or Try again
});
// "Add promotion code" opens the code's form, its field focused (its chunk opens and closes it).
// Not before the checkout is known (a page whose /config failed has nothing to apply it to).
addCode.onclick = () => saved && loadPromo().then((view) => view && $('code').focus());
// Restored from the back-forward cache (Back from the bank's page): start again from storage.
addEventListener('pageshow', (event) => event.persisted && location.reload());
start().catch(() => {
  panel.ariaBusy = 'false';
  failed();
});
