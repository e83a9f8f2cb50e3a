import type Stripe from 'stripe';
import type { Parsed } from './contract/endpoints';
import { invalidRequest } from './errors';
import { updatedMetadata } from './param-types';

/**
 * How the parameters of a PaymentIntent create, update, confirm or capture request become the
 * fields Stripe stores and returns. Only what a parameter sets is returned, so that an update
 * changes what it names and nothing else; '' unsets a field, as in Stripe's API.
 */

type Emptyable<T> = T | '';

/** The parameters that set stored fields, with the widest type any of those requests allows. */
export interface FieldParams {
  allowed_payment_method_types?: string[];
  amount_details?: Emptyable<AmountDetailsParams>;
  application_fee_amount?: Emptyable<number>;
  automatic_payment_methods?: Stripe.PaymentIntentCreateParams.AutomaticPaymentMethods;
  capture_method?: Stripe.PaymentIntentCreateParams.CaptureMethod;
  confirmation_method?: Stripe.PaymentIntentCreateParams.ConfirmationMethod;
  customer?: string;
  customer_account?: string;
  description?: string;
  on_behalf_of?: string;
  excluded_payment_method_types?: Emptyable<string[]>;
  hooks?: Stripe.PaymentIntentCreateParams.Hooks;
  metadata?: Emptyable<Stripe.MetadataParam>;
  payment_details?: Emptyable<Stripe.PaymentIntentCreateParams.PaymentDetails>;
  payment_method_configuration?: string;
  payment_method_options?: Parsed<Stripe.PaymentIntentCreateParams.PaymentMethodOptions>;
  receipt_email?: Emptyable<string>;
  setup_future_usage?: Emptyable<Stripe.PaymentIntentCreateParams.SetupFutureUsage>;
  shipping?: Emptyable<Stripe.PaymentIntentCreateParams.Shipping>;
  statement_descriptor?: string;
  statement_descriptor_suffix?: string;
  /** Update and capture may change the amount only. */
  transfer_data?: Partial<Parsed<Stripe.PaymentIntentCreateParams.TransferData>>;
  transfer_group?: string;
}

type AmountDetailsParams = Parsed<Stripe.PaymentIntentUpdateParams.AmountDetails>;

/** null for an absent or empty ('' unsets) value. */
export const orNull = <T>(value: T | '' | null | undefined): T | null =>
  value === '' || value === undefined ? null : value;

/** Copies `keys` of `from` that were given (as Stripe returns a hash: every key, null if unset). */
function present<K extends string>(from: Partial<Record<K, unknown>>, keys: readonly K[]) {
  return Object.fromEntries(keys.map((key) => [key, from[key] ?? null])) as Record<K, never>;
}

const ADDRESS_KEYS = ['city', 'country', 'line1', 'line2', 'postal_code', 'state'] as const;

/** An address as Stripe returns one: every line, null where none was given. */
export const addressOf = (address: Stripe.AddressParam): Stripe.Address =>
  present(address, ADDRESS_KEYS);

/** `shipping` as Stripe returns it. */
export function shippingOf(
  shipping: Emptyable<Stripe.PaymentIntentCreateParams.Shipping>,
): Stripe.PaymentIntent.Shipping | null {
  if (shipping === '') return null;
  return {
    address: addressOf(shipping.address),
    carrier: shipping.carrier ?? null,
    name: shipping.name,
    phone: shipping.phone ?? null,
    tracking_number: shipping.tracking_number ?? null,
  };
}

/**
 * The card's payment_method_options, merged into the stored ones: what the API returns of them
 * (request-only options such as `cvc_token`, `moto` or `three_d_secure` results are used, not
 * shown, as at Stripe). Options of other payment method types are accepted and not shown: Stripe
 * returns options only for the PaymentIntent's payment_method_types, which are `card` here.
 */
function cardOptions(
  stored: Stripe.PaymentIntent.PaymentMethodOptions.Card | undefined,
  given: Parsed<Stripe.PaymentIntentCreateParams.PaymentMethodOptions>['card'],
): Stripe.PaymentIntent.PaymentMethodOptions.Card {
  const card: Stripe.PaymentIntent.PaymentMethodOptions.Card = stored ?? {
    installments: null,
    mandate_options: null,
    network: null,
    request_three_d_secure: 'automatic',
  };
  if (given === undefined || given === '') return card;
  const next = { ...card };
  const { capture_method, installments, mandate_options, setup_future_usage } = given;
  if (capture_method === '') delete next.capture_method;
  else if (capture_method) next.capture_method = capture_method;
  if (setup_future_usage === '') delete next.setup_future_usage;
  else if (setup_future_usage) next.setup_future_usage = setup_future_usage;
  if (installments)
    next.installments = {
      available_plans: [],
      enabled: installments.enabled ?? false,
      plan: installments.plan === '' || !installments.plan ? null : installments.plan,
    } as Stripe.PaymentIntent.PaymentMethodOptions.Card.Installments;
  if (mandate_options)
    next.mandate_options = {
      ...present(mandate_options, ['description', 'end_date', 'interval_count']),
      amount: mandate_options.amount,
      amount_type: mandate_options.amount_type,
      interval: mandate_options.interval,
      reference: mandate_options.reference,
      start_date: mandate_options.start_date,
      supported_types: mandate_options.supported_types ?? null,
    };
  for (const key of [
    'network',
    'request_extended_authorization',
    'request_incremental_authorization',
    'request_multicapture',
    'request_overcapture',
    'request_three_d_secure',
    'require_cvc_recollection',
    'setup_credential_usage',
    'statement_descriptor_suffix_kana',
    'statement_descriptor_suffix_kanji',
    'stored_credential_usage',
  ] as const) {
    const value = given[key];
    if (value === '') delete (next as Record<string, unknown>)[key];
    else if (value !== undefined) (next as Record<string, unknown>)[key] = value;
  }
  return next;
}

/** Stripe's check of a statement descriptor suffix (card charges show it after the prefix). */
function checkSuffix(suffix: string, param: string): void {
  if (suffix.length > 22)
    throw invalidRequest(
      `The statement descriptor suffix is too long: ${param} must be at most 22 characters.`,
      { param },
    );
  if (/[<>\\'"*]/.test(suffix))
    throw invalidRequest(
      `Invalid ${param}: the characters <, >, \\, ', ", and * are not allowed.`,
      { param },
    );
}

/** The amount_details Stripe returns: the given discount, shipping, tax and line items. */
function amountDetailsOf(
  paymentIntentId: string,
  given: Emptyable<AmountDetailsParams>,
): Stripe.PaymentIntent.AmountDetails {
  if (given === '') return { tip: {} };
  const lineItems = given.line_items === '' ? [] : (given.line_items ?? []);
  return {
    tip: {},
    ...(given.discount_amount !== undefined && { discount_amount: orNull(given.discount_amount) }),
    ...(given.shipping !== undefined && {
      shipping:
        given.shipping === ''
          ? { amount: null, from_postal_code: null, to_postal_code: null }
          : present(given.shipping, ['amount', 'from_postal_code', 'to_postal_code']),
    }),
    ...(given.tax !== undefined && {
      tax:
        given.tax === ''
          ? { total_tax_amount: null }
          : { total_tax_amount: given.tax.total_tax_amount },
    }),
    ...(lineItems.length > 0 && {
      line_items: {
        object: 'list',
        data: lineItems.map((item, i) => ({
          id: `uli_${paymentIntentId.slice(3)}${i}`,
          object: 'payment_intent_amount_details_line_item',
          discount_amount: item.discount_amount ?? null,
          payment_method_options: item.payment_method_options ?? null,
          product_code: item.product_code ?? null,
          product_name: item.product_name,
          quantity: item.quantity,
          tax: item.tax ?? null,
          unit_cost: item.unit_cost,
          unit_of_measure: item.unit_of_measure ?? null,
        })),
        has_more: false,
        url: `/v1/payment_intents/${paymentIntentId}/amount_details_line_items`,
      } as Stripe.PaymentIntent.AmountDetails['line_items'],
    }),
  } as Stripe.PaymentIntent.AmountDetails;
}

/**
 * The fields `params` set on `paymentIntent`, as Stripe stores them; checks what Stripe checks of
 * their values (Connect ids and configurations are stored as given: the simulated account has no
 * connected accounts to look them up in).
 */
export function fieldsFrom(
  paymentIntent: Stripe.PaymentIntent,
  params: FieldParams,
): Partial<Stripe.PaymentIntent> {
  const fields: Partial<Stripe.PaymentIntent> = {};
  const set = <K extends keyof Stripe.PaymentIntent>(key: K, value: Stripe.PaymentIntent[K]) => {
    fields[key] = value;
  };
  if (params.statement_descriptor !== undefined) {
    // stripe-node's documentation of the parameter: "Setting this value for a card charge returns
    // an error" (the simulated account takes cards only).
    throw invalidRequest(
      'The statement_descriptor parameter is not supported for card payments: use ' +
        "statement_descriptor_suffix, which is appended to your account's statement descriptor prefix.",
      { param: 'statement_descriptor' },
    );
  }
  if (params.statement_descriptor_suffix !== undefined) {
    checkSuffix(params.statement_descriptor_suffix, 'statement_descriptor_suffix');
    set('statement_descriptor_suffix', params.statement_descriptor_suffix);
  }
  if (params.description !== undefined) set('description', orNull(params.description));
  if (params.metadata !== undefined)
    set('metadata', updatedMetadata(paymentIntent.metadata, params.metadata));
  if (params.receipt_email !== undefined) set('receipt_email', orNull(params.receipt_email));
  if (params.shipping !== undefined) set('shipping', shippingOf(params.shipping));
  if (params.setup_future_usage !== undefined)
    set('setup_future_usage', orNull(params.setup_future_usage));
  if (params.capture_method !== undefined) set('capture_method', params.capture_method);
  if (params.confirmation_method !== undefined)
    set('confirmation_method', params.confirmation_method);
  if (params.transfer_group !== undefined) set('transfer_group', params.transfer_group);
  if (params.customer_account !== undefined) set('customer_account', params.customer_account);
  if (params.on_behalf_of !== undefined) set('on_behalf_of', params.on_behalf_of);
  if (params.application_fee_amount !== undefined)
    set('application_fee_amount', orNull(params.application_fee_amount));
  if (params.transfer_data !== undefined) {
    const { amount, destination } = params.transfer_data;
    const current = paymentIntent.transfer_data;
    const to = destination ?? current?.destination;
    if (to === undefined)
      throw invalidRequest('transfer_data[destination] is required to create a transfer.', {
        param: 'transfer_data[destination]',
      });
    const { description, metadata, payment_data } = params.transfer_data;
    set('transfer_data', {
      ...current,
      destination: to,
      ...(amount !== undefined && { amount }),
      ...(description !== undefined && { description }),
      ...(metadata !== undefined && {
        metadata: updatedMetadata(current?.metadata ?? {}, metadata),
      }),
      ...(payment_data !== undefined && {
        payment_data: {
          ...(payment_data.description !== undefined && { description: payment_data.description }),
          ...(payment_data.metadata !== undefined && {
            metadata: updatedMetadata({}, payment_data.metadata),
          }),
        },
      }),
    } as Stripe.PaymentIntent.TransferData);
  }
  if (params.payment_details !== undefined)
    set(
      'payment_details',
      params.payment_details === ''
        ? { customer_reference: null, order_reference: null }
        : present(params.payment_details, ['customer_reference', 'order_reference']),
    );
  if (params.hooks !== undefined) set('hooks', params.hooks as Stripe.PaymentIntent.Hooks);
  if (params.amount_details !== undefined)
    set('amount_details', amountDetailsOf(paymentIntent.id, params.amount_details));
  if (params.payment_method_configuration !== undefined)
    set('payment_method_configuration_details', {
      id: params.payment_method_configuration,
      parent: null,
    });
  if (params.excluded_payment_method_types !== undefined)
    set('excluded_payment_method_types', orNull(params.excluded_payment_method_types));
  if (params.allowed_payment_method_types !== undefined)
    set('allowed_payment_method_types', params.allowed_payment_method_types);
  if (params.payment_method_options !== undefined)
    set('payment_method_options', {
      ...paymentIntent.payment_method_options,
      card: cardOptions(
        paymentIntent.payment_method_options?.card,
        params.payment_method_options.card,
      ),
    });
  checkApplicationFee({ ...paymentIntent, ...fields });
  checkPaymentMethodTypes(params);
  return fields;
}

/** The simulated account takes cards only: a request that leaves no card payment is refused. */
function checkPaymentMethodTypes(params: FieldParams): void {
  const refuse = (param: string, why: string) =>
    invalidRequest(
      `${why} The simulated account accepts card payments only, so this PaymentIntent would have ` +
        'no payment method type left.',
      { param, code: 'payment_intent_invalid_parameter' },
    );
  const allowed = params.allowed_payment_method_types;
  if (allowed && !allowed.includes('card'))
    throw refuse(
      'allowed_payment_method_types',
      'allowed_payment_method_types does not include card.',
    );
  const excluded = params.excluded_payment_method_types;
  if (excluded && excluded.includes('card'))
    throw refuse('excluded_payment_method_types', 'excluded_payment_method_types includes card.');
}

/** Stripe caps the application fee at the payment's amount. */
function checkApplicationFee(paymentIntent: Stripe.PaymentIntent): void {
  const fee = paymentIntent.application_fee_amount;
  if (fee !== null && (fee < 0 || fee > paymentIntent.amount))
    throw invalidRequest(
      `The application_fee_amount (${fee}) must be between 0 and the amount (${paymentIntent.amount}).`,
      { param: 'application_fee_amount' },
    );
}
