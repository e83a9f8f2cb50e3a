import Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { PUBLISHABLE_KEY, api, control, resetAll, stripeClient, stripeError } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

/**
 * Every kind of error the simulator answers, with the HTTP status and `type` Stripe gives it, and
 * the stripe-node class an integration catches: stripe-node picks the class from the status (and,
 * for 400, from `type` idempotency_error), so a wrong status or type would surface as the wrong
 * class in a merchant's error handling.
 */
interface Shape {
  name: string;
  cause: () => Promise<unknown>;
  status: number;
  type: string;
  /** The error's `code`; none when Stripe sends none. */
  code?: string;
  errorClass: new (...args: never[]) => Stripe.errors.StripeError;
}

const create = (params: Partial<Stripe.PaymentIntentCreateParams> = {}, idempotencyKey?: string) =>
  stripe.paymentIntents.create(
    { amount: 500, currency: 'usd', ...params },
    idempotencyKey ? { idempotencyKey } : {},
  );

const SHAPES: Shape[] = [
  {
    name: 'a missing API key',
    // stripe-node refuses to be built without a key: an authenticator that sends none.
    cause: () =>
      stripeClient(null as unknown as string, {
        authenticator: async () => {},
      }).paymentIntents.list(),
    status: 401,
    type: 'invalid_request_error',
    errorClass: Stripe.errors.StripeAuthenticationError,
  },
  {
    name: 'an invalid API key',
    cause: () => stripeClient('sk_wrong_123').paymentIntents.list(),
    status: 401,
    type: 'invalid_request_error',
    errorClass: Stripe.errors.StripeAuthenticationError,
  },
  {
    name: 'a publishable key where a secret key is needed',
    cause: () => stripeClient(PUBLISHABLE_KEY).paymentIntents.list(),
    status: 401,
    type: 'invalid_request_error',
    code: 'secret_key_required',
    errorClass: Stripe.errors.StripeAuthenticationError,
  },
  {
    name: 'a restricted key without the permission the request needs',
    cause: async () => {
      await control('/restricted_keys', {
        json: { key: 'rk_test_errors1', lacks: 'rak_payment_intent_read' },
      });
      return stripeClient('rk_test_errors1').paymentIntents.list();
    },
    status: 403,
    type: 'invalid_request_error',
    errorClass: Stripe.errors.StripePermissionError,
  },
  {
    name: 'an unknown parameter',
    cause: () => create({ ...({ colour: 'blue' } as object) }),
    status: 400,
    type: 'invalid_request_error',
    code: 'parameter_unknown',
    errorClass: Stripe.errors.StripeInvalidRequestError,
  },
  {
    name: 'a business rule (off_session without confirm)',
    cause: () => create({ off_session: true }),
    status: 400,
    type: 'invalid_request_error',
    errorClass: Stripe.errors.StripeInvalidRequestError,
  },
  {
    name: 'an unknown id in the URL',
    cause: () => stripe.customers.retrieve('cus_missing'),
    status: 404,
    type: 'invalid_request_error',
    code: 'resource_missing',
    errorClass: Stripe.errors.StripeInvalidRequestError,
  },
  {
    name: 'a declined card',
    cause: () => create({ payment_method: 'pm_card_visa_chargeDeclined', confirm: true }),
    status: 402,
    type: 'card_error',
    code: 'card_declined',
    errorClass: Stripe.errors.StripeCardError,
  },
  {
    name: 'card details refused at tokenization',
    cause: () =>
      stripe.paymentMethods.create({
        type: 'card',
        card: { number: '4242424242424241', exp_month: 12, exp_year: 2040 },
      }),
    status: 402,
    type: 'card_error',
    code: 'incorrect_number',
    errorClass: Stripe.errors.StripeCardError,
  },
  {
    name: 'a rate limit (fault injection)',
    cause: async () => {
      await control('/faults', { json: { mode: 'error', status: 429 } });
      return create();
    },
    status: 429,
    type: 'rate_limit_error',
    code: 'rate_limit',
    errorClass: Stripe.errors.StripeRateLimitError,
  },
  {
    name: 'a server error (fault injection)',
    cause: async () => {
      await control('/faults', { json: { mode: 'error', status: 500 } });
      return create();
    },
    status: 500,
    type: 'api_error',
    errorClass: Stripe.errors.StripeAPIError,
  },
  {
    name: 'a reused Idempotency-Key with other parameters',
    cause: async () => {
      await create({}, 'reused');
      return create({ amount: 600 }, 'reused');
    },
    status: 400,
    type: 'idempotency_error',
    errorClass: Stripe.errors.StripeIdempotencyError,
  },
];

describe('each error shape the simulator emits gets the stripe-node class it gets from Stripe', () => {
  it.each(SHAPES)('$name: $status $type', async ({ cause, status, type, code, errorClass }) => {
    const err = await stripeError(cause);
    expect(err).toBeInstanceOf(errorClass);
    expect(err.statusCode).toBe(status);
    expect(err.rawType).toBe(type);
    expect(err.code).toBe(code);
    expect(err.message.length).toBeGreaterThan(0);
  });
});

describe('authentication errors, as Stripe words them', () => {
  it('a missing key: 401, type invalid_request_error', async () => {
    const response = await api('/v1/customers', { key: null });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: {
        type: 'invalid_request_error',
        message:
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      },
    });
  });

  it('an invalid key: 401, its end shown, the rest masked', async () => {
    const response = await api('/v1/customers', { key: 'sk_tset_abcdefgh1234' });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: {
        type: 'invalid_request_error',
        message: 'Invalid API Key provided: sk_tset_********1234',
      },
    });
  });
});
