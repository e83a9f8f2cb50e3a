/**
 * How a payment outcome reads to the customer: the HTTP status, and JSON for the page (fetch) or
 * a redirect or page for a classic form post. Every failure says whether the customer was charged.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { turnstileProblem } from '../middleware/turnstile';
import { problem, wantsHtml, type Problem } from '../pages/problem';
import { receiptLink } from '../receipt/proof';
import { declineKey, MESSAGES, publicDeclineCode } from '../stripe/messages';
import type { AppEnv } from '../types';
import { withoutCode } from '../cart/messages';
import type { Locale } from '../i18n';
import { localeOf } from '../middleware/locale';
import { formatMoney } from '../money';
import type { PaymentOutcome, PromotionProblem } from './pay';
import { quoteIn } from './quote';

/**
 * A promotion code that no longer applies: 409 with the new price, so that the customer agrees to
 * it before paying (the price never changes silently).
 */
function promotionProblem(
  problem: PromotionProblem,
  locale: Locale,
): [ContentfulStatusCode, Problem] {
  const { quote } = problem;
  return [
    409,
    {
      code: `promotion_code_${problem.reason}`,
      param: 'promotion_code',
      message: withoutCode(problem.message, formatMoney(quote.total, quote.currency, locale.tag)),
      charged: false,
      quote,
    },
  ];
}

/** The status and problem for each proven "not charged". */
function notChargedProblem(
  outcome: PaymentOutcome & { kind: 'not_charged' },
  locale: Locale,
): [ContentfulStatusCode, Problem] {
  const charged = false;
  const { reason, refusal } = outcome;
  switch (reason) {
    case 'promotion_code':
      return promotionProblem(outcome.promotion!, locale);
    case 'price_changed': {
      // The price now, said and shown, so that the next Pay is for a total the customer saw.
      const quote = quoteIn(outcome.quote!, locale.language);
      const total = formatMoney(quote.total, quote.currency, locale.tag);
      return [
        409,
        {
          code: 'price_changed',
          message: { key: 'error.priceChanged', params: { total } },
          charged,
          quote,
        },
      ];
    }
    case 'invalid_shipping':
      return [400, { code: 'invalid_request', ...outcome.field!, charged }];
    case 'checkout_changed':
      return [409, { code: 'checkout_changed', message: MESSAGES.changed, charged }];
    case 'checkout_canceled':
      return [409, { code: 'checkout_canceled', message: MESSAGES.canceled, charged }];
    case 'declined':
      return [
        402,
        {
          code: refusal?.code ?? 'card_declined',
          decline_code: publicDeclineCode(refusal?.declineCode),
          message: declineKey(refusal?.code, refusal?.declineCode),
          charged,
        },
      ];
    case 'too_many_declines':
      return [
        429,
        {
          code: 'too_many_declines',
          message: 'error.tooManyDeclines',
          charged,
        },
      ];
    case 'check_required':
      return turnstileProblem('failed', false);
    case 'invalid_payment_method':
      return [
        400,
        {
          code: refusal?.code ?? 'payment_method_invalid',
          message: MESSAGES.paymentMethod,
          charged,
        },
      ];
    case 'not_configured':
      return [503, { code: 'payments_not_configured', message: MESSAGES.notConfigured, charged }];
    case 'stripe_unavailable':
      return [503, { code: 'stripe_unavailable', message: MESSAGES.unavailable, charged }];
  }
}

/** Answers POST /charge with a payment's outcome. */
export function answer(c: Context<AppEnv>, outcome: PaymentOutcome): Response | Promise<Response> {
  const html = wantsHtml(c);
  switch (outcome.kind) {
    case 'charged':
    case 'processing': {
      const status = outcome.kind === 'charged' ? 'succeeded' : 'processing';
      const paymentIntentId = outcome.order.payment_intent_id ?? outcome.paymentIntent?.id ?? null;
      const redirect = receiptLink(outcome.order, paymentIntentId, !outcome.statusOnly);
      return html ? c.redirect(redirect, 303) : c.json({ status, redirect });
    }
    case 'requires_action': {
      const pi = outcome.paymentIntent;
      if (!html)
        return c.json({ status: 'requires_action', client_secret: pi.client_secret ?? '' });
      // Without JavaScript, 3-D Secure happens on the bank's page, which returns to /thank-you.
      const redirectUrl = pi.next_action?.redirect_to_url?.url;
      if (redirectUrl) return c.redirect(redirectUrl, 303);
      return problem(c, 402, {
        code: 'authentication_required',
        message: 'error.authenticationRequired',
        charged: false,
      });
    }
    case 'not_charged':
      return problem(c, ...notChargedProblem(outcome, localeOf(c)));
    case 'unknown':
      return outcome.reason === 'in_progress'
        ? problem(c, 409, {
            code: 'checkout_in_progress',
            message: MESSAGES.inProgress,
            charged: 'unknown',
          })
        : problem(c, 502, {
            code: 'payment_unconfirmed',
            message: MESSAGES.unknown,
            charged: 'unknown',
          });
  }
}
