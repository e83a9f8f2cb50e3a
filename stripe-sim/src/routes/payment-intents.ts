import { Hono } from 'hono';
import type Stripe from 'stripe';
import { refuseCheckoutOwned } from '../checkout/lifecycle';
import { paymentContext, type SimContext, type SimEnv } from '../context';
import { invalidRequest, missingParameter, resourceMissing } from '../errors';
import {
  createFromPaymentMethodData,
  type PaymentMethodData,
  paymentMethodDataParams,
  paymentMethodFromPreview,
  resolvePaymentMethod,
} from '../payment-methods';
import {
  boolean,
  type Infer,
  integer,
  list,
  metadata,
  oneOf,
  paramsOf,
  parseParams,
  string,
} from '../params';
import {
  cancelPaymentIntent,
  capturePaymentIntent,
  confirmPaymentIntent,
  createPaymentIntent,
} from '../payments';
import { createdParam, expandParam, listParams, load, respond, respondWithList } from './helpers';

/** The ways a request can name the payment method to confirm with (at most one at a time). */
const paymentMethodParams = {
  payment_method: string(),
  payment_method_data: paymentMethodDataParams,
  confirmation_token: string(),
};

/**
 * stripe-node 23 no longer declares `payment_method_types` on create (it has
 * `allowed_payment_method_types`), but the API still accepts it, and integrations still send it.
 */
type CreateParams = Stripe.PaymentIntentCreateParams & { payment_method_types?: string[] };

const createParams = paramsOf<CreateParams>()(
  {
    amount: integer(),
    currency: string(),
    description: string(),
    metadata: metadata(),
    receipt_email: string(),
    ...paymentMethodParams,
    confirm: boolean(),
    return_url: string(),
    automatic_payment_methods: paramsOf<Stripe.PaymentIntentCreateParams.AutomaticPaymentMethods>()(
      { enabled: boolean(), allow_redirects: oneOf(['always', 'never']) },
      ['enabled'],
    ),
    payment_method_types: list(string()),
    use_stripe_sdk: boolean(),
    capture_method: oneOf(['automatic', 'automatic_async', 'manual']),
    expand: expandParam,
  },
  ['amount', 'currency'],
);

const confirmParams = paramsOf<Stripe.PaymentIntentConfirmParams & { client_secret?: string }>()({
  ...paymentMethodParams,
  return_url: string(),
  use_stripe_sdk: boolean(),
  receipt_email: string(),
  expand: expandParam,
  client_secret: string(),
});

const retrieveParams = paramsOf<Stripe.PaymentIntentRetrieveParams>()({
  client_secret: string(),
  expand: expandParam,
});
const listPaymentIntentParams = paramsOf<Stripe.PaymentIntentListParams>()({
  ...listParams,
  ...createdParam,
});
const cancelParams = paramsOf<Stripe.PaymentIntentCancelParams>()({
  cancellation_reason: oneOf(['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned']),
  expand: expandParam,
});
const captureParams = paramsOf<Stripe.PaymentIntentCaptureParams>()({
  amount_to_capture: integer(),
  expand: expandParam,
});

/** Stripe's minimum charge amounts (in the currency's smallest unit) for the common currencies. */
export const MINIMUM_AMOUNTS: Record<string, [amount: number, label: string]> = {
  usd: [50, '$0.50'],
  eur: [50, '€0.50'],
  gbp: [30, '£0.30'],
  cad: [50, '$0.50'],
  aud: [50, '$0.50'],
};

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
  if (token.expires_at !== null && token.expires_at * 1000 < Date.now())
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

/** Checks what parameter types cannot: amounts, currencies, combinations. Returns the currency. */
function checkCreateParams(params: Infer<typeof createParams>): string {
  const currency = params.currency.toLowerCase();
  if (!/^[a-z]{3}$/.test(currency))
    throw invalidRequest(`Invalid currency: ${params.currency}.`, { param: 'currency' });
  const [minimum, label] = MINIMUM_AMOUNTS[currency] ?? [1, '1'];
  if (params.amount < minimum)
    throw invalidRequest(`Amount must be at least ${label} ${currency}`, {
      param: 'amount',
      code: 'amount_too_small',
    });
  if (params.amount > 99_999_999)
    throw invalidRequest('Amount must be no more than 99999999', {
      param: 'amount',
      code: 'amount_too_large',
    });
  if (params.automatic_payment_methods && params.payment_method_types) {
    throw invalidRequest(
      'You may only specify one of these parameters: automatic_payment_methods, payment_method_types.',
      {
        param: 'payment_method_types',
        code: 'parameters_exclusive',
      },
    );
  }
  const unsupported = params.payment_method_types?.findIndex((type) => type !== 'card') ?? -1;
  if (unsupported >= 0) {
    throw invalidRequest(
      `The payment method type "${params.payment_method_types?.[unsupported]}" is invalid: ` +
        'the Stripe simulator supports card payments only.',
      {
        param: `payment_method_types[${unsupported}]`,
        code: 'payment_intent_invalid_parameter',
      },
    );
  }
  for (const param of ['return_url', 'use_stripe_sdk', 'confirmation_token'] as const) {
    if (params[param] !== undefined && !params.confirm)
      throw invalidRequest(`You can only pass ${param} together with confirm=true.`, { param });
  }
  return currency;
}

/** Confirms, consuming the ConfirmationToken if one was given; a decline is thrown as Stripe's 402. */
function confirmWith(
  c: SimContext,
  paymentIntent: Stripe.PaymentIntent,
  {
    paymentMethod,
    token,
  }: { paymentMethod: Stripe.PaymentMethod; token?: Stripe.ConfirmationToken | undefined },
  params: { return_url?: string; use_stripe_sdk?: boolean },
): Stripe.PaymentIntent {
  if (token) c.var.sim.store.put({ ...token, payment_intent: paymentIntent.id });
  const returnUrl = params.return_url ?? token?.return_url ?? undefined;
  const result = confirmPaymentIntent(paymentContext(c), paymentIntent, paymentMethod, {
    ...(returnUrl && { returnUrl }),
    ...(params.use_stripe_sdk !== undefined && { useStripeSdk: params.use_stripe_sdk }),
  });
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

/** Routes of /v1/payment_intents. */
export const paymentIntents = new Hono<SimEnv>()
  .post('/', (c) => {
    const params = parseParams(createParams, c.var.form);
    const currency = checkCreateParams(params);
    const { paymentMethod, token } = chosenPaymentMethod(c, params);
    if (params.confirm && !paymentMethod) throw missingPaymentMethod();

    const paymentIntent = createPaymentIntent(paymentContext(c), {
      amount: params.amount,
      currency,
      ...(params.description !== undefined && { description: params.description }),
      ...(params.metadata && { metadata: params.metadata }),
      ...(params.receipt_email !== undefined && { receipt_email: params.receipt_email }),
      ...(params.capture_method && { capture_method: params.capture_method }),
      ...(params.automatic_payment_methods && {
        automatic_payment_methods: params.automatic_payment_methods,
      }),
      ...(params.payment_method_types && { payment_method_types: params.payment_method_types }),
      ...(paymentMethod && { payment_method: paymentMethod.id }),
    });
    const result =
      params.confirm && paymentMethod
        ? confirmWith(c, paymentIntent, { paymentMethod, token }, params)
        : paymentIntent;
    return respond(c, result, params.expand);
  })
  .get('/', (c) =>
    respondWithList(c, 'payment_intent', parseParams(listPaymentIntentParams, c.var.form)),
  )
  .get('/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.form);
    const paymentIntent = load(c, 'payment_intent', c.req.param('id'));
    checkClientSecret(c, paymentIntent, params.client_secret);
    return respond(c, paymentIntent, params.expand);
  })
  .post('/:id/confirm', (c) => {
    const params = parseParams(confirmParams, c.var.form);
    let paymentIntent = load(c, 'payment_intent', c.req.param('id'));
    checkClientSecret(c, paymentIntent, params.client_secret);
    refuseCheckoutOwned(c.var.sim.store, paymentIntent, 'confirm');
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
    if (params.receipt_email !== undefined)
      paymentIntent = { ...paymentIntent, receipt_email: params.receipt_email };
    return respond(
      c,
      confirmWith(c, paymentIntent, { paymentMethod, token: chosen.token }, params),
      params.expand,
    );
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
    return respond(
      c,
      capturePaymentIntent(paymentContext(c), paymentIntent, params.amount_to_capture),
      params.expand,
    );
  });
