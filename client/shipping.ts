// The Checkout page's shipping, a chunk of its own: only a cart that holds something to send loads
// it (cart.ts), with its messages in every language. The summary's shipping and tax rows;
// Stripe's Address Element, in the payment's Elements group (its fields validated by submit()),
// shown while the cart holds something to send; the rates to the address as a radio group; the
// server's refusals beside the field at fault. A reload finds the address given. The rates' group
// takes its place as soon as the address is complete, busy until the quote prices it, so that the
// rates' arrival moves nothing under the customer's pointer (Pay stays where it is).
import type {
  StripeAddressElement,
  StripeAddressElementChangeEvent,
  StripeElements,
} from '@stripe/stripe-js';
import type { t as Messages } from './messages';
export { default as messages } from 'messages:shipping';

/** Who receives the parcel and where, as the Address Element says it (Stripe's `shipping`). */
export type Address = StripeAddressElementChangeEvent['value'];
/** A shipping rate to the address, priced for this cart. */
export interface Rate {
  rate: string;
  name: string;
  amount: number;
}
/** A quote's shipping: the rate charged and the others the customer may pick. */
export type Shipped = Rate & { rates: Rate[] };

/**
 * What the cart (cart.ts) lends the shipping form (so that this chunk shares no code with it).
 * Keys listed in scripts/build-client.mjs's PAGE_PRIVATE_PROPS are minified.
 */
export interface ShippingPage {
  /** The payment's Elements group, once it exists (never in hosted mode). */
  elements: () => StripeElements | undefined;
  /** The countries the shop sends to: the address form offers these only. */
  countries: string[];
  /** The checkout kept until the receipt: the address given and the rate picked. */
  saved: { shipping?: Address; rate?: string };
  /** Whether the cart holds something to send. */
  shippable: () => boolean;
  /** Prices the cart again (with the address and rate kept). */
  requote: () => unknown;
  money: (amount: number) => string;
  /** Writes a summary row's term and value. */
  row: (node: HTMLElement, term: string, value: string) => void;
  el: <E = HTMLElement>(tag: string, properties?: object) => E;
  t: typeof Messages;
}

/** The form's views, as the cart and its quote change. */
export interface ShippingForm {
  /** Mounts the address form while the cart holds something to send (with a payment form). */
  showAddress: () => void;
  /** The summary's shipping and tax rows, and the rates to the address, for a quote. */
  show: (
    quote: { shipping: Shipped | null; tax: { amount: number; included?: number } } | undefined,
  ) => void;
  /** Shows a refusal of a shipping field (`param`) where it belongs; '' for none. */
  problem: (param: string, text: string) => void;
  /** Why the cart cannot be paid yet: the address's refusal, or that it needs one. */
  why: () => string;
  /** Prices now an address typed a moment ago (true), instead of once typing pauses. */
  settle: () => boolean;
}

/** The shipping form's views, its Address Element created with the payment's group. */
export function shippingForm(page: ShippingPage): ShippingForm {
  const { el, money, row, t, saved } = page;
  const part = (tag: string, id: string, properties: object = {}, alert = false) => {
    const node = el(tag, { id, ...properties });
    if (alert) node.setAttribute('role', 'alert');
    return node;
  };
  // The summary's rows as the receipt's (src/receipt/summary.ts), hidden until a quote needs them:
  // shipping and the tax added before the total, the tax the prices hold under it. The Worker
  // wrote shipping's for a page opening with something to send (src/pages), and said whether
  // the shop calculates tax: then the Tax row's place is written too, and kept while a parcel is
  // in the cart (`kept`). A page that opened with nothing to send did not say: its Tax row's place
  // is held only while the address's quote is on its way (`unsure`, shipping.css).
  const said = !!document.getElementById('shipping');
  const kept = !!document.getElementById('tax');
  // And the included tax's place under the total, for a tax-inclusive product (both may come).
  const keptIncluded = !!document.getElementById('tax-included');
  const [shippingRow, taxRow, includedRow] = ['shipping', 'tax', 'tax-included'].map((id) => {
    const written = document.getElementById(id);
    if (written) return written;
    const node = part('div', id, { hidden: true });
    node.append(el('dt'), el('dd'));
    return node;
  }) as [HTMLElement, HTMLElement, HTMLElement];
  taxRow.classList.toggle('unsure', !said);
  taxRow.firstChild!.textContent = t('receipt.tax');
  includedRow.firstChild!.textContent = t('receipt.taxIncluded');
  const totalRow = document.getElementById('total')!.parentElement!;
  totalRow.before(shippingRow, taxRow);
  totalRow.after(includedRow);
  // The address form, its refusals and the rates, put before the payment form with the first
  // Address Element (never in hosted mode: Stripe's page asks for the address there).
  const box = part('div', 'address-element', { className: 'field', hidden: true });
  const addressError = part('p', 'address-error', { className: 'message' }, true);
  const rates = part('fieldset', 'rates', { className: 'rates', hidden: true });
  const list = part('div', 'rate-list');
  const rateError = part('p', 'rate-error', { className: 'message' }, true);
  rates.append(el('legend', { textContent: t('page.shippingMethod') }), list, rateError);
  let address: StripeAddressElement | undefined;
  /** The address change waiting to be priced (debounced: one quote once typing pauses). */
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Rows the group keeps while busy: the most rates shown yet (two before any: Standard, Express).
  let rows = 2;
  const busy = (pending: boolean) => {
    rates.ariaBusy = String(pending);
    if (pending) list.style.setProperty('--rate-rows', String(rows));
  };
  const settle = () => {
    const pending = !!timer;
    clearTimeout(timer);
    timer = undefined;
    return pending;
  };

  /** The Address Element in the payment's group: a complete address is priced once typing pauses. */
  function create(elements: StripeElements) {
    const created = elements.create('address', {
      mode: 'shipping',
      allowedCountries: page.countries,
      ...(saved.shipping && { defaultValues: saved.shipping }),
    });
    created.on('change', (event) => {
      // Complete: the group's place is held (an `unsure` Tax row's too, shipping.css) until priced.
      if (event.complete && rates.hidden) {
        rates.hidden = false;
        busy(true);
      }
      const next = event.complete ? event.value : undefined;
      if (JSON.stringify(next) === JSON.stringify(saved.shipping)) return;
      saved.shipping = next;
      settle();
      timer = setTimeout(page.requote, 400);
    });
    return created;
  }

  /** The rates to the address (name and price), the one charged checked; none without one. */
  function showRates(sent: Shipped | null | undefined) {
    if (!rates.isConnected) return; // hosted mode: Stripe's page takes the address
    rates.hidden = !sent;
    busy(false);
    if (!sent) return;
    rows = Math.max(rows, sent.rates.length);
    const ids = sent.rates.map((r) => r.rate).join();
    // The same rates: updated in place, so that the radio in focus stays (arrow keys pick).
    if (list.dataset.ids !== ids) {
      list.dataset.ids = ids;
      list.replaceChildren(
        ...sent.rates.map((r) => {
          const radio = el<HTMLInputElement>('input', {
            type: 'radio',
            name: 'rate',
            value: r.rate,
          });
          radio.onchange = () => ((saved.rate = r.rate), page.requote());
          const option = el('label');
          option.append(radio, el('span'), el('span'));
          return option;
        }),
      );
    }
    sent.rates.forEach((r, i) => {
      const [radio, name, amount] = list.children[i]!.children as unknown as [
        HTMLInputElement,
        HTMLElement,
        HTMLElement,
      ];
      radio.checked = r.rate === sent.rate;
      name.textContent = r.name;
      amount.textContent = r.amount ? money(r.amount) : t('free');
    });
  }

  const form: ShippingForm = {
    showAddress() {
      const elements = page.elements();
      const wanted = page.shippable();
      if (!elements || wanted === !box.hidden) return;
      box.hidden = !wanted;
      if (!address) {
        address = create(elements);
        document.getElementById('payment-element')!.before(box, addressError, rates);
      }
      if (wanted) address.mount(box);
      else address.unmount();
    },
    show(quote) {
      // Shipping and tax once the address is known; until then the total is not told.
      const sent = quote?.shipping;
      shippingRow.hidden = !quote || !page.shippable();
      if (sent)
        row(
          shippingRow,
          t('shipping', { rate: sent.name }),
          sent.amount ? money(sent.amount) : t('free'),
        );
      else row(shippingRow, t('page.shipping'), t('addressFirst'));
      // As the receipt: a Tax row only for tax added; the tax inside the prices under the total.
      // A kept place stays, unseen, until the address is priced (aria-busy) and after when nothing
      // is added (a 0 % rate), or goes as the included tax's row comes under the total (the
      // summary keeps its height: Pay stays where it is). A page that kept both places (a
      // tax-inclusive product's, which may have both) keeps both, each unseen while empty.
      const tax = sent && quote.tax;
      const { amount: added = 0, included = 0 } = tax || {};
      taxRow.hidden = shippingRow.hidden || !(added || (kept && (keptIncluded || !included)));
      includedRow.hidden = !included && (shippingRow.hidden || !keptIncluded);
      for (const [node, amount] of [
        [taxRow, added],
        [includedRow, included],
      ] as const) {
        node.ariaBusy = String(!tax);
        node.style.visibility = tax && !amount ? 'hidden' : '';
        node.lastChild!.textContent = money(amount);
      }
      showRates(sent);
    },
    problem(param, text) {
      // A rate's beside the rates, an address field's under the address form (Stripe's, whose
      // fields the page cannot reach).
      const rate = param === 'shipping[rate]';
      rateError.textContent = rate ? text : '';
      addressError.textContent = param && !rate ? text : '';
    },
    why: () => addressError.textContent || t('addressFirst'),
    settle,
  };
  form.showAddress();
  return form;
}
