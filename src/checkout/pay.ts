/**
 * Paying for one checkout: the cart priced (src/cart) and the order opened in the ledger first,
 * then exactly one PaymentIntent per checkout, created and confirmed in a single Stripe call, for
 * exactly the order's total. Idempotency keys are `<checkout_id>/<attempt>`: a double-submit or a
 * retry of the same attempt replays Stripe's first answer, and only an attempt that Stripe
 * definitively refused (a decline, bad card details) makes way for the next.
 */
import type Stripe from 'stripe';
import {
  fullQuote,
  orderLines,
  priceCart,
  refusalMessage,
  type Pricing,
  type PricingContext,
  type Quote,
} from '../cart/quote';
import {
  CODE_LOOKUP_CALLS,
  CODE_LOOKUP_TIMEOUT_MS,
  PAYMENT_ATTEMPTS_AFTER_LOOKUP,
  STRIPE_ATTEMPTS,
  workerWorstCaseMs,
} from '../budget';
import type { PaymentConfig } from '../config';
import { recordPayment } from '../fulfilment';
import { keepingLanguage, type Locale, type Text } from '../i18n';
import { SHOP } from '../identity';
import {
  findOrderByCheckout,
  newOrderId,
  openOrder,
  reclaimRedemption,
  retireAttempt,
  startRetry,
  type Cause,
  type Order,
  type PaymentFacts,
  type StoredShipping,
  UNLINKED_HOLD_MINUTES,
} from '../ledger';
import { lineName, linesOf, linesText } from '../ledger/lines';
import { isOpen } from '../ledger/status';
import { shippingOf, stripeShipping } from '../ledger/shipping';
import { isExpired, renewTaxCalculation } from '../tax/renew';
import { taxCalculation } from '../tax/calculate';
import { MAX_DECLINES_PER_CHECKOUT } from '../limits';
import type { LogFields } from '../log';
import type { RedemptionLimits, RefusalReason } from '../promotion/rules';
import { hostedOnOwnPage } from '../hosted/linked';
import { isAbandonedAfterAnHour } from '../reconcile/abandoned';
import { recordRead } from '../reconcile/context';
import { findPaymentIntent } from '../reconcile/link';
import { callStripe, stripeBudget, type StripeBudget } from '../stripe/call';
import { cancelAbandonedIntent } from '../stripe/cancel-abandoned';
import { stripeFor, retrievePaymentIntent } from '../stripe/client';
import { factsFromPaymentIntent } from '../stripe/facts';
import { factsFromRead } from '../stripe/read';
import {
  configurationRefusal,
  KEY_REJECTED,
  refusesShopParameter,
  rejectsKey,
} from '../stripe/refusal';
import { declineMessage } from '../stripe/messages';
import type { Waits } from '../timing';
import type { ChargeRequest, Money, PaymentSource } from './schema';

/** Why nothing was charged: each reason is proven by the ledger or by Stripe's answer. */
export type NotChargedReason =
  /** The promotion code does not apply (any more): `promotion` says why, and the new price. */
  | 'promotion_code'
  /** The page showed another total than the checkout's price now, which is in `quote`. */
  | 'price_changed'
  /** The shipping choice cannot be priced, or Stripe Tax cannot place the address: `field`. */
  | 'invalid_shipping'
  /** The checkout_id was first used for another order (lines, prices, code or email). */
  | 'checkout_changed'
  /** The checkout's PaymentIntent was canceled. */
  | 'checkout_canceled'
  /** The card was declined, or its authentication failed: `refusal` has Stripe's codes. */
  | 'declined'
  /** The checkout reached MAX_DECLINES_PER_CHECKOUT. */
  | 'too_many_declines'
  /** The security check was passed for another attempt: a new attempt needs a new check. */
  | 'check_required'
  /** Stripe refused the card details or the request (400): `refusal.code` has Stripe's code. */
  | 'invalid_payment_method'
  /** Stripe refused the secret key (401/403). */
  | 'not_configured'
  /** Stripe answered 429 to every attempt (refused before running). */
  | 'stripe_unavailable';

/** Stripe's own codes for a refusal (its error, or the PaymentIntent's last_payment_error). */
export interface StripeRefusal {
  code: string;
  /** The issuer's reason, as Stripe reports it (confidential ones included: the route hides them). */
  declineCode: string | null;
}

/**
 * What became of a payment: charged, not charged (proven), or unknown; with the order as the
 * ledger now has it and Stripe's answer. The route turns it into an HTTP answer and a message.
 */
export type PaymentOutcome =
  /**
   * Paid. `paymentIntent` is null when the ledger already knew (a late double-submit).
   * `statusOnly` (here and below): the request is not the one that paid (another cart, email or
   * address), so its answer links to the payment's status only, never to the receipt's personal
   * data.
   */
  | {
      kind: 'charged';
      order: Order;
      paymentIntent: Stripe.PaymentIntent | null;
      statusOnly?: boolean;
    }
  /** Accepted and settling (processing, or authorized awaiting capture): not charged yet. */
  | {
      kind: 'processing';
      order: Order;
      paymentIntent: Stripe.PaymentIntent;
      statusOnly?: boolean;
    }
  /** The bank asks the customer to authenticate (3-D Secure): not charged yet. */
  | { kind: 'requires_action'; order: Order; paymentIntent: Stripe.PaymentIntent }
  | {
      kind: 'not_charged';
      reason: NotChargedReason;
      order: Order | null;
      refusal?: StripeRefusal;
      promotion?: PromotionProblem;
      /** With `price_changed`: the price now. */
      quote?: Quote;
      /** With `invalid_shipping`: the field at fault and why. */
      field?: { param: string; message: Text };
    }
  /**
   * Stripe may have charged: no answer came back (`no_answer`), or another request with other
   * parameters holds this attempt's idempotency key (`in_progress`). Retrying is safe.
   */
  | { kind: 'unknown'; reason: 'no_answer' | 'in_progress'; order: Order };

/** A promotion code that stopped applying: why (in the customer's words), and the price without it. */
export interface PromotionProblem {
  reason: RefusalReason;
  message: Text;
  quote: Quote;
}

export interface PayContext {
  env: Env;
  config: PaymentConfig;
  /** The customer's locale, for the amounts and words of messages. */
  locale: Locale;
  /**
   * The checkout's order when the request has read it already (the decline cap does): null when it
   * has none. Read here when absent.
   */
  known?: Order | null;
  /**
   * Where Stripe sends the customer back after 3-D Secure on the bank's page: the Checkout page
   * for its own requests (it shows the receipt, or the cart again with what went wrong), the
   * receipt for a classic form post.
   */
  returnUrl: string;
  waitUntil: (promise: Promise<unknown>) => void;
  /** Adds fields to the request's log line. */
  note: (fields: LogFields) => void;
  /** This request, for the order's history. */
  cause: Cause;
  /**
   * The attempt a security check (Turnstile) was passed for, when one was: no Stripe call is made
   * for any other, so a resend can never start a new attempt (a new card needs a new check).
   */
  checkedAttempt?: number;
  /** The request's tally of waits (Server-Timing), to which its Stripe calls add. */
  waits: Waits;
}

/** Stripe's longest PaymentIntent description, and metadata value (characters). */
const DESCRIPTION_MAX = 1000;
const METADATA_VALUE_MAX = 500;

const notCharged = (
  reason: NotChargedReason,
  order: Order | null,
  refusal?: StripeRefusal,
): PaymentOutcome & { kind: 'not_charged' } => ({ kind: 'not_charged', reason, order, refusal });

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

/**
 * Whether a request may be charged `amount` in `currency`: the total its page showed, or any
 * total when it sent none (a request of before, or a classic form without one).
 */
export const showed = (expected: Money | null, amount: number, currency: string): boolean =>
  !expected || (expected.total === amount && expected.currency === currency);

/** A changed price: not charged, and the price now, for the customer to see before paying it. */
export const priceChanged = (order: Order | null, quote: Quote) => ({
  ...notCharged('price_changed', order),
  quote,
});

/** The not-charged outcome of a cart that cannot be priced now (its code, shipping or tax). */
function notPriced(
  pricing: Exclude<Pricing, { kind: 'quoted' }>,
  order: Order | null,
): PaymentOutcome {
  if (pricing.kind === 'unavailable')
    // Stripe refused the shop's tax set-up: no retry helps, so not "try again".
    return notCharged(pricing.refused ? 'not_configured' : 'stripe_unavailable', order);
  if (pricing.kind === 'invalid') {
    const { param, message } = pricing;
    return { ...notCharged('invalid_shipping', order), field: { param, message } };
  }
  const { refusal, message, quote } = pricing;
  return {
    ...notCharged('promotion_code', order),
    promotion: { reason: refusal.reason, message, quote },
  };
}

/** A key of what an order buys: its lines (product, quantity, unit price), in any order. */
export const linesKey = (lines: { product: string; quantity: number; unit_amount: number }[]) =>
  lines
    .map((line) => `${line.product}×${line.quantity}@${line.unit_amount}`)
    .sort()
    .join(' ');

/** What identifies a shipping choice: recipient and address (and the rate, once picked). */
const shippingKey = (shipping: ChargeRequest['shipping'] | StoredShipping | null) =>
  shipping ? JSON.stringify([shipping.name, Object.values(shipping.address)]) : '';

/**
 * Whether an order is the one a request asks for: same lines at the same prices, code, email and
 * shipping address (a rate named must be the order's).
 */
function sameOrder(order: Order, request: ChargeRequest): boolean {
  const shipping = shippingOf(order);
  const rate = request.shipping?.rate ?? null;
  const asked = request.cart.lines.map(({ product, quantity }) => ({
    product: product.id,
    quantity,
    unit_amount: product.unitAmount,
  }));
  return (
    order.currency === request.cart.currency &&
    order.email === request.email &&
    (order.promotion_code ?? '').toLowerCase() === (request.promotionCode ?? '').toLowerCase() &&
    linesKey(linesOf(order)) === linesKey(asked) &&
    shippingKey(shipping) === shippingKey(request.shipping) &&
    (rate === null || rate === shipping?.rate)
  );
}

/**
 * Where Stripe sends the customer back after 3-D Secure: this request's page, in its language
 * (`?lang=` of one a link chose: keepingLanguage). Stored when the order opens, for all its attempts.
 */
const returnUrlOf = (ctx: PayContext) => keepingLanguage(ctx.returnUrl, ctx.locale);

/** The new order of a priced checkout, or the existing one; null when its code has run out. */
function openPricedOrder(
  ctx: PayContext,
  request: ChargeRequest,
  pricing: Pricing & { kind: 'quoted' },
  id: string,
) {
  const { quote, promotion, extras } = pricing;
  const shipping = extras.shipping;
  return openOrder(
    ctx.env.DB,
    {
      id,
      checkoutId: request.checkoutId,
      returnUrl: returnUrlOf(ctx),
      lines: orderLines(quote),
      amount: quote.total,
      currency: quote.currency,
      email: request.email,
      promotion: promotion && {
        code: promotion.code,
        promotionCodeId: promotion.promotionCodeId,
        couponId: promotion.couponId,
        discount: promotion.amount,
        limits: promotion.limits,
      },
      shipping: shipping && {
        name: shipping.name,
        address: shipping.address,
        rate: shipping.rate,
        rate_name: shipping.rateName,
      },
      shippingAmount: shipping?.amount ?? 0,
      tax: extras.tax,
    },
    ctx.cause,
  );
}

/**
 * The refusal of a code that no longer applies to a checkout's order: its last redemption went to
 * another checkout meanwhile (`used_up`), or its text now names another code (`inactive`); with
 * the price without it (shipping and tax included).
 */
async function noLongerApplies(
  ctx: PricingContext,
  request: ChargeRequest,
  reason: 'used_up' | 'inactive' = 'used_up',
): Promise<Exclude<Pricing, { kind: 'quoted' }>> {
  const refusal = { reason };
  const without = await fullQuote(ctx, request, null);
  if ('kind' in without) return without;
  return {
    kind: 'refused',
    refusal,
    message: refusalMessage(refusal, request.cart.currency, ctx.locale),
    quote: without.quote,
  };
}

/**
 * The limits of an order's promotion code as it now stands, for an attempt that must win a
 * redemption again; or the outcome of a cart that cannot be priced, or of a code replaced by the
 * merchant with another of the same text (its limits and price are not the order's code's).
 */
async function codeLimits(
  pricing: PricingContext,
  request: ChargeRequest,
  order: Order,
): Promise<{ limits: RedemptionLimits | null } | { outcome: PaymentOutcome }> {
  const priced = await priceCart(pricing, request);
  if (priced.kind !== 'quoted') return { outcome: notPriced(priced, order) };
  if (priced.promotion?.promotionCodeId !== order.promotion_code_id)
    return { outcome: notPriced(await noLongerApplies(pricing, request, 'inactive'), order) };
  return { limits: priced.promotion?.limits ?? null };
}

/** Whether a pending order was left UNLINKED_HOLD_MINUTES unchanged (see HOLDS_REDEMPTION). */
const heldTooLong = (order: Order) =>
  Date.parse(order.updated_at) < Date.now() - UNLINKED_HOLD_MINUTES * 60_000;

/** Records what Stripe said (fulfilling the order if this made it paid); the order as it now stands. */
async function record(
  ctx: Pick<PayContext, 'env' | 'waitUntil' | 'cause'>,
  stripe: () => Promise<Stripe>,
  order: Order,
  facts: PaymentFacts,
): Promise<Order> {
  const result = await recordPayment(ctx.env, ctx.waitUntil, order.id, facts, ctx.cause, {
    stripe,
  });
  return result?.order ?? order;
}

/** The outcome a PaymentIntent's status says. */
function outcomeOf(order: Order, pi: Stripe.PaymentIntent): PaymentOutcome {
  switch (pi.status) {
    case 'succeeded':
      return { kind: 'charged', order, paymentIntent: pi };
    case 'processing':
    case 'requires_capture':
      return { kind: 'processing', order, paymentIntent: pi };
    case 'requires_action':
      return { kind: 'requires_action', order, paymentIntent: pi };
    case 'canceled':
      return notCharged('checkout_canceled', order);
    default: {
      const error = pi.last_payment_error;
      return notCharged('declined', order, {
        code: error?.code ?? 'payment_failed',
        declineCode: error?.decline_code ?? null,
      });
    }
  }
}

/**
 * Reads the order's linked PaymentIntent (`id`) and records what it says, as every reader other
 * than the answer to its own create or confirm does (factsFromRead's guards: an earlier attempt's
 * failure still on it is no decline of this one): the order as it now stands and the read, or
 * null when Stripe did not answer.
 */
async function readLinked(
  ctx: Pick<PayContext, 'env' | 'waitUntil' | 'cause'>,
  stripe: () => Promise<Stripe>,
  budget: StripeBudget,
  order: Order,
  id: string,
): Promise<{ order: Order; paymentIntent: Stripe.PaymentIntent } | null> {
  const read = await retrievePaymentIntent(await stripe(), id, budget);
  if (read.kind !== 'ok') return null;
  const facts = factsFromRead(order, read.value);
  return {
    order: facts ? await record(ctx, stripe, order, facts) : order,
    paymentIntent: read.value,
  };
}

/**
 * How long after its attempt began a POST /charge may still be sending that attempt's create: the
 * longest its outbound calls can last (src/budget.ts). Until then, Stripe's list may not show it.
 */
const CREATE_MAY_RUN_MS = workerWorstCaseMs();

/**
 * How long Stripe may still be at work on a request after it arrived: its libraries wait 80 s for
 * an answer (stripe-node's default timeout), above Stripe's own server-side timeouts, so that a
 * client never gives up on a request Stripe still completes. Meanwhile its list may not show a
 * create it is still making, and a PaymentIntent still reads an earlier attempt's failure while a
 * confirm runs.
 */
const STRIPE_MAY_PROCESS_MS = 80_000;

/** When the order's current attempt began (ms): its retry's start, else the order's opening. */
const attemptStart = (order: Order) => Date.parse(order.attempt_started_at ?? order.created_at);

/**
 * Whether Stripe may still be at work on a call of the order's attempt: until then, its "no
 * payment" proves nothing (a create not in its list yet, a confirm not on its PaymentIntent yet).
 */
const stripeMayBeAtWork = (order: Order) =>
  Date.now() - attemptStart(order) < CREATE_MAY_RUN_MS + STRIPE_MAY_PROCESS_MS;

/**
 * Stripe's word before "not charged" of an order an earlier request opened and left pending
 * without a PaymentIntent: that request's create may have charged, its answer lost (until a
 * webhook or the sweep links it). Its PaymentIntent is looked for once, within this request's
 * calls: found, it is linked and answers; Stripe not saying, the answer is unknown, and in progress
 * while Stripe may still be making that create (stripeMayBeAtWork). Null when Stripe has none and
 * is done: the "not charged" stands. Hosted mode's too (src/hosted/start.ts). `done`: Stripe is
 * known to be done with the attempt's create (it replayed the key's 500), so none is waited for.
 */
async function lostCreate(
  ctx: Pick<PayContext, 'env' | 'waitUntil' | 'cause' | 'note'>,
  stripe: () => Promise<Stripe>,
  budget: StripeBudget,
  order: Order,
  done = false,
): Promise<PaymentOutcome | null> {
  if (order.status !== 'pending' || order.payment_intent_id !== null) return null;
  const found = await findPaymentIntent(
    { stripe: await stripe(), budget },
    order,
    (error) => ctx.note({ lookup_error: String(error) }),
    true,
  );
  if (found === null)
    return !done && stripeMayBeAtWork(order)
      ? { kind: 'unknown', reason: 'in_progress', order }
      : null;
  // Not found for sure, or for another amount (the sweep lists that one): Stripe's word is missing.
  const same = found && found.amount === order.amount && found.currency === order.currency;
  const facts = same && factsFromRead(order, found);
  if (!found || !facts) return { kind: 'unknown', reason: 'no_answer', order };
  ctx.note({ payment_intent: found.id, payment_status: found.status, linked: 'lookup' });
  return outcomeOf(await record(ctx, stripe, order, facts), found);
}

/**
 * The answer to the attempt's create or confirm (of `existing`) after Stripe replayed a 500 for its
 * key: Stripe is done with that key and will answer it so for a day, so the attempt's state is
 * read instead. A create's PaymentIntent found is linked and answers (lostCreate, with no wait: the
 * replay proves the create ended); a confirm's PaymentIntent still awaiting one answers so. Then no
 * payment came of the key: the attempt is retired, as after a refusal, so that the next try sends
 * a new one, and the customer is told plainly they were not charged. Stripe not saying: unknown.
 */
async function afterReplayedFailure(
  ctx: Pick<PayContext, 'env' | 'waitUntil' | 'cause' | 'note'>,
  stripe: () => Promise<Stripe>,
  budget: StripeBudget,
  order: Order,
  attempt: number,
  existing: string | null,
): Promise<PaymentOutcome> {
  if (existing === null) {
    const found = await lostCreate(ctx, stripe, budget, order, true);
    if (found) return found;
  } else {
    const read = await readLinked(ctx, stripe, budget, order, existing);
    if (!read) return { kind: 'unknown', reason: 'no_answer', order };
    const { status } = read.paymentIntent;
    if (status !== 'requires_payment_method' && status !== 'requires_confirmation')
      return outcomeOf(read.order, read.paymentIntent);
    order = read.order;
  }
  ctx.note({ retired: 'replayed 500' });
  await retireAttempt(ctx.env.DB, order, attempt, ctx.cause, 'Stripe: api_error');
  return notCharged('stripe_unavailable', order);
}

/**
 * The answer to a request that asks for another order than its checkout's (another cart, email or
 * address under the same checkout id: the page after an answer was lost). "Not charged" only once
 * proven: an open order (pending, or requires_action: approved at the bank, the return lost, or
 * still there) may have been charged by its attempt's request, whose create (or, on a
 * retry, confirm of its PaymentIntent) may still be on its way (in progress) or whose answer was
 * lost (Stripe is asked: lostCreate, or its PaymentIntent read). Stripe's "no payment" proves it
 * only once Stripe is done with the attempt's calls (stripeMayBeAtWork): until then, in progress.
 * Not the order's own request: a payment found answers with its status only
 * (settledOutcome's rule), and any payment not charged means this changed order starts anew; one
 * still waiting at the bank is canceled first (leftAtTheBank), not left for the sweep's hour.
 */
async function changedOrder(
  ctx: PayContext,
  stripe: () => Promise<Stripe>,
  budget: StripeBudget,
  order: Order,
): Promise<PaymentOutcome> {
  const changed = notCharged('checkout_changed', order);
  // A requires_action order too: the customer may have approved at the bank, its return lost.
  if (!isOpen(order.status)) return changed;
  // At the bank, its attempt's call has answered (the PaymentIntent it made or confirmed waits
  // there), and a resend of that call replays the answer: Stripe is asked at once, as a customer
  // back from the bank within seconds is (leftAtTheBank). Else its create may still be on its way.
  const atTheBank = order.status === 'requires_action' && order.payment_intent_id !== null;
  if (!atTheBank && Date.now() - attemptStart(order) < CREATE_MAY_RUN_MS)
    return { kind: 'unknown', reason: 'in_progress', order };
  return stripeSays(ctx, stripe, budget, order, false);
}

/**
 * Stripe's word on an open order whose request cannot be sent as it stands (a changed request,
 * a switch to hosted Checkout): charged or processing, its status (the full receipt only for the
 * order's `own` request); awaiting 3-D Secure, its PaymentIntent canceled first (leftAtTheBank);
 * a call of its attempt Stripe may still be at work on, in progress; Stripe not saying, unknown; no
 * payment for sure, the checkout changed (not charged), and the page starts anew.
 */
export async function stripeSays(
  ctx: Pick<PayContext, 'env' | 'waitUntil' | 'cause' | 'note'>,
  stripe: () => Promise<Stripe>,
  budget: StripeBudget,
  order: Order,
  own: boolean,
): Promise<
  Extract<PaymentOutcome, { kind: 'charged' | 'processing' | 'unknown' | 'not_charged' }>
> {
  const linked = order.payment_intent_id;
  let found: PaymentOutcome | null;
  if (linked === null) found = await lostCreate(ctx, stripe, budget, order);
  else {
    // A retry's confirm whose answer was lost: its PaymentIntent says.
    const read = await readLinked(ctx, stripe, budget, order, linked);
    if (!read) return { kind: 'unknown', reason: 'no_answer', order };
    found = outcomeOf(read.order, read.paymentIntent);
  }
  if (found?.kind === 'charged' || found?.kind === 'processing')
    return { ...found, statusOnly: !own };
  if (found?.kind === 'unknown') return found;
  // Left at the bank: this PaymentIntent may yet charge, so it is canceled before the new order.
  if (found?.kind === 'requires_action')
    return leftAtTheBank(ctx, stripe, budget, found.order, found.paymentIntent, own);
  // The PaymentIntent reads no payment of this attempt now: a confirm still running may yet charge.
  if (linked !== null && stripeMayBeAtWork(order))
    return { kind: 'unknown', reason: 'in_progress', order };
  return notCharged('checkout_changed', order);
}

/** The ledger's note of a PaymentIntent canceled because its order changed at the bank's step. */
const CHANGED_AT_THE_BANK = 'abandoned at 3-D Secure: the order changed';

/**
 * The answer to a request that cannot be sent as it stands while its order's PaymentIntent `pi`
 * waits for the customer at the bank (3-D Secure): back from it without approving, they changed
 * the order (or the page switched to hosted Checkout). That PaymentIntent could still charge (the
 * bank's page open in another tab, its app), so a new order may start only once it cannot: it is
 * canceled at Stripe, as the sweep cancels one left for an hour (the same request under the same
 * key, recorded the same way), and the checkout changed (not charged). Stripe refusing because
 * the customer approved meanwhile (succeeded, or processing) is that payment's answer, never "not
 * charged"; no answer (a lost response, 5xx) is unknown, and nothing is recorded. A step that
 * waits for days by design (a voucher) is not the customer's to leave at once: in progress.
 */
async function leftAtTheBank(
  ctx: Pick<PayContext, 'env' | 'waitUntil' | 'cause' | 'note'>,
  stripe: () => Promise<Stripe>,
  budget: StripeBudget,
  order: Order,
  pi: Stripe.PaymentIntent,
  own: boolean,
): ReturnType<typeof stripeSays> {
  if (!isAbandonedAfterAnHour(pi)) return { kind: 'unknown', reason: 'in_progress', order };
  const canceled = await cancelAbandonedIntent(await stripe(), order, pi.id, 'cancel', budget);
  ctx.note({ cancel: canceled.kind, payment_intent: pi.id });
  if (canceled.kind === 'unknown') return { kind: 'unknown', reason: 'no_answer', order };
  const refused = canceled.kind === 'stripe_error' ? canceled.error : null;
  const state =
    canceled.kind === 'ok'
      ? canceled.value
      : refused?.code === 'payment_intent_unexpected_state' && refused.payment_intent?.id === pi.id
        ? refused.payment_intent
        : null;
  // Refused before running (429), or for another reason: nothing changed, the customer may still
  // be at the bank.
  if (!state) {
    if (refused) ctx.note({ stripe_error: refused.rawType ?? refused.type, code: refused.code });
    return { kind: 'unknown', reason: 'in_progress', order };
  }
  const note = canceled.kind === 'ok' ? { note: CHANGED_AT_THE_BANK } : {};
  const recorded = await recordRead(ctx.env, ctx.waitUntil, order, state, ctx.cause, {
    stripe,
    ...note,
  });
  const now = outcomeOf(recorded?.order ?? order, state);
  if (now.kind === 'charged' || now.kind === 'processing') return { ...now, statusOnly: !own };
  // Canceled (by this request, or before it), or failed: nothing of this checkout can charge now.
  if (now.kind === 'not_charged') return notCharged('checkout_changed', now.order);
  return { kind: 'unknown', reason: 'in_progress', order: now.order };
}

/**
 * The outcome of a checkout whose order is settled: paid already (a double-submit that arrived
 * late: nothing more to charge), or canceled. Null for an order that may still pay. `own`: the
 * request is the order's own (the paying one, sent again); anyone else may know the checkout id
 * (it is in the PaymentIntent's metadata), and learns the payment's status only.
 */
export function settledOutcome(
  order: Order,
  own: boolean,
): Extract<PaymentOutcome, { kind: 'charged' | 'not_charged' }> | null {
  switch (order.status) {
    case 'paid':
    case 'partially_refunded':
    case 'refunded':
      return { kind: 'charged', order, paymentIntent: null, statusOnly: !own };
    case 'canceled':
      // Canceled at the decline cap (src/webhook/capped.ts): still the cap's answer, or the page
      // would start a new checkout with fresh tries.
      return order.declines >= MAX_DECLINES_PER_CHECKOUT
        ? notCharged('too_many_declines', order)
        : notCharged('checkout_canceled', order);
    default:
      return null;
  }
}

/**
 * Takes the payment for a validated checkout request. Never throws for Stripe's answers; every
 * outcome says whether the customer was charged. The Stripe client is made only when a call is
 * needed: an order the ledger already settles is answered without it.
 */
export async function pay(ctx: PayContext, request: ChargeRequest): Promise<PaymentOutcome> {
  const db = ctx.env.DB;
  // Every payment call of this request draws on one budget: at most 3 calls per click. A code
  // lookup's reads have their own, and leave the payment two (src/budget.ts).
  const budget = stripeBudget(ctx.env, ctx.waits);
  const lookupBudget = stripeBudget(ctx.env, ctx.waits, CODE_LOOKUP_CALLS, CODE_LOOKUP_TIMEOUT_MS);
  let client: Stripe | undefined;
  const pricing: PricingContext = {
    db,
    stripe: async () => (client ??= await stripeFor(ctx.config)),
    budget: lookupBudget,
    // The tax is calculated with the payment's calls: a code lookup's two reads leave it none.
    taxBudget: budget,
    locale: ctx.locale,
    tax: taxCalculation(ctx.env),
    scope: request.checkoutId,
    note: ctx.note,
  };

  // A new checkout is priced now, its promotion code checked and redeemed as its order opens; an
  // existing one keeps the price its order was opened at (a resend must replay, never re-price).
  let order =
    ctx.known !== undefined ? ctx.known : await findOrderByCheckout(db, request.checkoutId);
  // Another request opened the order, or began its attempt: a call of theirs under the attempt's
  // key may have charged, its answer lost. Only a request that began the attempt itself (opened
  // the order, or reopened it for a retry) knows its key unused until its own calls.
  let keyUsedBefore = order !== null;
  /**
   * A "not charged" for an attempt another request may have sent first, once Stripe has no
   * payment of it: a create looked for (lostCreate); a confirm of its PaymentIntent, which only
   * the key's own answer can tell, is unknown.
   */
  const proven = async (outcome: PaymentOutcome): Promise<PaymentOutcome> => {
    if (!keyUsedBefore || outcome.kind !== 'not_charged' || !outcome.order) return outcome;
    const { order: current } = outcome;
    if (current.status === 'pending' && current.payment_intent_id !== null)
      return { kind: 'unknown', reason: 'no_answer', order: current };
    return (await lostCreate(ctx, pricing.stripe, budget, current)) || outcome;
  };
  /**
   * The answer to a page that showed another total than the order's (or its tax renewed came to
   * another): once Stripe has no payment of it, the price now, which the customer sees before
   * paying it (a new checkout). Without a total shown, "checkout changed", as before.
   */
  const changedPrice = async (current: Order, linked: boolean): Promise<PaymentOutcome> => {
    const proof = linked
      ? await stripeSays(ctx, pricing.stripe, budget, current, true)
      : await proven(notCharged('checkout_changed', current));
    if (proof.kind !== 'not_charged' || !request.expected) return proof;
    const now = await priceCart(pricing, request);
    return now.kind === 'quoted' ? priceChanged(current, now.quote) : notPriced(now, current);
  };
  if (!order) {
    const priced = await priceCart(pricing, request);
    if (priced.kind !== 'quoted') return notPriced(priced, null);
    // Another total than the page showed: nothing is opened, nothing sent to Stripe.
    const { total, currency } = priced.quote;
    if (!showed(request.expected, total, currency)) return priceChanged(null, priced.quote);
    const id = newOrderId();
    order = await openPricedOrder(ctx, request, priced, id);
    if (!order) return notPriced(await noLongerApplies(pricing, request), null);
    keyUsedBefore = order.id !== id; // a concurrent request of the checkout opened it
  }
  // A settled checkout is answered as it stands, whatever this request says: a paid one whose
  // answer was lost, then changed in the page, must show its receipt, never "not charged" (the
  // page would start a new checkout and charge again).
  const same = sameOrder(order, request);
  const settled = settledOutcome(order, same);
  if (settled) return settled;
  // An order of Stripe's hosted Checkout (CHECKOUT_UI changed meanwhile) is paid on its Session
  // only, also between two of its Sessions: a PaymentIntent of ours beside it could charge the
  // customer twice, and its code's redemption is Stripe's to count, not the ledger's. Its Session
  // says first whether it was paid, and one still open is expired (src/hosted/linked.ts).
  if (order.hosted) {
    const { env, waitUntil, cause } = ctx;
    return hostedOnOwnPage(
      { env, db, waitUntil, cause, budget, stripe: pricing.stripe },
      order,
      same,
    );
  }
  if (!same) return changedOrder(ctx, pricing.stripe, budget, order);
  switch (order.status) {
    case 'requires_action': {
      // The customer came back without finishing 3-D Secure: ask Stripe where the payment stands.
      const linked = order.payment_intent_id ?? '';
      const read = await readLinked(ctx, pricing.stripe, budget, order, linked);
      // The authentication may have gone through meanwhile: unknown, not "not charged".
      if (!read) return { kind: 'unknown', reason: 'no_answer', order };
      order = read.order;
      if (order.status !== 'failed') return outcomeOf(order, read.paymentIntent);
      break;
    }
    default:
      break;
  }
  // The check was passed for another attempt: the one it was for ended (a decline that landed
  // while this resend was on its way). Nothing is charged without a check for this one.
  if (ctx.checkedAttempt !== undefined && ctx.checkedAttempt !== order.attempt)
    return notCharged('check_required', order);
  const failed = order.status === 'failed';
  if (failed && order.declines >= MAX_DECLINES_PER_CHECKOUT) {
    ctx.note({ problem: 'decline_cap', order_id: order.id, declines: order.declines });
    return notCharged('too_many_declines', order);
  }
  // The page showed another total than the order's price (a resend of another page, a retry
  // after the price moved): never charged unseen. An open attempt's PaymentIntent says first.
  if (!showed(request.expected, order.amount, order.currency))
    return changedPrice(order, !failed && order.payment_intent_id !== null);
  if (failed) {
    // A new attempt must win a redemption of its code again, unless the order holds its own
    // (the ledger's PAYABLE_BY_SECRET).
    let limits = null;
    if (order.promotion_code) {
      const code = await codeLimits(pricing, request, order);
      if ('outcome' in code) return code.outcome;
      limits = code.limits;
    }
    const retry = await startRetry(db, order, ctx.cause, limits);
    order = retry.order;
    if (order.status === 'failed') return notPriced(await noLongerApplies(pricing, request), order);
    keyUsedBefore = !retry.reopened;
  } else if (order.promotion_code && order.payment_intent_id === null && heldTooLong(order)) {
    // Left without a PaymentIntent too long, the order's redemption went back to the code: its
    // PaymentIntent may be created only if it wins one again.
    const code = await codeLimits(pricing, request, order);
    if ('outcome' in code) return proven(code.outcome);
    const held = code.limits ? await reclaimRedemption(db, order, code.limits) : order;
    if (!held) return proven(notPriced(await noLongerApplies(pricing, request), order));
    order = held;
  }

  // A calculation past its expires_at can no longer be recorded: calculate again before charging.
  if (isExpired(order)) {
    const renewed = await renewTaxCalculation(pricing, request, order);
    if (renewed.kind === 'failed') return proven(notPriced(renewed.pricing, order));
    if (renewed.kind === 'changed') return changedPrice(order, false);
    order = renewed.order;
  }

  // After a code lookup, the payment's calls (a tax calculation's included) are capped so that
  // one click stays within its bound (src/budget.ts).
  if (lookupBudget.attemptsLeft < CODE_LOOKUP_CALLS) {
    const used = STRIPE_ATTEMPTS - budget.attemptsLeft;
    budget.attemptsLeft = Math.min(budget.attemptsLeft, PAYMENT_ATTEMPTS_AFTER_LOOKUP - used);
    // A tax calculation retried after a lookup spent the click's calls: nothing was sent, so the
    // customer is told plainly they were not charged and may try again (a new click, a new budget).
    // (An earlier request's create is in doubt then, and Stripe cannot be asked: unknown.)
    if (budget.attemptsLeft <= 0) return proven(notCharged('stripe_unavailable', order));
  }
  const attempt = order.attempt;
  const idempotencyKey = `${order.checkout_id}/${attempt}`;
  // The same on every resend of the attempt, whatever page sends it: its key's parameters.
  const returnUrl = order.return_url ?? returnUrlOf(ctx);
  const source = sourceParams(request.source);
  const existing = order.payment_intent_id;
  const stripe = await pricing.stripe();
  const lines = linesOf(order);
  const shipping = shippingOf(order);
  const create: Stripe.PaymentIntentCreateParams = {
    amount: order.amount,
    currency: order.currency,
    confirm: true,
    ...source,
    automatic_payment_methods: { enabled: true },
    return_url: returnUrl,
    // Stripe emails its receipt (live mode only) when the shop says it should.
    ...(SHOP.receiptEmails.stripe && { receipt_email: request.email }),
    description: linesText(lines, lineName, DESCRIPTION_MAX),
    metadata: {
      checkout_id: order.checkout_id,
      order_id: order.id,
      items: linesText(lines, (line) => line.product, METADATA_VALUE_MAX),
      ...(order.promotion_code && {
        promotion_code: order.promotion_code,
        promotion_code_id: order.promotion_code_id,
        discount_amount: String(order.discount_amount),
      }),
      ...(shipping && {
        shipping_rate: shipping.rate,
        shipping_amount: String(order.shipping_amount),
      }),
      ...(order.tax_calculation && {
        tax_calculation: order.tax_calculation,
        tax_amount: String(order.tax_amount),
      }),
    },
    ...(shipping && { shipping: stripeShipping(shipping) }),
    expand: ['latest_charge'],
  };
  const outcome = await callStripe(
    (options) =>
      existing
        ? stripe.paymentIntents.confirm(
            existing,
            { ...source, return_url: returnUrl, expand: ['latest_charge'] },
            { idempotencyKey, ...options },
          )
        : stripe.paymentIntents.create(create, { idempotencyKey, ...options }),
    budget,
  );

  ctx.note({ order_id: order.id, attempt, outcome: outcome.kind });
  switch (outcome.kind) {
    case 'ok': {
      const pi = outcome.value;
      ctx.note({ payment_intent: pi.id, payment_status: pi.status });
      return outcomeOf(await record(ctx, pricing.stripe, order, factsFromPaymentIntent(pi)), pi);
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
        const refusal = {
          code: error.code ?? 'card_declined',
          declineCode: error.decline_code || null,
        };
        if (error.payment_intent)
          order = await record(ctx, pricing.stripe, order, {
            ...factsFromPaymentIntent(error.payment_intent),
            status: 'failed',
            lastError: declineMessage(error.code, error.decline_code),
            declined: true,
          });
        else await retireAttempt(db, order, attempt, ctx.cause, declineMessage(error.code, null));
        return notCharged('declined', order, refusal);
      }
      // The PaymentIntent is past being confirmed: Stripe says where it stands (it succeeded, or
      // is processing, while the ledger thought it failed). Its state is the answer, recorded;
      // never "not charged" for a payment that went through.
      const current = error.payment_intent;
      if (error.code === 'payment_intent_unexpected_state' && current?.id === existing)
        return outcomeOf(
          await record(ctx, pricing.stripe, order, factsFromPaymentIntent(current)),
          current,
        );
      // A conflict on this attempt's key: another request with other parameters (a second card
      // submitted while the first is being confirmed). It may be charging: keep the key.
      // (A 409 key in use is in doubt: callStripe retries it and answers `unknown`, never this.)
      if (error.type === 'StripeIdempotencyError') {
        return { kind: 'unknown', reason: 'in_progress', order };
      }
      // Any other answer moved no money: free this attempt's key for the next try.
      await retireAttempt(db, order, attempt, ctx.cause, `Stripe: ${error.code ?? error.type}`);
      if (rejectsKey(error)) {
        ctx.note(KEY_REJECTED);
        return notCharged('not_configured', order);
      }
      // The shop's own total or currency: no card can change the answer, so the customer is not
      // asked to re-enter theirs, and the merchant's log line says what Stripe refused.
      const shops = refusesShopParameter(error) && configurationRefusal(error, true);
      if (shops) {
        ctx.note(shops);
        return notCharged('not_configured', order);
      }
      return notCharged('invalid_payment_method', order, {
        code: error.code ?? 'payment_method_invalid',
        declineCode: null,
      });
    }
    case 'unavailable': {
      ctx.note({ error: String(outcome.error) });
      // This request's calls never ran; another's under the same key may have: its key is kept
      // unless Stripe says it made nothing (a new attempt's key could charge a second time).
      const proof = await proven(notCharged('stripe_unavailable', order));
      if (proof.kind === 'not_charged')
        await retireAttempt(db, order, attempt, ctx.cause, 'Stripe: rate_limit');
      return proof;
    }
    case 'unknown':
      ctx.note({ error: String(outcome.error) });
      if (outcome.replayed)
        return afterReplayedFailure(ctx, pricing.stripe, budget, order, attempt, existing);
      return { kind: 'unknown', reason: 'no_answer', order };
  }
}
