import type Stripe from 'stripe';
import type { ParamsOf } from './contract/endpoints';
import { invalidRequest, resourceMissing } from './errors';
import { previousAttributes } from './events';
import { withoutIncludables } from './expand';
import { newId, randomString, unixNow } from './ids';
import { updatedMetadata } from './param-types';
import { addressOf, orNull, shippingOf } from './payment-intent-fields';
import { resolvePaymentMethod } from './payment-methods';
import { testCardByPaymentMethodId } from './cards';
import type { Store } from './store';

/**
 * Customers: created, updated and deleted as Stripe does, with the payment methods saved to them.
 * Billing objects (Sources, subscriptions, cash balances, test clocks, discounts) are not
 * simulated: their fields are empty, and parameters that would need them are refused.
 */

type CreateParams = ParamsOf<'POST /v1/customers'>;
type UpdateParams = ParamsOf<'POST /v1/customers/:id'>;

/** A live (not deleted) Customer, or Stripe's 404 (400 when named by the parameter `param`). */
export function liveCustomer(store: Store, id: string, param?: string): Stripe.Customer {
  const customer = store.get('customer', id);
  if (!customer || customer.deleted) throw resourceMissing('customer', id, param);
  return customer;
}

/** Legacy Sources and Cards belong to the Charges API, which the simulator does not serve. */
const noSources = (param: string) =>
  invalidRequest(
    `The simulator does not simulate Sources or Cards (the legacy Charges API), so ${param} cannot ` +
      'be used: save a PaymentMethod with payment_method, or through a PaymentIntent with ' +
      'setup_future_usage.',
    { param },
  );

/** Stripe's rule for invoice prefixes: 3 to 12 upper-case letters or digits. */
function checkInvoicePrefix(prefix: string): void {
  if (!/^[A-Z0-9]{3,12}$/.test(prefix))
    throw invalidRequest(
      'Invalid invoice_prefix: it must be 3 to 12 upper-case letters or numbers.',
      { param: 'invoice_prefix' },
    );
}

/** Stripe's refusal of a PaymentMethod saved to another customer than `customer`. */
function checkAttachable(paymentMethod: Stripe.PaymentMethod, customer: string): void {
  if (paymentMethod.customer && paymentMethod.customer !== customer)
    throw invalidRequest(
      `The payment method ${paymentMethod.id} is already attached to another customer.`,
      { param: 'payment_method' },
    );
}

/** A PaymentMethod becomes the customer's (payment_method on create, setup_future_usage). */
export function attach(store: Store, paymentMethod: Stripe.PaymentMethod, customer: string) {
  checkAttachable(paymentMethod, customer);
  return store.put({ ...paymentMethod, customer });
}

/**
 * Checks the PaymentMethod a new customer is to save (it exists, and is nobody's), storing
 * nothing; returns its id, or undefined for a test one (pm_card_visa), made anew when saved.
 */
function checkSavable(store: Store, id: string, customer: string): string | undefined {
  if (testCardByPaymentMethodId(id)) return undefined;
  const paymentMethod = store.get('payment_method', id);
  if (!paymentMethod) throw resourceMissing('PaymentMethod', id, 'payment_method');
  checkAttachable(paymentMethod, customer);
  return paymentMethod.id;
}

/**
 * The fields create and update set from their parameters (the ones they share); `saving`: the
 * PaymentMethod a create is about to save, which its invoice settings may name.
 */
function fieldsFrom(
  store: Store,
  customer: Stripe.Customer,
  params: CreateParams | UpdateParams,
  saving?: string,
): Stripe.Customer {
  if (params.source !== undefined) throw noSources('source');
  if ('default_source' in params && params.default_source !== undefined)
    throw noSources('default_source');
  if (params.invoice_prefix !== undefined) checkInvoicePrefix(params.invoice_prefix);
  const next: Stripe.Customer = { ...customer };
  const copy = [
    'balance',
    'description',
    'email',
    'name',
    'phone',
    'next_invoice_sequence',
  ] as const;
  for (const key of copy)
    if (params[key] !== undefined) Object.assign(next, { [key]: params[key] });
  for (const key of ['business_name', 'individual_name'] as const) {
    const value = params[key];
    if (value === '') delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  if (params.invoice_prefix !== undefined) next.invoice_prefix = params.invoice_prefix;
  if (params.preferred_locales !== undefined) next.preferred_locales = params.preferred_locales;
  if (params.address !== undefined)
    next.address = params.address === '' ? null : addressOf(params.address);
  if (params.shipping !== undefined) next.shipping = shippingOf(params.shipping);
  if (params.tax_exempt !== undefined) next.tax_exempt = params.tax_exempt || 'none';
  if (params.metadata !== undefined)
    next.metadata = updatedMetadata(customer.metadata, params.metadata);
  if (params.tax !== undefined && next.tax) {
    const ip = params.tax.ip_address;
    next.tax = { ...next.tax, ip_address: ip === undefined ? next.tax.ip_address : orNull(ip) };
  }
  const reconciliation = params.cash_balance?.settings?.reconciliation_mode;
  if (reconciliation && next.cash_balance)
    next.cash_balance = {
      ...next.cash_balance,
      settings: { reconciliation_mode: reconciliation, using_merchant_default: false },
    };
  if (params.invoice_settings !== undefined)
    next.invoice_settings = invoiceSettings(store, customer, params.invoice_settings, saving);
  return next;
}

function invoiceSettings(
  store: Store,
  customer: Stripe.Customer,
  given: NonNullable<UpdateParams['invoice_settings']>,
  saving: string | undefined,
): Stripe.Customer.InvoiceSettings {
  const settings = { ...customer.invoice_settings };
  if (given.custom_fields !== undefined) settings.custom_fields = orNull(given.custom_fields);
  if (given.footer !== undefined) settings.footer = given.footer;
  if (given.rendering_options !== undefined)
    settings.rendering_options =
      given.rendering_options === ''
        ? null
        : {
            amount_tax_display: orNull(given.rendering_options.amount_tax_display),
            template: given.rendering_options.template ?? null,
          };
  const defaultMethod = given.default_payment_method;
  if (defaultMethod !== undefined) {
    const saved = store.get('payment_method', defaultMethod);
    if (saved?.customer !== customer.id && defaultMethod !== saving)
      throw invalidRequest(
        `The customer does not have a payment method with the ID ${defaultMethod}. The payment ` +
          'method must be attached to the customer.',
        { param: 'invoice_settings[default_payment_method]' },
      );
    settings.default_payment_method = defaultMethod;
  }
  return settings;
}

/** A new Customer, stored, with its tax IDs and the PaymentMethod `payment_method` names. */
export function createCustomer(store: Store, params: CreateParams): Stripe.Customer {
  if (params.test_clock !== undefined)
    throw resourceMissing('test_clock', params.test_clock, 'test_clock');
  const id = newId('cus');
  const empty: Stripe.Customer = {
    id,
    object: 'customer',
    address: null,
    balance: 0,
    // Kept, and shown only when expanded, as Stripe shows them (see expand.ts).
    cash_balance: {
      object: 'cash_balance',
      available: null,
      customer: id,
      customer_account: null,
      livemode: false,
      settings: { reconciliation_mode: 'automatic', using_merchant_default: true },
    },
    created: unixNow(),
    currency: null,
    customer_account: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: null,
    invoice_credit_balance: {},
    invoice_prefix: randomString(8)
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, 'X'),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: {},
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax: {
      automatic_tax: 'unrecognized_location',
      ip_address: null,
      location: null,
      provider: 'stripe',
    },
    tax_exempt: 'none',
    test_clock: null,
  };
  // Every check before anything is stored, so that a refused create saves no PaymentMethod.
  const saving =
    params.payment_method === undefined
      ? undefined
      : checkSavable(store, params.payment_method, id);
  const fields = fieldsFrom(store, empty, params, saving);
  if (params.payment_method !== undefined)
    attach(store, resolvePaymentMethod(store, params.payment_method, 'payment_method'), id);
  const customer = store.put(fields);
  for (const datum of params.tax_id_data ?? []) {
    store.put<Stripe.TaxId>({
      id: newId('txi'),
      object: 'tax_id',
      country: null,
      created: customer.created,
      customer: id,
      customer_account: null,
      livemode: false,
      owner: { customer: id, customer_account: null, type: 'customer' },
      type: datum.type,
      value: datum.value,
      verification: { status: 'pending', verified_address: null, verified_name: null },
    });
  }
  return customer;
}

/** The customer after an update's parameters. */
export const updateCustomer = (store: Store, customer: Stripe.Customer, params: UpdateParams) =>
  store.put(fieldsFrom(store, customer, params));

/**
 * An update's `previous_attributes`, as customer.updated carries them (undefined when nothing
 * changed, and Stripe sends no event): of the fields the API shows without `expand[]`.
 */
export const customerChanges = (before: Stripe.Customer, after: Stripe.Customer) =>
  previousAttributes(withoutIncludables(before), withoutIncludables(after));

/** Deletes a customer: Stripe keeps only its id, answered as `{ id, object, deleted: true }`. */
export function deleteCustomer(store: Store, customer: Stripe.Customer): Stripe.DeletedCustomer {
  return store.put<Stripe.DeletedCustomer>({ id: customer.id, object: 'customer', deleted: true });
}
