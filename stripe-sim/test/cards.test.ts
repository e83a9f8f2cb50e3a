import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetAll, stripeClient, stripeError } from './helpers';

/**
 * Every row of Stripe's test-card table, reached three ways: the card number (PaymentMethod created
 * from card details), the test PaymentMethod id, and the classic token where Stripe has one.
 */
const stripe = stripeClient();
beforeEach(resetAll);

const nextYear = new Date().getUTCFullYear() + 1;

interface Row {
  number: string;
  pm: string;
  token?: string;
  brand: string;
}

const SUCCEEDING: (Row & { funding: string })[] = [
  {
    number: '4242424242424242',
    pm: 'pm_card_visa',
    token: 'tok_visa',
    brand: 'visa',
    funding: 'credit',
  },
  {
    number: '4000056655665556',
    pm: 'pm_card_visa_debit',
    token: 'tok_visa_debit',
    brand: 'visa',
    funding: 'debit',
  },
  {
    number: '5555555555554444',
    pm: 'pm_card_mastercard',
    token: 'tok_mastercard',
    brand: 'mastercard',
    funding: 'credit',
  },
  {
    number: '378282246310005',
    pm: 'pm_card_amex',
    token: 'tok_amex',
    brand: 'amex',
    funding: 'credit',
  },
  {
    number: '6011111111111117',
    pm: 'pm_card_discover',
    token: 'tok_discover',
    brand: 'discover',
    funding: 'credit',
  },
  {
    number: '3056930009020004',
    pm: 'pm_card_diners',
    token: 'tok_diners',
    brand: 'diners',
    funding: 'credit',
  },
  {
    number: '3566002020360505',
    pm: 'pm_card_jcb',
    token: 'tok_jcb',
    brand: 'jcb',
    funding: 'credit',
  },
];

const DECLINING: (Row & { code: string; declineCode?: string; message: string })[] = [
  {
    number: '4000000000000002',
    pm: 'pm_card_visa_chargeDeclined',
    token: 'tok_chargeDeclined',
    brand: 'visa',
    code: 'card_declined',
    declineCode: 'generic_decline',
    message: 'Your card was declined.',
  },
  {
    number: '4000000000009995',
    pm: 'pm_card_visa_chargeDeclinedInsufficientFunds',
    token: 'tok_chargeDeclinedInsufficientFunds',
    brand: 'visa',
    code: 'card_declined',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  {
    number: '4000000000009987',
    pm: 'pm_card_visa_chargeDeclinedLostCard',
    token: 'tok_chargeDeclinedLostCard',
    brand: 'visa',
    code: 'card_declined',
    declineCode: 'lost_card',
    message: 'Your card was declined.',
  },
  {
    number: '4000000000009979',
    pm: 'pm_card_visa_chargeDeclinedStolenCard',
    token: 'tok_chargeDeclinedStolenCard',
    brand: 'visa',
    code: 'card_declined',
    declineCode: 'stolen_card',
    message: 'Your card was declined.',
  },
  {
    number: '4000000000000069',
    pm: 'pm_card_chargeDeclinedExpiredCard',
    token: 'tok_chargeDeclinedExpiredCard',
    brand: 'visa',
    code: 'expired_card',
    message: 'Your card has expired.',
  },
  {
    number: '4000000000000127',
    pm: 'pm_card_chargeDeclinedIncorrectCvc',
    token: 'tok_chargeDeclinedIncorrectCvc',
    brand: 'visa',
    code: 'incorrect_cvc',
    message: "Your card's security code is incorrect.",
  },
  {
    number: '4000000000000119',
    pm: 'pm_card_chargeDeclinedProcessingError',
    token: 'tok_chargeDeclinedProcessingError',
    brand: 'visa',
    code: 'processing_error',
    message: 'An error occurred while processing your card. Try again in a little bit.',
  },
  {
    number: '4100000000000019',
    pm: 'pm_card_radarBlock',
    token: 'tok_radarBlock',
    brand: 'visa',
    code: 'card_declined',
    declineCode: 'fraudulent',
    message: 'Your card was declined.',
  },
];

const AUTHENTICATING: Row[] = [
  { number: '4000002760003184', pm: 'pm_card_authenticationRequired', brand: 'visa' },
  { number: '4000002500003155', pm: 'pm_card_authenticationRequiredOnSetup', brand: 'visa' },
  { number: '4000000000003220', pm: 'pm_card_threeDSecure2Required', brand: 'visa' },
  {
    number: '4000008260003178',
    pm: 'pm_card_authenticationRequiredChargeDeclinedInsufficientFunds',
    brand: 'visa',
  },
  { number: '4000008400001629', pm: 'pm_card_threeDSecureRequiredChargeDeclined', brand: 'visa' },
];

/** The three ways of naming a card, each as PaymentIntent-create parameters. */
async function viaCardNumber(number: string): Promise<Stripe.PaymentIntentCreateParams> {
  const cvc = number.startsWith('37') ? '1234' : '123';
  const pm = await stripe.paymentMethods.create({
    type: 'card',
    card: { number, exp_month: 12, exp_year: nextYear, cvc },
  });
  return { amount: 1099, currency: 'usd', payment_method: pm.id, confirm: true };
}
const viaPaymentMethodId = (pm: string): Stripe.PaymentIntentCreateParams => ({
  amount: 1099,
  currency: 'usd',
  payment_method: pm,
  confirm: true,
});
const viaToken = (token: string) =>
  // stripe-node does not declare payment_method_data[card], which the API accepts for tokens.
  ({
    amount: 1099,
    currency: 'usd',
    payment_method_data: { type: 'card', card: { token } },
    confirm: true,
  }) as Stripe.PaymentIntentCreateParams;

function ways(row: Row): [string, () => Promise<Stripe.PaymentIntentCreateParams>][] {
  return [
    [`card number ${row.number}`, () => viaCardNumber(row.number)],
    [`PaymentMethod ${row.pm}`, async () => viaPaymentMethodId(row.pm)],
    ...(row.token
      ? [
          [`token ${row.token}`, async () => viaToken(row.token as string)] as [
            string,
            () => Promise<Stripe.PaymentIntentCreateParams>,
          ],
        ]
      : []),
  ];
}

describe('successful payments', () => {
  for (const row of SUCCEEDING) {
    for (const [way, params] of ways(row)) {
      it(`${row.brand} (${row.funding}) via ${way} succeeds with a charge`, async () => {
        const pi = await stripe.paymentIntents.create({
          ...(await params()),
          expand: ['latest_charge'],
        });
        expect(pi.status).toBe('succeeded');
        expect(pi.amount_received).toBe(1099);
        const charge = pi.latest_charge as Stripe.Charge;
        expect(charge.status).toBe('succeeded');
        expect(charge.paid).toBe(true);
        expect(charge.payment_method_details?.card).toMatchObject({
          brand: row.brand,
          funding: row.funding,
          last4: row.number.slice(-4),
        });
        expect(charge.payment_method_details?.card?.exp_year).toBeGreaterThanOrEqual(nextYear);
        expect(charge.receipt_url).toMatch(/^http:\/\/127\.0\.0\.1:12111\/_sim\/receipts\/ch_/);
      });
    }
  }
});

describe('declines', () => {
  for (const row of DECLINING) {
    for (const [way, params] of ways(row)) {
      it(`${row.code}/${row.declineCode ?? '-'} via ${way}: 402 card_error, requires_payment_method`, async () => {
        const err = await stripeError(async () => stripe.paymentIntents.create(await params()));
        expect(err.statusCode).toBe(402);
        expect(err.type).toBe('StripeCardError');
        expect(err.raw).toMatchObject({ type: 'card_error', code: row.code, message: row.message });
        expect(err.decline_code || undefined).toBe(row.declineCode);
        const pi = err.payment_intent as Stripe.PaymentIntent;
        expect(pi.status).toBe('requires_payment_method');
        expect(pi.last_payment_error).toMatchObject({
          type: 'card_error',
          code: row.code,
          message: row.message,
        });
        expect(pi.last_payment_error?.decline_code).toBe(row.declineCode);

        const charge = await stripe.charges.retrieve(pi.latest_charge as string);
        expect(charge).toMatchObject({
          status: 'failed',
          paid: false,
          failure_code: row.code,
          failure_message: row.message,
        });
        expect(charge.outcome?.type).toBe(
          row.declineCode === 'fraudulent' ? 'blocked' : 'issuer_declined',
        );
      });
    }
  }

  it('lets a declined PaymentIntent be confirmed again with another card', async () => {
    const err = await stripeError(() =>
      stripe.paymentIntents.create(viaPaymentMethodId('pm_card_visa_chargeDeclined')),
    );
    const declined = err.payment_intent as Stripe.PaymentIntent;
    const pi = await stripe.paymentIntents.confirm(declined.id, { payment_method: 'pm_card_visa' });
    expect(pi.status).toBe('succeeded');
    expect(pi.last_payment_error).toBeNull();
    expect(pi.latest_charge).not.toBe(declined.latest_charge);
  });
});

describe('3-D Secure cards', () => {
  for (const row of AUTHENTICATING) {
    for (const [way, params] of ways(row)) {
      it(`${row.pm} via ${way} asks for authentication`, async () => {
        const pi = await stripe.paymentIntents.create({
          ...(await params()),
          return_url: 'https://shop.test/return',
        });
        expect(pi.status).toBe('requires_action');
        expect(pi.next_action?.type).toBe('redirect_to_url');
        expect(pi.next_action?.redirect_to_url).toEqual({
          url: `http://127.0.0.1:12111/_sim/3ds/${pi.id}`,
          return_url: 'https://shop.test/return',
        });
        expect(pi.latest_charge).toBeNull();
      });
    }
  }
});

describe('invalid card data is refused when the card is tokenized', () => {
  const card = { number: '4242424242424242', exp_month: 12, exp_year: nextYear, cvc: '123' };
  const cases: [string, Partial<typeof card>, string, string][] = [
    [
      'a number failing the Luhn check',
      { number: '4242424242424241' },
      'incorrect_number',
      'Your card number is incorrect.',
    ],
    [
      'expiry month 13',
      { exp_month: 13 },
      'invalid_expiry_month',
      "Your card's expiration month is invalid.",
    ],
    [
      'an expiry year in the past',
      { exp_year: 2020 },
      'invalid_expiry_year',
      "Your card's expiration year is invalid.",
    ],
    ['a 2-digit CVC', { cvc: '12' }, 'invalid_cvc', "Your card's security code is invalid."],
    [
      'a 3-digit CVC on American Express',
      { number: '378282246310005', cvc: '123' },
      'invalid_cvc',
      "Your card's security code is invalid.",
    ],
  ];
  for (const [name, change, code, message] of cases) {
    it(`${name}: 402 ${code}`, async () => {
      const err = await stripeError(() =>
        stripe.paymentMethods.create({ type: 'card', card: { ...card, ...change } }),
      );
      expect(err.statusCode).toBe(402);
      expect(err.raw).toMatchObject({ type: 'card_error', code, message });
    });
  }

  it('takes a 4-digit CVC on American Express', async () => {
    const pm = await stripe.paymentMethods.create({
      type: 'card',
      card: { ...card, number: '3782 822463 10005', cvc: '1234' },
    });
    expect(pm.card).toMatchObject({
      brand: 'amex',
      last4: '0005',
      display_brand: 'american_express',
    });
  });

  it('declines a valid card number that is not a test card, as test mode does', async () => {
    const pm = await stripe.paymentMethods.create({
      type: 'card',
      card: { ...card, number: '4111111111111111' },
    });
    const err = await stripeError(() => stripe.paymentIntents.create(viaPaymentMethodId(pm.id)));
    expect(err.raw).toMatchObject({ code: 'card_declined', decline_code: 'test_mode_live_card' });
  });

  it('retrieves a PaymentMethod it created, and resolves test ids', async () => {
    const created = await stripe.paymentMethods.create({
      type: 'card',
      card,
      billing_details: { name: 'Jenny Rosen' },
    });
    expect(await stripe.paymentMethods.retrieve(created.id)).toEqual(created);
    const visa = await stripe.paymentMethods.retrieve('pm_card_mastercard');
    expect(visa).toMatchObject({
      object: 'payment_method',
      type: 'card',
      livemode: false,
      card: { brand: 'mastercard', last4: '4444' },
    });
    expect(visa.id).toMatch(/^pm_[A-Za-z0-9]{24}$/);
  });
});
