/**
 * POST /charge's last step with CHECKOUT_UI=hosted: the checkout's Checkout Session
 * (src/hosted/start.ts), answered with a 303 to Stripe's page for a form post, or
 * `{ "redirect": url }` for the page's own request; any other outcome as our own page's.
 */
import type { Context } from 'hono';
import { wantsHtml } from '../pages/problem';
import { isOwnRequest, startHostedCheckout } from '../hosted/start';
import { causeOf } from '../ledger/history';
import { localeOf } from '../middleware/locale';
import { stripeBudget } from '../stripe/call';
import { stripeFor } from '../stripe/client';
import { taxCalculation } from '../tax/calculate';
import type { AppEnv } from '../types';
import { answer } from './answer';
import type { PaymentOutcome } from './pay';
import type { HostedRequest } from './schema';

/**
 * A paid or settling checkout's answer (also one its linked Session settled just now) links to the
 * full receipt only for the order's own request; anyone else's, to the payment's status.
 */
function withProof(outcome: PaymentOutcome, request: HostedRequest): PaymentOutcome {
  const paid = outcome.kind === 'charged' || outcome.kind === 'processing';
  return paid && !isOwnRequest(outcome.order, request) ? { ...outcome, statusOnly: true } : outcome;
}

/** Sends a validated checkout to Stripe's hosted page. */
export async function hostedCheckout(c: Context<AppEnv>, request: HostedRequest) {
  const outcome = await startHostedCheckout(
    {
      env: c.env,
      db: c.env.DB,
      waitUntil: (promise) => c.executionCtx.waitUntil(promise),
      stripe: () => stripeFor(c.get('payment')),
      budget: stripeBudget(c.env, c.get('waits')),
      locale: localeOf(c),
      origin: new URL(c.req.url).origin,
      tax: taxCalculation(c.env),
      known: c.get('standing')?.order,
      cause: causeOf(c),
      note: (fields) => Object.assign(c.get('log'), fields),
    },
    request,
  );
  Object.assign(c.get('log'), { payment: outcome.kind });
  if (outcome.kind !== 'hosted') return answer(c, withProof(outcome, request));
  return wantsHtml(c) ? c.redirect(outcome.url, 303) : c.json({ redirect: outcome.url });
}
