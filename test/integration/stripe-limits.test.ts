/**
 * The checkout's table of Stripe's minimum charges (src/money/stripe-limits.ts), which refuses a
 * cart or a discount below it before Stripe is asked, against the simulator's (Stripe's
 * currencies page): a minimum too low there lets a payment reach Stripe's amount_too_small, one
 * too high refuses what Stripe takes.
 */
import { describe, expect, it } from 'vitest';
import { MINIMUM_CHARGE, minimumCharge } from '../../src/money/stripe-limits';
import { stripe } from '../support/checkout';

describe("the checkout's minimum charges", () => {
  it.each(Object.entries(MINIMUM_CHARGE))('are Stripe’s: %s %i', async (currency, minimum) => {
    expect(minimumCharge(currency)).toBe(minimum);
    const below = stripe.paymentIntents.create({ amount: minimum - 1, currency });
    await expect(below).rejects.toMatchObject({ code: 'amount_too_small' });
    const at = await stripe.paymentIntents.create({ amount: minimum, currency });
    expect(at.amount).toBe(minimum);
  });
});
