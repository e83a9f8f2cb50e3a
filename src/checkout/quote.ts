/**
 * POST /quote: a cart priced by the server, with its promotion code applied, for the page to show
 * before the customer pays (JSON in and out). It writes nothing and makes no Stripe write: a
 * promotion code is looked up at Stripe (cached per isolate, src/promotion/lookup.ts) and its
 * redemptions counted in the ledger. Limited per client network, like POST /charge.
 *
 *   { "items": [{ "product": "support-5", "quantity": 2 }], "promotion_code": "SPRING20",
 *     "shipping": { "name", "address": { line1, line2, city, state, postal_code, country },
 *                   "rate": "standard" } }
 *   → { "currency", "lines": [{ product, name, quantity, unit_amount, subtotal, discount, amount }],
 *       "subtotal", "discount": null | { code, amount, description },
 *       "shipping": null | { rate, name, amount }, "tax": { amount, calculation }, "total" }
 *
 * Refusals are 400 with the field at fault in `param`: the cart's (src/cart), its shipping's
 * (src/shipping), or `promotion_code` with its reason in `code` (`promotion_code_expired`, …).
 * `"shipping": null` asks for a shippable cart's goods alone while its address is not known: the
 * answer says `"address_required": true`, with `shipping` null and no tax (no Stripe Tax call).
 * `shipping.rates` lists every rate to the address's country, priced, for the customer to pick.
 * With TAX_CALCULATION=stripe a quote of a shippable cart makes a Stripe Tax calculation (no
 * money moves; its key is derived from what it calculates).
 */
import { bodyLimit } from 'hono/body-limit';
import { Hono } from 'hono/tiny';
import { addressPending, parseCart } from '../cart';
import { CODE_UNCHECKED, TAX_MESSAGES } from '../cart/messages';
import { priceCart, type Quote } from '../cart/quote';
import type { Language } from '../i18n';
import { RATE_LIMIT_PERIOD_SECONDS } from '../limits';
import { localeOf } from '../middleware/locale';
import { lineTextIn } from '../ledger/lines';
import { paymentConfig } from '../middleware/payment-config';
import { clientNetwork, rateLimit } from '../middleware/rate-limit';
import { sameOrigin } from '../middleware/same-origin';
import { problem } from '../pages/problem';
import { stripeBudget } from '../stripe/call';
import { stripeFor } from '../stripe/client';
import { MESSAGES } from '../stripe/messages';
import { taxCalculation } from '../tax/calculate';
import type { AppEnv } from '../types';
import { MAX_BODY_BYTES, readBody } from './body';
import { isFieldError } from './field-error';

/**
 * A quote as the reader reads it: each line named in their language, like /config's products (an
 * order keeps the catalog's own name). POST /quote's answer, and POST /charge's new price.
 */
export const quoteIn = (quote: Quote, language: Language): Quote => ({
  ...quote,
  lines: quote.lines.map((line) => ({ ...line, name: lineTextIn(line, language).name })),
});

/** The POST /quote route, mounted at /quote. */
export const quote = new Hono<AppEnv>().post(
  '/',
  sameOrigin('error.quoteCrossOrigin'),
  rateLimit({
    name: 'quote',
    limiter: (env) => env.QUOTE_LIMITER,
    key: clientNetwork,
    periodSeconds: RATE_LIMIT_PERIOD_SECONDS,
    message: 'error.quoteRate',
  }),
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => problem(c, 413, { code: 'body_too_large', message: 'error.cartTooLarge' }),
  }),
  paymentConfig(),
  async function quoteHandler(c) {
    c.header('Cache-Control', 'no-store');
    const body = await readBody(c);
    if (!body.ok)
      return problem(c, body.status, { code: 'invalid_request', message: body.message });
    const request = parseCart(body.body as Record<string, unknown>, { addressLater: true });
    if (isFieldError(request)) return problem(c, 400, { code: 'invalid_request', ...request });
    const pricing = await priceCart(
      {
        db: c.env.DB,
        stripe: () => stripeFor(c.get('payment')),
        budget: stripeBudget(c.env, c.get('waits')),
        locale: localeOf(c),
        tax: taxCalculation(c.env),
        scope: 'quote',
        note: (fields) => Object.assign(c.get('log'), fields),
      },
      request,
    );
    // A quote changes nothing: a line only when it is refused, fails or is slow (request-log).
    Object.assign(c.get('log'), {
      read: true,
      quote: pricing.kind,
      lines: request.cart.lines.length,
    });
    switch (pricing.kind) {
      case 'quoted': {
        const answer = quoteIn(pricing.quote, localeOf(c).language);
        // Its goods priced, for the page to show while the customer types the address.
        return c.json(addressPending(request) ? { ...answer, address_required: true } : answer);
      }
      case 'refused':
        c.get('log').promotion_refused = pricing.refusal.reason;
        return problem(c, 400, {
          code: `promotion_code_${pricing.refusal.reason}`,
          param: 'promotion_code',
          message: pricing.message,
        });
      case 'invalid':
        return problem(c, 400, {
          code: 'invalid_request',
          param: pricing.param,
          message: pricing.message,
        });
      case 'unavailable':
        // Stripe refused the shop's tax set-up: no retry helps, so not "try again".
        if (pricing.refused)
          return problem(c, 503, {
            code: 'payments_not_configured',
            message: MESSAGES.notConfigured,
          });
        return problem(c, 503, {
          code: 'stripe_unavailable',
          message: pricing.about === 'tax' ? TAX_MESSAGES.unavailable : CODE_UNCHECKED,
        });
    }
  },
);
