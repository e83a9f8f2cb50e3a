import type Stripe from 'stripe';
import { recordChargeTransaction } from './balance';
import {
  AUTHENTICATION_REQUIRED,
  type ChargeOutcome,
  LIVE_CARD_OUTCOME,
  MESSAGES,
  declineMessage,
  testCardByFingerprint,
} from './cards';
import { buildCharge, chargeFieldsOf } from './charges';
import { disputeIfTestCard } from './disputes';
import { attach } from './customers';
import { ApiError, invalidRequest } from './errors';
import type { Events } from './events';
import { newId, randomString, unixNow } from './ids';
import { type FieldParams, fieldsFrom } from './payment-intent-fields';
import type { Store } from './store';

/**
 * The PaymentIntent state machine (https://docs.stripe.com/payments/paymentintents/lifecycle):
 *
 *   requires_payment_method ─(payment method)→ requires_confirmation ─(confirm)→ charge
 *   charge: succeeded | requires_capture (capture_method=manual) | declined → requires_payment_method
 *   3-D Secure cards: confirm → requires_action ─(authenticate)→ charge, or requires_payment_method
 *     (confirmation_method=manual: authenticate → requires_confirmation, and the server confirms);
 *     off_session or error_on_requires_action: confirm → declined, authentication_required
 *   any unfinished state ─(cancel)→ canceled
 */

/** What a state change needs besides the PaymentIntent. */
export interface PaymentContext {
  store: Store;
  events: Events;
  /** The simulator's origin, for next_action and receipt URLs. */
  origin: string;
  /** The API request making the change (an event's `request`); null outside the API. */
  request: Stripe.Event.Request | null;
}

/** A confirmation's result: the PaymentIntent as it now is, and the 402 to answer if the card was declined. */
interface ConfirmResult {
  paymentIntent: Stripe.PaymentIntent;
  error?: ApiError;
}

type Status = Stripe.PaymentIntent.Status;
const CONFIRMABLE: Status[] = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
];
const CANCELABLE: Status[] = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];

/** What a new PaymentIntent is made of besides the fields its parameters set (FieldParams). */
interface NewPaymentIntent {
  amount: number;
  currency: string;
  customer?: string;
  payment_method?: string;
  /** The types given (legacy `payment_method_types`); without them, automatic payment methods. */
  payment_method_types?: string[];
}

/** A new PaymentIntent, stored, with its payment_intent.created event. */
export function createPaymentIntent(
  ctx: PaymentContext,
  input: NewPaymentIntent,
  params: FieldParams,
): Stripe.PaymentIntent {
  const id = newId('pi');
  const base: Stripe.PaymentIntent = {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: input.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    // Without payment_method_types Stripe enables automatic payment methods (API 2023-08-16 on).
    automatic_payment_methods: input.payment_method_types
      ? null
      : (params.automatic_payment_methods ?? { enabled: true }),
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: `${id}_secret_${randomString(25)}`,
    confirmation_method: 'automatic',
    created: unixNow(),
    currency: input.currency,
    customer: input.customer ?? null,
    customer_account: null,
    description: null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: {},
    next_action: null,
    on_behalf_of: null,
    payment_method: input.payment_method ?? null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: {
        installments: null,
        mandate_options: null,
        network: null,
        request_three_d_secure: 'automatic',
      },
    },
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: input.payment_method ? 'requires_confirmation' : 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
  };
  const paymentIntent = ctx.store.put({ ...base, ...fieldsFrom(base, params) });
  ctx.events.record('payment_intent.created', paymentIntent, ctx.request);
  return paymentIntent;
}

/** 400 `payment_intent_unexpected_state`, as Stripe words it for each action. */
function unexpectedState(
  paymentIntent: Stripe.PaymentIntent,
  action: 'confirm' | 'cancel' | 'capture',
  allowed: Status[],
): ApiError {
  const message =
    action === 'confirm' && paymentIntent.status === 'succeeded'
      ? 'You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.'
      : `You cannot ${action} this PaymentIntent because it has a status of ${paymentIntent.status}. ` +
        'Only a PaymentIntent with one of the following statuses may be ' +
        `${action === 'capture' ? 'captured' : `${action}ed`}: ${allowed.join(', ')}.`;
  return invalidRequest(message, { code: 'payment_intent_unexpected_state', paymentIntent });
}

interface ConfirmOptions {
  returnUrl?: string;
  /** The request asked for `use_stripe_sdk` next actions (as Stripe.js does) instead of redirects. */
  useStripeSdk?: boolean;
  /** `off_session`: the customer is not there to authenticate (true, `one_off` or `recurring`). */
  offSession?: boolean;
  /** `error_on_requires_action=true`: fail rather than ask for authentication. */
  errorOnRequiresAction?: boolean;
  /** `radar_options`, kept on the charge. */
  radarOptions?: Stripe.PaymentIntentConfirmParams.RadarOptions;
}

const authenticatedKey = (pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod) =>
  `authenticated:${pi.id}:${pm.id}`;
const setUpKey = (pm: Stripe.PaymentMethod) => `set_up:${pm.id}`;

/**
 * Whether this confirmation needs 3-D Secure: the card requires it (4000 0025 0000 3155 not when
 * off-session once set up for future payments), or the request forces it with
 * payment_method_options[card][request_three_d_secure]=any|challenge on a card that supports it
 * (not off-session, where the customer cannot be challenged). Not twice for one payment: a
 * confirmation_method=manual PaymentIntent is confirmed again once authenticated.
 */
function needsAuthentication(
  store: Store,
  pi: Stripe.PaymentIntent,
  paymentMethod: Stripe.PaymentMethod,
  offSession: boolean,
): boolean {
  if (store.marked(authenticatedKey(pi, paymentMethod))) return false;
  const card = testCardByFingerprint(paymentMethod.card?.fingerprint);
  const required = card?.requiresAuthentication ?? false;
  if (required === 'unless_set_up') return !(offSession && store.marked(setUpKey(paymentMethod)));
  if (required) return true;
  const requested = pi.payment_method_options?.card?.request_three_d_secure;
  const supported = paymentMethod.card?.three_d_secure_usage?.supported ?? false;
  return !offSession && supported && (requested === 'any' || requested === 'challenge');
}

/**
 * Confirms with `paymentMethod`: charges it, or asks for 3-D Secure first if needed, or declines
 * with `authentication_required` when authentication is needed and cannot take place.
 */
export function confirmPaymentIntent(
  ctx: PaymentContext,
  paymentIntent: Stripe.PaymentIntent,
  paymentMethod: Stripe.PaymentMethod,
  options: ConfirmOptions,
): ConfirmResult {
  const { returnUrl, useStripeSdk, offSession = false, errorOnRequiresAction = false } = options;
  if (!CONFIRMABLE.includes(paymentIntent.status))
    throw unexpectedState(paymentIntent, 'confirm', CONFIRMABLE);
  const pi: Stripe.PaymentIntent = {
    ...paymentIntent,
    payment_method: paymentMethod.id,
    last_payment_error: null,
    next_action: null,
  };
  const attempt = { paymentMethod, radarOptions: options.radarOptions };
  const authenticated = ctx.store.marked(authenticatedKey(pi, paymentMethod));
  if (!needsAuthentication(ctx.store, pi, paymentMethod, offSession))
    return charge(ctx, pi, { ...attempt, authenticated });
  if (offSession || errorOnRequiresAction)
    return charge(ctx, pi, { ...attempt, authenticated: false, forced: AUTHENTICATION_REQUIRED });

  const url = `${ctx.origin}/_sim/3ds/${pi.id}`;
  pi.status = 'requires_action';
  pi.next_action = useStripeSdk
    ? {
        type: 'use_stripe_sdk',
        use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url, source: pi.id },
      }
    : { type: 'redirect_to_url', redirect_to_url: { url, return_url: returnUrl ?? null } };
  ctx.store.put(pi);
  ctx.events.record('payment_intent.requires_action', pi, ctx.request);
  return { paymentIntent: pi };
}

/** The customer's answer to the 3-D Secure challenge: charge the card, or record the failure. */
export function authenticatePaymentIntent(
  ctx: PaymentContext,
  paymentIntent: Stripe.PaymentIntent,
  authenticated: boolean,
): ConfirmResult {
  const paymentMethodId =
    typeof paymentIntent.payment_method === 'string'
      ? paymentIntent.payment_method
      : paymentIntent.payment_method?.id;
  const paymentMethod = paymentMethodId
    ? ctx.store.get('payment_method', paymentMethodId)
    : undefined;
  if (paymentIntent.status !== 'requires_action' || !paymentMethod) {
    throw invalidRequest(
      `PaymentIntent ${paymentIntent.id} is not awaiting 3-D Secure authentication (status: ${paymentIntent.status}).`,
      {
        code: 'payment_intent_unexpected_state',
      },
    );
  }
  const pi: Stripe.PaymentIntent = { ...paymentIntent, next_action: null };
  if (authenticated && pi.confirmation_method === 'manual') {
    // Manual confirmation: the server confirms again, and the charge is made then.
    ctx.store.mark(authenticatedKey(pi, paymentMethod));
    return { paymentIntent: ctx.store.put({ ...pi, status: 'requires_confirmation' }) };
  }
  if (authenticated) return charge(ctx, pi, { paymentMethod, authenticated: true });

  pi.status = 'requires_payment_method';
  pi.payment_method = null;
  pi.last_payment_error = {
    type: 'invalid_request_error',
    code: 'payment_intent_authentication_failure',
    message: MESSAGES.payment_intent_authentication_failure,
    doc_url: 'https://stripe.com/docs/error-codes/payment-intent-authentication-failure',
    payment_method: paymentMethod,
    payment_method_type: 'card',
  };
  ctx.store.put(pi);
  ctx.events.record('payment_intent.payment_failed', pi, ctx.request);
  return { paymentIntent: pi };
}

interface Attempt {
  paymentMethod: Stripe.PaymentMethod;
  /** Whether the customer passed 3-D Secure for it. */
  authenticated: boolean;
  /** The decline of a card whose authentication cannot take place, instead of the table's outcome. */
  forced?: ChargeOutcome;
  radarOptions?: Stripe.PaymentIntentConfirmParams.RadarOptions | undefined;
}

/** Makes the charge attempt the card's test-table row dictates (or the forced decline). */
function charge(
  ctx: PaymentContext,
  pi: Stripe.PaymentIntent,
  { paymentMethod, authenticated, forced, radarOptions }: Attempt,
): ConfirmResult {
  const outcome =
    forced ?? testCardByFingerprint(paymentMethod.card?.fingerprint)?.outcome ?? LIVE_CARD_OUTCOME;
  const manual =
    pi.capture_method === 'manual' || pi.payment_method_options?.card?.capture_method === 'manual';
  const built = buildCharge({
    paymentIntent: pi,
    paymentMethod,
    outcome,
    authenticated,
    captured: !manual,
    origin: ctx.origin,
    ...(radarOptions && { radarOptions }),
  });
  const charge = ctx.store.put(
    built.captured
      ? { ...built, balance_transaction: recordChargeTransaction(ctx.store, built) }
      : built,
  );
  pi.latest_charge = charge.id;

  if (outcome.result === 'succeeded') {
    pi.status = manual ? 'requires_capture' : 'succeeded';
    pi.amount_capturable = manual ? pi.amount : 0;
    pi.amount_received = manual ? 0 : pi.amount;
    ctx.store.put(pi);
    saveForFutureUsage(ctx, pi, paymentMethod);
    ctx.events.record('charge.succeeded', charge, ctx.request);
    ctx.events.record(
      manual ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded',
      pi,
      ctx.request,
    );
    disputeIfTestCard(ctx.store, ctx.events, charge, ctx.request);
    return { paymentIntent: pi };
  }

  const declined = {
    type: 'card_error' as const,
    code: outcome.code,
    ...(outcome.declineCode && { decline_code: outcome.declineCode }),
    message: declineMessage(outcome),
    charge: charge.id,
    payment_method: paymentMethod,
    payment_method_type: 'card',
  };
  pi.status = 'requires_payment_method';
  pi.payment_method = null;
  pi.last_payment_error = {
    ...declined,
    doc_url: `https://stripe.com/docs/error-codes/${outcome.code.replaceAll('_', '-')}`,
  };
  ctx.store.put(pi);
  ctx.events.record('charge.failed', charge, ctx.request);
  ctx.events.record('payment_intent.payment_failed', pi, ctx.request);
  return { paymentIntent: pi, error: new ApiError(402, { ...declined, payment_intent: pi }) };
}

/**
 * setup_future_usage (on the PaymentIntent or its card options): the card is set up for future
 * payments, and attached to the PaymentIntent's customer if it has one, as Stripe does.
 */
function saveForFutureUsage(
  ctx: PaymentContext,
  pi: Stripe.PaymentIntent,
  paymentMethod: Stripe.PaymentMethod,
): void {
  const usage = pi.payment_method_options?.card?.setup_future_usage ?? pi.setup_future_usage;
  if (!usage || usage === 'none') return;
  ctx.store.mark(setUpKey(paymentMethod));
  if (typeof pi.customer === 'string') attach(ctx.store, paymentMethod, pi.customer);
}

/** Cancels an unfinished PaymentIntent (an authorized, uncaptured charge is released). */
export function cancelPaymentIntent(
  ctx: PaymentContext,
  paymentIntent: Stripe.PaymentIntent,
  reason: Stripe.PaymentIntent.CancellationReason | null,
): Stripe.PaymentIntent {
  if (!CANCELABLE.includes(paymentIntent.status))
    throw unexpectedState(paymentIntent, 'cancel', CANCELABLE);
  if (
    paymentIntent.status === 'requires_capture' &&
    typeof paymentIntent.latest_charge === 'string'
  ) {
    const charge = ctx.store.get('charge', paymentIntent.latest_charge);
    if (charge) ctx.store.put({ ...charge, amount_refunded: charge.amount, refunded: true });
  }
  const pi = ctx.store.put<Stripe.PaymentIntent>({
    ...paymentIntent,
    status: 'canceled',
    canceled_at: unixNow(),
    cancellation_reason: reason,
    amount_capturable: 0,
    next_action: null,
  });
  ctx.events.record('payment_intent.canceled', pi, ctx.request);
  return pi;
}

/** Captures an authorized PaymentIntent (capture_method=manual), in full or for `amount`. */
export function capturePaymentIntent(
  ctx: PaymentContext,
  paymentIntent: Stripe.PaymentIntent,
  amount = paymentIntent.amount_capturable,
): Stripe.PaymentIntent {
  if (paymentIntent.status !== 'requires_capture')
    throw unexpectedState(paymentIntent, 'capture', ['requires_capture']);
  if (amount < 1 || amount > paymentIntent.amount_capturable) {
    throw invalidRequest(
      `The amount_to_capture must be between 1 and ${paymentIntent.amount_capturable}.`,
      { param: 'amount_to_capture', code: 'amount_too_large' },
    );
  }
  const charge =
    typeof paymentIntent.latest_charge === 'string'
      ? ctx.store.get('charge', paymentIntent.latest_charge)
      : undefined;
  if (!charge) throw invalidRequest(`PaymentIntent ${paymentIntent.id} has no charge to capture.`);
  // Stripe releases the part of the authorization that is not captured, reported as refunded.
  const capturedCharge: Stripe.Charge = {
    ...charge,
    ...chargeFieldsOf(paymentIntent),
    captured: true,
    amount_captured: amount,
    amount_refunded: charge.amount - amount,
  };
  const captured = ctx.store.put<Stripe.Charge>({
    ...capturedCharge,
    balance_transaction: recordChargeTransaction(ctx.store, capturedCharge),
  });
  const pi = ctx.store.put<Stripe.PaymentIntent>({
    ...paymentIntent,
    status: 'succeeded',
    amount_capturable: 0,
    amount_received: amount,
  });
  ctx.events.record('charge.captured', captured, ctx.request);
  ctx.events.record('payment_intent.succeeded', pi, ctx.request);
  disputeIfTestCard(ctx.store, ctx.events, captured, ctx.request);
  return pi;
}
