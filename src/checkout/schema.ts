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
import { isEmailAddress } from './email';
import { isFieldError, type FieldError } from './field-error';

export { isFieldError, type FieldError };

const ChargeFields = v.object({
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

export interface ChargeRequest extends CartRequest {
  checkoutId: string;
  email: string;
  source: PaymentSource;
  /** Cloudflare Turnstile token, when the page shows the widget. */
  turnstileToken?: string;
}

const FIELD_MESSAGES: Record<string, Text> = {
  checkout_id: 'api.checkout_id',
  email: 'page.emailError',
  confirmation_token: 'api.confirmation_token',
  payment_method: 'api.payment_method',
  stripeToken: 'api.stripeToken',
  turnstile_token: 'api.turnstile_token',
  'cf-turnstile-response': 'api.cf-turnstile-response',
};

/** Validates a parsed body. Returns the request, or the first field at fault. */
export function parseChargeRequest(body: unknown): ChargeRequest | FieldError {
  const result = v.safeParse(ChargeFields, body);
  if (!result.success) {
    const param = v.getDotPath(result.issues[0]) ?? 'body';
    return {
      param,
      message: FIELD_MESSAGES[param] ?? 'api.body',
    };
  }
  const cart = parseCart(body as Record<string, unknown>);
  if (isFieldError(cart)) return cart;
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
    email,
    source,
    ...(turnstileToken ? { turnstileToken } : {}),
  };
}
