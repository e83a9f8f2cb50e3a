import { html } from 'hono/html';
import type Stripe from 'stripe';
import type { FieldErrors, Form } from '../checkout/hosted';
import { addressNeeded, detailsComplete } from '../checkout/hosted';
import { SHIPPING_COUNTRIES } from '../checkout/params';
import { fixedEmail, type StoredSession } from '../checkout/stored';
import type { Store } from '../store';
import { countryName } from '../tax/location';
import { appliedCode, deliveryEstimate, summary } from './checkout-summary';
import { choice, described, field, fieldError, fieldId, type Html, select } from './form-controls';
import { formatAmount, layout } from './layout';

/**
 * The hosted Checkout page at a Session's `url`: the order summary, a promotion-code form when codes
 * are allowed, the address and shipping choice when they are collected, and the card form. Plain
 * HTML forms posting to the simulator (no script at all), each control labelled, errors announced
 * at the top and tied to their field.
 */

/** What the page shows beyond the session: what the customer typed, and what went wrong. */
export interface PageState {
  errors?: FieldErrors;
  /** Values to show again (never card details). */
  values?: Form;
  /** A message about the last attempt, such as a decline. */
  notice?: string;
}

/** The button's verb for each `submit_type`. */
const VERBS: Record<string, string> = { book: 'Book', donate: 'Donate' };

/** The labels of an address's fields (`shipping_line1`, `billing_postal_code`...). */
const ADDRESS_LABELS: Record<string, string> = {
  name: 'Full name',
  line1: 'Address line 1',
  line2: 'Address line 2',
  city: 'Town or city',
  state: 'State, province or region',
  postal_code: 'Postal code',
  country: 'Country or region',
};

/** The other fields' labels. */
const LABELS: Record<string, string> = {
  code: 'Promotion code',
  email: 'Email',
  phone: 'Phone number',
  card_number: 'Card number',
  card_expiry: 'Expiration',
  card_cvc: 'Security code',
  terms: 'Terms of service',
  shipping_rate: 'Shipping method',
};

/** A field's label, for the links of the error summary. */
function labelOf(session: StoredSession, name: string): string {
  const address = /^(?:shipping|billing)_(.+)$/.exec(name)?.[1];
  const custom = /^custom_(\d+)$/.exec(name)?.[1];
  if (custom !== undefined) return session.custom_fields[Number(custom)]?.label.custom ?? name;
  return LABELS[name] ?? ADDRESS_LABELS[address ?? ''] ?? name;
}

function promotionSection(session: StoredSession, store: Store, state: PageState): Html | '' {
  if (!session.allow_promotion_codes) return '';
  const action = `/c/pay/${session.id}/promotion_code`;
  const applied = appliedCode(session, store);
  const saving = applied && formatAmount(applied.amount, session.currency ?? 'usd');
  const body = applied
    ? html`<p>Code <strong>${applied.code ?? ''}</strong> applied: you save ${saving}.</p>
        <form method="post" action="${action}">
          <input type="hidden" name="action" value="remove" />
          <button type="submit" class="secondary">Remove code</button>
        </form>`
    : html`<form method="post" action="${action}">
        ${field({
          name: 'code',
          label: 'Promotion code',
          value: state.values?.code,
          errors: state.errors ?? {},
          autocomplete: 'off',
        })}
        <div class="actions">
          <button type="submit" name="action" value="apply" class="secondary">Apply</button>
        </div>
      </form>`;
  return html`<section aria-labelledby="promotion-title">
    <h2 id="promotion-title">Discount</h2>
    ${body}
  </section>`;
}

/** Countries as options, by name. */
const countries = (codes: readonly string[]) =>
  codes
    .map((code) => ({ value: code, label: countryName(code) ?? '' }))
    .filter((option) => option.label !== '')
    .sort((a, b) => a.label.localeCompare(b.label));

/** The fields of an address (`<prefix>_line1`...); `full` asks for the street too. */
function addressFields(
  prefix: 'shipping' | 'billing',
  full: boolean,
  address: Stripe.Address | null | undefined,
  allowed: readonly string[],
  state: PageState,
): Html {
  const errors = state.errors ?? {};
  const value = (part: keyof Stripe.Address) =>
    state.values?.[`${prefix}_${part}`] ?? address?.[part];
  const part = (
    name: keyof Stripe.Address,
    autocomplete: string,
    optional: boolean | 'unmarked' = false,
  ) =>
    field({
      name: `${prefix}_${name}`,
      label: ADDRESS_LABELS[name] ?? name,
      value: value(name),
      errors,
      autocomplete: `${prefix} ${autocomplete}`,
      optional,
    });
  const street = full
    ? html`${part('line1', 'address-line1')}
        ${part('line2', 'address-line2', true)}
        ${part('city', 'address-level2')}
        ${part('state', 'address-level1', true)}`
    : '';
  return html`${street}
    ${part('postal_code', 'postal-code', 'unmarked')}
    ${select({
      name: `${prefix}_country`,
      label: ADDRESS_LABELS.country ?? 'Country',
      options: countries(allowed),
      value: value('country'),
      prompt: 'Choose a country',
      autocomplete: `${prefix} country`,
      errors,
    })}`;
}

function shippingRates(session: StoredSession, store: Store, state: PageState): Html | '' {
  if (session.shipping_options.length === 0) return '';
  const errors = state.errors ?? {};
  const chosen = state.values?.shipping_rate ?? session.shipping_cost?.shipping_rate;
  const currency = session.currency ?? 'usd';
  const options = session.shipping_options.map((option) => {
    const rate = store.get('shipping_rate', option.shipping_rate as string);
    const estimate = deliveryEstimate(rate);
    const price = formatAmount(option.shipping_amount, currency);
    const label = `${rate?.display_name ?? ''}: ${price}${estimate ? `, ${estimate}` : ''}`;
    return choice('radio', 'shipping_rate', rate?.id ?? '', label, {
      checked: rate?.id === chosen,
      required: true,
    });
  });
  return html`<fieldset id="${fieldId('shipping_rate')}"${described('shipping_rate', errors, undefined, true)}>
    <legend>Shipping method</legend>
    ${options}
    ${fieldError('shipping_rate', errors)}
  </fieldset>`;
}

function addressFieldset(session: StoredSession, state: PageState): Html | '' {
  const needed = addressNeeded(session);
  if (needed === 'shipping') {
    const shipping = session.collected_information?.shipping_details;
    const message = session.custom_text.shipping_address?.message;
    return html`<fieldset>
      <legend>Shipping address</legend>
      ${message ? html`<p class="hint">${message}</p>` : ''}
      ${field({
        name: 'shipping_name',
        label: ADDRESS_LABELS.name ?? 'Name',
        value: state.values?.shipping_name ?? shipping?.name,
        errors: state.errors ?? {},
        autocomplete: 'shipping name',
      })}
      ${addressFields(
        'shipping',
        true,
        shipping?.address,
        session.shipping_address_collection?.allowed_countries ?? [],
        state,
      )}
    </fieldset>`;
  }
  if (needed !== 'billing') return '';
  const full = session.billing_address_collection === 'required';
  const address = session.customer_details?.address;
  return html`<fieldset>
    <legend>Billing address</legend>
    ${session.automatic_tax.enabled ? html`<p class="hint">Tax is worked out from this address.</p>` : ''}
    ${addressFields('billing', full, address, SHIPPING_COUNTRIES, state)}
  </fieldset>`;
}

function detailsSection(session: StoredSession, store: Store, state: PageState): Html | '' {
  const needed = addressNeeded(session);
  if (!needed && session.shipping_options.length === 0) return '';
  return html`<section aria-labelledby="details-title">
    <h2 id="details-title">${needed === 'billing' ? 'Billing details' : 'Delivery'}</h2>
    <form method="post" action="/c/pay/${session.id}/details">
      ${addressFieldset(session, state)}
      ${shippingRates(session, store, state)}
      <div class="actions">
        <button type="submit" class="secondary">${detailsComplete(session) ? 'Update' : 'Continue'}</button>
      </div>
    </form>
  </section>`;
}

function customFields(session: StoredSession, state: PageState): Html[] {
  const errors = state.errors ?? {};
  return session.custom_fields.map((custom, i) => {
    const name = `custom_${i}`;
    const label = custom.label.custom ?? custom.key;
    const optional = custom.optional;
    if (custom.dropdown)
      return select({
        name,
        label,
        errors,
        optional,
        options: custom.dropdown.options,
        value: state.values?.[name] ?? custom.dropdown.default_value,
        prompt: 'Choose',
      });
    const value = state.values?.[name] ?? (custom.text ?? custom.numeric)?.default_value;
    const inputmode = custom.type === 'numeric' ? ('numeric' as const) : undefined;
    return field({ name, label, value, errors, optional, ...(inputmode && { inputmode }) });
  });
}

function cardFields(errors: FieldErrors): Html {
  const card = (name: string, label: string, autocomplete: string, extra = {}) =>
    field({ name, label, errors, autocomplete, inputmode: 'numeric', ...extra });
  return html`<fieldset>
    <legend>Card</legend>
    <p class="hint">Simulated test cards only: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is
      declined, 4000 0027 6000 3184 asks for 3-D Secure. Any future date and any security code.</p>
    ${card('card_number', 'Card number', 'cc-number')}
    ${card('card_expiry', 'Expiration', 'cc-exp', { placeholder: 'MM / YY', hint: 'Month and year, as MM / YY.' })}
    ${card('card_cvc', 'Security code', 'cc-csc')}
  </fieldset>`;
}

function consentChoices(session: StoredSession, errors: FieldErrors): Html {
  const consent = session.consent_collection;
  const terms =
    session.custom_text.terms_of_service_acceptance?.message ?? 'I agree to the terms of service';
  return html`${
    consent?.promotions === 'auto'
      ? choice('checkbox', 'promotions', 'opt_in', 'Send me news and offers by email')
      : ''
  }${
    consent?.terms_of_service === 'required'
      ? html`${choice('checkbox', 'terms', 'accepted', terms, { required: true, errors })}
          ${fieldError('terms', errors)}`
      : ''
  }`;
}

function paymentSection(session: StoredSession, state: PageState): Html {
  const errors = state.errors ?? {};
  const total = session.amount_total ?? 0;
  if (!detailsComplete(session))
    return html`<section aria-labelledby="payment-title">
      <h2 id="payment-title">Payment</h2>
      <p>Enter the ${addressNeeded(session)} address first: the total depends on it.</p>
    </section>`;
  const verb = VERBS[session.submit_type ?? ''] ?? 'Pay';
  const label =
    total === 0 ? 'Complete order' : `${verb} ${formatAmount(total, session.currency ?? 'usd')}`;
  const given = fixedEmail(session);
  const email = field({
    name: 'email',
    label: 'Email',
    type: 'email',
    value: given ?? state.values?.email ?? session.customer_details?.email,
    errors,
    autocomplete: 'email',
    readonly: given !== null,
  });
  const phone = session.phone_number_collection?.enabled
    ? field({
        name: 'phone',
        label: 'Phone number',
        type: 'tel',
        value: state.values?.phone,
        errors,
        autocomplete: 'tel',
      })
    : '';
  const submitMessage = session.custom_text.submit?.message;
  return html`<section aria-labelledby="payment-title">
    <h2 id="payment-title">Payment</h2>
    <form method="post" action="/c/pay/${session.id}/pay">
      <input type="hidden" name="amount" value="${total}" />
      ${email}${phone}${customFields(session, state)}
      ${total === 0 ? html`<p>Nothing to pay: your discount covers the whole order.</p>` : cardFields(errors)}
      ${consentChoices(session, errors)}
      ${submitMessage ? html`<p class="hint">${submitMessage}</p>` : ''}
      <div class="actions"><button type="submit" class="primary">${label}</button></div>
    </form>
  </section>`;
}

/** What went wrong, at the top, announced, each field's message linked to the field. */
function alerts(session: StoredSession, state: PageState): Html | '' {
  const errors = state.errors ?? {};
  const fields = Object.entries(errors).filter(([name]) => name !== 'form');
  if (!state.notice && !errors.form && fields.length === 0) return '';
  const links = fields.map(
    ([name, message]) =>
      html`<li><a href="#${fieldId(name)}">${labelOf(session, name)}: ${message}</a></li>`,
  );
  return html`<div class="alert" role="alert">
    ${state.notice ? html`<p>${state.notice}</p>` : ''}
    ${errors.form ? html`<p>${errors.form}</p>` : ''}
    ${fields.length > 0 ? html`<p>Please correct:</p><ul>${links}</ul>` : ''}
  </div>`;
}

const backLink = (session: StoredSession): Html | '' =>
  session.cancel_url
    ? html`<p><a class="back" href="${session.cancel_url}"><span aria-hidden="true">←</span> Back to the shop</a></p>`
    : '';

/** The page of an open session. */
export function checkoutPage(session: StoredSession, store: Store, state: PageState = {}): Html {
  const total = formatAmount(session.amount_total ?? 0, session.currency ?? 'usd');
  return layout(
    'Checkout',
    html`${backLink(session)}
      <h1>Checkout: ${total}</h1>
      ${alerts(session, state)}
      ${summary(session, store)}
      ${promotionSection(session, store, state)}
      ${detailsSection(session, store, state)}
      ${paymentSection(session, state)}`,
  );
}

/** The page of a session that can no longer be paid: expired, or already complete. */
export function closedPage(session: StoredSession, successUrl: string | null): Html {
  if (session.status === 'complete')
    return layout(
      'Payment complete',
      html`<h1>Payment complete</h1>
        <p role="status">This order has been paid. There is nothing more to do here.</p>
        ${successUrl ? html`<p><a href="${successUrl}">Continue</a></p>` : ''}`,
    );
  return layout(
    'Checkout expired',
    html`<h1>This checkout has expired</h1>
      <p role="status">Nothing was charged. Go back to the shop to start again.</p>
      ${backLink(session)}`,
  );
}
