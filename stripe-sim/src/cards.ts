/**
 * Stripe's test cards (https://docs.stripe.com/testing) and what each does when charged. The table
 * is the simulator's single source of truth: card numbers, test PaymentMethod ids (`pm_card_*`) and
 * classic tokens (`tok_*`) all resolve to a row of it.
 */

import type { CardBrand } from './card-rules';

export { detectBrand, passesLuhn } from './card-rules';

/** The error codes a charge attempt can fail with. */
export type DeclineCode =
  | 'card_declined'
  | 'expired_card'
  | 'incorrect_cvc'
  | 'processing_error'
  | 'authentication_required';

/** What a charge attempt on the card does. */
export type ChargeOutcome =
  | { result: 'succeeded' }
  | { result: 'declined'; code: DeclineCode; declineCode?: string; blockedByRadar?: boolean };

interface TestCard {
  number: string;
  brand: CardBrand;
  funding: 'credit' | 'debit';
  /**
   * Whether a payment must first pass 3-D Secure authentication: always, or (`'unless_set_up'`,
   * 4000 0025 0000 3155) except off-session once the card was set up for future payments.
   */
  requiresAuthentication: boolean | 'unless_set_up';
  /** What the charge does (after authentication, for cards that require it). */
  outcome: ChargeOutcome;
  paymentMethod?: string;
  token?: string;
  /** False for cards whose issuer does not support 3-D Secure. */
  supports3ds?: boolean;
  /** A refund of its charge starts `succeeded` and fails later (refund-failures.ts). */
  refundFails?: true;
  /**
   * Its captured charge is disputed at once (disputes.ts): a fraud chargeback, or an inquiry (the
   * bank asks; no money moves).
   */
  dispute?: 'chargeback' | 'inquiry';
}

const succeeds: ChargeOutcome = { result: 'succeeded' };
const declines = (code: DeclineCode, declineCode?: string): ChargeOutcome => ({
  result: 'declined',
  code,
  ...(declineCode && { declineCode }),
});

/** Every documented test card. */
const TEST_CARDS: readonly TestCard[] = [
  // Successful payments.
  {
    number: '4242424242424242',
    brand: 'visa',
    funding: 'credit',
    requiresAuthentication: false,
    outcome: succeeds,
    paymentMethod: 'pm_card_visa',
    token: 'tok_visa',
  },
  {
    number: '4000056655665556',
    brand: 'visa',
    funding: 'debit',
    requiresAuthentication: false,
    outcome: succeeds,
    paymentMethod: 'pm_card_visa_debit',
    token: 'tok_visa_debit',
  },
  {
    number: '5555555555554444',
    brand: 'mastercard',
    funding: 'credit',
    requiresAuthentication: false,
    outcome: succeeds,
    paymentMethod: 'pm_card_mastercard',
    token: 'tok_mastercard',
  },
  {
    number: '378282246310005',
    brand: 'amex',
    funding: 'credit',
    requiresAuthentication: false,
    outcome: succeeds,
    paymentMethod: 'pm_card_amex',
    token: 'tok_amex',
    supports3ds: false,
  },
  {
    number: '6011111111111117',
    brand: 'discover',
    funding: 'credit',
    requiresAuthentication: false,
    outcome: succeeds,
    paymentMethod: 'pm_card_discover',
    token: 'tok_discover',
  },
  {
    number: '3056930009020004',
    brand: 'diners',
    funding: 'credit',
    requiresAuthentication: false,
    outcome: succeeds,
    paymentMethod: 'pm_card_diners',
    token: 'tok_diners',
  },
  {
    number: '3566002020360505',
    brand: 'jcb',
    funding: 'credit',
    requiresAuthentication: false,
    outcome: succeeds,
    paymentMethod: 'pm_card_jcb',
    token: 'tok_jcb',
  },
  // The charge succeeds; a refund of it succeeds, then fails some time later.
  {
    number: '4000000000005126',
    brand: 'visa',
    funding: 'credit',
    requiresAuthentication: false,
    outcome: succeeds,
    paymentMethod: 'pm_card_refundFail',
    token: 'tok_refundFail',
    refundFails: true,
  },
  // The charge succeeds, then the cardholder disputes it as fraudulent (disputes.ts).
  {
    number: '4000000000000259',
    brand: 'visa',
    funding: 'credit',
    requiresAuthentication: false,
    outcome: succeeds,
    paymentMethod: 'pm_card_createDispute',
    token: 'tok_createDispute',
    dispute: 'chargeback',
  },
  // The charge succeeds, then the bank opens an inquiry about it (disputes.ts).
  {
    number: '4000000000001976',
    brand: 'visa',
    funding: 'credit',
    requiresAuthentication: false,
    outcome: succeeds,
    paymentMethod: 'pm_card_createDisputeInquiry',
    token: 'tok_createDisputeInquiry',
    dispute: 'inquiry',
  },
  // Declines: the confirm fails with HTTP 402 and the PaymentIntent returns to requires_payment_method.
  {
    number: '4000000000000002',
    brand: 'visa',
    funding: 'credit',
    requiresAuthentication: false,
    outcome: declines('card_declined', 'generic_decline'),
    paymentMethod: 'pm_card_visa_chargeDeclined',
    token: 'tok_chargeDeclined',
  },
  {
    number: '4000000000009995',
    brand: 'visa',
    funding: 'credit',
    requiresAuthentication: false,
    outcome: declines('card_declined', 'insufficient_funds'),
    paymentMethod: 'pm_card_visa_chargeDeclinedInsufficientFunds',
    token: 'tok_chargeDeclinedInsufficientFunds',
  },
  {
    number: '4000000000009987',
    brand: 'visa',
    funding: 'credit',
    requiresAuthentication: false,
    outcome: declines('card_declined', 'lost_card'),
    paymentMethod: 'pm_card_visa_chargeDeclinedLostCard',
    token: 'tok_chargeDeclinedLostCard',
  },
  {
    number: '4000000000009979',
    brand: 'visa',
    funding: 'credit',
    requiresAuthentication: false,
    outcome: declines('card_declined', 'stolen_card'),
    paymentMethod: 'pm_card_visa_chargeDeclinedStolenCard',
    token: 'tok_chargeDeclinedStolenCard',
  },
  {
    number: '4000000000000069',
    brand: 'visa',
    funding: 'credit',
    requiresAuthentication: false,
    outcome: declines('expired_card'),
    paymentMethod: 'pm_card_chargeDeclinedExpiredCard',
    token: 'tok_chargeDeclinedExpiredCard',
  },
  {
    number: '4000000000000127',
    brand: 'visa',
    funding: 'credit',
    requiresAuthentication: false,
    outcome: declines('incorrect_cvc'),
    paymentMethod: 'pm_card_chargeDeclinedIncorrectCvc',
    token: 'tok_chargeDeclinedIncorrectCvc',
  },
  {
    number: '4000000000000119',
    brand: 'visa',
    funding: 'credit',
    requiresAuthentication: false,
    outcome: declines('processing_error'),
    paymentMethod: 'pm_card_chargeDeclinedProcessingError',
    token: 'tok_chargeDeclinedProcessingError',
  },
  {
    number: '4100000000000019',
    brand: 'visa',
    funding: 'credit',
    requiresAuthentication: false,
    outcome: {
      result: 'declined',
      code: 'card_declined',
      declineCode: 'fraudulent',
      blockedByRadar: true,
    },
    paymentMethod: 'pm_card_radarBlock',
    token: 'tok_radarBlock',
  },
  // 3-D Secure: the PaymentIntent goes to requires_action until the customer authenticates.
  {
    number: '4000002760003184',
    brand: 'visa',
    funding: 'credit',
    requiresAuthentication: true,
    outcome: succeeds,
    paymentMethod: 'pm_card_authenticationRequired',
  },
  {
    number: '4000002500003155',
    brand: 'visa',
    funding: 'credit',
    requiresAuthentication: 'unless_set_up',
    outcome: succeeds,
    paymentMethod: 'pm_card_authenticationRequiredOnSetup',
  },
  {
    number: '4000000000003220',
    brand: 'visa',
    funding: 'credit',
    requiresAuthentication: true,
    outcome: succeeds,
    paymentMethod: 'pm_card_threeDSecure2Required',
  },
  {
    number: '4000008260003178',
    brand: 'visa',
    funding: 'credit',
    requiresAuthentication: true,
    outcome: declines('card_declined', 'insufficient_funds'),
    paymentMethod: 'pm_card_authenticationRequiredChargeDeclinedInsufficientFunds',
  },
  {
    number: '4000008400001629',
    brand: 'visa',
    funding: 'credit',
    requiresAuthentication: true,
    outcome: declines('card_declined', 'generic_decline'),
    paymentMethod: 'pm_card_threeDSecureRequiredChargeDeclined',
  },
];

/**
 * A Luhn-valid number that is not a test card: Stripe's test mode refuses real card numbers, so the
 * simulator declines them the same way.
 */
export const LIVE_CARD_OUTCOME: ChargeOutcome = declines('card_declined', 'test_mode_live_card');

/**
 * The decline of a card that requires authentication when it cannot take place: an off-session
 * payment, or a confirmation with error_on_requires_action=true.
 */
export const AUTHENTICATION_REQUIRED: ChargeOutcome = declines(
  'authentication_required',
  'authentication_required',
);

/** Stripe's customer-facing messages, by error code or decline code. */
export const MESSAGES = {
  card_declined: 'Your card was declined.',
  authentication_required: 'Your card was declined. This transaction requires authentication.',
  insufficient_funds: 'Your card has insufficient funds.',
  test_mode_live_card:
    'Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.',
  expired_card: 'Your card has expired.',
  incorrect_cvc: "Your card's security code is incorrect.",
  processing_error: 'An error occurred while processing your card. Try again in a little bit.',
  incorrect_number: 'Your card number is incorrect.',
  invalid_expiry_month: "Your card's expiration month is invalid.",
  invalid_expiry_year: "Your card's expiration year is invalid.",
  invalid_cvc: "Your card's security code is invalid.",
  payment_intent_authentication_failure:
    'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
} as const;

/** The message a customer sees for a declined charge. */
export function declineMessage(outcome: Extract<ChargeOutcome, { result: 'declined' }>): string {
  if (outcome.declineCode === 'insufficient_funds' || outcome.declineCode === 'test_mode_live_card')
    return MESSAGES[outcome.declineCode];
  return MESSAGES[outcome.code];
}

/** A stable fingerprint per card number, as Stripe gives (FNV-1a; it identifies, it does not protect). */
export function fingerprint(number: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const char of number)
    hash = BigInt.asUintN(64, (hash ^ BigInt(char.charCodeAt(0))) * 0x100000001b3n);
  return hash.toString(36).padStart(13, '0').slice(0, 16);
}

const byFingerprint = new Map(TEST_CARDS.map((card) => [fingerprint(card.number), card]));

/** The test card behind a card fingerprint, if the card is one of the test cards. */
export const testCardByFingerprint = (print: string | null | undefined) =>
  print ? byFingerprint.get(print) : undefined;
export const testCardByNumber = (number: string) =>
  TEST_CARDS.find((card) => card.number === number);
export const testCardByPaymentMethodId = (id: string) =>
  TEST_CARDS.find((card) => card.paymentMethod === id);
export const testCardByToken = (id: string) => TEST_CARDS.find((card) => card.token === id);
