import type Stripe from 'stripe';
import { type ChargeOutcome, declineMessage } from './cards';
import { newId, randomString, unixNow } from './ids';

interface ChargeInput {
  paymentIntent: Stripe.PaymentIntent;
  paymentMethod: Stripe.PaymentMethod;
  outcome: ChargeOutcome;
  /** Whether the customer passed 3-D Secure for this charge. */
  authenticated: boolean;
  /** Whether a successful charge is captured now (false for capture_method=manual). */
  captured: boolean;
  /** The simulator's origin, for receipt_url. */
  origin: string;
  /** `radar_options` of the confirmation. */
  radarOptions?: Stripe.PaymentIntentConfirmParams.RadarOptions;
}

/** The simulated account's statement descriptor, and its shortened form (the prefix of a suffix). */
const STATEMENT_DESCRIPTOR = 'STRIPE SIMULATOR';
const SHORTENED_DESCRIPTOR = 'STRIPE SIM';

/**
 * The charge fields a PaymentIntent decides, at the charge and again at capture (where an
 * application fee, metadata, a statement descriptor suffix or transfer data may be given).
 */
export function chargeFieldsOf(paymentIntent: Stripe.PaymentIntent) {
  const suffix = paymentIntent.statement_descriptor_suffix;
  return {
    application_fee_amount: paymentIntent.application_fee_amount,
    calculated_statement_descriptor: suffix
      ? `${SHORTENED_DESCRIPTOR}* ${suffix}`.slice(0, 22)
      : STATEMENT_DESCRIPTOR,
    customer: paymentIntent.customer,
    description: paymentIntent.description,
    metadata: paymentIntent.metadata,
    on_behalf_of: paymentIntent.on_behalf_of,
    receipt_email: paymentIntent.receipt_email,
    shipping: paymentIntent.shipping,
    statement_descriptor_suffix: suffix,
    transfer_data: paymentIntent.transfer_data
      ? {
          amount: paymentIntent.transfer_data.amount ?? null,
          destination: paymentIntent.transfer_data.destination,
        }
      : null,
    transfer_group: paymentIntent.transfer_group,
  } satisfies Partial<Stripe.Charge>;
}

/** Charge.outcome for each result, worded as Stripe words it to the merchant. */
function chargeOutcome(outcome: ChargeOutcome): Stripe.Charge.Outcome {
  const base = { advice_code: null, network_advice_code: null, network_decline_code: null };
  if (outcome.result === 'succeeded') {
    return {
      ...base,
      network_status: 'approved_by_network',
      reason: null,
      risk_level: 'normal',
      risk_score: 32,
      seller_message: 'Payment complete.',
      type: 'authorized',
    };
  }
  if (outcome.blockedByRadar) {
    return {
      ...base,
      network_status: 'not_sent_to_network',
      reason: 'highest_risk_level',
      risk_level: 'highest',
      risk_score: 95,
      seller_message: 'Stripe blocked this payment as too risky.',
      type: 'blocked',
    };
  }
  const reason = outcome.declineCode ?? outcome.code;
  const issuer =
    outcome.code === 'processing_error'
      ? 'An error occurred while processing this card.'
      : `The bank returned the decline code \`${reason}\`.`;
  return {
    ...base,
    network_status: 'declined_by_network',
    reason,
    risk_level: 'normal',
    risk_score: 32,
    seller_message: issuer,
    type: 'issuer_declined',
  };
}

/** The charge a confirmation makes: `succeeded` (captured unless capture_method is manual) or `failed`. */
export function buildCharge({
  paymentIntent,
  paymentMethod,
  outcome,
  authenticated,
  captured: capturedNow,
  origin,
  radarOptions,
}: ChargeInput): Stripe.Charge {
  const id = newId('ch');
  const succeeded = outcome.result === 'succeeded';
  const captured = succeeded && capturedNow;
  const card = paymentMethod.card;
  return {
    id,
    object: 'charge',
    amount: paymentIntent.amount,
    amount_captured: captured ? paymentIntent.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    balance_transaction: null,
    billing_details: paymentMethod.billing_details,
    captured,
    created: unixNow(),
    currency: paymentIntent.currency,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: succeeded ? null : outcome.code,
    failure_message: succeeded ? null : declineMessage(outcome),
    fraud_details: {},
    livemode: false,
    outcome: chargeOutcome(outcome),
    ...(radarOptions?.session && { radar_options: { session: radarOptions.session } }),
    paid: succeeded,
    payment_intent: paymentIntent.id,
    payment_method: paymentMethod.id,
    payment_method_details: {
      type: 'card',
      card: {
        amount_authorized: succeeded ? paymentIntent.amount : null,
        authorization_code: succeeded ? randomString(6).toUpperCase() : null,
        brand: card?.brand ?? null,
        checks: {
          address_line1_check: null,
          address_postal_code_check: null,
          cvc_check:
            card?.checks?.cvc_check === 'unchecked'
              ? outcome.result === 'declined' && outcome.code === 'incorrect_cvc'
                ? 'fail'
                : 'pass'
              : null,
        },
        country: card?.country ?? null,
        electronic_commerce_indicator: authenticated ? '05' : null,
        exp_month: card?.exp_month ?? 0,
        exp_year: card?.exp_year ?? 0,
        extended_authorization: { status: 'disabled' },
        fingerprint: card?.fingerprint ?? null,
        funding: card?.funding ?? null,
        incremental_authorization: { status: 'unavailable' },
        installments: null,
        last4: card?.last4 ?? null,
        mandate: null,
        multicapture: { status: 'unavailable' },
        network: card?.brand ?? null,
        network_token: { used: false },
        network_transaction_id: succeeded ? randomString(15) : null,
        overcapture: { maximum_amount_capturable: paymentIntent.amount, status: 'unavailable' },
        regulated_status: 'unregulated',
        three_d_secure: authenticated
          ? {
              authentication_flow: 'challenge',
              electronic_commerce_indicator: '05',
              exemption_indicator: null,
              result: 'authenticated',
              result_reason: null,
              transaction_id: crypto.randomUUID(),
              version: '2.2.0',
            }
          : null,
        transaction_link_id: null,
        wallet: null,
      },
    },
    receipt_number: null,
    receipt_url: succeeded ? `${origin}/_sim/receipts/${id}` : null,
    refunded: false,
    review: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    status: succeeded ? 'succeeded' : 'failed',
    ...chargeFieldsOf(paymentIntent),
  };
}

/** What a refund request sets on the refund. */
interface RefundInput {
  amount: number;
  reason: Stripe.Refund.Reason | null;
  metadata: Stripe.Metadata;
  instructionsEmail?: string;
}

/** A succeeded refund of `amount` of the charge (its balance transaction is added once stored). */
export function buildRefund(charge: Stripe.Charge, input: RefundInput): Stripe.Refund {
  return {
    id: newId('re'),
    object: 'refund',
    amount: input.amount,
    balance_transaction: null,
    charge: charge.id,
    created: unixNow(),
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    destination_details: {
      type: 'card',
      card: {
        reference_status: 'pending',
        reference_type: 'acquirer_reference_number',
        type: 'refund',
      },
    },
    ...(input.instructionsEmail !== undefined && { instructions_email: input.instructionsEmail }),
    metadata: input.metadata,
    payment_intent:
      typeof charge.payment_intent === 'string'
        ? charge.payment_intent
        : (charge.payment_intent?.id ?? null),
    payment_method: charge.payment_method,
    reason: input.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
}
