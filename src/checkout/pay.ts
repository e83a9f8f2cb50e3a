/**
 * Paying for one checkout: the ledger first, then exactly one PaymentIntent per checkout, created
 * and confirmed in a single Stripe call. Idempotency keys are `<checkout_id>/<attempt>`: a
 * double-submit or a retry of the same attempt replays Stripe's first answer, and only an attempt
 * that Stripe definitively refused (a decline, bad card details) makes way for the next.
 */
import type Stripe from 'stripe';
import { priceOrder } from '../catalog';
import type { PaymentConfig } from '../config';
import { recordPayment } from '../fulfilment';
import { openOrder, retireAttempt, startRetry, type Order, type PaymentFacts } from '../ledger';
import type { LogFields } from '../log';
import type { Problem } from '../pages/problem';
import { callStripe, retryPolicy } from '../stripe/call';
import { stripeFor, retrievePaymentIntent } from '../stripe/client';
import { factsFromPaymentIntent } from '../stripe/facts';
import { declineMessage, MESSAGES, publicDeclineCode } from '../stripe/messages';
import type { ChargeRequest, PaymentSource } from './schema';

/** Declined attempts one checkout may make before it is refused (card-testing defence). */
export const MAX_DECLINES_PER_CHECKOUT = 5;

export type PaymentResult =
  /** paymentIntentId is null only for an order a webhook has not linked yet. */
  | { status: 'succeeded' | 'processing'; paymentIntentId: string | null }
  | {
      status: 'requires_action';
      paymentIntentId: string;
      clientSecret: string;
      redirectUrl?: string;
    }
  | { status: 'failed'; httpStatus: 400 | 402 | 403 | 409 | 429 | 502 | 503; problem: Problem };

export interface PayContext {
  env: Env;
  config: PaymentConfig;
  /** The site's origin, for the return_url Stripe redirects to after 3-D Secure. */
  origin: string;
  waitUntil: (promise: Promise<unknown>) => void;
  /** Adds fields to the request's log line. */
  note: (fields: LogFields) => void;
  /** False for a resend let through on a spent Turnstile token: it may not start a new attempt. */
  newAttemptAllowed?: boolean;
}

const fail = (
  httpStatus: 400 | 402 | 403 | 409 | 429 | 502 | 503,
  problem: Problem,
): PaymentResult => ({ status: 'failed', httpStatus, problem });

type SourceParams = Pick<
  Stripe.PaymentIntentCreateParams,
  'confirmation_token' | 'payment_method' | 'payment_method_data'
>;

/** Stripe parameters for the payment source; the same on create and confirm. */
function sourceParams(source: PaymentSource): SourceParams {
  switch (source.kind) {
    case 'confirmation_token':
      return { confirmation_token: source.id };
    case 'payment_method':
      return { payment_method: source.id };
    case 'token':
      // Stripe accepts a card token here (the legacy Checkout/Elements flow); stripe-node's types
      // only list the newer payment method types, hence the cast.
      return {
        payment_method_data: {
          type: 'card',
          card: { token: source.id },
        } as unknown as Stripe.PaymentIntentCreateParams.PaymentMethodData,
      };
  }
}

/** Records what Stripe said (fulfilling the order if this made it paid); the order as it now stands. */
async function record(ctx: PayContext, order: Order, facts: PaymentFacts): Promise<Order> {
  return (await recordPayment(ctx.env, ctx.waitUntil, order.id, facts))?.order ?? order;
}

/** Answers the customer from a PaymentIntent's status. */
function resultOf(pi: Stripe.PaymentIntent): PaymentResult {
  switch (pi.status) {
    case 'succeeded':
      return { status: 'succeeded', paymentIntentId: pi.id };
    case 'processing':
    case 'requires_capture':
      return { status: 'processing', paymentIntentId: pi.id };
    case 'requires_action':
      return {
        status: 'requires_action',
        paymentIntentId: pi.id,
        clientSecret: pi.client_secret ?? '',
        redirectUrl: pi.next_action?.redirect_to_url?.url ?? undefined,
      };
    case 'canceled':
      return fail(409, { code: 'checkout_canceled', message: MESSAGES.canceled, charged: false });
    default: {
      const error = pi.last_payment_error;
      return fail(402, {
        code: error?.code ?? 'payment_failed',
        decline_code: publicDeclineCode(error?.decline_code),
        message: declineMessage(error?.code, error?.decline_code),
        charged: false,
      });
    }
  }
}

/**
 * Takes the payment for a validated checkout request. Never throws for Stripe's answers; every
 * outcome is a PaymentResult saying whether the customer was charged.
 */
export async function pay(ctx: PayContext, request: ChargeRequest): Promise<PaymentResult> {
  const priced = priceOrder(request.productId, request.quantity);
  if (!priced)
    return fail(400, {
      code: 'invalid_request',
      param: 'product',
      message: 'product must name a product of this shop.',
    });
  const db = ctx.env.DB;

  let order = await openOrder(db, {
    checkoutId: request.checkoutId,
    productId: priced.product.id,
    quantity: priced.quantity,
    amount: priced.amount,
    currency: priced.currency,
    email: request.email,
  });
  if (
    order.product_id !== priced.product.id ||
    order.quantity !== priced.quantity ||
    order.amount !== priced.amount ||
    order.currency !== priced.currency ||
    order.email !== request.email
  ) {
    return fail(409, { code: 'checkout_changed', message: MESSAGES.changed, charged: false });
  }

  const stripe = await stripeFor(ctx.config);
  switch (order.status) {
    case 'paid':
    case 'refunded':
      // Already paid (a double-submit that arrived late): nothing more to charge.
      return { status: 'succeeded', paymentIntentId: order.payment_intent_id };
    case 'canceled':
      return fail(409, { code: 'checkout_canceled', message: MESSAGES.canceled, charged: false });
    case 'requires_action': {
      // The customer came back without finishing 3-D Secure: ask Stripe where the payment stands.
      const outcome = await retrievePaymentIntent(stripe, order.payment_intent_id ?? '', ctx.env);
      // The authentication may have gone through meanwhile: unknown, not "not charged".
      if (outcome.kind !== 'ok')
        return fail(502, {
          code: 'payment_unconfirmed',
          message: MESSAGES.unknown,
          charged: 'unknown',
        });
      order = await record(ctx, order, factsFromPaymentIntent(outcome.value));
      if (order.status !== 'failed') return resultOf(outcome.value);
      break;
    }
    default:
      break;
  }
  if (order.status === 'failed') {
    // The previous attempt ended while this resend was on its way: a new card needs a new check.
    if (ctx.newAttemptAllowed === false) {
      return fail(403, {
        code: 'turnstile_failed',
        param: 'turnstile_token',
        message:
          'The security check did not pass. Please complete it again. You have not been charged.',
        charged: false,
      });
    }
    if (order.declines >= MAX_DECLINES_PER_CHECKOUT) {
      ctx.note({ problem: 'decline_cap', order_id: order.id, declines: order.declines });
      return fail(429, {
        code: 'too_many_declines',
        message:
          'Too many declined attempts for this checkout. You have not been charged. ' +
          'Please contact your bank or try again later.',
        charged: false,
      });
    }
    order = await startRetry(db, order);
  }

  const attempt = order.attempt;
  const idempotencyKey = `${order.checkout_id}/${attempt}`;
  const returnUrl = `${ctx.origin}/thank-you`;
  const source = sourceParams(request.source);
  const existing = order.payment_intent_id;
  const outcome = await callStripe(
    () =>
      existing
        ? stripe.paymentIntents.confirm(
            existing,
            { ...source, return_url: returnUrl, expand: ['latest_charge'] },
            { idempotencyKey },
          )
        : stripe.paymentIntents.create(
            {
              amount: priced.amount,
              currency: priced.currency,
              confirm: true,
              ...source,
              automatic_payment_methods: { enabled: true },
              return_url: returnUrl,
              receipt_email: request.email,
              description: `${priced.quantity} × ${priced.product.name}`,
              metadata: {
                checkout_id: order.checkout_id,
                order_id: order.id,
                product_id: priced.product.id,
                quantity: String(priced.quantity),
              },
              expand: ['latest_charge'],
            },
            { idempotencyKey },
          ),
    retryPolicy(ctx.env),
  );

  ctx.note({ order_id: order.id, attempt, outcome: outcome.kind });
  switch (outcome.kind) {
    case 'ok': {
      const pi = outcome.value;
      ctx.note({ payment_intent: pi.id, payment_status: pi.status });
      await record(ctx, order, factsFromPaymentIntent(pi));
      return resultOf(pi);
    }
    case 'stripe_error': {
      const error = outcome.error;
      ctx.note({
        stripe_status: error.statusCode,
        stripe_error: error.rawType ?? error.type,
        code: error.code ?? null,
        decline_code: error.decline_code || null,
        payment_intent: error.payment_intent?.id ?? null,
      });
      if (error.type === 'StripeCardError') {
        const message = declineMessage(error.code, error.decline_code);
        if (error.payment_intent)
          await record(ctx, order, {
            ...factsFromPaymentIntent(error.payment_intent),
            status: 'failed',
            lastError: message,
            declined: true,
          });
        else await retireAttempt(db, order.id, attempt);
        return fail(402, {
          code: error.code ?? 'card_declined',
          decline_code: publicDeclineCode(error.decline_code),
          message,
          charged: false,
        });
      }
      // A conflict on this attempt's key: another request with other parameters (a second card
      // submitted while the first is being confirmed). It may be charging: keep the key.
      if (
        error.statusCode === 409 ||
        error.type === 'StripeIdempotencyError' ||
        error.rawType === 'idempotency_error'
      ) {
        return fail(409, {
          code: 'checkout_in_progress',
          message: MESSAGES.inProgress,
          charged: 'unknown',
        });
      }
      // Any other answer moved no money: free this attempt's key for the next try.
      await retireAttempt(db, order.id, attempt);
      if (error.type === 'StripeAuthenticationError' || error.type === 'StripePermissionError') {
        ctx.note({
          problem: 'payments.refused',
          reason: 'misconfigured',
          detail: 'Stripe rejected STRIPE_SECRET_KEY',
        });
        return fail(503, {
          code: 'payments_not_configured',
          message: MESSAGES.notConfigured,
          charged: false,
        });
      }
      return fail(400, {
        code: error.code ?? 'payment_method_invalid',
        message: MESSAGES.paymentMethod,
        charged: false,
      });
    }
    case 'unavailable':
      ctx.note({ error: String(outcome.error) });
      await retireAttempt(db, order.id, attempt);
      return fail(503, {
        code: 'stripe_unavailable',
        message: MESSAGES.unavailable,
        charged: false,
      });
    case 'unknown':
      ctx.note({ error: String(outcome.error) });
      return fail(502, {
        code: 'payment_unconfirmed',
        message: MESSAGES.unknown,
        charged: 'unknown',
      });
  }
}
