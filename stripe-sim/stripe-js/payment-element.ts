import { detectBrand, rulesOf } from '../src/card-rules';
import { el, type Field, field, nextId } from './dom';
import { SimElement } from './element';
import type { SimWords } from './messages';
import {
  cvcError,
  expiryError,
  type FieldError,
  formatExpiry,
  formatNumber,
  numberError,
  onlyDigits,
} from './validation';

type FieldName = 'number' | 'expiry' | 'cvc';
const FIELD_NAMES: FieldName[] = ['number', 'expiry', 'cvc'];

/**
 * The Payment Element: a card form rendered in the page itself (no iframe), which says visibly
 * that it is simulated (its legend and dashed border). It formats as the customer types, shows the
 * brand, validates as Stripe.js does, speaks the Elements group's locale, and takes the "night"
 * theme of `appearance` (dark) or its light default.
 */
export class PaymentElement extends SimElement {
  readonly node: HTMLFieldSetElement;
  private readonly fields: Record<FieldName, Field>;
  private readonly touched: Partial<Record<FieldName, boolean>> = {};

  /**
   * `onChange` tells the Elements group that the card changed (a new submit() is needed); `words`
   * are its locale's; `theme` is `appearance.theme`.
   */
  constructor(
    private readonly onChange: () => void,
    private readonly words: SimWords,
    theme: unknown,
  ) {
    super('payment');
    const id = nextId();
    this.node = el('fieldset', { class: 'stripe-sim-element', lang: words.tag });
    this.setTheme(theme);
    this.node.append(el('legend', {}, words.t('legend')));
    this.fields = {
      number: field(
        `${id}-number`,
        words.t('number'),
        {
          name: 'cardnumber',
          autocomplete: 'cc-number',
          placeholder: '1234 1234 1234 1234',
          maxlength: '23',
        },
        '',
      ),
      expiry: field(
        `${id}-expiry`,
        words.t('expiry'),
        { name: 'exp-date', autocomplete: 'cc-exp', placeholder: 'MM / YY', maxlength: '7' },
        '',
      ),
      cvc: field(
        `${id}-cvc`,
        words.t('cvc'),
        { name: 'cvc', autocomplete: 'cc-csc', placeholder: 'CVC', maxlength: '4' },
        words.t('cvcHint'),
      ),
    };
    this.fields.number.hint.setAttribute('aria-live', 'polite');
    this.fields.cvc.hint.classList.add('stripe-sim-hidden');
    const row = el('div', { class: 'stripe-sim-row' });
    row.append(this.fields.expiry.wrapper, this.fields.cvc.wrapper);
    this.node.append(this.fields.number.wrapper, row);

    for (const name of FIELD_NAMES) {
      const { input } = this.fields[name];
      input.addEventListener('input', () => this.onInput(name));
      input.addEventListener('blur', () => {
        this.touched[name] = true;
        this.showError(name);
        this.emit('blur', { elementType: 'payment' });
      });
      input.addEventListener('focus', () => this.emit('focus', { elementType: 'payment' }));
    }
  }

  private digits(name: FieldName) {
    return onlyDigits(this.fields[name].input.value);
  }

  private brand() {
    return detectBrand(this.digits('number'));
  }

  /** Reformats the field as the customer types, keeping the caret after the same digit. */
  private onInput(name: FieldName): void {
    const { input } = this.fields[name];
    const digitsBeforeCaret = onlyDigits(input.value.slice(0, input.selectionStart ?? 0)).length;
    const brand = this.brand();
    const rules = rulesOf(brand);
    const digits = this.digits(name);
    let formatted: string;
    if (name === 'number') {
      formatted = formatNumber(digits.slice(0, Math.max(...rules.lengths)));
      this.fields.number.hint.textContent = rules.label;
      this.fields.cvc.input.maxLength = rules.cvcLength;
    } else if (name === 'expiry') {
      formatted = formatExpiry(digits.slice(0, 4));
    } else {
      formatted = digits.slice(0, rules.cvcLength);
    }
    input.value = formatted;
    let caret = 0;
    for (let seen = 0; caret < formatted.length && seen < digitsBeforeCaret; caret++)
      if (/\d/.test(formatted[caret] ?? '')) seen++;
    if (document.activeElement === input) input.setSelectionRange(caret, caret);
    this.onChange();
    if (this.touched[name]) this.showError(name);
    this.emit('change', this.changeEvent());
  }

  private errorOf(name: FieldName): FieldError | null {
    if (name === 'number') return numberError(this.digits('number'));
    if (name === 'expiry') return expiryError(this.digits('expiry'));
    return cvcError(this.digits('cvc'), this.brand());
  }

  private showError(name: FieldName): void {
    const error = this.errorOf(name);
    const { input, error: message } = this.fields[name];
    const show = error !== null && (this.touched[name] || input.value !== '');
    message.textContent = show ? this.words.t(error) : '';
    input.setAttribute('aria-invalid', show ? 'true' : 'false');
  }

  private changeEvent() {
    return {
      elementType: 'payment',
      complete: FIELD_NAMES.every((name) => !this.errorOf(name)),
      empty: FIELD_NAMES.every((name) => this.fields[name].input.value === ''),
      collapsed: false,
      value: { type: 'card' },
    };
  }

  /** Validates every field, shows every error, focuses the first invalid field: its error. */
  validate(): { code: FieldError; message: string } | null {
    let first: FieldName | null = null;
    for (const name of FIELD_NAMES) {
      this.touched[name] = true;
      this.showError(name);
      if (!first && this.errorOf(name)) first = name;
    }
    if (!first) return null;
    this.fields[first].input.focus();
    const code = this.errorOf(first)!;
    return { code, message: this.words.t(code) };
  }

  /** The card as API parameters (`prefix[number]=...`). */
  cardParams(prefix: string): [string, string][] {
    const expiry = this.digits('expiry');
    return [
      [`${prefix}[number]`, this.digits('number')],
      [`${prefix}[exp_month]`, String(Number(expiry.slice(0, 2)))],
      [`${prefix}[exp_year]`, String(2000 + Number(expiry.slice(2, 4)))],
      [`${prefix}[cvc]`, this.digits('cvc')],
    ];
  }

  focus(): void {
    this.fields.number.input.focus();
  }

  clear(): void {
    for (const name of FIELD_NAMES) {
      this.fields[name].input.value = '';
      this.touched[name] = false;
      this.showError(name);
    }
  }
}
