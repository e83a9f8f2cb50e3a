// The Checkout page's shipping address and rates, a chunk of its own: only a cart that holds
// something to send loads it (checkout.ts). Stripe's Address Element, in the payment's Elements
// group (its fields validated by submit()), shown while the cart holds something to send, and the
// rates to the address as a radio group. A reload finds the address given. The group takes its
// place as soon as the address is complete, busy until the quote prices it, so that the rates'
// arrival moves nothing under the customer's pointer (Pay stays where it is).
import type {
  StripeAddressElementChangeEvent,
  StripeAddressElementOptions,
  StripeElements,
} from '@stripe/stripe-js';
import type { t as Messages } from './messages';

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

/** What checkout.ts lends the shipping form (so that this chunk shares no code with its script). */
export interface ShippingPage {
  elements: StripeElements;
  /** The countries the shop sends to: the address form offers these only. */
  countries: string[];
  /** The address given before a reload. */
  address: Address | undefined;
  /** Whether the cart holds something to send. */
  shippable: () => boolean;
  /** An address typed or changed (`complete` once it can be priced). */
  changed: (event: { complete: boolean; value: Address }) => void;
  /** A rate picked. */
  pick: (rate: string) => void;
  money: (amount: number) => string;
  el: <E = HTMLElement>(tag: string, properties?: object) => E;
  t: typeof Messages;
}

/** The form's two views, as the cart and its quote change. */
export interface ShippingForm {
  /** Mounts the address form while the cart holds something to send, and only then. */
  showAddress: () => void;
  /** The rates to the address (name and price), the one charged checked; none without one. */
  showRates: (sent: Shipped | null | undefined) => void;
}

/** Creates the Address Element in the payment's group and returns the form's views. */
export function shippingForm(page: ShippingPage): ShippingForm {
  const { el, money, t } = page;
  const box = document.getElementById('address-element')!;
  const rates = document.getElementById('rates')!;
  const list = document.getElementById('rate-list')!;
  const options: StripeAddressElementOptions = {
    mode: 'shipping',
    allowedCountries: page.countries,
    ...(page.address && { defaultValues: page.address }),
  };
  const address = page.elements.create('address', options);
  // Rows the group keeps while busy: the most rates shown yet (two before any: Standard, Express).
  let rows = 2;
  const busy = (pending: boolean) => {
    rates.ariaBusy = String(pending);
    if (pending) list.style.setProperty('--rate-rows', String(rows));
  };
  address.on('change', (event) => {
    // Complete: the group's place is held (and tax's, checkout.css) while the quote is on its way.
    if (event.complete && rates.hidden) {
      rates.hidden = false;
      busy(true);
    }
    page.changed(event);
  });
  return {
    showAddress() {
      const wanted = page.shippable();
      if (wanted === !box.hidden) return;
      box.hidden = !wanted;
      if (wanted) address.mount(box);
      else address.unmount();
    },
    showRates(sent) {
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
            radio.onchange = () => page.pick(r.rate);
            const label = el('label');
            label.append(radio, el('span'), el('span'));
            return label;
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
    },
  };
}
