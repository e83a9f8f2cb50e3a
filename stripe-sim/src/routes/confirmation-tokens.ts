import { Hono } from 'hono';
import type Stripe from 'stripe';
import type { SimContext, SimEnv } from '../context';
import { invalidRequest, missingParameter } from '../errors';
import { newId, unixNow } from '../ids';
import {
  buildFromPaymentMethodData,
  type PaymentMethodData,
  paymentMethodDataParams,
  previewOf,
  resolvePaymentMethod,
} from '../payment-methods';
import { paramsOf, parseParams, string } from '../params';
import { expandParam, load, respond } from './helpers';

/** The test helper's params type (stripe-node declares no params for the Stripe.js endpoint). */
type CreateParams = NonNullable<
  Parameters<Stripe['testHelpers']['confirmationTokens']['create']>[0]
>;

/** What Stripe.js sends to create a ConfirmationToken from the Payment Element. */
const createParams = paramsOf<CreateParams>()(
  { payment_method_data: paymentMethodDataParams, return_url: string(), expand: expandParam },
  ['payment_method_data'],
);
const testHelperParams = paramsOf<CreateParams>()({
  payment_method: string(),
  payment_method_data: paymentMethodDataParams,
  return_url: string(),
  expand: expandParam,
});
const retrieveParams = paramsOf<Stripe.ConfirmationTokenRetrieveParams>()({ expand: expandParam });

/** ConfirmationTokens live 12 hours, as Stripe's do. */
const LIFETIME_SECONDS = 12 * 60 * 60;

interface TokenInput {
  payment_method?: string;
  payment_method_data?: PaymentMethodData;
  return_url?: string;
}

/** The payment method a token is for: an existing (or test) PaymentMethod, or new card details. */
function tokenPaymentMethod(c: SimContext, input: TokenInput): Stripe.PaymentMethod {
  if (input.payment_method !== undefined && input.payment_method_data !== undefined) {
    throw invalidRequest(
      'You may only specify one of these parameters: payment_method, payment_method_data.',
      {
        param: 'payment_method_data',
        code: 'parameters_exclusive',
      },
    );
  }
  if (input.payment_method !== undefined)
    return resolvePaymentMethod(c.var.sim.store, input.payment_method, 'payment_method');
  if (input.payment_method_data)
    return buildFromPaymentMethodData(input.payment_method_data, 'payment_method_data');
  throw missingParameter('payment_method_data');
}

/** A new, stored ConfirmationToken previewing the payment method the input describes. */
function createToken(c: SimContext, input: TokenInput): Stripe.ConfirmationToken {
  const paymentMethod = tokenPaymentMethod(c, input);
  const created = unixNow();
  return c.var.sim.store.put<Stripe.ConfirmationToken>({
    id: newId('ctoken'),
    object: 'confirmation_token',
    created,
    expires_at: created + LIFETIME_SECONDS,
    livemode: false,
    mandate_data: null,
    metadata: null,
    payment_intent: null,
    payment_method_options: null,
    payment_method_preview: previewOf(paymentMethod),
    return_url: input.return_url ?? null,
    setup_future_usage: null,
    setup_intent: null,
    shipping: null,
    use_stripe_sdk: true,
  });
}

/** Routes of /v1/confirmation_tokens: created by Stripe.js (publishable key), read by the server. */
export const confirmationTokens = new Hono<SimEnv>()
  .post('/', (c) => {
    if (c.var.keyKind !== 'publishable') {
      throw invalidRequest(
        'ConfirmationTokens are created by Stripe.js with a publishable key. To create one from a server ' +
          'in test mode, use POST /v1/test_helpers/confirmation_tokens.',
      );
    }
    const params = parseParams(createParams, c.var.form);
    return respond(c, createToken(c, params), params.expand);
  })
  .get('/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.form);
    return respond(c, load(c, 'confirmation_token', c.req.param('id')), params.expand);
  });

/** POST /v1/test_helpers/confirmation_tokens: what Stripe.js would create, for server-side tests. */
export const confirmationTokenTestHelpers = new Hono<SimEnv>().post('/', (c) => {
  const params = parseParams(testHelperParams, c.var.form);
  return respond(c, createToken(c, params), params.expand);
});
