import { Hono } from 'hono';
import type Stripe from 'stripe';
import type { SimEnv } from '../context';
import { contract } from '../contract/contract';
import { parseParams } from '../params';
import { respond } from './helpers';

const retrieveParams = contract('GET /v1/account');

/** Shown wherever Stripe shows an account's name: says plainly that this is not a real account. */
const DISPLAY_NAME = 'Stripe simulator (test mode)';

/**
 * Nothing due, now or later, and nothing disabled: a fully onboarded account, as
 * `charges_enabled`, `payouts_enabled` and `details_submitted` say (Stripe's example account, still
 * onboarding, lists here what it lacks; an integration reads `currently_due` to know).
 */
const nothingDue = (): Stripe.Account.Requirements => ({
  alternatives: [],
  current_deadline: null,
  currently_due: [],
  disabled_reason: null,
  errors: [],
  eventually_due: [],
  past_due: [],
  pending_verification: [],
});

/**
 * The one account every test key of the simulator belongs to, as `GET /v1/account` describes a
 * fully onboarded standard account: it can take charges, in test mode only.
 */
export const SIMULATED_ACCOUNT: Stripe.Account = {
  id: 'acct_1SimTestModeOnly',
  object: 'account',
  business_profile: {
    annual_revenue: { amount: null, currency: null, fiscal_year_end: null },
    estimated_worker_count: null,
    mcc: '5734',
    minority_owned_business_designation: null,
    name: DISPLAY_NAME,
    // Onboarding asks for a description (or a website, which the simulated account has not).
    product_description: 'A local simulator of Stripe in test mode: it never touches real money.',
    specified_commercial_transactions_act_url: null,
    support_address: null,
    support_email: null,
    support_phone: null,
    support_url: null,
    url: null,
  },
  business_type: 'company',
  capabilities: { card_payments: 'active', transfers: 'active' },
  charges_enabled: true,
  controller: { type: 'account' },
  country: 'US',
  created: 1_700_000_000,
  default_currency: 'usd',
  details_submitted: true,
  email: null,
  future_requirements: nothingDue(),
  metadata: {},
  payouts_enabled: true,
  requirements: nothingDue(),
  settings: {
    branding: { icon: null, logo: null, primary_color: null, secondary_color: null },
    card_payments: {
      decline_on: { avs_failure: false, cvc_failure: true },
      statement_descriptor_prefix: 'SIMULATED',
      statement_descriptor_prefix_kana: null,
      statement_descriptor_prefix_kanji: null,
    },
    dashboard: { display_name: DISPLAY_NAME, timezone: 'Etc/UTC' },
    payments: {
      statement_descriptor: 'SIMULATED PAYMENT',
      statement_descriptor_kana: null,
      statement_descriptor_kanji: null,
      statement_descriptor_prefix_kana: null,
      statement_descriptor_prefix_kanji: null,
    },
    // A new US account's schedule: daily, each payment paid out 2 days after it is made.
    payouts: {
      debit_negative_balances: true,
      schedule: { delay_days: 2, interval: 'daily' },
      statement_descriptor: null,
    },
  },
  type: 'standard',
};

/** GET /v1/account: the account the API key belongs to (a secret key is required, as at Stripe). */
export const account = new Hono<SimEnv>().get('/', (c) => {
  const params = parseParams(retrieveParams, c.var.form);
  return respond(c, SIMULATED_ACCOUNT, params.expand);
});
