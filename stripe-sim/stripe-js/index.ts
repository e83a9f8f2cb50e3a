/*
 * Simulated Stripe.js for the Stripe test-mode simulator (stripe-sim/README.md), built into
 * public/v3/index.js by `node stripe-sim/build.mjs`.
 *
 * Implements the part of Stripe.js a Payment Element checkout uses: Stripe(pk), stripe.elements(),
 * elements.create('payment'), elements.create('address', { mode, allowedCountries,
 * defaultValues }) with getValue(), mount, on('change' | 'ready' | 'focus' | 'blur'), elements.submit(),
 * elements.update(), stripe.createConfirmationToken(), stripe.createPaymentMethod(),
 * stripe.handleNextAction() and stripe.retrievePaymentIntent(), with Stripe.js's result and error
 * shapes. It talks to the simulator it was loaded from, never to Stripe.
 *
 * Its words follow `locale` (Stripe(pk, { locale }) or elements({ locale }); "auto" and the default
 * are the browser's languages), in the languages of ./messages.ts; its form and 3-D Secure dialog
 * are dark with `appearance: { theme: 'night' }`, as Stripe's Elements are.
 *
 * It works under a strict Content-Security-Policy: no eval, no inline style (its stylesheet is a
 * <link> to the simulator), DOM built with createElement and textContent only. The card form is
 * rendered in the page itself (no iframe), so it says loudly that it is simulated.
 */
import { challengeDialog } from './challenge';
import { SIMULATOR, loadStylesheet } from './dom';
import { Elements } from './elements';
import { simWords } from './messages';

type Json = Record<string, unknown> & { error?: unknown };
interface PaymentIntentLike {
  id: string;
  status: string;
  amount: number;
  currency: string;
  next_action?: { type: string; redirect_to_url?: { url: string } } | null;
  last_payment_error?: Record<string, unknown> | null;
}
interface CreateOptions {
  elements?: Elements;
  params?: {
    billing_details?: BillingDetails;
    payment_method_data?: { billing_details?: BillingDetails };
    return_url?: string;
  };
}
type BillingDetails = Record<string, string | Record<string, string> | undefined>;

function billingParams(prefix: string, details: BillingDetails | undefined): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(details ?? {})) {
    if (value && typeof value === 'object') {
      for (const [sub, inner] of Object.entries(value))
        pairs.push([`${prefix}[${key}][${sub}]`, inner]);
    } else if (value !== undefined) {
      pairs.push([`${prefix}[${key}]`, value]);
    }
  }
  return pairs;
}

function requireSubmit(elements: Elements | undefined, action: string) {
  if (elements?.element && elements.submitted) return null;
  return {
    error: {
      type: 'invalid_request_error',
      code: 'elements_submit_required',
      message: `elements.submit() must be called before stripe.${action}().`,
    },
  };
}

/** The result Stripe.js gives once an action is over: the PaymentIntent, or its payment error. */
function actionResult(paymentIntent: PaymentIntentLike) {
  if (paymentIntent.status === 'requires_payment_method' && paymentIntent.last_payment_error)
    return { error: { ...paymentIntent.last_payment_error, payment_intent: paymentIntent } };
  return { paymentIntent };
}

class Stripe {
  private readonly key: string;
  private readonly locale: string | undefined;
  /** The last Elements group made: its theme is the 3-D Secure dialog's. */
  private group: Elements | undefined;

  constructor(publishableKey: string, options?: { locale?: string }) {
    if (/^pk_live_/.test(publishableKey))
      throw new Error(
        'stripe-sim runs in test mode only and never touches real money: use a pk_test_ key.',
      );
    if (!/^pk_test_\w+$/.test(publishableKey || ''))
      throw new Error(
        `stripe-sim: invalid publishable key (expected pk_test_...): ${publishableKey}`,
      );
    this.key = publishableKey;
    this.locale = options?.locale;
  }

  private words(locale = this.locale) {
    return simWords(locale, navigator.languages);
  }

  /** Calls the simulator's API with the publishable key; resolves the JSON body or { error }. */
  private api(method: string, path: string, params?: [string, unknown][]): Promise<Json> {
    const body = params
      ? new URLSearchParams(
          params.filter(
            (pair): pair is [string, string] =>
              pair[1] !== undefined && pair[1] !== null && pair[1] !== '',
          ),
        ).toString()
      : undefined;
    const headers: Record<string, string> = { Authorization: `Bearer ${this.key}` };
    if (body !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return fetch(SIMULATOR + path, { method, headers, ...(body !== undefined && { body }) })
      .then((response) => response.json() as Promise<Json>)
      .catch(() => ({
        error: {
          type: 'api_connection_error',
          message: `Could not reach the Stripe simulator at ${SIMULATOR}.`,
        },
      }));
  }

  elements(options?: Record<string, unknown>) {
    const locale = typeof options?.locale === 'string' ? options.locale : undefined;
    this.group = new Elements(options, this.words(locale ?? this.locale));
    return this.group;
  }

  /** stripe.createConfirmationToken({ elements, params: { billing_details?, return_url? } }). */
  createConfirmationToken(options?: CreateOptions) {
    const elements = options?.elements;
    const params = options?.params ?? {};
    const missing = requireSubmit(elements, 'createConfirmationToken');
    if (missing || !elements?.element) return Promise.resolve(missing);
    const pairs: [string, unknown][] = [
      ['payment_method_data[type]', 'card'],
      ...elements.element.cardParams('payment_method_data[card]'),
      ...billingParams(
        'payment_method_data[billing_details]',
        params.payment_method_data?.billing_details ?? params.billing_details,
      ),
      ['return_url', params.return_url],
    ];
    return this.api('POST', '/v1/confirmation_tokens', pairs).then((json) =>
      json.error ? { error: json.error } : { confirmationToken: json },
    );
  }

  /** stripe.createPaymentMethod({ elements, params: { billing_details? } }). */
  createPaymentMethod(options?: CreateOptions) {
    const elements = options?.elements;
    const missing = requireSubmit(elements, 'createPaymentMethod');
    if (missing || !elements?.element) return Promise.resolve(missing);
    const pairs: [string, unknown][] = [
      ['type', 'card'],
      ...elements.element.cardParams('card'),
      ...billingParams('billing_details', options?.params?.billing_details),
    ];
    return this.api('POST', '/v1/payment_methods', pairs).then((json) =>
      json.error ? { error: json.error } : { paymentMethod: json },
    );
  }

  retrievePaymentIntent(clientSecret: string) {
    const id = String(clientSecret).split('_secret_')[0] ?? '';
    return this.api(
      'GET',
      `/v1/payment_intents/${encodeURIComponent(id)}?client_secret=${encodeURIComponent(clientSecret)}`,
    ).then((json) =>
      json.error ? { error: json.error } : { paymentIntent: json as unknown as PaymentIntentLike },
    );
  }

  /**
   * stripe.handleNextAction({ clientSecret }): a redirect_to_url action navigates away (the promise
   * never resolves, as with Stripe.js); a use_stripe_sdk action shows the challenge in a dialog.
   */
  handleNextAction(options?: { clientSecret: string }) {
    return this.retrievePaymentIntent(options?.clientSecret ?? '').then(async (result) => {
      if (!result.paymentIntent) return result;
      const pi = result.paymentIntent;
      const action = pi.status === 'requires_action' ? pi.next_action : null;
      if (!action) return actionResult(pi);
      if (action.type === 'redirect_to_url' && action.redirect_to_url) {
        window.location.assign(action.redirect_to_url.url);
        return new Promise<never>(() => {});
      }
      const theme = (this.group?.options.appearance as { theme?: unknown } | undefined)?.theme;
      const outcome = await challengeDialog(pi, this.words(), theme);
      const response = await fetch(`${SIMULATOR}/_sim/3ds/${encodeURIComponent(pi.id)}`, {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: `outcome=${outcome}`,
      });
      const json = (await response.json()) as Json;
      return json.error
        ? { error: json.error }
        : actionResult(json as unknown as PaymentIntentLike);
    });
  }
}

/** `Stripe(pk)`, callable with or without `new`, as Stripe.js's global is. */
function StripeGlobal(publishableKey: string, options?: { locale?: string }) {
  return new Stripe(publishableKey, options);
}

(window as unknown as { Stripe: typeof StripeGlobal }).Stripe = StripeGlobal;
void loadStylesheet(); // start fetching the styles as soon as Stripe.js loads
