import type Stripe from 'stripe';
import { invalidRequest, missingParameter, resourceMissing } from '../errors';
import { randomString } from '../ids';
import { updatedMetadata } from '../param-types';
import { MINIMUM_AMOUNTS } from '../routes/payment-intents';
import type { Store } from '../store';
import type { StoredSession } from './stored';
import {
  couponProblem,
  couponReduction,
  discountTarget,
  discountObject,
  promotionCodeProblem,
} from './discounts';
import { withCustomerDetails } from './lifecycle';
import { checkTaxBehaviors, makeLines } from './lines';
import type { CreateParams } from './params';
import { type AppliedDiscount, reprice } from './pricing';
import { discountShares } from './totals';

/** A session may live from 30 minutes to 24 hours (24 hours unless `expires_at` says otherwise). */
const MIN_LIFETIME = 30 * 60;
const MAX_LIFETIME = 24 * 60 * 60;

/** `cs_test_` and 58 alphanumerics, as Stripe's test-mode Checkout Session ids. */
const newSessionId = () => `cs_test_${randomString(58)}`;

/** Where the simulator serves a session's hosted page (the Session's `url` while it is open). */
const sessionUrl = (origin: string, id: string) => `${origin}/c/pay/${id}`;

/** Why the total cannot be charged: more than zero but less than the currency's minimum. */
export function belowMinimum(total: number, currency: string): string | null {
  const [minimum, label] = MINIMUM_AMOUNTS[currency] ?? [1, '1'];
  return total > 0 && total < minimum
    ? `The Checkout Session's total amount due must add up to at least ${label} ${currency}`
    : null;
}

/** A coupon and its Discount object, with each line's share, for a session. */
export function applyCoupon(
  session: StoredSession,
  coupon: Stripe.Coupon,
  promotionCode: Stripe.PromotionCode | null,
  now: number,
): AppliedDiscount {
  const reduction = couponReduction(coupon, session.currency ?? '');
  if (typeof reduction === 'string') throw new Error(reduction);
  return {
    discount: discountObject(session.id, coupon, promotionCode, now),
    shares: discountShares(
      session.line_items.data.map((line) => line.amount_subtotal),
      reduction,
    ),
  };
}

/** The discount `discounts[0]` names, checked as Stripe checks it. */
function givenDiscount(store: Store, params: CreateParams, session: StoredSession, now: number) {
  const given = params.discounts?.[0];
  if (!given) return undefined;
  const target = discountTarget(session, now);
  if (given.coupon !== undefined && given.promotion_code !== undefined)
    throw invalidRequest('You may only specify one of these parameters: coupon, promotion_code.', {
      param: 'discounts[0][promotion_code]',
      code: 'parameters_exclusive',
    });
  if (given.coupon !== undefined) {
    const param = 'discounts[0][coupon]';
    const coupon = store.get('coupon', given.coupon);
    if (!coupon) throw resourceMissing('coupon', given.coupon, param);
    const problem = couponProblem(coupon, target);
    if (problem) throw invalidRequest(problem, { param });
    return applyCoupon(session, coupon, null, now);
  }
  if (given.promotion_code === undefined) throw missingParameter('discounts[0][coupon]');
  const param = 'discounts[0][promotion_code]';
  const code = store.get('promotion_code', given.promotion_code);
  if (!code) throw resourceMissing('promotion_code', given.promotion_code, param);
  const problem = promotionCodeProblem(store, code, target);
  if (problem) throw invalidRequest(problem, { param });
  const coupon = store.get('coupon', code.promotion.coupon as string) as Stripe.Coupon;
  return applyCoupon(session, coupon, code, now);
}

function checkExpiry(expiresAt: number | undefined, now: number): number {
  if (expiresAt === undefined) return now + MAX_LIFETIME;
  if (expiresAt - now < MIN_LIFETIME)
    throw invalidRequest(
      'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
      { param: 'expires_at' },
    );
  if (expiresAt - now > MAX_LIFETIME)
    throw invalidRequest(
      'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
      { param: 'expires_at' },
    );
  return expiresAt;
}

const messageOf = (text: { message: string } | '' | undefined) =>
  text ? { message: text.message } : null;

/** The custom fields as the Session shows them, values still empty. */
function customFields(params: CreateParams): Stripe.Checkout.Session.CustomField[] {
  return (params.custom_fields ?? []).map((field) => {
    const bounds = (given: typeof field.text) => ({
      default_value: given?.default_value ?? null,
      maximum_length: given?.maximum_length ?? null,
      minimum_length: given?.minimum_length ?? null,
      value: null,
    });
    return {
      key: field.key,
      label: { custom: field.label.custom, type: 'custom' },
      optional: field.optional ?? false,
      type: field.type,
      ...(field.type === 'text' && { text: bounds(field.text) }),
      ...(field.type === 'numeric' && { numeric: bounds(field.numeric) }),
      ...(field.type === 'dropdown' && {
        dropdown: {
          default_value: field.dropdown?.default_value ?? null,
          options: field.dropdown?.options ?? [],
          value: null,
        },
      }),
    };
  });
}

/** The parts of a Session that are the parameters echoed (or Stripe's defaults for them). */
function echoed(params: CreateParams) {
  const consent = params.consent_collection;
  return {
    after_expiration: null,
    allow_promotion_codes: params.allow_promotion_codes ?? null,
    allowed_payment_method_types: params.allowed_payment_method_types ?? null,
    billing_address_collection: params.billing_address_collection ?? null,
    cancel_url: params.cancel_url ?? null,
    client_reference_id: params.client_reference_id ?? null,
    consent_collection: consent
      ? {
          payment_method_reuse_agreement: consent.payment_method_reuse_agreement ?? null,
          promotions: consent.promotions ?? null,
          terms_of_service: consent.terms_of_service ?? null,
        }
      : null,
    custom_fields: customFields(params),
    custom_text: {
      after_submit: messageOf(params.custom_text?.after_submit),
      shipping_address: messageOf(params.custom_text?.shipping_address),
      submit: messageOf(params.custom_text?.submit),
      terms_of_service_acceptance: messageOf(params.custom_text?.terms_of_service_acceptance),
    },
    customer_creation: params.customer_creation ?? 'if_required',
    customer_email: params.customer_email ?? null,
    integration_identifier: params.integration_identifier ?? null,
    locale: params.locale ?? null,
    metadata: updatedMetadata({}, params.metadata),
    origin_context: params.origin_context ?? null,
    permissions: params.permissions
      ? { update_shipping_details: params.permissions.update_shipping_details ?? null }
      : null,
    phone_number_collection: { enabled: params.phone_number_collection?.enabled ?? false },
    saved_payment_method_options: params.saved_payment_method_options
      ? {
          allow_redisplay_filters:
            params.saved_payment_method_options.allow_redisplay_filters ?? null,
          payment_method_remove: params.saved_payment_method_options.payment_method_remove ?? null,
          payment_method_save: params.saved_payment_method_options.payment_method_save ?? null,
        }
      : null,
    shipping_address_collection: params.shipping_address_collection ?? null,
    submit_type: params.submit_type ?? null,
    success_url: params.success_url ?? null,
    tax_id_collection: {
      enabled: params.tax_id_collection?.enabled ?? false,
      required: params.tax_id_collection?.required ?? 'never',
    },
    wallet_options: params.wallet_options ?? null,
    ...(params.excluded_payment_method_types && {
      excluded_payment_method_types: params.excluded_payment_method_types,
    }),
    ...(params.name_collection && {
      name_collection: {
        ...(params.name_collection.business && {
          business: { optional: false, ...params.name_collection.business },
        }),
        ...(params.name_collection.individual && {
          individual: { optional: false, ...params.name_collection.individual },
        }),
      },
    }),
  };
}

/** The branding a session shows: what was given, over the simulator's defaults. */
function branding(given: CreateParams['branding_settings']) {
  if (!given) return {};
  const image = (value: typeof given.icon) => (value ? { ...value } : null);
  return {
    branding_settings: {
      background_color: given.background_color || '#ffffff',
      border_style: given.border_style || 'rounded',
      button_color: given.button_color || '#3d2bd9',
      display_name: given.display_name ?? 'Stripe simulator',
      font_family: given.font_family || 'default',
      icon: image(given.icon),
      logo: image(given.logo),
    },
  };
}

/** The details Checkout starts with: the email given, or the one of the customer named. */
function customerDetails(store: Store, params: CreateParams) {
  const customer =
    params.customer === undefined ? undefined : store.get('customer', params.customer);
  const email = params.customer_email ?? (customer?.deleted ? null : customer?.email);
  return email ? withCustomerDetails(null, { email }) : null;
}

/** What a new session consists of, for the caller to store once it is all checked. */
interface NewSession {
  session: StoredSession;
  products: Stripe.Product[];
  rates: Stripe.ShippingRate[];
}

/** A new open Checkout Session in payment mode, priced, from checked parameters. */
export function newSession(
  store: Store,
  params: CreateParams,
  { origin, now }: { origin: string; now: number },
): NewSession {
  const made = makeLines(store, params, now);
  const automaticTax = params.automatic_tax?.enabled ?? false;
  if (automaticTax) checkTaxBehaviors(made.lines);
  const id = newSessionId();
  const card: Stripe.Checkout.Session.PaymentMethodOptions.Card = {
    request_three_d_secure: 'automatic',
    ...params.payment_method_options?.card,
  };
  const draft: StoredSession = {
    id,
    object: 'checkout.session',
    adaptive_pricing: { enabled: false },
    amount_subtotal: 0,
    amount_total: 0,
    automatic_tax: {
      enabled: automaticTax,
      liability: automaticTax ? { type: 'self' } : null,
      provider: automaticTax ? 'stripe' : null,
      status: null,
    },
    ...echoed(params),
    ...branding(params.branding_settings),
    client_secret: null,
    collected_information: null,
    consent: null,
    created: now,
    currency: made.currency,
    currency_conversion: null,
    customer: params.customer ?? null,
    customer_account: null,
    customer_details: customerDetails(store, params),
    customer_update: params.customer_update ?? null,
    discounts: [],
    expires_at: checkExpiry(params.expires_at, now),
    invoice: null,
    invoice_creation: {
      enabled: false,
      invoice_data: {
        account_tax_ids: null,
        custom_fields: null,
        description: null,
        footer: null,
        issuer: null,
        metadata: {},
        rendering_options: null,
      },
    },
    line_items: {
      object: 'list',
      data: made.lines,
      has_more: false,
      url: `/v1/checkout/sessions/${id}/line_items`,
    },
    livemode: false,
    managed_payments: null,
    mode: 'payment',
    payment_intent: null,
    payment_intent_data: params.payment_intent_data ?? null,
    payment_link: null,
    payment_method_collection: 'if_required',
    payment_method_configuration_details: null,
    payment_method_options: { card },
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    recovered_from: null,
    setup_intent: null,
    // Stripe starts with the first shipping option chosen.
    shipping_cost: made.rates[0]
      ? { amount_subtotal: 0, amount_tax: 0, amount_total: 0, shipping_rate: made.rates[0].id }
      : null,
    shipping_options: [],
    status: 'open',
    subscription: null,
    total_details: null,
    ui_mode: 'hosted_page',
    url: sessionUrl(origin, id),
  };
  const { rates } = made;
  let session = reprice(store, draft, { rates });
  const applied = givenDiscount(store, params, session, now);
  if (applied) session = reprice(store, session, { applied, rates });
  session.shipping_options = made.rates.map((rate) => {
    const amount = rate.fixed_amount;
    const inCurrency =
      amount?.currency === made.currency
        ? amount.amount
        : amount?.currency_options?.[made.currency]?.amount;
    return { shipping_amount: inCurrency ?? 0, shipping_rate: rate.id };
  });
  session.payment_status = session.amount_total === 0 ? 'no_payment_required' : 'unpaid';
  const problem = belowMinimum(session.amount_total ?? 0, made.currency);
  if (problem) throw invalidRequest(problem);
  if ((session.amount_total ?? 0) > 99_999_999)
    throw invalidRequest("The Checkout Session's total amount due must be no more than 99999999.", {
      code: 'amount_too_large',
    });
  return { session, products: made.products, rates: made.rates };
}
