import { AddressElement, type AddressOptions } from './address-element';
import type { SimWords } from './messages';
import { PaymentElement } from './payment-element';

/** What `elements.submit()` resolves: `{}`, or the first invalid field's validation error. */
type SubmitResult = { error?: { type: 'validation_error'; code: string; message: string } };

/** `appearance.theme` of Elements options, if any. */
const themeOf = (options: Record<string, unknown>) =>
  (options.appearance as { theme?: unknown } | undefined)?.theme;

/**
 * stripe.elements(): one Payment Element, Address Elements (one per mode), and the submit() that
 * must precede a token, which validates them all. Their words are the group's `locale`'s (else
 * the Stripe object's); `appearance.theme` "night" makes them dark, also when changed by update().
 */
export class Elements {
  readonly options: Record<string, unknown>;
  element: PaymentElement | null = null;
  /** Address Elements by mode. */
  readonly addresses = new Map<string, AddressElement>();
  /** Whether submit() succeeded since the card last changed. */
  submitted = false;

  constructor(
    options: Record<string, unknown> | undefined,
    private readonly words: SimWords,
  ) {
    this.options = { ...options };
  }

  create(type: 'address', options: AddressOptions): AddressElement;
  create(type: string, options?: unknown): PaymentElement;
  create(type: string, options?: unknown): PaymentElement | AddressElement {
    if (type === 'address') return this.createAddress((options ?? {}) as AddressOptions);
    if (type !== 'payment')
      throw new Error(
        `stripe-sim: only the "payment" and "address" elements are simulated, not "${type}".`,
      );
    if (this.element)
      throw new Error('stripe-sim: this Elements group already has a payment element.');
    this.element = new PaymentElement(
      () => {
        this.submitted = false;
      },
      this.words,
      themeOf(this.options),
    );
    return this.element;
  }

  private createAddress(options: AddressOptions): AddressElement {
    const element = new AddressElement(options, this.words, themeOf(this.options));
    if (this.addresses.has(element.mode))
      throw new Error(
        `stripe-sim: this Elements group already has a ${element.mode} address element.`,
      );
    this.addresses.set(element.mode, element);
    return element;
  }

  /** getElement('payment'), or getElement('address', { mode }) as Stripe.js. */
  getElement(type: string, options?: { mode?: string }): PaymentElement | AddressElement | null {
    if (type === 'address') return this.addresses.get(options?.mode ?? 'shipping') ?? null;
    return type === 'payment' ? this.element : null;
  }

  update(options: Record<string, unknown>): void {
    Object.assign(this.options, options);
    if ('appearance' in options)
      for (const element of [this.element, ...this.addresses.values()])
        element?.setTheme(themeOf(this.options));
  }

  /** Resolves {} when the form is valid, or { error } (type validation_error) after showing it. */
  submit(): Promise<SubmitResult> {
    if (!this.element)
      return Promise.resolve({
        error: {
          type: 'validation_error',
          code: 'incomplete',
          message: 'The payment element is not mounted.',
        },
      });
    // Every mounted element shows its errors; the first invalid one (an address comes first, as on
    // the page) gives the error and keeps the focus: validated last.
    const mounted = [...this.addresses.values(), this.element].filter((e) => e.node.isConnected);
    const errors = mounted.reverse().map((element) => element.validate());
    const error = errors.reverse().find((found) => found !== null) ?? null;
    this.submitted = !error;
    return Promise.resolve(
      error
        ? { error: { type: 'validation_error', code: error.code, message: error.message } }
        : {},
    );
  }
}
