/**
 * The shape of a POST /charge body, from the page (JSON) or a classic form post: a cart (`items`
 * and `promotion_code`, or the original `product` and `quantity` as one line, read by src/cart),
 * the checkout, the email and how the customer pays. Validation happens before anything is written
 * or any Stripe call is made; unknown fields (an `amount`, say) are dropped, because the server
 * alone prices the order.
 */
import * as v from 'valibot';
import { parseCart, type CartRequest } from '../cart';
import type { Text } from '../i18n';
import { SHIPPING_MESSAGES } from '../cart/messages';
import { SHIPPING } from '../shipping';
import { isEmailAddress } from './email';
import { isFieldError, type FieldError } from './field-error';

export { isFieldError };

/**
 * ISO 4217's currencies as the runtime knows them (a cart's is one Stripe charges in: the shop's
 * check), made once per isolate when a request first names one: a list of its own would weigh
 * about as much as this whole feature.
 */
let currencies: Set<string> | undefined;

/**
 * The total the page showed, to be charged only if it is still the price (integer minor units,
 * a JSON number or a form's digits), and its currency: both, or neither.
 */
const Expected = {
  expected_total: v.optional(
    v.pipe(
      v.union([v.number(), v.pipe(v.string(), v.regex(/^\d{1,15}$/), v.transform(Number))]),
      v.safeInteger(),
      v.minValue(0),
    ),
  ),
  expected_currency: v.optional(
    v.pipe(
      v.string(),
      v.toLowerCase(),
      v.check((code) =>
        (currencies ??= new Set(Intl.supportedValuesOf('currency'))).has(code.toUpperCase()),
      ),
    ),
  ),
};

const ChargeFields = v.object({
  ...Expected,
  checkout_id: v.pipe(v.string(), v.uuid()),
  email: v.pipe(v.string(), v.trim(), v.check(isEmailAddress)),
  confirmation_token: v.optional(v.pipe(v.string(), v.regex(/^ctoken_[A-Za-z0-9_]{1,255}$/))),
  payment_method: v.optional(v.pipe(v.string(), v.regex(/^pm_[A-Za-z0-9_]{1,255}$/))),
  stripeToken: v.optional(v.pipe(v.string(), v.regex(/^tok_[A-Za-z0-9_]{1,255}$/))),
  // Cloudflare Turnstile: `turnstile_token` from the page's JSON, `cf-turnstile-response` from a form.
  // (null when the page has no widget: FormData.get() of a missing field)
  turnstile_token: v.nullish(v.pipe(v.string(), v.maxLength(2048))),
  'cf-turnstile-response': v.nullish(v.pipe(v.string(), v.maxLength(2048))),
});

/** How the customer pays: exactly one of these is given. */
export type PaymentSource =
  | { kind: 'confirmation_token'; id: string }
  | { kind: 'payment_method'; id: string }
  | { kind: 'token'; id: string };

/** An amount in minor units and its currency (lowercase). */
export interface Money {
  total: number;
  currency: string;
}

/** What every POST /charge names: the checkout and its cart, and the bot check's token. */
interface CheckoutRequest extends CartRequest {
  checkoutId: string;
  /** The total the page showed (expected_total, expected_currency): null when none was sent. */
  expected: Money | null;
  /** Cloudflare Turnstile token, when the page shows the widget. */
  turnstileToken?: string;
}

/** A checkout paid on our page (CHECKOUT_UI=elements): the email and how the customer pays. */
export interface ChargeRequest extends CheckoutRequest {
  email: string;
  source: PaymentSource;
}

/**
 * A checkout paid on Stripe's hosted page (CHECKOUT_UI=hosted): no payment source, the email only
 * when the customer gave one (Stripe asks otherwise), no promotion code or address (Stripe's page
 * takes them), and for a shippable cart the country it goes to, which prices the shipping options.
 */
export interface HostedRequest extends CheckoutRequest {
  email: string | null;
  shipTo: string | null;
}

const FIELD_MESSAGES: Record<string, Text> = {
  checkout_id: 'api.checkout_id',
  email: 'page.emailError',
  confirmation_token: 'api.confirmation_token',
  payment_method: 'api.payment_method',
  stripeToken: 'api.stripeToken',
  turnstile_token: 'api.turnstile_token',
  'cf-turnstile-response': 'api.cf-turnstile-response',
  shipping_country: 'hosted.countryRequired',
  expected_total: 'api.expected_total',
  expected_currency: 'api.expected_currency',
};

const HostedFields = v.object({
  ...Expected,
  checkout_id: ChargeFields.entries.checkout_id,
  email: v.optional(v.union([v.literal(''), ChargeFields.entries.email])),
  shipping_country: v.optional(
    v.pipe(v.string(), v.trim(), v.toUpperCase(), v.regex(/^[A-Z]{2}$/)),
  ),
  turnstile_token: ChargeFields.entries.turnstile_token,
  'cf-turnstile-response': ChargeFields.entries['cf-turnstile-response'],
});

/** The total a request says it showed, or the field at fault when it sent one half only. */
function expectedOf(fields: {
  expected_total?: number;
  expected_currency?: string;
}): { expected: Money | null } | FieldError {
  const { expected_total: total, expected_currency: currency } = fields;
  if (total === undefined && currency === undefined) return { expected: null };
  if (total === undefined) return { param: 'expected_total', message: 'api.expected_total' };
  if (currency === undefined)
    return { param: 'expected_currency', message: 'api.expected_currency' };
  return { expected: { total, currency } };
}

/** The first field at fault of a failed parse. */
function fieldError(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): FieldError {
  const param = v.getDotPath(issues[0]) ?? 'body';
  return { param, message: FIELD_MESSAGES[param] ?? 'api.body' };
}

/**
 * Validates a parsed body for Stripe's hosted Checkout. A promotion code or an address in the
 * body is left out, as unknown fields are: the customer gives them on Stripe's page.
 */
export function parseHostedRequest(body: unknown): HostedRequest | FieldError {
  const result = v.safeParse(HostedFields, body);
  if (!result.success) return fieldError(result.issues);
  const fields = body as Record<string, unknown>;
  // The address is Stripe's to collect: a shippable cart comes without one.
  const cart = parseCart(
    { ...fields, promotion_code: undefined, shipping: null },
    { addressLater: true },
  );
  if (isFieldError(cart)) return cart;
  const shown = expectedOf(result.output);
  if (isFieldError(shown)) return shown;
  const { checkout_id, email, shipping_country } = result.output;
  const turnstileToken = result.output.turnstile_token ?? result.output['cf-turnstile-response'];
  const shippable = cart.cart.lines.some((line) => line.product.shippable);
  if (shippable && !shipping_country)
    return { param: 'shipping_country', message: 'hosted.countryRequired' };
  if (shippable && !SHIPPING.countries.includes(shipping_country!))
    return {
      param: 'shipping_country',
      message: SHIPPING_MESSAGES.country(SHIPPING.countries),
    };
  return {
    checkoutId: checkout_id.toLowerCase(),
    ...cart,
    ...shown,
    email: email || null,
    shipTo: shippable ? shipping_country! : null,
    ...(turnstileToken ? { turnstileToken } : {}),
  };
}

/** Validates a parsed body. Returns the request, or the first field at fault. */
export function parseChargeRequest(body: unknown): ChargeRequest | FieldError {
  const result = v.safeParse(ChargeFields, body);
  if (!result.success) return fieldError(result.issues);
  const cart = parseCart(body as Record<string, unknown>);
  if (isFieldError(cart)) return cart;
  const shown = expectedOf(result.output);
  if (isFieldError(shown)) return shown;
  const { checkout_id, email, confirmation_token, payment_method, stripeToken } = result.output;
  const turnstileToken = result.output.turnstile_token ?? result.output['cf-turnstile-response'];
  const sources: PaymentSource[] = [];
  if (confirmation_token) sources.push({ kind: 'confirmation_token', id: confirmation_token });
  if (payment_method) sources.push({ kind: 'payment_method', id: payment_method });
  if (stripeToken) sources.push({ kind: 'token', id: stripeToken });
  const [source] = sources;
  if (!source || sources.length > 1) {
    return {
      param: 'confirmation_token',
      message: 'api.source',
    };
  }
  return {
    checkoutId: checkout_id.toLowerCase(),
    ...cart,
    ...shown,
    email,
    source,
    ...(turnstileToken ? { turnstileToken } : {}),
  };
}
