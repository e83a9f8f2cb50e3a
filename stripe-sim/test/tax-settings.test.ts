import { beforeEach, describe, expect, it } from 'vitest';
import { control, resetAll, stripeClient, stripeError } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

const calculation = () =>
  stripe.tax.calculations.create({
    currency: 'usd',
    line_items: [{ amount: 1000, reference: 'mug' }],
    customer_details: {
      address: { line1: '1 Main St', city: 'Portland', postal_code: '97201', country: 'US' },
      address_source: 'shipping',
    },
  });

describe('tax settings', () => {
  it('are active, with a head office, on the simulated account', async () => {
    const settings = await stripe.tax.settings.retrieve();
    expect(settings).toMatchObject({
      object: 'tax.settings',
      status: 'active',
      status_details: { active: {} },
      head_office: { address: { country: 'US' } },
      defaults: { provider: 'stripe', tax_behavior: null, tax_code: null },
      livemode: false,
    });
    await expect(calculation()).resolves.toMatchObject({ object: 'tax.calculation' });
  });

  it('made pending (Stripe Tax not set up), refuse calculations as Stripe does', async () => {
    expect(await control('/tax_settings', { json: { status: 'pending' } })).toMatchObject({
      status: 'pending',
    });
    expect(await stripe.tax.settings.retrieve()).toMatchObject({
      status: 'pending',
      status_details: { pending: { missing_fields: ['head_office'] } },
      head_office: null,
    });
    const error = await stripeError(calculation);
    expect(error).toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'stripe_tax_inactive',
      statusCode: 400,
    });
    expect(error.message).toMatch(/Stripe Tax has not been activated/);
    // A Checkout Session with automatic tax too; one without is made as before.
    const session = (automatic: boolean) =>
      stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [
          {
            price_data: { currency: 'usd', unit_amount: 1000, product_data: { name: 'Mug' } },
            quantity: 1,
          },
        ],
        success_url: 'https://shop.example/thank-you',
        automatic_tax: { enabled: automatic },
      });
    expect(await stripeError(() => session(true))).toMatchObject({ code: 'stripe_tax_inactive' });
    await expect(session(false)).resolves.toMatchObject({ object: 'checkout.session' });
    // A reset sets it up again.
    await resetAll();
    expect((await stripe.tax.settings.retrieve()).status).toBe('active');
  });
});
