import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { checkAccount } from './keys.mjs';

const denied = () =>
  new Stripe.errors.StripePermissionError({
    message: "The provided key 'rk_test_…' does not have the required permissions.",
    type: 'invalid_request_error',
  });

/** Just the two calls checkAccount makes, answering as a restricted key with these permissions. */
function restrictedKey({ account, paymentIntents }: { account: boolean; paymentIntents: boolean }) {
  return {
    accounts: {
      retrieveCurrent: async () => {
        if (!account) throw denied();
        return {
          id: 'acct_1',
          charges_enabled: true,
          settings: { dashboard: { display_name: 'Shop' } },
        };
      },
    },
    paymentIntents: {
      list: async () => {
        if (!paymentIntents) throw denied();
        return { data: [] };
      },
    },
  } as unknown as Stripe;
}

describe('checkAccount with a restricted key', () => {
  it('accepts a key that may read PaymentIntents but not the account', async () => {
    const stripe = restrictedKey({ account: false, paymentIntents: true });
    expect(await checkAccount(stripe, true)).toEqual({
      id: null,
      name: null,
      chargesEnabled: null,
      statementDescriptor: null,
    });
  });

  it('names the account when the key may read it', async () => {
    const stripe = restrictedKey({ account: true, paymentIntents: true });
    expect(await checkAccount(stripe, true)).toMatchObject({ id: 'acct_1', name: 'Shop' });
  });

  it('refuses, naming the variable and the permission, a key that may not read PaymentIntents', async () => {
    for (const account of [true, false]) {
      const stripe = restrictedKey({ account, paymentIntents: false });
      await expect(checkAccount(stripe, true)).rejects.toThrow(
        /STRIPE_SECRET_KEY is a restricted key without access to PaymentIntents/,
      );
    }
  });

  it('refuses a full secret key that may not read its own account', async () => {
    const stripe = restrictedKey({ account: false, paymentIntents: true });
    await expect(checkAccount(stripe, false)).rejects.toThrow(
      /STRIPE_SECRET_KEY is a restricted key without access to the account/,
    );
  });
});
