// The Checkout page: a cart priced by the server (POST /quote), card details in Stripe.js (they
// never reach our server), one POST /charge per click. The checkout and its cart are kept in
// sessionStorage until the receipt, so that a reload resumes the same checkout: a payment whose
// answer was lost is replayed, never made twice, and a customer back from the bank's 3-D Secure
// page finds their cart. Messages are set with textContent only; their words are in messages.ts.
// They are the reader's: the Worker wrote the page in their language (<html lang>); requests say
// the same language (Accept-Language), and so does Stripe.js (`locale`), in the page's colours.
// Built (minified) into public/checkout.js by scripts/build-client.mjs. What a plain payment
// does not run is in chunks loaded when needed, each with its own messages: hosted mode
// (hosted.ts), shipping (shipping.ts), the bank's step (bank.ts) and Turnstile (turnstile.ts).
import type {
  Appearance,
  Stripe,
  StripeElementLocale,
  StripeElements,
  StripeError,
} from '@stripe/stripe-js';
import { CHARGE_TIMEOUT_MS, CONFIG_TIMEOUT_MS } from '../src/budget';
import { isEmailAddress } from '../src/checkout/email';
import { formatMoney } from '../src/money/format.js';
import { learn, t, type ByLanguage } from './messages';
import type { Address, ShippingForm, Shipped } from './shipping';

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
/** POST /quote's answer (src/cart/quote.ts). */
interface Quote {
  currency: string;
  lines: { product: string; subtotal: number }[];
  discount: { code: string; amount: number; description: string } | null;
  /** The rate charged and the others the customer may pick; null with nothing to send. */
  shipping: Shipped | null;
  tax: { amount: number; calculation: string | null };
  total: number;
}
/** An answer of POST /quote or /charge. */
interface Answer extends Partial<Quote> {
  status?: string;
  redirect?: string;
  client_secret?: string;
  error?: {
    message: string;
    code?: string;
    param?: string;
    charged?: false | 'unknown';
    /** The price without a promotion code that stopped applying. */
    quote?: Quote;
  };
}
type Body = Record<string, unknown>;
/** What survives a reload, until the receipt (sessionStorage). */
interface Saved {
  /** The checkout_id: Stripe's idempotency keys derive from it. */
  id: string;
  /** Quantities by product id. */
  items: Record<string, number>;
  /** The promotion code applied ('' for none). */
  code: string;
  email: string;
  /** The complete address the Address Element last gave, and the rate picked (else the cheapest). */
  shipping?: Address;
  rate?: string;
  /** `details()` of the order last sent: another order is another checkout. */
  sent?: string;
  /** The request whose outcome is unknown: "Try again" sends it unchanged (Stripe replays it). */
  resend?: Body;
  /** The client secret of a payment handed to the bank (3-D Secure). */
  secret?: string;
}
declare const turnstile: { reset(): void } | undefined;

const KEY = 'checkout';
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('checkout');
const promo = $<HTMLFormElement>('promo');
const payButton = $<HTMLButtonElement>('pay');
const message = $('message');
const email = $<HTMLInputElement>('email');
const emailError = $('email-error');
const codeInput = $<HTMLInputElement>('code');
const apply = $('apply');
const note = $('code-note');
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
let shippingLoad: Promise<unknown> | undefined;
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
  codeInput.readOnly = !!saved.code;
  apply.textContent = t(saved.code ? 'remove' : 'apply');
  if (next) elements?.update({ amount: next.total });
  if (!busy) setBusy(false); // a change while paying must not re-enable Pay
}

// POST /quote or /charge, answered within `timeout` (src/budget.ts): no answer in time is an
// unknown outcome, which the customer may settle with "Try again".
const post = (path: string, body: Body, timeout: number): Promise<Answer> =>
  fetch(path, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeout),
  })
    .then((response) => response.json())
    .catch(() => ({ error: { message: t('noAnswer'), charged: 'unknown' } }));

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
  // A cart with something to send is shown with its shipping rows (their chunk) or not at all.
  const asked = Promise.all([
    post('/quote', body, CONFIG_TIMEOUT_MS),
    shippable() && loadShipping(),
  ]).then(([answer]: [Answer, unknown]): unknown => {
    if (n !== quotes) return;
    const { error } = answer;
    const param = error?.param ?? '';
    const refused = param === 'promotion_code';
    codeInput.ariaInvalid = String(refused);
    // An address (or rate) sent and priced or refused anew, or none needed: the last refusal goes.
    if (sent || !shippable()) shippingView?.problem('', '');
    if (param.startsWith('shipping')) {
      // Beside the field at fault, in the reader's words; the price without it meanwhile.
      shippingView?.problem(param, error!.message);
      if (param === 'shipping[rate]') saved.rate = undefined;
      else saved.shipping = undefined;
      return requote(code);
    } else if (refused) {
      note.textContent = error!.message;
      // The code applied stopped applying (the cart changed): the price without it.
      if (code && code === saved.code) return ((saved.code = ''), requote(''));
    } else if (error) {
      // No price for this cart (an empty one, say): the server says why; Pay asks again.
      say(error.message);
      show(undefined);
    } else {
      saved.code = code;
      if (code) note.textContent = answer.discount!.description;
      show(answer as Quote);
    }
  });
  quoting = asked;
  return asked;
}

/**
 * Loads shipping's chunk the first time the cart holds something to send: its rows in the
 * summary, then (once the payment's Elements exist) its address form. A failed load says the page
 * could not load (and to reload it: a browser may remember the failure), and is tried again at
 * the next change of the cart.
 */
function loadShipping(): Promise<unknown> {
  // With its stylesheet in place, so that its rows and form show as they will stay.
  shippingLoad ??= chunk(import('./shipping').then((mod) => mod.style().then(() => mod))).then(
    ({ shippingForm }) =>
      (shippingView = shippingForm({
        elements: () => elements,
        countries,
        saved,
        shippable,
        requote,
        money,
        row,
        el,
        t,
      })),
    () => ((shippingLoad = undefined), failed()),
  );
  return shippingLoad;
}

// The Worker's own rule (src/checkout/email.ts), so that the page never sends what it refuses.
function checkEmail(): boolean {
  const ok = isEmailAddress(email.value.trim());
  email.ariaInvalid = String(!ok);
  emailError.hidden = ok;
  return ok;
}

async function pay(event: SubmitEvent) {
  event.preventDefault();
  if (busy || !elements) return; // a double click or a repeated Enter pays once
  busy = true; // also while the price is awaited
  if (shippingView?.settle()) requote(); // an address typed a moment ago: priced now
  await quoting; // the cart's latest price
  setBusy(false); // and Pay says the latest total, which show() left alone meanwhile
  if (!quote) return requote();
  if (!checkEmail()) return email.focus();
  setBusy(true);
  say('');
  // The bank's step (3-D Secure) is fetched now, beside the token: a page left from before a
  // deploy, whose chunks are gone, says so before any payment exists, not once the bank waits.
  const bank = chunk(import('./bank')).catch(() => undefined);
  let body = details() === saved.sent && saved.resend;
  if (!body) {
    // The payment form shows its own field errors; a token is made only from complete card details.
    const submitted = await elements.submit();
    if (submitted.error) return setBusy(false);
    // An address the shop refused (its reason is beside the form): nothing to pay yet.
    if (!complete()) return (setBusy(false), say(shippingView?.why() ?? t('loadFailed')));
    const { error, confirmationToken } = await stripe.createConfirmationToken({ elements });
    if (error) return (setBusy(false), say(error.message!));
    if (saved.sent && details() !== saved.sent) saved.id = crypto.randomUUID(); // another order
    saved.sent = details();
    body = {
      checkout_id: saved.id,
      items: items(),
      promotion_code: saved.code,
      email: email.value,
      confirmation_token: confirmationToken.id,
      // The rate shown (picked, or the cheapest), so that the charge is the price shown.
      shipping: shipping(quote.shipping?.rate),
    };
  }
  const step = await bank;
  if (!step) return (setBusy(false), failed());
  // A resend keeps its security token (the server may verify it again), unless it was refused.
  body.turnstile_token ??= new FormData(form).get('cf-turnstile-response');
  // Kept before it is sent: if the answer never comes back (or the page is reloaded meanwhile),
  // the same request is what "Try again" sends.
  saved.resend = body;
  save();
  const answer = await post('/charge', body, CHARGE_TIMEOUT_MS); // once per click
  if (typeof turnstile === 'object') turnstile.reset(); // a Turnstile token is good for one check
  const failure = answer.error;
  saved.resend =
    failure?.charged === 'unknown'
      ? { ...body, turnstile_token: failure.param ? null : body.turnstile_token }
      : undefined;
  save();
  if (answer.redirect) return done(answer.redirect);
  let problem = failure as Answer['error'] | StripeError;
  const secret = answer.client_secret;
  if (answer.status === 'requires_action' && secret) {
    saved.secret = secret;
    save();
    const next = await step.authenticate(stripe, secret);
    // As Stripe's own return URL: the client secret proves the receipt is the customer's.
    if (typeof next === 'string') return done(receipt(next, secret));
    saved.secret = undefined;
    problem = next;
  }
  if (/^checkout_(changed|canceled)$/.test(problem?.code ?? '')) saved.id = crypto.randomUUID();
  const repriced = failure?.quote;
  if (repriced) {
    // The code stopped applying: the price without it, for the customer to accept by paying.
    saved.code = '';
    note.textContent = '';
    show(repriced);
  }
  if (problem?.code === 'turnstile_required' && turnstileSiteKey) {
    const siteKey = turnstileSiteKey;
    import('./turnstile').then((widget) => widget.challenge(payButton, siteKey, load), failed);
  }
  save();
  setBusy(false);
  const param = failure?.param ?? '';
  if (param.startsWith('shipping')) return shippingView?.problem(param, failure!.message);
  say(problem?.message ?? '');
}

/** Imports a chunk of the page (see scripts/build-client.mjs) and learns its messages. */
const chunk = <M extends { messages?: ByLanguage }>(module: Promise<M>) =>
  module.then((loaded) => (loaded.messages && learn(loaded.messages), loaded));
/** A chunk that did not arrive: the page could not load (a reload may bring it). */
const failed = () => say(t('loadFailed'));

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
  codeInput.value = saved.code;
  countries = (config as Config).shippingCountries;
  $('cart').append(...products.map((p) => cartRow(p, config.maxQuantity)));
  // The rest of the page appears at once, under the heading, once priced: nothing jumps.
  const priced = requote().then(() => (panel.ariaBusy = 'false'));
  if (saved.resend) say(t('noAnswer'));
  // Back from the bank's 3-D Secure page without the payment done (it failed, or the customer
  // came back): the cart as it was, saying so. Pay asks the shop where the payment stands.
  if (secret || saved.secret) chunk(import('./bank')).then(() => say(t('bankNotDone')), failed);
  saved.secret = undefined;
  turnstileSiteKey = config.turnstileSiteKey;
  if (config.ui === 'hosted') {
    // Only this mode's customers load its code (a chunk); a failed load says the page could not.
    const { hosted } = await chunk(import('./hosted'));
    return hosted({ form, say, saved, save, items, priced, shippable, countries, t });
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
  // An error goes once the address is right; it never appears as the field is left, which would
  // move Pay under a pointer on its way to it.
  if (!emailError.hidden) checkEmail();
  if (!busy) setBusy(false); // Pay or Try again
});
// Apply (or Enter in the code's field: its own form, so Enter never pays) and Remove.
promo.addEventListener('submit', (event) => {
  event.preventDefault();
  const code = saved.code ? '' : codeInput.value.trim();
  if (saved.code) codeInput.value = note.textContent = '';
  if (code || saved.code) requote(code);
});
// Restored from the back-forward cache (Back from the bank's page): start again from storage.
addEventListener('pageshow', (event) => event.persisted && location.reload());
start().catch(() => {
  panel.ariaBusy = 'false';
  failed();
});
