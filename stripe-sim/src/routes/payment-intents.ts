import { Hono } from 'hono';
import type Stripe from 'stripe';
import { checkStep } from '../amounts';
import { refuseCheckoutOwned } from '../checkout/lifecycle';
import { paymentContext, type SimContext, type SimEnv } from '../context';
import { contract } from '../contract/contract';
import type { ParamsOf } from '../contract/endpoints';
import { ApiError, invalidRequest, missingParameter, resourceMissing, validated } from '../errors';
import { expand } from '../expand';
import { unixNow } from '../ids';
import { type FieldParams, fieldsFrom } from '../payment-intent-fields';
import {
  createFromPaymentMethodData,
  type PaymentMethodData,
  paymentMethodFromPreview,
  resolvePaymentMethod,
} from '../payment-methods';
import { email, text } from '../param-types';
import { parseParams } from '../params';
import { checkPublishableExpand, publishableView } from '../publishable-payment-intent';
import {
  cancelPaymentIntent,
  capturePaymentIntent,
  confirmPaymentIntent,
  createPaymentIntent,
} from '../payments';
import { load, matches, respond, respondWithList } from './helpers';

// Stripe's limits that the types cannot say: a description of at most 1000 characters, an email.
const createParams = contract('POST /v1/payment_intents', {
  description: text(1000),
  receipt_email: email(),
});
const updateParams = contract('POST /v1/payment_intents/:id', {
  description: text(1000),
  receipt_email: email(),
});
const confirmParams = contract('POST /v1/payment_intents/:id/confirm', { receipt_email: email() });
const retrieveParams = contract('GET /v1/payment_intents/:id');
const listParams = contract('GET /v1/payment_intents');
const cancelParams = contract('POST /v1/payment_intents/:id/cancel');
const captureParams = contract('POST /v1/payment_intents/:id/capture');

type CreateParams = ParamsOf<'POST /v1/payment_intents'>;
type ConfirmParams = ParamsOf<'POST /v1/payment_intents/:id/confirm'>;

/**
 * Stripe's minimum charge amounts (the currency's smallest unit), as its currencies page lists
 * them ("Minimum and maximum charge amounts"), with the amount its amount_too_small error names.
 * Any other currency's minimum depends on the account's settlement currency: 1 unit here.
 */
export const MINIMUM_AMOUNTS: Record<string, [amount: number, label: string]> = {
  usd: [50, '$0.50'],
  aed: [200, '2.00 د.إ'],
  aud: [50, '$0.50'],
  bgn: [100, 'лв1.00'],
  brl: [50, 'R$0.50'],
  cad: [50, '$0.50'],
  chf: [50, '0.50 Fr'],
  czk: [1500, '15.00Kč'],
  dkk: [250, '2.50-kr.'],
  eur: [50, '€0.50'],
  gbp: [30, '£0.30'],
  hkd: [400, '$4.00'],
  huf: [17500, '175.00 Ft'],
  inr: [50, '₹0.50'],
  jpy: [50, '¥50'],
  mxn: [1000, '$10 MXN'],
  myr: [200, 'RM 2'],
  nok: [300, '3.00-kr.'],
  nzd: [50, '$0.50'],
  pln: [200, '2.00 zł'],
  ron: [200, 'lei2.00'],
  sek: [300, '3.00-kr.'],
  sgd: [50, '$0.50'],
  thb: [1000, '฿10'],
};

/**
 * The parameters that describe a confirmation: on create, Stripe refuses them without
 * confirm=true (stripe-node documents each: "This parameter can only be used with confirm=true").
 */
const CONFIRM_ONLY = [
  'confirmation_token',
  'error_on_requires_action',
  'mandate',
  'mandate_data',
  'off_session',
  'return_url',
  'use_stripe_sdk',
] as const;

type PaymentMethodChoice = {
  payment_method?: string;
  payment_method_data?: PaymentMethodData;
  confirmation_token?: string;
};

/**
 * The PaymentMethod a request names, if any, and the ConfirmationToken it came from. A
 * ConfirmationToken is validated here but only marked as used once the confirmation happens.
 */
function chosenPaymentMethod(c: SimContext, params: PaymentMethodChoice) {
  const given = (['payment_method', 'payment_method_data', 'confirmation_token'] as const).filter(
    (key) => params[key] !== undefined,
  );
  if (given.length > 1) {
    throw invalidRequest(`You may only specify one of these parameters: ${given.join(', ')}.`, {
      param: given[1],
      code: 'parameters_exclusive',
    });
  }
  const { store } = c.var.sim;
  if (params.payment_method)
    return { paymentMethod: resolvePaymentMethod(store, params.payment_method, 'payment_method') };
  if (params.payment_method_data)
    return {
      paymentMethod: createFromPaymentMethodData(
        store,
        params.payment_method_data,
        'payment_method_data',
      ),
    };
  if (!params.confirmation_token) return {};
  const token = store.get('confirmation_token', params.confirmation_token);
  if (!token?.payment_method_preview)
    throw resourceMissing('confirmation_token', params.confirmation_token, 'confirmation_token');
  if (token.payment_intent || token.setup_intent)
    throw invalidRequest('This ConfirmationToken has already been used.', {
      param: 'confirmation_token',
    });
  if (token.expires_at !== null && token.expires_at < unixNow())
    throw invalidRequest('This ConfirmationToken has expired.', { param: 'confirmation_token' });
  return { paymentMethod: paymentMethodFromPreview(store, token.payment_method_preview), token };
}

const missingPaymentMethod = (paymentIntent?: Stripe.PaymentIntent) =>
  invalidRequest(
    "You cannot confirm this PaymentIntent because it's missing a payment method. " +
      'Pass payment_method, payment_method_data or confirmation_token.',
    {
      code: 'payment_intent_unexpected_state',
      ...(paymentIntent && { paymentIntent }),
    },
  );

/** Checks an amount and currency as Stripe does. Returns the currency in lower case. */
function checkAmount(amount: number, givenCurrency: string): string {
  const currency = givenCurrency.toLowerCase();
  if (!/^[a-z]{3}$/.test(currency))
    throw invalidRequest(`Invalid currency: ${givenCurrency}.`, { param: 'currency' });
  const [minimum, label] = MINIMUM_AMOUNTS[currency] ?? [1, '1'];
  if (amount < minimum)
    throw invalidRequest(`Amount must be at least ${label} ${currency}`, {
      param: 'amount',
      code: 'amount_too_small',
    });
  if (amount > 99_999_999)
    throw invalidRequest('Amount must be no more than 99999999', {
      param: 'amount',
      code: 'amount_too_large',
    });
  checkStep(amount, currency);
  return currency;
}

/** Checks the combinations Stripe refuses on create. Returns the currency. */
function checkCreateParams(params: CreateParams): string {
  const currency = checkAmount(params.amount, params.currency);
  const types = params.payment_method_types;
  if (types && (params.automatic_payment_methods || params.allowed_payment_method_types)) {
    const other = params.automatic_payment_methods
      ? 'automatic_payment_methods'
      : 'allowed_payment_method_types';
    throw invalidRequest(
      `You may only specify one of these parameters: ${other}, payment_method_types.`,
      { param: 'payment_method_types', code: 'parameters_exclusive' },
    );
  }
  const unsupported = types?.findIndex((type) => type !== 'card') ?? -1;
  if (unsupported >= 0) {
    throw invalidRequest(
      `The payment method type "${types?.[unsupported]}" is invalid: ` +
        'the Stripe simulator supports card payments only.',
      {
        param: `payment_method_types[${unsupported}]`,
        code: 'payment_intent_invalid_parameter',
      },
    );
  }
  for (const param of CONFIRM_ONLY) {
    if (params[param] !== undefined && !params.confirm)
      throw invalidRequest(`You can only pass ${param} together with confirm=true.`, { param });
  }
  return currency;
}

/** The Customer a `customer` parameter names (a deleted one is gone, as at Stripe). */
function customerOf(c: SimContext, id: string): Stripe.Customer {
  const customer = c.var.sim.store.get('customer', id);
  if (!customer || customer.deleted) throw resourceMissing('customer', id, 'customer');
  return customer;
}

/** Stripe refuses a payment method saved to another customer than the PaymentIntent's. */
function checkOwner(paymentMethod: Stripe.PaymentMethod, customer: string | null): void {
  const owner = paymentMethod.customer;
  if (typeof owner === 'string' && owner !== customer)
    throw invalidRequest(
      customer
        ? `The provided PaymentMethod (${paymentMethod.id}) belongs to another Customer ` +
            `(${owner}) than this PaymentIntent's (${customer}).`
        : `The provided PaymentMethod (${paymentMethod.id}) is attached to a Customer (${owner}): ` +
            'pass that customer with the PaymentIntent to use it.',
      { param: 'payment_method' },
    );
}

/**
 * What a confirmation's parameters ask besides the payment method: checked as Stripe checks them
 * (no Mandates or Radar sessions exist in the simulator to look up).
 */
function confirmOptions(params: ConfirmParams | CreateParams, amount: number) {
  if (params.mandate !== undefined) throw resourceMissing('mandate', params.mandate, 'mandate');
  if ('amount_to_confirm' in params && params.amount_to_confirm !== undefined) {
    if (params.amount_to_confirm !== amount)
      throw invalidRequest(
        `amount_to_confirm (${params.amount_to_confirm}) must be the PaymentIntent's amount ` +
          `(${amount}): the simulator confirms whole amounts only.`,
        { param: 'amount_to_confirm' },
      );
  }
  return {
    ...(params.return_url !== undefined && { returnUrl: params.return_url }),
    ...(params.use_stripe_sdk !== undefined && { useStripeSdk: params.use_stripe_sdk }),
    offSession: params.off_session !== undefined && params.off_session !== false,
    errorOnRequiresAction: params.error_on_requires_action === true,
    ...(params.radar_options && { radarOptions: params.radar_options }),
  };
}

/**
 * Confirms, consuming the ConfirmationToken if one was given (by the confirmation it took part in,
 * a decline included; a confirm refused on the PaymentIntent's state confirmed nothing and leaves
 * it usable); a decline is thrown as Stripe's 402.
 */
function confirmWith(
  c: SimContext,
  paymentIntent: Stripe.PaymentIntent,
  {
    paymentMethod,
    token,
  }: { paymentMethod: Stripe.PaymentMethod; token?: Stripe.ConfirmationToken | undefined },
  params: ConfirmParams | CreateParams,
): Stripe.PaymentIntent {
  checkOwner(
    paymentMethod,
    typeof paymentIntent.customer === 'string' ? paymentIntent.customer : null,
  );
  const options = confirmOptions(params, paymentIntent.amount);
  const returnUrl = options.returnUrl ?? token?.return_url ?? undefined;
  const result = confirmPaymentIntent(paymentContext(c), paymentIntent, paymentMethod, {
    ...options,
    ...(returnUrl && { returnUrl }),
  });
  if (token) c.var.sim.store.put({ ...token, payment_intent: paymentIntent.id });
  if (result.error) throw result.error;
  return result.paymentIntent;
}

/** A publishable key (Stripe.js) reaches a PaymentIntent only with its client secret. */
function checkClientSecret(
  c: SimContext,
  paymentIntent: Stripe.PaymentIntent,
  clientSecret: string | undefined,
): void {
  if (clientSecret === undefined) {
    if (c.var.keyKind === 'publishable') throw missingParameter('client_secret');
    return;
  }
  if (clientSecret !== paymentIntent.client_secret) {
    throw invalidRequest(
      'The client_secret provided does not match the client_secret associated with the PaymentIntent.',
      { param: 'client_secret' },
    );
  }
}

/** The statuses in which Stripe lets a PaymentIntent's payment be changed by an update. */
const UPDATABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
/** What an update may still change once the payment is done (as Stripe allows). */
const ALWAYS_UPDATABLE = new Set([
  'description',
  'metadata',
  'receipt_email',
  'shipping',
  'expand',
]);

/** Applies an update's fields, or refuses it as Stripe does for a finished PaymentIntent. */
function updated(
  c: SimContext,
  paymentIntent: Stripe.PaymentIntent,
  params: ParamsOf<'POST /v1/payment_intents/:id'>,
): Stripe.PaymentIntent {
  if (!UPDATABLE.includes(paymentIntent.status)) {
    const blocked = Object.keys(params).find((key) => !ALWAYS_UPDATABLE.has(key));
    if (blocked)
      throw invalidRequest(
        `You cannot update ${blocked} on this PaymentIntent because it has a status of ` +
          `${paymentIntent.status}. Only description, metadata, receipt_email and shipping can ` +
          'be updated now.',
        { param: blocked, code: 'payment_intent_unexpected_state', paymentIntent },
      );
  }
  const amount = params.amount ?? paymentIntent.amount;
  const currency = checkAmount(amount, params.currency ?? paymentIntent.currency);
  const customer = params.customer !== undefined ? customerOf(c, params.customer).id : undefined;
  const { paymentMethod } = chosenPaymentMethod(c, params);
  const next: Stripe.PaymentIntent = {
    ...paymentIntent,
    amount,
    currency,
    ...(customer && { customer }),
    ...fieldsFrom(paymentIntent, params),
  };
  if (!paymentMethod) return next;
  checkOwner(paymentMethod, typeof next.customer === 'string' ? next.customer : null);
  // A new payment method replaces the failed or unfinished attempt, as Stripe does.
  return {
    ...next,
    payment_method: paymentMethod.id,
    status: 'requires_confirmation',
    next_action: null,
  };
}

/** POST /v1/payment_intents/:id/confirm: the PaymentIntent confirmed, or the error Stripe answers. */
function confirmed(c: SimContext, id: string, params: ConfirmParams): Stripe.PaymentIntent {
  const stored = load(c, 'payment_intent', id);
  checkClientSecret(c, stored, params.client_secret);
  refuseCheckoutOwned(c.var.sim.store, stored, 'confirm');
  if (c.var.keyKind === 'publishable' && stored.confirmation_method === 'manual')
    throw invalidRequest(
      'This PaymentIntent has confirmation_method=manual: confirm it from your server with a ' +
        'secret key.',
      { code: 'payment_intent_unexpected_state', paymentIntent: stored },
    );
  const paymentIntent = { ...stored, ...fieldsFrom(stored, params) };
  const chosen = chosenPaymentMethod(c, params);
  // Without a new payment method, confirm with the one attached earlier.
  const attached =
    typeof paymentIntent.payment_method === 'string'
      ? paymentIntent.payment_method
      : paymentIntent.payment_method?.id;
  const paymentMethod =
    chosen.paymentMethod ??
    (attached ? c.var.sim.store.get('payment_method', attached) : undefined);
  if (!paymentMethod) throw missingPaymentMethod(paymentIntent);
  return confirmWith(c, paymentIntent, { paymentMethod, token: chosen.token }, params);
}

/**
 * How this request's key is answered a PaymentIntent: whole for a secret key, Stripe.js's subset
 * for a publishable one, whose `expand[]` is checked at once, before anything is carried out.
 */
function paymentIntentAnswer(c: SimContext, paths?: readonly string[]) {
  if (c.var.keyKind !== 'publishable')
    return { json: (pi: Stripe.PaymentIntent) => respond(c, pi, paths), error: (e: unknown) => e };
  validated(() => checkPublishableExpand(paths));
  return {
    json: (pi: Stripe.PaymentIntent) => c.json(publishableView(expand(c.var.sim.store, pi, paths))),
    /** A decline's `payment_intent` is the subset too. */
    error(err: unknown) {
      if (!(err instanceof ApiError) || !err.error.payment_intent) return err;
      const view = publishableView(err.error.payment_intent) as Stripe.PaymentIntent;
      return new ApiError(err.status, { ...err.error, payment_intent: view }, err.headers);
    },
  };
}

/** Routes of /v1/payment_intents. */
export const paymentIntents = new Hono<SimEnv>()
  .post('/', (c) => {
    const params = parseParams(createParams, c.var.form);
    const currency = validated(() => checkCreateParams(params));
    const customer = params.customer !== undefined ? customerOf(c, params.customer).id : undefined;
    const { paymentMethod, token } = chosenPaymentMethod(c, params);
    if (params.confirm && !paymentMethod) throw missingPaymentMethod();
    // Refusals of the confirmation come before the PaymentIntent is stored: Stripe keeps nothing
    // of a request it answers 400.
    if (paymentMethod && params.confirm) {
      checkOwner(paymentMethod, customer ?? null);
      confirmOptions(params, params.amount);
    }

    const paymentIntent = createPaymentIntent(
      paymentContext(c),
      {
        amount: params.amount,
        currency,
        ...(customer && { customer }),
        ...(params.payment_method_types && { payment_method_types: params.payment_method_types }),
        ...(paymentMethod && { payment_method: paymentMethod.id }),
      },
      params satisfies FieldParams,
    );
    const result =
      params.confirm && paymentMethod
        ? confirmWith(c, paymentIntent, { paymentMethod, token }, params)
        : paymentIntent;
    return respond(c, result, params.expand);
  })
  .get('/', (c) => {
    const params = parseParams(listParams, c.var.form);
    return respondWithList(c, 'payment_intent', params, (pi) =>
      matches(pi, { customer: params.customer, customer_account: params.customer_account }),
    );
  })
  .get('/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.form);
    const answer = paymentIntentAnswer(c, params.expand);
    const paymentIntent = load(c, 'payment_intent', c.req.param('id'));
    checkClientSecret(c, paymentIntent, params.client_secret);
    return answer.json(paymentIntent);
  })
  .post('/:id', (c) => {
    const params = parseParams(updateParams, c.var.form);
    const paymentIntent = load(c, 'payment_intent', c.req.param('id'));
    return respond(c, c.var.sim.store.put(updated(c, paymentIntent, params)), params.expand);
  })
  .post('/:id/confirm', (c) => {
    const params = parseParams(confirmParams, c.var.form);
    const answer = paymentIntentAnswer(c, params.expand);
    try {
      return answer.json(confirmed(c, c.req.param('id'), params));
    } catch (err) {
      throw answer.error(err);
    }
  })
  .post('/:id/cancel', (c) => {
    const params = parseParams(cancelParams, c.var.form);
    const paymentIntent = load(c, 'payment_intent', c.req.param('id'));
    refuseCheckoutOwned(c.var.sim.store, paymentIntent, 'cancel');
    return respond(
      c,
      cancelPaymentIntent(paymentContext(c), paymentIntent, params.cancellation_reason ?? null),
      params.expand,
    );
  })
  .post('/:id/capture', (c) => {
    const params = parseParams(captureParams, c.var.form);
    const paymentIntent = load(c, 'payment_intent', c.req.param('id'));
    if (params.final_capture === false)
      throw invalidRequest(
        'final_capture=false is only available with multicapture, which the simulated account ' +
          'does not have.',
        { param: 'final_capture' },
      );
    return respond(
      c,
      capturePaymentIntent(
        paymentContext(c),
        { ...paymentIntent, ...fieldsFrom(paymentIntent, params) },
        params.amount_to_capture,
      ),
      params.expand,
    );
  });
