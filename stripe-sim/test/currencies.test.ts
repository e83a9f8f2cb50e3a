import { beforeEach, describe, expect, it } from 'vitest';
import { resetAll, stripeClient, stripeError } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

describe('currencies', () => {
  it('takes Stripe’s presentment currencies and refuses one Intl knows but Stripe does not', async () => {
    await expect(
      stripe.paymentIntents.create({ amount: 50_000, currency: 'kes' }),
    ).resolves.toMatchObject({ currency: 'kes' });
    const error = await stripeError(() =>
      stripe.paymentIntents.create({ amount: 50_000, currency: 'ves' }),
    );
    expect(error).toMatchObject({
      type: 'StripeInvalidRequestError',
      param: 'currency',
      statusCode: 400,
    });
    expect(error.message).toMatch(/Invalid currency: ves/);
  });
});
