import type { MiddlewareHandler } from 'hono';
import { resolveCheckoutConfig, resolvePaymentConfig } from '../../config';
import { problem } from '../../pages/problem';
import { SHIPPING } from '../../shipping';
import { MESSAGES } from '../../stripe/messages';
import type { AppEnv } from '../../types';
import { requestUrl } from '../request-url';

/**
 * Resolves the payment configuration for routes that take or show payments. Missing or mismatched
 * keys answer 503 ("payments are not configured") before any Stripe call, with a log line that
 * names the variable at fault (never its value). `prices: false` for a route that only reads (the
 * receipt): a mistyped TAX_CALCULATION (or Stripe Tax in a stepped currency), which refuses what
 * prices, does not refuse it.
 */
export function paymentConfig({ prices = true } = {}): MiddlewareHandler<AppEnv> {
  return async function paymentConfig(c, next) {
    // Stripe Tax is refused for a shop shipping in a currency of steps (src/config).
    const config = prices
      ? resolveCheckoutConfig(c.env, requestUrl(c), SHIPPING.currency)
      : resolvePaymentConfig(c.env, requestUrl(c));
    if (!config.ok) {
      Object.assign(c.get('log'), {
        problem: 'payments.refused',
        reason: config.reason,
        detail: config.detail,
      });
      return problem(c, 503, { code: 'payments_not_configured', message: MESSAGES.notConfigured });
    }
    c.set('payment', config);
    await next();
  };
}
