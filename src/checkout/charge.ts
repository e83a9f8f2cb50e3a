/**
 * POST /charge: the page's JSON request, or a classic form post (the original Django flow, with
 * `stripeToken` for the legacy card-token form). Each step is a middleware, in the order that
 * keeps abuse cheap: origin, per-network limit, body size, configuration, validation, per-checkout
 * limit, per-network decline cap, bot check; only then `pay` talks to Stripe. JSON gets JSON,
 * forms get a redirect or a page. With CHECKOUT_UI=hosted the same steps lead to Stripe's hosted
 * Checkout instead (./hosted.ts).
 */
import { bodyLimit } from 'hono/body-limit';
import { Hono } from 'hono/tiny';
import { RATE_LIMIT_PERIOD_SECONDS } from '../limits';
import { countDecline, declineCap, standingOf } from '../middleware/decline-cap';
import { localeOf } from '../middleware/locale';
import { paymentConfig } from '../middleware/payment-config';
import { clientNetwork, rateLimit } from '../middleware/rate-limit';
import { sameOrigin } from '../middleware/same-origin';
import { turnstile } from '../middleware/turnstile';
import { validCharge } from '../middleware/valid-charge';
import { causeOf } from '../ledger/history';
import { problem, refusalOutcome, wantsHtml } from '../pages/problem';
import type { Order } from '../ledger';
import type { AppEnv } from '../types';
import { answer } from './answer';
import { MAX_BODY_BYTES } from './body';
import { hostedCheckout } from './hosted';
import { pay } from './pay';

/**
 * Whether a checkout's earlier attempt may have charged: its payment is open or went through (a
 * resend after a lost answer shows its receipt once let through). Failed or canceled: it did not.
 */
const mayHaveCharged = (order: Order | null): boolean =>
  order !== null && order.status !== 'failed' && order.status !== 'canceled';

/** The POST /charge route, mounted at /charge. */
export const charge = new Hono<AppEnv>().post(
  '/',
  sameOrigin(),
  rateLimit({
    name: 'network',
    limiter: (env) => env.CHARGE_IP_LIMITER,
    key: clientNetwork,
    periodSeconds: RATE_LIMIT_PERIOD_SECONDS,
    message: 'error.networkRate',
    // Before the body: no checkout to read, and a refused "Try again" may follow a lost charge.
    refusal: () => ({ charged: 'unknown' }),
  }),
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      problem(c, 413, {
        code: 'body_too_large',
        message: 'error.tooLarge',
        charged: false,
      }),
  }),
  paymentConfig(),
  validCharge(),
  rateLimit({
    name: 'checkout',
    limiter: (env) => env.CHARGE_CHECKOUT_LIMITER,
    key: (c) => c.get('charge').checkoutId,
    periodSeconds: RATE_LIMIT_PERIOD_SECONDS,
    message: 'error.checkoutRate',
    refusal: async (c) => refusalOutcome(mayHaveCharged((await standingOf(c)).order)),
  }),
  declineCap(),
  turnstile(),
  async function chargeHandler(c) {
    const request = c.get('charge');
    if (!('source' in request)) return hostedCheckout(c, request);
    const outcome = await pay(
      {
        env: c.env,
        config: c.get('payment'),
        locale: localeOf(c),
        // The decline cap read the checkout's order: no second read.
        known: c.get('standing')?.order,
        returnUrl: new URL(wantsHtml(c) ? '/thank-you' : '/', c.req.url).href,
        waitUntil: (promise) => c.executionCtx.waitUntil(promise),
        note: (fields) => Object.assign(c.get('log'), fields),
        checkedAttempt: c.get('checkedAttempt'),
        cause: causeOf(c),
        waits: c.get('waits'),
      },
      request,
    );
    Object.assign(c.get('log'), {
      payment: outcome.kind,
      reason: 'reason' in outcome ? outcome.reason : undefined,
    });
    if (outcome.kind === 'not_charged' && outcome.reason === 'declined') await countDecline(c);
    return answer(c, outcome);
  },
);
