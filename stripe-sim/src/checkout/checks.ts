import { invalidRequest, missingParameter, resourceMissing } from '../errors';
import { liveCustomer } from '../customers';
import type { Store } from '../store';
import { checkTaxActive } from '../tax/settings';
import type { CreateParams } from './params';
import { cardOnly } from './params';

/**
 * The checks of a new Checkout Session that no parameter type can make: combinations Stripe refuses,
 * ids that must exist, and what the simulator does not have (setup and subscription modes,
 * customers, invoices, connected accounts, saved prices). Each is refused by name, as a 400 before
 * anything is created, rather than accepted and silently ignored.
 */

const exclusive = (a: string, b: string) =>
  invalidRequest(`You may only specify one of these parameters: ${a}, ${b}.`, {
    param: b,
    code: 'parameters_exclusive',
  });

/** What the simulator cannot do, said plainly (the parameter is named, as Stripe names it). */
const unsupported = (param: string, what: string) =>
  invalidRequest(`${what} The Stripe simulator does not support this (see stripe-sim/README.md).`, {
    param,
  });

/** A `mode` and `ui_mode` the simulator serves: payment mode, on its hosted page. */
function checkMode(params: CreateParams) {
  if (params.mode === undefined) throw missingParameter('mode');
  if (params.mode !== 'payment')
    throw unsupported(
      'mode',
      `Checkout Sessions in \`${params.mode}\` mode need ` +
        `${params.mode === 'setup' ? 'SetupIntents' : 'Subscriptions and Invoices'}.`,
    );
  for (const key of [
    'subscription_data',
    'setup_intent_data',
    'payment_method_collection',
  ] as const)
    if (params[key] !== undefined)
      throw invalidRequest(`You can not pass \`${key}\` in \`payment\` mode.`, { param: key });
  if (params.submit_type === 'subscribe')
    throw invalidRequest('`submit_type=subscribe` can only be used in `subscription` mode.', {
      param: 'submit_type',
    });
  if (params.ui_mode !== undefined && params.ui_mode !== 'hosted_page')
    throw unsupported(
      'ui_mode',
      `\`ui_mode=${params.ui_mode}\` needs Stripe.js's embedded Checkout; the simulator serves the ` +
        'hosted page only.',
    );
  if (params.success_url === undefined) throw missingParameter('success_url');
  for (const key of ['return_url', 'redirect_on_completion'] as const)
    if (params[key] !== undefined)
      throw invalidRequest(
        `\`${key}\` can only be used when \`ui_mode\` is \`embedded_page\` or \`elements\`.`,
        { param: key },
      );
  const types = params.payment_method_types;
  const notCard = types?.findIndex((type) => type !== 'card') ?? -1;
  if (types && notCard >= 0)
    throw cardOnly(`payment_method_types[${notCard}]`, types[notCard] ?? '');
  const allowed = params.allowed_payment_method_types;
  if (allowed && !allowed.includes('card'))
    throw cardOnly('allowed_payment_method_types', allowed[0] ?? '');
  if (params.excluded_payment_method_types?.includes('card'))
    throw cardOnly('excluded_payment_method_types', 'card');
  const other = Object.keys(params.payment_method_options ?? {}).find((type) => type !== 'card');
  if (other) throw cardOnly(`payment_method_options[${other}]`, other);
  // As stripe-node documents it: "Setting this value for a card charge returns an error".
  if (params.payment_intent_data?.statement_descriptor !== undefined)
    throw invalidRequest(
      'payment_intent_data[statement_descriptor] is not supported for card payments: use ' +
        'payment_intent_data[statement_descriptor_suffix].',
      { param: 'payment_intent_data[statement_descriptor]' },
    );
}

/** A URL Stripe would redirect to: absolute http(s). */
function checkUrl(url: string | undefined, param: string) {
  if (url === undefined) return;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:'))
    throw invalidRequest('Not a valid URL', { param });
}

/**
 * The customer (it must exist), and what the simulator does not keep: connected accounts,
 * invoices, payment method configurations, and a page that offers to save the card.
 */
function checkCustomer(store: Store, params: CreateParams) {
  if (params.customer !== undefined) {
    if (params.customer_email !== undefined) throw exclusive('customer', 'customer_email');
    liveCustomer(store, params.customer, 'customer');
  }
  if (params.customer_update !== undefined && params.customer === undefined)
    throw invalidRequest('`customer_update` can only be used with `customer`.', {
      param: 'customer_update',
    });
  if (params.customer_account !== undefined)
    throw resourceMissing('account', params.customer_account, 'customer_account');
  if (params.invoice_creation?.enabled)
    throw unsupported('invoice_creation[enabled]', 'Post-payment invoices need the Invoices API.');
  if (params.payment_method_configuration !== undefined)
    throw resourceMissing(
      'payment_method_configuration',
      params.payment_method_configuration,
      'payment_method_configuration',
    );
  if (params.saved_payment_method_options?.payment_method_save === 'enabled')
    throw unsupported(
      'saved_payment_method_options[payment_method_save]',
      "Offering to save the card needs a checkbox that the simulator's hosted page does not show.",
    );
}

/** Connect parameters: the simulator has no connected accounts. */
function checkConnect(params: CreateParams) {
  const data = params.payment_intent_data;
  if (data?.on_behalf_of !== undefined)
    throw resourceMissing('account', data.on_behalf_of, 'payment_intent_data[on_behalf_of]');
  if (data?.transfer_data !== undefined)
    throw resourceMissing(
      'account',
      data.transfer_data.destination,
      'payment_intent_data[transfer_data][destination]',
    );
  if (data?.application_fee_amount !== undefined)
    throw invalidRequest(
      'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct ' +
        'payment (using an OAuth key or Stripe-Account header) or destination payment (using ' +
        '`transfer_data[destination]`).',
      { param: 'payment_intent_data[application_fee_amount]' },
    );
  const liability = params.automatic_tax?.liability;
  if (liability?.type === 'account') {
    if (liability.account === undefined)
      throw missingParameter('automatic_tax[liability][account]');
    throw resourceMissing('account', liability.account, 'automatic_tax[liability][account]');
  }
}

/** Features whose effect the simulator cannot produce, refused when switched on. */
function checkFeatures(params: CreateParams) {
  const features: Array<[string, boolean | undefined, string]> = [
    [
      'adaptive_pricing[enabled]',
      params.adaptive_pricing?.enabled,
      "Adaptive Pricing (prices in the customer's currency) needs exchange rates.",
    ],
    [
      'after_expiration[recovery][enabled]',
      params.after_expiration?.recovery?.enabled,
      'Recovering an expired Session needs recovery links.',
    ],
    [
      'managed_payments[enabled]',
      params.managed_payments?.enabled,
      'Managed Payments makes Stripe the merchant of record.',
    ],
  ];
  for (const [param, enabled, what] of features) if (enabled) throw unsupported(param, what);
  if (params.optional_items?.[0])
    throw resourceMissing('price', params.optional_items[0].price, 'optional_items[0][price]');
  if ((params.custom_fields?.length ?? 0) > 3)
    throw invalidRequest('You can pass up to 3 custom fields.', { param: 'custom_fields' });
  params.custom_fields?.forEach((field, i) => {
    if (field.type === 'dropdown' && !field.dropdown)
      throw missingParameter(`custom_fields[${i}][dropdown]`);
  });
  if (params.allow_promotion_codes !== undefined && params.discounts !== undefined)
    throw exclusive('allow_promotion_codes', 'discounts');
  if ((params.discounts?.length ?? 0) > 1)
    throw invalidRequest('You can only apply one discount to a Checkout Session.', {
      param: 'discounts',
    });
  if (params.shipping_address_collection?.allowed_countries.length === 0)
    throw missingParameter('shipping_address_collection[allowed_countries]');
  if ((params.shipping_options?.length ?? 0) > 5)
    throw invalidRequest('You can pass up to 5 shipping options.', { param: 'shipping_options' });
}

/** Every check of a new session's parameters that needs no pricing (see session.ts for that). */
export function checkCreateParams(store: Store, params: CreateParams): void {
  checkMode(params);
  checkUrl(params.success_url, 'success_url');
  checkUrl(params.cancel_url, 'cancel_url');
  checkCustomer(store, params);
  checkConnect(params);
  checkFeatures(params);
  // Automatic tax needs Stripe Tax set up, as at Stripe (src/tax/settings.ts).
  if (params.automatic_tax?.enabled) checkTaxActive(store);
}
