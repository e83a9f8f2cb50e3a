// The Checkout page: a cart priced by the server, card details in Stripe.js (they never reach our
// server), one POST /charge per click. The Worker writes the page's first state: the cart it
// opens with, priced, with its total and Pay's label (src/pages/checkout-page.ts). This script
// keeps the checkout in sessionStorage until the receipt, so that a reload resumes the same
// checkout: a payment whose answer was lost is replayed, never made twice, and a customer back
// from the bank's 3-D Secure page finds their cart. Messages are set with textContent only; their
// words are in messages.ts. They are the reader's: the Worker wrote the page in their language
// (<html lang>); requests say the same language (?lang=), and so does Stripe.js
// (`locale`), in the page's colours. Built (minified) into public/checkout.js by
// scripts/build-client.mjs. What the page does not run on a first screen left as it is, is in
// chunks loaded when needed, each with its own messages: a kept cart's rows (kept.ts), the cart
// once touched (cart.ts, which loads shipping.ts, the promotion code's form, promo.ts, and hosted
// mode's, hosted.ts), the payment with the bank's step (pay.ts, fetched with the cart's at the
// first sign of paying) and Turnstile (turnstile.ts).
import type { Appearance, Stripe, StripeElementLocale, StripeElements } from '@stripe/stripe-js';
import { CHARGE_TIMEOUT_MS, CONFIG_TIMEOUT_MS } from '../src/budget';
import type { CartView, Product } from './cart';
import { learn, t, type ByLanguage } from './messages';
import { KEPT_CHECKOUT, type Saved } from './order';

interface Config {
  mode: 'simulated' | 'test' | 'live';
  ui: 'elements' | 'hosted';
  publishableKey: string;
  stripeJs: string;
  products: Product[];
  /** Where shippable products go: the address form offers these countries only. */
  shippingCountries: string[];
  turnstileSiteKey?: string;
}
const KEY = KEPT_CHECKOUT;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('checkout');
// Pay and the email are elements mode's: hosted mode's page has neither (checked where it runs).
const payButton = $<HTMLButtonElement>('pay');
/** The page is in hosted mode (the Worker wrote its form, with the mode /config says). */
const hosted = !payButton;
const message = $('message');
const email = $<HTMLInputElement>('email');
const query = new URLSearchParams(location.search);
const locale = document.documentElement.lang;
// Stripe's Payment Element follows the page's colour scheme (its "night" theme when dark).
const darkScheme = matchMedia('(prefers-color-scheme: dark)');
const appearance = (): Appearance => ({ theme: darkScheme.matches ? 'night' : 'stripe' });
let stripe: Stripe;
let elements: StripeElements | undefined;
let products: Product[] = [];
let countries: string[] = [];
let turnstileSiteKey: string | undefined;
/**
 * The checkout kept in this tab (a reload, Back from the bank), read at once so that its cart,
 * not the Worker's, is what the page shows; a new one once /config answers.
 */
let saved = kept() as Saved;
/** The cart's views (cart.ts), once loaded; Pay's label is the page's until then. */
let view: CartView | undefined;

// Storage off (private mode, quota): the page works, a reload starts afresh.
function kept(): Saved | null {
  try {
    return query.has('new') ? null : JSON.parse(sessionStorage.getItem(KEY)!); // null: none kept
  } catch {
    return null;
  }
}
const save = () => {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(saved));
  } catch {
    // see kept()
  }
};
/** A path of the shop that keeps a language chosen with ?lang=. */
const keepLang = (path: string) => {
  const url = new URL(path, location.href);
  const chosen = query.get('lang');
  if (chosen) url.searchParams.set('lang', chosen);
  return url.pathname + url.search;
};
// Leaving for the receipt ends the checkout: the next visit is a new order. Storage off (site
// data blocked): reading sessionStorage throws, and the receipt must still come.
const done = (path: string) => {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // see kept()
  }
  location.assign(keepLang(path));
};
const say = (text: string) => {
  message.textContent = text;
};
const el = <T = HTMLElement>(tag: string, properties: object = {}) =>
  Object.assign(document.createElement(tag), properties) as T;
/** Paying (Pay's own state, which the cart's and the payment's chunks set too). */
const busy = () => payButton.ariaBusy === 'true';

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
/** A chunk that did not arrive: the page could not load (a reload may bring it), said at once. */
const failed = () => ((form.ariaBusy = 'false'), say(t('loadFailed')));

/**
 * The cart's chunk (cart.ts): at the first change of a quantity, for a kept checkout, a cart with
 * something to send, hosted mode, "Add promotion code" and the first sign of paying. Not before
 * the checkout is known (a page whose /config failed has nothing to price).
 */
const loadCart = chunk(
  () => import('./cart'),
  async (mod) =>
    (view = await mod.cart({
      saved,
      save,
      products,
      countries,
      elements: () => elements,
      say,
      chunk,
      quoteMs: CONFIG_TIMEOUT_MS,
      chargeMs: CHARGE_TIMEOUT_MS,
      version: new URL(import.meta.url).search,
      el,
      t,
    })),
);

// A kept cart replaces the Worker's rows as soon as its chunk (kept.ts) is here, before /config
// answers (a kept checkout only: the first load of a new one imports no chunk).
if (saved) import('./kept').then((mod) => mod.kept(saved), failed);

/**
 * The payment's chunk (pay.ts), at the customer's first sign of paying and at Pay. One that could
 * not load says so at once, before the card is typed.
 */
const loadPay = chunk(() => import('./pay'));
/** The first sign of paying: the chunks Pay needs. */
const intent = () => saved && (loadCart(), loadPay());

// A double click or a repeated Enter pays once: Pay is ignored while busy, also while the price
// and the payment's chunks are awaited. Without them nothing is sent, to the shop or Stripe.
async function pay(event: SubmitEvent) {
  event.preventDefault();
  if (!elements || busy()) return; // (hosted mode has neither: its chunk takes the submit)
  // Busy at once, for the moment the chunks may still take (the payment's words come with it).
  payButton.ariaBusy = payButton.ariaDisabled = 'true';
  const [cart, step] = await Promise.all([loadCart(), loadPay()]);
  if (!cart || !step) return (payButton.ariaBusy = payButton.ariaDisabled = 'false');
  // Whatever goes wrong in the payment step, Pay works again: a request kept for a resend is
  // "Try again" (the same checkout, never charged twice), and the customer is told.
  step
    .pay({
      ...cart,
      stripe,
      elements,
      saved,
      save,
      done,
      say,
      failed,
      load,
      siteKey: turnstileSiteKey,
      t,
    })
    .catch(() => (cart.setBusy(false), say(t('noAnswer'))));
}

const load = (src: string) =>
  new Promise((resolve, reject) => {
    document.head.append(el('script', { src, onload: resolve, onerror: reject }));
  });

async function start() {
  // Back from the bank with the payment done, or accepted and still processing: straight to the
  // receipt, which reads Stripe's return parameters (the PaymentIntent and its client secret) as
  // the payment's chunk sends them, and says which (a processing payment's receipt follows there).
  const secret = query.get('payment_intent_client_secret');
  const returned = secret && query.get('redirect_status');
  if (/^(succeeded|processing)$/.test(returned || '')) return done(`/thank-you${location.search}`);
  // Stripe says the payment failed (it needs another card): not charged. Any other return says
  // nothing Stripe documents, and the page asks as after a reload ("Try again" asks Stripe).
  const refused = returned === 'failed';
  // A reload must not start afresh again, and a client secret has no place in the history; a
  // language a link chose stays in both (the bank's return carries it: a reload stays in it).
  if (secret || query.has('new')) history.replaceState(null, '', keepLang('/'));
  // Requests are answered in the page's language (?lang=), whatever the browser's.
  const response = await fetch(`/config?lang=${locale}`, {
    signal: AbortSignal.timeout(CONFIG_TIMEOUT_MS),
  });
  const config = await response.json();
  if (!response.ok) return ((form.ariaBusy = 'false'), say(config.error.message));
  // Those of the page's rows: a newer deploy's product has none in this page (a version mismatch).
  const all = (config as Config).products.filter((p) => $(`q-${p.id}`));
  // The cart opens with the first product, or the one of /?product=<id>, and sells its currency:
  // the page's rows (the Worker chose the same), as the customer may have set them meanwhile.
  const first = all.find((p) => p.id === query.get('product')) ?? all[0]!;
  products = all.filter((p) => p.currency === first.currency);
  const items = Object.fromEntries(
    products.map((p) => [p.id, Number($<HTMLSelectElement>(`q-${p.id}`).value)]),
  );
  const stored = !!saved;
  saved ??= { id: crypto.randomUUID(), items, code: '', email: '' };
  if (hosted) saved.code = ''; // Stripe's page takes codes (no field here)
  countries = (config as Config).shippingCountries;
  turnstileSiteKey = config.turnstileSiteKey;
  // The page's first state is the cart's price, unless the checkout was kept (a reload, Back from
  // the bank), a quantity changed before now, the cart holds something to send or the mode is
  // hosted: then the cart's chunk prices it.
  const changed = products.some(
    (p) => !$<HTMLSelectElement>(`q-${p.id}`).selectedOptions[0]!.defaultSelected,
  );
  const priced =
    stored || changed || first.shippable || hosted
      ? loadCart().then((cart) => cart?.requote())
      : Promise.resolve();
  // Back from the bank's 3-D Secure page refused (Stripe's return says it failed): the cart as it
  // was, and why once Stripe.js is here (below). Or a payment whose outcome is open: the bank's
  // step left unfinished (Back on the bank's page, a reload during it, a tab the browser
  // discarded while the bank's app approved), or the shop's answer lost. Pay says "Try again",
  // which asks Stripe and the shop where the payment stands (the bank's step again, if open),
  // and the page says which in the payment's words (its chunk).
  if (refused) saved.resend = saved.secret = undefined;
  const open = saved.secret ? 'bankOpen' : saved.resend && 'noAnswer';
  // Said once priced: the busy form hides #message (visibility), and an alert written while it is
  // hidden is never announced. Its chunk is fetched meanwhile, so that it is said as Pay appears.
  if (open) Promise.all([loadPay(), priced]).then(([step]) => step && say(t(open)));
  // Without Stripe's return, the client secret stays: "Try again" asks Stripe (pay.ts).
  // The payment form appears at once, once priced: nothing jumps.
  priced.then(() => (form.ariaBusy = 'false'));
  // Only hosted mode's customers load its code (a chunk the cart's loads); a failed load says the
  // page could not.
  if (hosted) return Promise.all([priced, loadCart().then((cart) => cart?.hosted())]);
  email.value = saved.email;
  await load(config.stripeJs);
  stripe = window.Stripe!(config.publishableKey, {
    locale: locale.split('-')[0] as StripeElementLocale,
  });
  await priced;
  // The decline's own words (insufficient funds...), or the bank's check that failed: Stripe says
  // which to the client secret (the payment's chunk asks it).
  if (refused) loadPay().then((step) => step?.refused(stripe, secret!, t));
  elements = stripe.elements({
    mode: 'payment',
    // The page's total (the Worker's quote) until the cart's chunk has one.
    // An empty cart (a link's product gone) has none: Stripe.js takes only a positive amount, and
    // Pay with an empty cart is refused by the shop before Stripe is asked.
    amount: view?.quote()?.total || Number($('total').dataset.amount) || 1,
    currency: first.currency,
    appearance: appearance(),
  });
  darkScheme.addEventListener('change', () => elements?.update({ appearance: appearance() }));
  // Stripe's Address Element (shipping.ts), in the same group, for a cart with something to send.
  view?.showAddress();
  const element = elements.create('payment');
  // The payment's chunks are fetched at the first sign of paying, well before Pay is clicked: a
  // focus or a press in the payment form (the email, Pay, also by keyboard), or in the card's
  // fields (Stripe's frame); Enter in the email fetches them at Pay.
  for (const type of ['focusin', 'pointerdown']) form.addEventListener(type, intent);
  element.on('focus', intent);
  const shown = () => ($('payment-element').ariaBusy = 'false');
  element.on('ready', () => ((payButton.disabled = false), shown()));
  // Stripe could not show the card form (its network, a blocked frame): said at once, nothing
  // to pay with until the reload the message asks for. Pay stays off, the form no longer busy.
  element.on('loaderror', () => (shown(), failed()));
  element.mount('#payment-element');
}

form.addEventListener('submit', pay);
email?.addEventListener('input', () => {
  saved.email = email.value;
  save();
  if (!busy()) view?.setBusy(false); // Pay or Try again
});
// A quantity changed (by pointer or keyboard): kept at once, so that the cart's chunk, which may
// still be on its way, prices it when it arrives. Before /config answers, it goes into the kept
// checkout, or start() reads it; the cart's chunk prices it then.
$('cart').addEventListener('change', (event) => {
  const select = event.target as HTMLSelectElement;
  if (!saved) return;
  saved.items[select.id.slice(2)] = Number(select.value);
  save(); // a reload meanwhile finds it
  if (products.length) loadCart().then((cart) => cart?.changed());
});
// "Add promotion code" opens the code's form, its field focused (its chunk opens and closes it).
// Not before the checkout is known (a page whose /config failed has nothing to apply it to).
// Hosted mode has none (Stripe's page takes codes). Its chunk (promo.ts) then takes the click over.
const addCode = $('add-code') as HTMLElement | null;
if (addCode) addCode.onclick = () => products.length && loadCart().then((cart) => cart?.promo());
// Restored from the back-forward cache (Back from the bank's page): start again from storage.
addEventListener('pageshow', (event) => event.persisted && location.reload());
start().catch(failed);
