import type Stripe from 'stripe';

/**
 * The simulator's contract: every endpoint it serves, with the parameters stripe-node declares for
 * it (the parameter contract) and what it answers; and every object it serves, for `expand[]`.
 *
 * This file is the one place an endpoint is added. `node stripe-sim/build.mjs` then derives, from
 * these types and the installed stripe-node, the parameter tree the simulator checks requests
 * against (contract.generated.json); the route calls `contract('<METHOD> <path>')`; the simulator's
 * tests send it every parameter stripe-node declares (test/contract.test.ts).
 */
export interface Endpoints {
  'POST /v1/payment_intents': Endpoint<
    WithRawCard<Stripe.PaymentIntentCreateParams> & LegacyPaymentMethodTypes,
    Stripe.PaymentIntent
  >;
  'GET /v1/payment_intents': Endpoint<Stripe.PaymentIntentListParams, Stripe.PaymentIntent[]>;
  'GET /v1/payment_intents/:id': Endpoint<Stripe.PaymentIntentRetrieveParams, Stripe.PaymentIntent>;
  'POST /v1/payment_intents/:id': Endpoint<
    WithRawCard<Stripe.PaymentIntentUpdateParams>,
    Stripe.PaymentIntent
  >;
  'POST /v1/payment_intents/:id/confirm': Endpoint<
    WithRawCard<Stripe.PaymentIntentConfirmParams> & ClientSecret,
    Stripe.PaymentIntent
  >;
  'POST /v1/payment_intents/:id/cancel': Endpoint<
    Stripe.PaymentIntentCancelParams,
    Stripe.PaymentIntent
  >;
  'POST /v1/payment_intents/:id/capture': Endpoint<
    Stripe.PaymentIntentCaptureParams,
    Stripe.PaymentIntent
  >;

  'POST /v1/payment_methods': Endpoint<Stripe.PaymentMethodCreateParams, Stripe.PaymentMethod>;
  'GET /v1/payment_methods/:id': Endpoint<Stripe.PaymentMethodRetrieveParams, Stripe.PaymentMethod>;

  /** What Stripe.js sends (stripe-node declares no client-side endpoints): the test helper's params. */
  'POST /v1/confirmation_tokens': Endpoint<ConfirmationTokenParams, Stripe.ConfirmationToken>;
  'POST /v1/test_helpers/confirmation_tokens': Endpoint<
    ConfirmationTokenParams,
    Stripe.ConfirmationToken
  >;
  'GET /v1/confirmation_tokens/:id': Endpoint<
    Stripe.ConfirmationTokenRetrieveParams,
    Stripe.ConfirmationToken
  >;

  'GET /v1/charges': Endpoint<Stripe.ChargeListParams, Stripe.Charge[]>;
  'GET /v1/charges/:id': Endpoint<Stripe.ChargeRetrieveParams, Stripe.Charge>;

  'POST /v1/refunds': Endpoint<Stripe.RefundCreateParams, Stripe.Refund>;
  'GET /v1/refunds': Endpoint<Stripe.RefundListParams, Stripe.Refund[]>;
  'GET /v1/refunds/:id': Endpoint<Stripe.RefundRetrieveParams, Stripe.Refund>;
  'POST /v1/refunds/:id': Endpoint<Stripe.RefundUpdateParams, Stripe.Refund>;
  'POST /v1/refunds/:id/cancel': Endpoint<Stripe.RefundCancelParams, Stripe.Refund>;

  'POST /v1/customers': Endpoint<Stripe.CustomerCreateParams, Stripe.Customer>;
  'GET /v1/customers': Endpoint<Stripe.CustomerListParams, Stripe.Customer[]>;
  'GET /v1/customers/:id': Endpoint<Stripe.CustomerRetrieveParams, Stripe.Customer>;
  'POST /v1/customers/:id': Endpoint<Stripe.CustomerUpdateParams, Stripe.Customer>;
  'DELETE /v1/customers/:id': Endpoint<Stripe.CustomerDeleteParams, Stripe.DeletedCustomer>;

  'GET /v1/balance_transactions': Endpoint<
    Stripe.BalanceTransactionListParams,
    Stripe.BalanceTransaction[]
  >;
  'GET /v1/balance_transactions/:id': Endpoint<
    Stripe.BalanceTransactionRetrieveParams,
    Stripe.BalanceTransaction
  >;

  'GET /v1/events': Endpoint<Stripe.EventListParams, Stripe.Event[]>;
  'GET /v1/events/:id': Endpoint<Stripe.EventRetrieveParams, Stripe.Event>;
}

/**
 * The objects the simulator serves, by their `object` name: the source of what `expand[]` may
 * replace (each `string | <object>` field, as stripe-node types it).
 */
export interface Objects {
  payment_intent: Stripe.PaymentIntent;
  payment_method: Stripe.PaymentMethod;
  confirmation_token: Stripe.ConfirmationToken;
  charge: Stripe.Charge;
  refund: Stripe.Refund;
  customer: Stripe.Customer;
  balance_transaction: Stripe.BalanceTransaction;
  event: Stripe.Event;
}

/** An endpoint's parameters and answer (a list endpoint answers a list of its objects). */
export interface Endpoint<Params, Returns> {
  params: Params;
  returns: Returns;
}

export type EndpointName = keyof Endpoints;
/**
 * The parameters of an endpoint, as the simulator parses them: as stripe-node types them, without
 * `null` (stripe-node's `Emptyable` allows null, which form encoding sends as '').
 */
export type ParamsOf<E extends EndpointName> = Parsed<Endpoints[E]['params']>;

/** `T` without null, deeply (what the parameter parser produces). */
export type Parsed<T> = T extends null
  ? never
  : T extends string | number | boolean
    ? T
    : T extends (infer Item)[]
      ? Parsed<Item>[]
      : T extends object
        ? { [K in keyof T]: Parsed<T[K]> }
        : T;

/**
 * Raw card details in `payment_method_data[card]` (with `payment_method_data[type]=card`), which
 * Stripe.js sends and the API takes in test mode; stripe-node declares them on PaymentMethods only
 * (servers should not see card numbers).
 */
type WithRawCard<P extends { payment_method_data?: { type: string } }> = Omit<
  P,
  'payment_method_data'
> & {
  payment_method_data?: Omit<NonNullable<P['payment_method_data']>, 'type'> & {
    type: NonNullable<P['payment_method_data']>['type'] | 'card';
    card?: Stripe.PaymentMethodCreateParams.Card;
  };
};

/**
 * `payment_method_types`, which stripe-node 23 replaced with `allowed_payment_method_types` on
 * create; the API still takes it, and integrations still send it.
 */
interface LegacyPaymentMethodTypes {
  payment_method_types?: string[];
}

/** The client secret Stripe.js sends with a publishable key. */
interface ClientSecret {
  client_secret?: string;
}

/** The test helper's parameters (stripe-node does not export their type by name). */
type ConfirmationTokenParams = WithRawCard<
  NonNullable<Parameters<Stripe['testHelpers']['confirmationTokens']['create']>[0]>
>;
