import type Stripe from 'stripe';
import { expiryProblem, rulesOf } from './card-rules';
import {
  detectBrand,
  fingerprint,
  MESSAGES,
  passesLuhn,
  testCardByNumber,
  testCardByPaymentMethodId,
  testCardByToken,
} from './cards';
import { ApiError, invalidRequest, missingParameter, resourceMissing } from './errors';
import { simulatedNow } from './clock';
import { newId, unixNow } from './ids';
import { updatedMetadata } from './param-types';
import { addressOf } from './payment-intent-fields';
import type { Store } from './store';

/** `card[...]`: raw card details, or a classic test token (`card[token]=tok_visa`). */
type CardParams = Stripe.PaymentMethodCreateParams.Card;
type BillingDetailsParams = Stripe.PaymentMethodCreateParams.BillingDetails;

/**
 * `payment_method_data[...]` on PaymentIntents and ConfirmationTokens, and a PaymentMethod
 * creation's own parameters: what the simulator reads of them (their types differ by endpoint only
 * in the payment method types it does not simulate).
 */
export interface PaymentMethodData {
  type?: string;
  card?: CardParams;
  billing_details?: BillingDetailsParams;
  metadata?: Stripe.MetadataParam;
  allow_redisplay?: Stripe.PaymentMethod.AllowRedisplay;
  radar_options?: { session?: string };
}

/** The keys of `payment_method_data` (and PaymentMethod creation) that are not a type's details. */
const COMMON_KEYS = new Set([
  'type',
  'card',
  'billing_details',
  'metadata',
  'allow_redisplay',
  'radar_options',
  'customer',
  'payment_method',
  'expand',
]);

/**
 * The simulated account takes cards only: a payment method of another type, or another type's
 * details, is refused, as Stripe refuses a type that is not activated on the account. `prefix` is
 * where the data sits (`payment_method_data`, or '' for a PaymentMethod's own parameters).
 */
export function checkCardType(data: PaymentMethodData, prefix: string): void {
  const at = (key: string) => (prefix ? `${prefix}[${key}]` : key);
  const other = Object.keys(data).find((key) => !COMMON_KEYS.has(key));
  const type = other ?? (data.type === 'card' ? undefined : data.type);
  if (type !== undefined)
    throw invalidRequest(
      `The payment method type ${type} is not activated on the simulated account: the Stripe ` +
        'simulator simulates card payments only.',
      { param: at(other ?? 'type'), code: 'payment_method_unactivated' },
    );
  if (data.type === undefined) throw missingParameter(at('type'));
}

/** Card details that passed Stripe's tokenization checks. */
interface CardDetails {
  number: string;
  expMonth: number;
  expYear: number;
  cvc?: string;
  /** `card[networks][preferred]`: the network the customer chose (co-branded cards). */
  preferredNetwork?: string;
}

/** 402 `card_error` for card details Stripe refuses to tokenize. */
function cardError(code: keyof typeof MESSAGES, param: string): ApiError {
  return new ApiError(402, { type: 'card_error', code, message: MESSAGES[code], param });
}

/** Test cards referenced by id carry no expiry: give them one a year ahead, as Stripe does. */
function testCardDetails(number: string): CardDetails {
  const now = new Date(simulatedNow());
  return { number, expMonth: now.getUTCMonth() + 1, expYear: now.getUTCFullYear() + 1 };
}

/**
 * Validates `card[...]` params (at `param`) as Stripe does when it tokenizes a card: Luhn check,
 * expiry month and year, CVC length (4 digits for American Express).
 */
export function cardDetails(card: CardParams, param: string): CardDetails {
  const preferred = card.networks?.preferred;
  const network = preferred ? { preferredNetwork: preferred } : {};
  if (card.token !== undefined) {
    const extra = (['number', 'exp_month', 'exp_year', 'cvc'] as const).find(
      (key) => card[key] !== undefined,
    );
    if (extra)
      throw invalidRequest(`You cannot pass both ${param}[token] and ${param}[${extra}].`, {
        param: `${param}[${extra}]`,
        code: 'parameters_exclusive',
      });
    const testCard = testCardByToken(card.token);
    if (!testCard) throw resourceMissing('token', card.token, `${param}[token]`);
    return { ...testCardDetails(testCard.number), ...network };
  }
  if (card.number === undefined) throw missingParameter(`${param}[number]`);
  if (card.exp_month === undefined) throw missingParameter(`${param}[exp_month]`);
  if (card.exp_year === undefined) throw missingParameter(`${param}[exp_year]`);

  const number = card.number.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(number) || !passesLuhn(number))
    throw cardError('incorrect_number', `${param}[number]`);
  const expMonth = card.exp_month;
  const expYear = card.exp_year < 100 ? 2000 + card.exp_year : card.exp_year;
  const problem = expiryProblem(expMonth, expYear, new Date(simulatedNow()));
  if (problem === 'invalid_month' || problem === 'past_month')
    throw cardError('invalid_expiry_month', `${param}[exp_month]`);
  if (problem) throw cardError('invalid_expiry_year', `${param}[exp_year]`);
  if (card.cvc !== undefined) {
    const digits = rulesOf(detectBrand(number)).cvcLength;
    if (!new RegExp(`^\\d{${digits}}$`).test(card.cvc))
      throw cardError('invalid_cvc', `${param}[cvc]`);
  }
  return {
    number,
    expMonth,
    expYear,
    ...(card.cvc !== undefined && { cvc: card.cvc }),
    ...network,
  };
}

/** The `card` hash of a PaymentMethod for these details. */
function cardHash(details: CardDetails): Stripe.PaymentMethod.Card {
  const testCard = testCardByNumber(details.number);
  const brand = detectBrand(details.number);
  return {
    brand,
    checks: {
      address_line1_check: null,
      address_postal_code_check: null,
      cvc_check: details.cvc ? 'unchecked' : null,
    },
    country: 'US',
    display_brand: rulesOf(brand).displayBrand,
    exp_month: details.expMonth,
    exp_year: details.expYear,
    fingerprint: fingerprint(details.number),
    funding: testCard?.funding ?? 'credit',
    generated_from: null,
    last4: details.number.slice(-4),
    networks: { available: [brand], preferred: details.preferredNetwork ?? null },
    regulated_status: 'unregulated',
    three_d_secure_usage: { supported: testCard?.supports3ds ?? true },
    wallet: null,
  };
}

function billingDetails(
  params: BillingDetailsParams | undefined,
): Stripe.PaymentMethod.BillingDetails {
  const address = params?.address || null;
  return {
    address: address && addressOf(address),
    email: params?.email || null,
    name: params?.name || null,
    phone: params?.phone || null,
    tax_id: params?.tax_id ?? null,
  };
}

type PaymentMethodInput = Omit<PaymentMethodData, 'type' | 'card'>;

/** A card PaymentMethod for these details (not stored: ConfirmationTokens only preview it). */
function buildCardPaymentMethod(
  details: CardDetails,
  input: PaymentMethodInput = {},
): Stripe.PaymentMethod {
  return {
    id: newId('pm'),
    object: 'payment_method',
    allow_redisplay: input.allow_redisplay ?? 'unspecified',
    billing_details: billingDetails(input.billing_details),
    card: cardHash(details),
    created: unixNow(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: updatedMetadata({}, input.metadata),
    ...(input.radar_options?.session && {
      radar_options: { session: input.radar_options.session },
    }),
    type: 'card',
  };
}

/** A new, stored card PaymentMethod. */
export function createCardPaymentMethod(
  store: Store,
  details: CardDetails,
  input: PaymentMethodInput = {},
): Stripe.PaymentMethod {
  return store.put(buildCardPaymentMethod(details, input));
}

/** Creates the PaymentMethod described by `payment_method_data` (at `param`). */
export function createFromPaymentMethodData(
  store: Store,
  data: PaymentMethodData,
  param: string,
): Stripe.PaymentMethod {
  return store.put(buildFromPaymentMethodData(data, param));
}

/** The PaymentMethod `payment_method_data` (at `param`) describes, not stored. */
export function buildFromPaymentMethodData(
  data: PaymentMethodData,
  param: string,
): Stripe.PaymentMethod {
  checkCardType(data, param);
  if (!data.card) throw missingParameter(`${param}[card]`);
  return buildCardPaymentMethod(cardDetails(data.card, `${param}[card]`), data);
}

/**
 * The PaymentMethod a `payment_method` parameter names. A test id (`pm_card_visa`) yields a new
 * PaymentMethod for its card each time, as in Stripe's test mode.
 */
export function resolvePaymentMethod(
  store: Store,
  id: string,
  param: string,
): Stripe.PaymentMethod {
  const testCard = testCardByPaymentMethodId(id);
  if (testCard) return createCardPaymentMethod(store, testCardDetails(testCard.number));
  const paymentMethod = store.get('payment_method', id);
  if (!paymentMethod) throw resourceMissing('PaymentMethod', id, param);
  return paymentMethod;
}

/** What a ConfirmationToken shows of its PaymentMethod. */
export function previewOf(
  paymentMethod: Stripe.PaymentMethod,
): Stripe.ConfirmationToken.PaymentMethodPreview {
  return {
    allow_redisplay: 'unspecified',
    billing_details: paymentMethod.billing_details,
    customer: null,
    customer_account: null,
    type: 'card',
    ...(paymentMethod.card && { card: paymentMethod.card }),
  };
}

/** The PaymentMethod a PaymentIntent gets when it is confirmed with a ConfirmationToken. */
export function paymentMethodFromPreview(
  store: Store,
  preview: Stripe.ConfirmationToken.PaymentMethodPreview,
): Stripe.PaymentMethod {
  return store.put({
    id: newId('pm'),
    object: 'payment_method',
    allow_redisplay: preview.allow_redisplay ?? 'unspecified',
    billing_details: preview.billing_details,
    ...(preview.card && { card: preview.card }),
    created: unixNow(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'card',
  });
}
