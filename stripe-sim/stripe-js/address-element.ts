import {
  addressErrors,
  type AddressError,
  type AddressField,
  type AddressValue,
  hasPostalCode,
  STATES,
} from './address-rules';
import { el, type Field, field, nextId } from './dom';
import { SimElement } from './element';
import type { SimWords } from './messages';

/** The options of `elements.create('address', options)` the simulator reads. */
export interface AddressOptions {
  mode?: unknown;
  allowedCountries?: unknown;
  defaultValues?: {
    name?: string | null;
    address?: Partial<Record<keyof AddressValue, string | null>>;
  };
  /** Autocomplete is Google's; the simulator offers none, whatever is asked. */
  autocomplete?: unknown;
}

/** Offered when `allowedCountries` is not given (Stripe offers every country it serves). */
const COUNTRIES = [
  ...['AT', 'AU', 'BE', 'BR', 'CA', 'CH', 'CZ', 'DE', 'DK', 'ES', 'FI', 'FR', 'GB', 'HK', 'IE'],
  ...['IN', 'IT', 'JP', 'MX', 'NL', 'NO', 'NZ', 'PL', 'PT', 'SE', 'SG', 'US'],
];

const FIELDS: AddressField[] = ['name', 'line1', 'city', 'state', 'postal_code'];

/**
 * The Address Element (`elements.create('address', { mode })`): labelled fields for the full name,
 * the country or region, two address lines, the city, the state or province where the country has
 * them and the postal code where it has one. It validates as the customer leaves a field (and
 * every field on `elements.submit()`), emits `change` with `complete` and `value`, and answers
 * `getValue()`. Same words, theme and stylesheet as the simulated Payment Element; it says visibly
 * that it is simulated, and autocompletes nothing (Stripe's autocomplete is Google Maps).
 */
export class AddressElement extends SimElement {
  readonly node: HTMLFieldSetElement;
  readonly mode: 'shipping' | 'billing';
  private readonly fields: Record<'name' | 'line1' | 'line2' | 'city' | 'postal_code', Field>;
  private readonly country: HTMLSelectElement;
  private readonly state: HTMLSelectElement;
  private readonly stateField: HTMLDivElement;
  private readonly stateError: HTMLParagraphElement;
  private readonly touched: Partial<Record<AddressField, boolean>> = {};

  constructor(
    options: AddressOptions,
    private readonly words: SimWords,
    theme: unknown,
  ) {
    super('address');
    if (options.mode !== 'shipping' && options.mode !== 'billing')
      throw new Error(
        'stripe-sim: elements.create(\'address\') needs a mode: "shipping" or "billing".',
      );
    this.mode = options.mode;
    const allowed = Array.isArray(options.allowedCountries)
      ? options.allowedCountries.map((code) => String(code).toUpperCase())
      : COUNTRIES;
    const id = nextId();
    const section = this.mode; // autocomplete tokens: "shipping name", "billing postal-code"…
    const text = (name: string, label: string, token: string) =>
      field(`${id}-${name}`, label, { inputmode: 'text', autocomplete: `${section} ${token}` }, '');
    this.node = el('fieldset', { class: 'stripe-sim-element', lang: words.tag });
    this.setTheme(theme);
    this.node.append(
      el('legend', {}, words.t(this.mode === 'shipping' ? 'shippingLegend' : 'billingLegend')),
    );
    this.fields = {
      name: text('name', words.t('fullName'), 'name'),
      line1: text('line1', words.t('line1'), 'address-line1'),
      line2: text('line2', words.t('line2'), 'address-line2'),
      city: text('city', words.t('city'), 'address-level2'),
      postal_code: text('postal', words.t('postalCode'), 'postal-code'),
    };
    const regions = new Intl.DisplayNames([words.tag], { type: 'region' });
    const countryField = this.select(`${id}-country`, words.t('country'), `${section} country`);
    this.country = countryField.select;
    for (const code of allowed) this.country.add(new Option(regions.of(code) ?? code, code));
    const stateField = this.select(`${id}-state`, words.t('state'), `${section} address-level1`);
    this.state = stateField.select;
    this.stateField = stateField.wrapper;
    this.stateError = stateField.error;
    // City, state and postal code side by side where they fit, as Stripe's.
    const row = el('div', { class: 'stripe-sim-row stripe-sim-row-wrap' });
    row.append(this.fields.city.wrapper, this.stateField, this.fields.postal_code.wrapper);
    this.node.append(
      this.fields.name.wrapper,
      countryField.wrapper,
      this.fields.line1.wrapper,
      this.fields.line2.wrapper,
      row,
    );

    const defaults = options.defaultValues;
    this.fields.name.input.value = defaults?.name ?? '';
    const preferred = [defaults?.address?.country, ...navigator.languages.map(regionOf)];
    this.country.value = preferred.find((c) => c && allowed.includes(c)) ?? allowed[0] ?? '';
    this.showCountry();
    for (const name of ['line1', 'line2', 'city', 'postal_code'] as const)
      this.fields[name].input.value = defaults?.address?.[name] ?? '';
    this.state.value = defaults?.address?.state ?? '';

    for (const name of ['name', 'line1', 'line2', 'city', 'postal_code'] as const)
      this.listen(this.fields[name].input, name === 'line2' ? null : name);
    this.listen(this.state, 'state');
    this.listen(this.country, null);
  }

  /** A labelled <select> with its error message, as field() makes inputs. */
  private select(id: string, label: string, autocomplete: string) {
    const wrapper = el('div', { class: 'stripe-sim-field' });
    const select = el('select', { id, autocomplete, 'aria-invalid': 'false' });
    const error = el('p', { id: `${id}-error`, class: 'stripe-sim-error' });
    select.setAttribute('aria-describedby', error.id);
    wrapper.append(el('label', { for: id }, label), select, error);
    return { wrapper, select, error };
  }

  private listen(input: HTMLInputElement | HTMLSelectElement, name: AddressField | null) {
    input.addEventListener(input instanceof HTMLSelectElement ? 'change' : 'input', () => {
      if (input === this.country) this.showCountry();
      if (name && this.touched[name]) this.showError(name);
      this.changed();
    });
    input.addEventListener('blur', () => {
      if (name) {
        this.touched[name] = true;
        this.showError(name);
      }
      this.emit('blur', { elementType: 'address' });
    });
    input.addEventListener('focus', () => this.emit('focus', { elementType: 'address' }));
  }

  /** The state and postal code fields the chosen country has, and its states to pick from. */
  private showCountry(): void {
    const country = this.country.value;
    const states = STATES[country];
    this.stateField.hidden = !states;
    this.state.replaceChildren(new Option(this.words.t('choose'), ''));
    for (const [code, name] of Object.entries(states ?? {})) this.state.add(new Option(name, code));
    this.fields.postal_code.wrapper.hidden = !hasPostalCode(country);
    this.touched.state = this.touched.postal_code = false;
    this.showError('state');
    this.showError('postal_code');
  }

  /** Stripe's `value`: the name and the address, absent fields null. */
  private value() {
    const read = (name: 'line1' | 'line2' | 'city' | 'postal_code') =>
      this.fields[name].input.value.trim();
    const country = this.country.value;
    const address: AddressValue = {
      line1: read('line1'),
      line2: read('line2') || null,
      city: read('city'),
      state: STATES[country] ? this.state.value : '',
      postal_code: hasPostalCode(country) ? read('postal_code') : '',
      country,
    };
    return { name: this.fields.name.input.value.trim(), address };
  }

  private errors(): Partial<Record<AddressField, AddressError>> {
    const { name, address } = this.value();
    return addressErrors(name, address);
  }

  private showError(name: AddressField): void {
    const error = this.errors()[name];
    const show = !!error && !!this.touched[name];
    const input = name === 'state' ? this.state : this.fields[name].input;
    const message = name === 'state' ? this.stateError : this.fields[name].error;
    message.textContent = show ? this.words.t(error) : '';
    input.setAttribute('aria-invalid', String(show));
  }

  private changeEvent() {
    const value = this.value();
    return {
      elementType: 'address',
      elementMode: this.mode,
      empty: !value.name && !value.address.line1 && !value.address.city,
      complete: Object.keys(this.errors()).length === 0,
      isNewAddress: false,
      value,
    };
  }

  private changed(): void {
    this.emit('change', this.changeEvent());
  }

  /** Validates every field, shows every error, focuses the first invalid field: its error. */
  validate(): { code: AddressError; message: string } | null {
    const errors = this.errors();
    for (const name of FIELDS) {
      this.touched[name] = true;
      this.showError(name);
    }
    const first = FIELDS.find((name) => errors[name]);
    if (!first) return null;
    (first === 'state' ? this.state : this.fields[first].input).focus();
    return { code: errors[first]!, message: this.words.t(errors[first]!) };
  }

  /** Resolves `{ complete, isNewAddress, value }`, as Stripe.js's getValue(). */
  getValue(): Promise<{ complete: boolean; isNewAddress: boolean; value: unknown }> {
    const { complete, isNewAddress, value } = this.changeEvent();
    return Promise.resolve({ complete, isNewAddress, value });
  }

  focus(): void {
    this.fields.name.input.focus();
  }

  clear(): void {
    for (const name of ['name', 'line1', 'line2', 'city', 'postal_code'] as const)
      this.fields[name].input.value = '';
    this.state.value = '';
    for (const name of FIELDS) this.touched[name] = false;
    for (const name of FIELDS) this.showError(name);
    this.changed();
  }
}

/** The region of a language tag ("de-DE" → "DE"), if it names one. */
function regionOf(tag: string): string | undefined {
  return /-([A-Z]{2})\b/i.exec(tag)?.[1]?.toUpperCase();
}
