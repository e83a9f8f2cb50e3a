import { contract, enumAt } from '../contract/contract';
import type { ParamsOf } from '../contract/endpoints';
import { invalidRequest } from '../errors';
import { email, integerFrom, text } from '../param-types';

/**
 * The parameters of /v1/checkout/sessions: every parameter stripe-node declares (the contract),
 * with Stripe's stricter limits on some of them. What the simulator cannot do is refused later, by
 * name, in checks.ts.
 */

/** The countries a shipping address may be collected in (stripe-node's `AllowedCountry`). */
export const SHIPPING_COUNTRIES = enumAt('POST /v1/checkout/sessions', [
  'shipping_address_collection',
  'allowed_countries',
  '*',
]);

const adjustableQuantity = { maximum: integerFrom(1), minimum: integerFrom(0) };
const customFieldBounds = { maximum_length: integerFrom(1), minimum_length: integerFrom(0) };
const message = { message: text(1200) };
const deliveryBound = { value: integerFrom(1) };

export const createParams = contract('POST /v1/checkout/sessions', {
  branding_settings: { display_name: text(100) },
  cancel_url: text(5000),
  client_reference_id: text(200),
  custom_fields: {
    '*': {
      dropdown: { options: { '*': { label: text(100), value: text(100) } } },
      key: text(200),
      label: { custom: text(50) },
      numeric: customFieldBounds,
      text: customFieldBounds,
    },
  },
  custom_text: {
    after_submit: message,
    shipping_address: message,
    submit: message,
    terms_of_service_acceptance: message,
  },
  customer_email: email(800),
  integration_identifier: text(200),
  invoice_creation: {
    invoice_data: {
      custom_fields: { '*': { name: text(40), value: text(140) } },
      description: text(1500),
      footer: text(5000),
    },
  },
  line_items: {
    '*': {
      adjustable_quantity: adjustableQuantity,
      price_data: {
        product_data: { unit_label: text(12) },
        recurring: { interval_count: integerFrom(1) },
        unit_amount: integerFrom(0),
      },
      quantity: integerFrom(0),
    },
  },
  optional_items: { '*': { adjustable_quantity: adjustableQuantity, quantity: integerFrom(1) } },
  payment_intent_data: {
    application_fee_amount: integerFrom(0),
    description: text(1000),
    receipt_email: email(),
    statement_descriptor: text(22),
    statement_descriptor_suffix: text(22),
    transfer_data: { amount: integerFrom(1) },
  },
  payment_method_options: {
    card: {
      statement_descriptor_suffix_kana: text(22),
      statement_descriptor_suffix_kanji: text(17),
    },
  },
  return_url: text(5000),
  shipping_options: {
    '*': {
      shipping_rate_data: {
        delivery_estimate: { maximum: deliveryBound, minimum: deliveryBound },
        display_name: text(100),
        fixed_amount: {
          amount: integerFrom(0),
          currency_options: { '*': { amount: integerFrom(0) } },
        },
      },
    },
  },
  success_url: text(5000),
});

/** The simulator has cards only: options for another payment method are refused by name. */
export const cardOnly = (param: string, type: string) =>
  invalidRequest(
    `The payment method type "${type}" is invalid: the Stripe simulator supports card payments only.`,
    { param, code: 'payment_method_invalid_parameter' },
  );

export type CreateParams = ParamsOf<'POST /v1/checkout/sessions'>;
export type LineItemParams = NonNullable<CreateParams['line_items']>[number];
export type ShippingRateParams = NonNullable<
  NonNullable<CreateParams['shipping_options']>[number]['shipping_rate_data']
>;

export const retrieveParams = contract('GET /v1/checkout/sessions/:id');
export const expireParams = contract('POST /v1/checkout/sessions/:id/expire');
export const lineItemsParams = contract('GET /v1/checkout/sessions/:id/line_items');
export const listSessionParams = contract('GET /v1/checkout/sessions');
