import type Stripe from 'stripe';
import { ApiError } from '../errors';
import { unixNow } from '../ids';
import { cardDetails, createCardPaymentMethod } from '../payment-methods';
import { fieldsFrom } from '../payment-intent-fields';
import { confirmPaymentIntent, createPaymentIntent, type PaymentContext } from '../payments';
import { countryName, locate } from '../tax/location';
import { discountTarget, findPromotionCode, promotionCodeProblem } from './discounts';
import {
  type Collected,
  completeSession,
  paymentIntentOf,
  withCollected,
  withCustomerDetails,
} from './lifecycle';
import { reprice } from './pricing';
import { applyCoupon, belowMinimum } from './session';
import type { CreateParams } from './params';
import { fixedEmail, type StoredSession } from './stored';

/**
 * What the customer does on the hosted page (routes/checkout-page.ts): apply a promotion code, give
 * an address and choose a shipping rate, then pay with a card, through the simulator's PaymentIntent
 * code. Each returns the session as it now is, or what went wrong, per field, in plain words.
 */

/** The page's form fields, as posted. */
export type Form = Record<string, string>;
/** Per-field messages (by field name); `form` is about the form as a whole. */
export type FieldErrors = Record<string, string>;

type Result = { session: StoredSession } | { errors: FieldErrors };

/** What the customer still has to give before paying: an address, or nothing. */
export function addressNeeded(session: StoredSession): 'shipping' | 'billing' | null {
  if (session.shipping_address_collection) return 'shipping';
  if (session.billing_address_collection === 'required' || session.automatic_tax.enabled)
    return 'billing';
  return null;
}

/** Whether the address the session needs has been given. */
export function detailsComplete(session: StoredSession): boolean {
  const needed = addressNeeded(session);
  if (needed === 'shipping') return Boolean(session.collected_information?.shipping_details);
  if (needed === 'billing') return Boolean(session.customer_details?.address);
  return true;
}

/**
 * While the card awaits 3-D Secure, the amount it is being authenticated for must stay the
 * session's: the order cannot change until the customer finishes, or pays with another card.
 */
function awaitingAuthentication(ctx: PaymentContext, session: StoredSession): FieldErrors | null {
  const pi = paymentIntentOf(ctx.store, session);
  return pi?.status === 'requires_action'
    ? {
        form:
          'Your card is waiting for 3-D Secure authentication. Finish it, or pay with another ' +
          'card, before changing the order.',
      }
    : null;
}

// --- Promotion codes -----------------------------------------------------------------------------

/** Applies the code the customer typed, or says why it does not apply. */
export function applyPromotionCode(
  ctx: PaymentContext,
  session: StoredSession,
  text: string,
): Result {
  if (!session.allow_promotion_codes)
    return { errors: { code: 'This checkout does not take promotion codes.' } };
  const waiting = awaitingAuthentication(ctx, session);
  if (waiting) return { errors: waiting };
  if (text.trim() === '') return { errors: { code: 'Enter a promotion code.' } };
  const now = unixNow();
  const target = discountTarget(session, now);
  const problemOf = (code: Stripe.PromotionCode) => promotionCodeProblem(ctx.store, code, target);
  const code = findPromotionCode(ctx.store, text, (found) => problemOf(found) === null);
  if (!code) return { errors: { code: `“${text.trim()}” is not a valid promotion code.` } };
  const problem = problemOf(code);
  if (problem) return { errors: { code: problem } };
  const coupon = ctx.store.get('coupon', code.promotion.coupon as string) as Stripe.Coupon;
  const applied = applyCoupon(session, coupon, code, now);
  const repriced = reprice(ctx.store, session, { applied });
  const tooSmall = belowMinimum(repriced.amount_total ?? 0, repriced.currency ?? '');
  if (tooSmall)
    return {
      errors: {
        code: 'With this code the total would be less than the smallest amount a card can be charged.',
      },
    };
  return { session: ctx.store.put(repriced) };
}

/** Takes the promotion code off again. */
export function removePromotionCode(ctx: PaymentContext, session: StoredSession): Result {
  const waiting = awaitingAuthentication(ctx, session);
  if (waiting) return { errors: waiting };
  return { session: ctx.store.put(reprice(ctx.store, session, { applied: null })) };
}

// --- Address and shipping rate -------------------------------------------------------------------

const blank = (value: string | undefined) => (value ?? '').trim();

/** An address from the form's `<prefix>_line1`... fields, and what is missing from it. */
function readAddress(form: Form, prefix: string, full: boolean, errors: FieldErrors) {
  const field = (name: string) => blank(form[`${prefix}_${name}`]);
  const country = field('country').toUpperCase();
  const address: Stripe.Address = {
    city: field('city') || null,
    country: country || null,
    line1: field('line1') || null,
    line2: field('line2') || null,
    postal_code: field('postal_code') || null,
    state: field('state') || null,
  };
  if (!countryName(country)) errors[`${prefix}_country`] = 'Choose a country.';
  if (full && !address.line1) errors[`${prefix}_line1`] = 'Enter the first line of the address.';
  if (full && !address.city) errors[`${prefix}_city`] = 'Enter a town or city.';
  if ((country === 'US' || country === 'CA') && !address.postal_code)
    errors[`${prefix}_postal_code`] =
      country === 'US' ? 'Enter a ZIP code.' : 'Enter a postal code.';
  return address;
}

/** Saves the customer's address and shipping rate, then prices the session for them. */
export function saveDetails(ctx: PaymentContext, session: StoredSession, form: Form): Result {
  const waiting = awaitingAuthentication(ctx, session);
  if (waiting) return { errors: waiting };
  const errors: FieldErrors = {};
  const needed = addressNeeded(session);
  let next: StoredSession = { ...session };
  if (needed === 'shipping') {
    const address = readAddress(form, 'shipping', true, errors);
    const name = blank(form.shipping_name);
    if (!name) errors.shipping_name = 'Enter the full name.';
    const allowed = session.shipping_address_collection?.allowed_countries ?? [];
    if (address.country && !errors.shipping_country && !allowed.includes(address.country as never))
      errors.shipping_country = `This shop does not ship to ${countryName(address.country)}.`;
    next.collected_information = {
      business_name: null,
      individual_name: null,
      shipping_details: { name, address },
    };
  } else if (needed === 'billing') {
    const address = readAddress(
      form,
      'billing',
      session.billing_address_collection === 'required',
      errors,
    );
    next.customer_details = withCustomerDetails(session.customer_details, { address });
  }
  if (session.shipping_options.length > 0) {
    const chosen = session.shipping_options.find(
      (option) => option.shipping_rate === form.shipping_rate,
    );
    if (!chosen) errors.shipping_rate = 'Choose a shipping method.';
    else
      next.shipping_cost = {
        amount_subtotal: 0,
        amount_tax: 0,
        amount_total: 0,
        shipping_rate: chosen.shipping_rate,
      };
  }
  if (Object.keys(errors).length > 0) return { errors };
  if (session.automatic_tax.enabled) {
    const address =
      needed === 'shipping'
        ? next.collected_information?.shipping_details?.address
        : next.customer_details?.address;
    try {
      if (address) locate(address, 'address');
    } catch {
      return {
        errors: {
          [`${needed}_postal_code`]:
            'We could not work out the tax for this address: check the postal code and the state.',
        },
      };
    }
  }
  next = reprice(ctx.store, next);
  return { session: ctx.store.put(next) };
}

// --- Paying --------------------------------------------------------------------------------------

/** What became of a payment attempt. */
type PayOutcome =
  | { kind: 'complete'; session: StoredSession }
  | { kind: 'authenticate'; url: string }
  | { kind: 'declined'; message: string }
  | { kind: 'invalid'; errors: FieldErrors };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The contact details and answers on the payment form, checked; `errors` gets what is wrong. */
function readCollected(session: StoredSession, form: Form, errors: FieldErrors): Collected {
  const email = fixedEmail(session) ?? blank(form.email);
  if (!email) errors.email = 'Enter your email address.';
  else if (!EMAIL.test(email)) errors.email = 'Your email address is invalid.';
  let phone: string | null = null;
  if (session.phone_number_collection?.enabled) {
    phone = blank(form.phone);
    if (!phone) errors.phone = 'Enter your phone number.';
    else if (!/^\+?[\d\s().-]{6,20}$/.test(phone)) errors.phone = 'Your phone number is invalid.';
  }
  const consent = session.consent_collection;
  if (consent?.terms_of_service === 'required' && form.terms !== 'accepted')
    errors.terms = 'Agree to the terms of service to continue.';
  const customFields = session.custom_fields.map((field, i) => {
    const name = `custom_${i}`;
    const value = blank(form[name]);
    const label = field.label.custom ?? field.key;
    const bounds = field.text ?? field.numeric;
    if (!value) {
      if (!field.optional) errors[name] = `Enter ${label}.`;
    } else if (field.type === 'numeric' && !/^\d+$/.test(value)) {
      errors[name] = `${label} may contain digits only.`;
    } else if (field.dropdown && !field.dropdown.options.some((option) => option.value === value)) {
      errors[name] = `Choose one of the options for ${label}.`;
    } else if (bounds?.minimum_length && value.length < bounds.minimum_length) {
      errors[name] = `${label} must be at least ${bounds.minimum_length} characters long.`;
    } else if (bounds?.maximum_length && value.length > bounds.maximum_length) {
      errors[name] = `${label} must be at most ${bounds.maximum_length} characters long.`;
    }
    const filled = value || null;
    if (field.dropdown) return { ...field, dropdown: { ...field.dropdown, value: filled } };
    if (field.numeric) return { ...field, numeric: { ...field.numeric, value: filled } };
    if (field.text) return { ...field, text: { ...field.text, value: filled } };
    return field;
  });
  return {
    email,
    phone,
    consent: consent
      ? {
          promotions:
            consent.promotions === 'auto'
              ? form.promotions === 'opt_in'
                ? 'opt_in'
                : 'opt_out'
              : null,
          terms_of_service: consent.terms_of_service === 'required' ? 'accepted' : null,
        }
      : null,
    customFields,
  };
}

/** The field of the page each of Stripe's card parameters is entered in. */
const CARD_FIELDS: Record<string, string> = {
  'card[number]': 'card_number',
  'card[exp_month]': 'card_expiry',
  'card[exp_year]': 'card_expiry',
  'card[cvc]': 'card_cvc',
};

/** The card typed in, tokenized as Stripe tokenizes it (Luhn, expiry, CVC length). */
function readCard(form: Form, errors: FieldErrors) {
  const number = blank(form.card_number).replace(/[\s-]/g, '');
  const expiry = /^(\d{1,2})\s*\/?\s*(\d{2}|\d{4})$/.exec(blank(form.card_expiry));
  const cvc = blank(form.card_cvc);
  if (!number) errors.card_number = 'Your card number is incomplete.';
  if (!expiry) errors.card_expiry = "Your card's expiration date is incomplete.";
  if (!cvc) errors.card_cvc = "Your card's security code is incomplete.";
  if (!number || !expiry || !cvc) return undefined;
  try {
    return cardDetails(
      { number, exp_month: Number(expiry[1]), exp_year: Number(expiry[2]), cvc },
      'card',
    );
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    errors[CARD_FIELDS[err.error.param ?? ''] ?? 'card_number'] = err.message;
    return undefined;
  }
}

/** A card brand as `payment_method_options[card][restrictions][brands_blocked]` names it. */
const BLOCKABLE_BRANDS: Record<string, string> = {
  visa: 'visa',
  mastercard: 'mastercard',
  amex: 'american_express',
  discover: 'discover_global_network',
  diners: 'discover_global_network',
};

/** Why the session does not take this card (its brand or funding is blocked), or null. */
function refusedCard(session: StoredSession, card: Stripe.PaymentMethod.Card | undefined) {
  const restrictions = session.payment_method_options?.card?.restrictions;
  if (!card || !restrictions) return null;
  const brand = BLOCKABLE_BRANDS[card.brand];
  if (brand && restrictions.brands_blocked?.includes(brand as never))
    return 'This shop does not take this card brand. Try a different card.';
  if (restrictions.funding_types_blocked?.includes(card.funding as never))
    return `This shop does not take ${card.funding} cards. Try a different card.`;
  return null;
}

/** The PaymentIntent's `shipping`: `payment_intent_data[shipping]`, or the address collected. */
function shippingOf(session: StoredSession): Stripe.PaymentIntentCreateParams.Shipping | '' {
  const given = session.payment_intent_data?.shipping;
  if (given) return given;
  const collected = session.collected_information?.shipping_details;
  if (!collected) return '';
  const address = Object.entries(collected.address).filter(([, value]) => value !== null);
  return { name: collected.name, address: Object.fromEntries(address) as Stripe.AddressParam };
}

/** A card's `setup_future_usage`, as a session's parameters give it. */
type CardUsage = NonNullable<
  NonNullable<CreateParams['payment_method_options']>['card']
>['setup_future_usage'];

/**
 * The session's PaymentIntent: made on the first attempt from `payment_intent_data`, for the
 * session's total; kept for later attempts, its amount and shipping following the session's.
 */
function paymentIntentFor(ctx: PaymentContext, session: StoredSession): Stripe.PaymentIntent {
  const amount = session.amount_total ?? 0;
  const shipping = shippingOf(session);
  const existing = paymentIntentOf(ctx.store, session);
  if (existing)
    return ctx.store.put({ ...existing, amount, ...fieldsFrom(existing, { shipping }) });
  const data = session.payment_intent_data ?? {};
  const card = session.payment_method_options?.card;
  const captureMethod =
    data.capture_method ?? (card?.capture_method === 'manual' ? 'manual' : undefined);
  const customer = typeof session.customer === 'string' ? session.customer : undefined;
  const pi = createPaymentIntent(
    ctx,
    {
      amount,
      currency: session.currency ?? '',
      payment_method_types: ['card'],
      ...(customer && { customer }),
    },
    {
      ...(data.description !== undefined && { description: data.description }),
      ...(data.metadata && { metadata: data.metadata }),
      ...(data.receipt_email !== undefined && { receipt_email: data.receipt_email }),
      ...(captureMethod && { capture_method: captureMethod }),
      ...(data.statement_descriptor_suffix && {
        statement_descriptor_suffix: data.statement_descriptor_suffix,
      }),
      ...(data.transfer_group && { transfer_group: data.transfer_group }),
      ...(shipping && { shipping }),
      // The card is saved to the session's customer once paid (payments.ts).
      ...(data.setup_future_usage && { setup_future_usage: data.setup_future_usage }),
      ...(card?.setup_future_usage && {
        // As the session's parameters gave it (checked then).
        payment_method_options: {
          card: { setup_future_usage: card.setup_future_usage as CardUsage },
        },
      }),
    },
  );
  ctx.store.put({ ...session, payment_intent: pi.id });
  return pi;
}

/**
 * Pays the session with the card on the form. The form's `amount` is the total the customer saw:
 * if the session's total has changed since, nothing is charged and the page shows the new one.
 */
export function pay(
  ctx: PaymentContext,
  session: StoredSession,
  form: Form,
  returnUrl: string,
): PayOutcome {
  const errors: FieldErrors = {};
  if (!detailsComplete(session)) errors.form = 'Enter the address first.';
  const collected = readCollected(session, form, errors);
  const free = session.amount_total === 0;
  const card = free ? undefined : readCard(form, errors);
  if (Number(form.amount) !== session.amount_total)
    errors.form = 'The total has changed. Check the order summary and pay again.';
  if (Object.keys(errors).length > 0) return { kind: 'invalid', errors };
  if (free) return { kind: 'complete', session: completeSession(ctx, session, collected) };

  const billing = session.customer_details?.address ?? null;
  const paymentMethod = createCardPaymentMethod(ctx.store, card as NonNullable<typeof card>, {
    billing_details: {
      email: collected.email ?? '',
      ...(billing && {
        address: Object.fromEntries(
          Object.entries(billing).filter(([, value]) => value !== null),
        ) as Stripe.AddressParam,
      }),
    },
  });
  const refused = refusedCard(session, paymentMethod.card);
  if (refused) return { kind: 'declined', message: refused };

  const paymentIntent = paymentIntentFor(ctx, session);
  const current = ctx.store.get('checkout.session', session.id) as StoredSession;
  const result = confirmPaymentIntent(ctx, paymentIntent, paymentMethod, { returnUrl });
  if (result.error) return { kind: 'declined', message: result.error.message };
  const next = result.paymentIntent.next_action?.redirect_to_url?.url;
  if (result.paymentIntent.status === 'requires_action' && next) {
    // Kept for when the payment succeeds, whether or not the customer comes back.
    ctx.store.put(withCollected(current, collected));
    return { kind: 'authenticate', url: next };
  }
  return { kind: 'complete', session: completeSession(ctx, current, collected) };
}
