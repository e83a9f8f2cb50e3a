// The cart once the customer touches it, a chunk of its own with its messages in every language:
// the Worker wrote the page's first state (its rows, total and Pay's label, src/pages), and the
// page (checkout.ts) loads this at the first change of a quantity, for a kept checkout, a cart
// with something to send, "Add promotion code", hosted mode and the first sign of paying. It
// prices the cart with POST /quote and shows the answer (the lines, the discount, the total,
// Pay's label), and loads the chunks of shipping, of the promotion code's form and of hosted
// mode when needed.
import type { StripeElements } from '@stripe/stripe-js';
import { formatMoney } from '../src/money/format.js';
import { takenOff } from '../src/receipt/rows';
import type { ByLanguage, Key, t as Messages } from './messages';
import type { Answer, Body, Quote, Saved } from './order';
import type { PromoForm } from './promo';
import type { ShippingForm } from './shipping';
import messages from 'messages:cart';
export { messages };

/** A product as GET /config gives it (those of the cart's currency). */
export interface Product {
  id: string;
  currency: string;
  shippable: boolean;
}

/**
 * What checkout.ts lends the cart (so that this chunk shares no code with its script).
 * Keys listed in scripts/build-client.mjs's PAGE_PRIVATE_PROPS are minified.
 */
export interface CartPage {
  saved: Saved;
  save: () => void;
  /** The products of the page's rows, in their order. */
  products: Product[];
  /** The countries the shop sends to (shipping's address form). */
  countries: string[];
  /** The payment's Elements group, once it exists (never in hosted mode). */
  elements: () => StripeElements | undefined;
  say: (text: string) => void;
  /** A chunk's loader: imported once, its messages learned (checkout.ts). */
  chunk: <M extends { messages?: ByLanguage }, T = M>(
    load: () => Promise<M>,
    ready?: (loaded: M) => T | Promise<T>,
  ) => () => Promise<T | void>;
  /**
   * How long a price and a payment are awaited (src/budget.ts: /config's and /charge's times, lent
   * so that this chunk shares no module with the page, which would be a chunk of its own).
   */
  quoteMs: number;
  chargeMs: number;
  /** The query of the page's script's address (`?v=<version>`), for a chunk's stylesheet. */
  version: string;
  el: <E = HTMLElement>(tag: string, properties?: object) => E;
  t: typeof Messages;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/**
 * The cart's views and what the payment (pay.ts) and hosted mode (hosted.ts) read of it, once its
 * stylesheet (client/cart.css) is in place.
 */
export async function cart(page: CartPage) {
  const { saved, save, products, el, t } = page;
  // Pay and the email: elements mode's (hosted mode's page has neither).
  const payButton = $<HTMLButtonElement>('pay');
  const total = $('total');
  // The summary's discount row, hidden until a quote has a discount (the Worker's page has none),
  // first: before shipping's, which the Worker may have written.
  const discountRow = el<HTMLElement>('div', { id: 'discount', hidden: true });
  discountRow.append(el('dt'), el('dd'));
  total.parentElement!.parentElement!.prepend(discountRow);
  const email = $<HTMLInputElement>('email');
  const locale = document.documentElement.lang;
  /** Shipping's rows, address form and rates (shipping.ts), once the cart holds something to send. */
  let shippingView: ShippingForm | undefined;
  /** The promotion code's form (promo.ts), once opened or needed for a code. */
  let promoView: PromoForm | undefined;
  const select = (id: string) => $<HTMLSelectElement>(`q-${id}`);
  // Until the cart is priced here, the page's price: the Worker's quote of the cart it opened with
  // (src/pages, its rows' selected options), its total with nothing discounted, sent or taxed. A
  // cart that differs from it (kept, or changed before) has no price until /quote answers: Pay
  // asks for one and waits (pay.ts), so that it never charges a total the page did not show.
  const opening =
    !saved.code &&
    products.every(
      ({ id }) =>
        (saved.items[id] ?? 0) === Number(select(id).querySelector('[selected]')!.textContent),
    );
  let quote: Quote | undefined = opening
    ? {
        currency: products[0]!.currency,
        lines: [],
        discount: null,
        shipping: null,
        tax: { amount: 0, calculation: null },
        total: Number(total.dataset.amount),
      }
    : undefined;
  let quoting: Promise<unknown> = Promise.resolve();
  let quotes = 0;
  /** The code the latest quote asks for (applied, or '' removed), until it is answered. */
  let asking: string | undefined;
  // In the page's locale ("$5.00", "5,00 $"); amounts are in the currency's minor unit.
  const money = (amount: number) => formatMoney(amount, products[0]!.currency, locale);
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
    JSON.stringify([items(), saved.code, email?.value, shipping(quote?.shipping?.rate)]);
  /** Writes a summary row's term and value. */
  const row = (node: HTMLElement, term: string, value: string) => {
    node.firstChild!.textContent = term;
    node.lastChild!.textContent = value;
  };
  /**
   * A chunk's stylesheet (client/<name>.css), at this version's address: its view waits for it (no
   * shift). A failed load leaves no link behind, so that the next need tries again.
   */
  const sheet = (name: string) =>
    new Promise((onload, onerror) => {
      const link = el<HTMLLinkElement>('link', {
        rel: 'stylesheet',
        href: `/${name}.css${page.version}`,
        onload,
      });
      link.onerror = (error) => (link.remove(), onerror(error));
      document.head.append(link);
    });

  // While paying the button stays focusable (aria-disabled, not disabled) so that keyboard and
  // screen reader users keep their place; the page ignores Pay until the outcome is known.
  function setBusy(paying: boolean) {
    if (!payButton) return; // hosted mode's page: its Checkout button names no amount
    payButton.ariaBusy = payButton.ariaDisabled = String(paying);
    // While paying, the cart is the one Pay says: its quantities, rates and code wait.
    for (const id of ['cart', 'promo', 'rates']) if ($(id)) $(id).inert = paying;
    // No amount (a total still to come, or none): the Worker's words for that, not "{amount} …"
    // emptied, which is no label in German or French ("bezahlen", "Paiement de …").
    const amount = complete() && quote!.total ? money(quote!.total) : '';
    payButton.textContent =
      saved.resend && !paying && details() === saved.sent
        ? t('tryAgain')
        : amount
          ? t(paying ? 'paying' : 'pay', { amount })
          : t(paying ? 'payingNoAmount' : 'page.pay');
  }

  /** Shows a quote: each line's amount, the discount, the total (announced), and the code's state. */
  function show(next: Quote | undefined) {
    quote = next;
    for (const { id } of products)
      select(id).nextElementSibling!.textContent = money(
        next?.lines.find((line) => line.product === id)?.subtotal ?? 0,
      );
    const discount = next?.discount;
    discountRow.hidden = !discount;
    if (discount)
      // As the receipt shows it (src/receipt/rows.ts): the sign where Intl puts it.
      row(discountRow, t('discount', { code: discount.code }), takenOff(discount.amount, money));
    // Before shipping's chunk, the rows the Worker wrote (src/pages) go with the last parcel.
    if (shippingView) shippingView.show(next);
    else
      document
        .querySelectorAll('#shipping,#tax')
        .forEach((node) => node.toggleAttribute('hidden', !shippable()));
    total.textContent = complete() ? money(next!.total) : '';
    promoView?.show();
    if (next) page.elements()?.update({ amount: next.total });
    // A change while paying must not re-enable Pay.
    if (payButton?.ariaBusy !== 'true') setBusy(false);
  }

  // POST /quote or /charge, answered within `timeout` (/charge's by default). No
  // answer in time is an unknown outcome, which says `lost`: for a payment, that it is not
  // confirmed and "Try again" settles it (the payment's chunk brings those words); for a price,
  // that the page could not load it. Answered in the page's language (?lang=); the browser's own
  // Accept-Language tells the Worker whether a link chose it (src/i18n, for the ways back).
  const post = (
    path: string,
    body: Body,
    lost: Key = 'noAnswer',
    timeout = page.chargeMs,
  ): Promise<Answer> =>
    fetch(`${path}?lang=${locale}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeout),
    })
      .then((response) => response.json())
      .catch(() => ({ error: { message: t(lost), charged: 'unknown' } }));

  /**
   * Asks the server for the cart's price (with `code` when given, else the one being applied or
   * removed, else the one applied) and shows it; the latest request wins, so a change made before
   * a code's answer sends that code. A code that does not apply is explained beside its field.
   */
  function requote(code = asking ?? saved.code): Promise<unknown> {
    const n = ++quotes;
    asking = code;
    shippingView?.settle(); // the latest address is priced now
    save();
    const sent = shipping();
    const body = { items: items(), promotion_code: code, shipping: sent };
    // A cart with something to send is shown with its shipping rows (their chunk) or not at all,
    // a code with its form (its chunk), where its refusal or discount is said.
    const asked = Promise.all([
      post('/quote', body, 'loadFailed', page.quoteMs),
      shippable() && loadShipping(),
      code && loadPromo(),
    ]).then(([answer]: [Answer, unknown, unknown]): unknown => {
      if (n !== quotes) return;
      asking = undefined;
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
        page.say(error.message);
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
   * Shipping's chunk, the first time the cart holds something to send (tried again at its next
   * change): its rows in the summary, then (once the payment's Elements exist) its address form,
   * with its stylesheet in place, so that its rows and form show as they will stay.
   */
  const loadShipping = page.chunk(
    () => import('./shipping'),
    async (mod) => {
      await sheet('shipping');
      return (shippingView = mod.shippingForm({
        elements: page.elements,
        countries: page.countries,
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

  /** Hosted mode's code (hosted.ts): the Worker's Checkout button made to work. */
  const loadHosted = page.chunk(
    () => import('./hosted'),
    (mod) =>
      mod.hosted({
        form: $('checkout'),
        say: page.say,
        saved,
        save,
        items,
        quote: () => quote,
        quoting: () => quoting,
        show,
        shippable,
        post,
        t,
      }),
  );

  /** The promotion code's form (promo.ts), when the customer opens it or for a code sent (kept). */
  const loadPromo = page.chunk(
    () => import('./promo'),
    ({ promoForm }) => (promoView = promoForm({ saved, requote, el, t }, $('add-code'))),
  );

  // The rows as the checkout has them (a kept one may differ from the page's first state).
  for (const { id } of products) select(id).value = String(saved.items[id] ?? 0);
  await sheet('cart');

  return {
    requote,
    show,
    setBusy,
    complete,
    details,
    items,
    shippable,
    shipping,
    post,
    quote: () => quote,
    quoting: () => quoting,
    view: () => shippingView,
    /** A quantity changed (saved.items has it): the address form if needed, and the new price. */
    changed: () => (shippingView?.showAddress(), requote()),
    /** "Add promotion code": the code's form, its field focused. */
    promo: () => loadPromo().then((view) => view && $('code').focus()),
    /** Hosted mode: its chunk, loaded once. */
    hosted: loadHosted,
    /** The payment's Elements group exists: the address form if the cart needs it. */
    showAddress: () => shippingView?.showAddress(),
  };
}

/** The cart's views (what `cart` returns). */
export type CartView = Awaited<ReturnType<typeof cart>>;
