import { beforeEach, describe, expect, it } from 'vitest';
import { api, PUBLISHABLE_KEY, resetAll, stripeClient, stripeError } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

describe('GET /v1/account', () => {
  it('describes the simulated test-mode account the key belongs to', async () => {
    const account = await stripe.accounts.retrieveCurrent();
    expect(account).toMatchObject({
      object: 'account',
      charges_enabled: true,
      details_submitted: true,
      country: 'US',
      default_currency: 'usd',
    });
    expect(account.id).toMatch(/^acct_\w{16}$/);
    expect(account.settings?.dashboard.display_name).toMatch(/simulator/i);
  });

  it('has nothing due, now or later, as Stripe shows an onboarded account', async () => {
    const account = await stripe.accounts.retrieveCurrent();
    const nothingDue = {
      alternatives: [],
      current_deadline: null,
      currently_due: [],
      disabled_reason: null,
      errors: [],
      eventually_due: [],
      past_due: [],
      pending_verification: [],
    };
    // The fields of Stripe's own example account, valued as for an onboarded one.
    expect(account.requirements).toEqual(nothingDue);
    expect(account.future_requirements).toEqual(nothingDue);
    expect(account.business_profile).toMatchObject({
      annual_revenue: { amount: null, currency: null, fiscal_year_end: null },
      estimated_worker_count: null,
      product_description: expect.stringMatching(/simulator/),
    });
    expect(account.settings?.payouts).toEqual({
      debit_negative_balances: true,
      schedule: { delay_days: 2, interval: 'daily' },
      statement_descriptor: null,
    });
  });

  it('needs a secret key, and refuses a live one', async () => {
    expect((await api('/v1/account', { key: PUBLISHABLE_KEY })).status).toBe(401);
    const live = await stripeError(() =>
      stripeClient('sk_live_simulator_refuses_this').accounts.retrieveCurrent(),
    );
    expect(live).toMatchObject({ statusCode: 401, type: 'StripeAuthenticationError' });
  });
});
