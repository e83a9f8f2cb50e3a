import type Stripe from 'stripe';
import { invalidRequest } from '../errors';
import type { Store } from '../store';

/**
 * The account's Stripe Tax settings (GET /v1/tax/settings). The simulated account has Stripe Tax
 * set up (`active`, a head office in the US) unless a test made it `pending`
 * (POST /_sim/tax_settings), as a new account is until its head office is given: then tax
 * calculations are refused as Stripe refuses them (`stripe_tax_inactive`).
 */
const PENDING_MARK = 'tax_settings:pending';

/** Makes Stripe Tax not set up until the next reset (POST /_sim/tax_settings). */
export const markTaxPending = (store: Store): void => store.mark(PENDING_MARK);

/** The settings as Stripe returns them. */
export function taxSettings(store: Store): Stripe.Tax.Settings {
  const pending = store.marked(PENDING_MARK);
  return {
    object: 'tax.settings',
    defaults: { provider: 'stripe', tax_behavior: null, tax_code: null },
    head_office: pending
      ? null
      : {
          address: {
            city: 'South San Francisco',
            country: 'US',
            line1: '354 Oyster Point Blvd',
            line2: null,
            postal_code: '94080',
            state: 'CA',
          },
        },
    livemode: false,
    status: pending ? 'pending' : 'active',
    status_details: pending ? { pending: { missing_fields: ['head_office'] } } : { active: {} },
  };
}

/** Stripe's refusal of a calculation while Stripe Tax is not set up. */
export function checkTaxActive(store: Store): void {
  if (store.marked(PENDING_MARK))
    throw invalidRequest(
      'Stripe Tax has not been activated on your account. Please visit ' +
        'https://stripe.com/docs/tax/set-up to get started.',
      { code: 'stripe_tax_inactive' },
    );
}
