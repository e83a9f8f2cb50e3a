import type { SimWords } from './messages';
import { PaymentElement } from './payment-element';

/** What `elements.submit()` resolves: `{}`, or the first invalid field's validation error. */
export type SubmitResult = { error?: { type: 'validation_error'; code: string; message: string } };

/** `appearance.theme` of Elements options, if any. */
const themeOf = (options: Record<string, unknown>) =>
  (options.appearance as { theme?: unknown } | undefined)?.theme;

/**
 * stripe.elements(): one Payment Element, and the submit() that must precede a token. Its words
 * are its `locale`'s (else the Stripe object's); `appearance.theme` "night" makes it dark, also
 * when changed by update().
 */
export class Elements {
  readonly options: Record<string, unknown>;
  element: PaymentElement | null = null;
  /** Whether submit() succeeded since the card last changed. */
  submitted = false;

  constructor(
    options: Record<string, unknown> | undefined,
    private readonly words: SimWords,
  ) {
    this.options = { ...options };
  }

  create(type: string): PaymentElement {
    if (type !== 'payment')
      throw new Error(`stripe-sim: only the "payment" element is simulated, not "${type}".`);
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

  getElement(type: string): PaymentElement | null {
    return type === 'payment' ? this.element : null;
  }

  update(options: Record<string, unknown>): void {
    Object.assign(this.options, options);
    if ('appearance' in options) this.element?.setTheme(themeOf(this.options));
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
    const error = this.element.validate();
    this.submitted = !error;
    return Promise.resolve(
      error
        ? { error: { type: 'validation_error', code: error.code, message: error.message } }
        : {},
    );
  }
}
