import { Hono } from 'hono';
import type Stripe from 'stripe';
import type { SimContext, SimEnv } from '../context';
import { invalidRequest, missingParameter } from '../errors';
import { newId, unixNow } from '../ids';
import { contract } from '../contract/contract';
import type { ParamsOf } from '../contract/endpoints';
import { addressOf, orNull } from '../payment-intent-fields';
import { buildFromPaymentMethodData, previewOf, resolvePaymentMethod } from '../payment-methods';
import { parseParams } from '../params';
import { load, respond } from './helpers';

type CreateParams = ParamsOf<'POST /v1/test_helpers/confirmation_tokens'>;

const createParams = contract('POST /v1/confirmation_tokens');
const testHelperParams = contract('POST /v1/test_helpers/confirmation_tokens');
const retrieveParams = contract('GET /v1/confirmation_tokens/:id');

/** The card's payment_method_options a token carries: the installment plan chosen, if any. */
function cardInstallments(
  plan: { count?: number; interval?: 'month'; type: string } | undefined,
): Stripe.ConfirmationToken.PaymentMethodOptions | null {
  if (!plan) return null;
  const { count, interval, type } = plan;
  return {
    card: {
      cvc_token: null,
      installments: { plan: { count: count ?? null, interval: interval ?? null, type } },
    },
  } as Stripe.ConfirmationToken.PaymentMethodOptions;
}

/** ConfirmationTokens live 12 hours, as Stripe's do. */
const LIFETIME_SECONDS = 12 * 60 * 60;

/** The payment method a token is for: an existing (or test) PaymentMethod, or new card details. */
function tokenPaymentMethod(c: SimContext, input: CreateParams): Stripe.PaymentMethod {
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
function createToken(c: SimContext, input: CreateParams): Stripe.ConfirmationToken {
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
    payment_method_options: cardInstallments(
      input.payment_method_options?.card?.installments?.plan,
    ),
    payment_method_preview: previewOf(paymentMethod),
    return_url: input.return_url ?? null,
    setup_future_usage: input.setup_future_usage ?? null,
    setup_intent: null,
    shipping: input.shipping
      ? {
          address: addressOf(input.shipping.address),
          name: input.shipping.name,
          phone: orNull(input.shipping.phone),
        }
      : null,
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
