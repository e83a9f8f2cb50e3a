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

  'GET /v1/disputes': Endpoint<Stripe.DisputeListParams, Stripe.Dispute[]>;
  'GET /v1/disputes/:id': Endpoint<Stripe.DisputeRetrieveParams, Stripe.Dispute>;
  'POST /v1/disputes/:id': Endpoint<Stripe.DisputeUpdateParams, Stripe.Dispute>;
  'POST /v1/disputes/:id/close': Endpoint<Stripe.DisputeCloseParams, Stripe.Dispute>;

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

  'POST /v1/coupons': Endpoint<Stripe.CouponCreateParams, Stripe.Coupon>;
  'GET /v1/coupons': Endpoint<Stripe.CouponListParams, Stripe.Coupon[]>;
  'GET /v1/coupons/:id': Endpoint<Stripe.CouponRetrieveParams, Stripe.Coupon>;
  'POST /v1/coupons/:id': Endpoint<Stripe.CouponUpdateParams, Stripe.Coupon>;
  'DELETE /v1/coupons/:id': Endpoint<Stripe.CouponDeleteParams, Stripe.DeletedCoupon>;

  'POST /v1/promotion_codes': Endpoint<Stripe.PromotionCodeCreateParams, Stripe.PromotionCode>;
  'GET /v1/promotion_codes': Endpoint<Stripe.PromotionCodeListParams, Stripe.PromotionCode[]>;
  'GET /v1/promotion_codes/:id': Endpoint<Stripe.PromotionCodeRetrieveParams, Stripe.PromotionCode>;
  'POST /v1/promotion_codes/:id': Endpoint<Stripe.PromotionCodeUpdateParams, Stripe.PromotionCode>;

  'GET /v1/tax/settings': Endpoint<Stripe.Tax.SettingsRetrieveParams, Stripe.Tax.Settings>;
  'POST /v1/tax/calculations': Endpoint<Stripe.Tax.CalculationCreateParams, Stripe.Tax.Calculation>;
  'GET /v1/tax/calculations/:id': Endpoint<
    Stripe.Tax.CalculationRetrieveParams,
    Stripe.Tax.Calculation
  >;
  'GET /v1/tax/calculations/:id/line_items': Endpoint<
    Stripe.Tax.CalculationListLineItemsParams,
    Stripe.Tax.CalculationLineItem[]
  >;
  'POST /v1/tax/transactions/create_from_calculation': Endpoint<
    Stripe.Tax.TransactionCreateFromCalculationParams,
    Stripe.Tax.Transaction
  >;
  'POST /v1/tax/transactions/create_reversal': Endpoint<
    Stripe.Tax.TransactionCreateReversalParams,
    Stripe.Tax.Transaction
  >;
  'GET /v1/tax/transactions/:id': Endpoint<
    Stripe.Tax.TransactionRetrieveParams,
    Stripe.Tax.Transaction
  >;
  'GET /v1/tax/transactions/:id/line_items': Endpoint<
    Stripe.Tax.TransactionListLineItemsParams,
    Stripe.Tax.TransactionLineItem[]
  >;

  'POST /v1/checkout/sessions': Endpoint<
    Stripe.Checkout.SessionCreateParams & LegacyPaymentMethodTypes,
    Stripe.Checkout.Session
  >;
  'GET /v1/checkout/sessions': Endpoint<
    Stripe.Checkout.SessionListParams,
    Stripe.Checkout.Session[]
  >;
  'GET /v1/checkout/sessions/:id': Endpoint<
    Stripe.Checkout.SessionRetrieveParams,
    Stripe.Checkout.Session
  >;
  'GET /v1/checkout/sessions/:id/line_items': Endpoint<
    Stripe.Checkout.SessionListLineItemsParams,
    Stripe.LineItem[]
  >;
  'POST /v1/checkout/sessions/:id/expire': Endpoint<
    Stripe.Checkout.SessionExpireParams,
    Stripe.Checkout.Session
  >;

  'GET /v1/account': Endpoint<Stripe.AccountRetrieveCurrentParams, Stripe.Account>;

  'POST /v1/webhook_endpoints': Endpoint<
    Stripe.WebhookEndpointCreateParams,
    Stripe.WebhookEndpoint
  >;
  'GET /v1/webhook_endpoints': Endpoint<Stripe.WebhookEndpointListParams, Stripe.WebhookEndpoint[]>;
  'GET /v1/webhook_endpoints/:id': Endpoint<
    Stripe.WebhookEndpointRetrieveParams,
    Stripe.WebhookEndpoint
  >;
  'POST /v1/webhook_endpoints/:id': Endpoint<
    Stripe.WebhookEndpointUpdateParams,
    Stripe.WebhookEndpoint
  >;
  'DELETE /v1/webhook_endpoints/:id': Endpoint<
    Stripe.WebhookEndpointDeleteParams,
    Stripe.DeletedWebhookEndpoint
  >;

  'POST /v1/payment_method_domains': Endpoint<
    Stripe.PaymentMethodDomainCreateParams,
    Stripe.PaymentMethodDomain
  >;
  'GET /v1/payment_method_domains': Endpoint<
    Stripe.PaymentMethodDomainListParams,
    Stripe.PaymentMethodDomain[]
  >;
  'GET /v1/payment_method_domains/:id': Endpoint<
    Stripe.PaymentMethodDomainRetrieveParams,
    Stripe.PaymentMethodDomain
  >;
  'POST /v1/payment_method_domains/:id': Endpoint<
    Stripe.PaymentMethodDomainUpdateParams,
    Stripe.PaymentMethodDomain
  >;
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
  dispute: Stripe.Dispute;
  customer: Stripe.Customer;
  balance_transaction: Stripe.BalanceTransaction;
  event: Stripe.Event;
  coupon: Stripe.Coupon;
  promotion_code: Stripe.PromotionCode;
  'tax.calculation': Stripe.Tax.Calculation;
  'tax.calculation_line_item': Stripe.Tax.CalculationLineItem;
  'tax.transaction': Stripe.Tax.Transaction;
  'tax.transaction_line_item': Stripe.Tax.TransactionLineItem;
  'checkout.session': Stripe.Checkout.Session;
  /** A Checkout Session's line item. */
  item: Stripe.LineItem;
  /** The price of a line item (`line_items.data.price.product`). */
  price: Stripe.Price;
  product: Stripe.Product;
  shipping_rate: Stripe.ShippingRate;
  account: Stripe.Account;
  webhook_endpoint: Stripe.WebhookEndpoint;
  payment_method_domain: Stripe.PaymentMethodDomain;
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

/**
 * `T` as the parameter parser produces it, deeply: without null, and an open enum
 * (`'exclusive' | 'inclusive' | OtherString`) only the values listed, which are all it accepts.
 */
export type Parsed<T> = OnlyListed<ParsedEach<T>>;
type ParsedEach<T> = T extends null
  ? never
  : T extends Stripe.Decimal
    ? string
    : T extends string | number | boolean
      ? T
      : T extends (infer Item)[]
        ? Parsed<Item>[]
        : T extends object
          ? { [K in keyof T]: Parsed<T[K]> }
          : T;
type StringLiterals<T> = T extends string ? (string extends T ? never : T) : never;
type OnlyListed<T> = [StringLiterals<T>] extends [never]
  ? T
  : Exclude<T, string> | StringLiterals<T>;

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
