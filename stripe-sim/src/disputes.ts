import type Stripe from 'stripe';
import { testCardByFingerprint } from './cards';
import type { Events } from './events';
import { newId, unixNow } from './ids';
import type { Store } from './store';

/**
 * Disputes, as Stripe's test mode makes them: a captured charge of test card 4000 0000 0000 0259
 * (`pm_card_createDispute`) is disputed as fraudulent at once (`charge.dispute.created`, the charge
 * `disputed`), and evidence whose `uncategorized_text` is `winning_evidence` or `losing_evidence`
 * closes it won or lost (`charge.dispute.updated`, then `charge.dispute.closed`).
 */

/** Days the merchant has to answer a simulated dispute (its evidence's `due_by`). */
export const EVIDENCE_DAYS = 7;

/** The evidence text that closes a test-mode dispute, and how. */
const DECIDING_TEXT: Record<string, Stripe.Dispute.Status> = {
  winning_evidence: 'won',
  losing_evidence: 'lost',
};

/** Statuses of a dispute that is over: no evidence is taken any more. */
export const CLOSED_STATUSES: readonly string[] = ['won', 'lost', 'warning_closed', 'prevented'];

const EMPTY_EVIDENCE: Stripe.Dispute.Evidence = {
  access_activity_log: null,
  billing_address: null,
  cancellation_policy: null,
  cancellation_policy_disclosure: null,
  cancellation_rebuttal: null,
  customer_communication: null,
  customer_email_address: null,
  customer_name: null,
  customer_purchase_ip: null,
  customer_signature: null,
  duplicate_charge_documentation: null,
  duplicate_charge_explanation: null,
  duplicate_charge_id: null,
  enhanced_evidence: {},
  product_description: null,
  receipt: null,
  refund_policy: null,
  refund_policy_disclosure: null,
  refund_refusal_explanation: null,
  service_date: null,
  service_documentation: null,
  shipping_address: null,
  shipping_carrier: null,
  shipping_date: null,
  shipping_documentation: null,
  shipping_tracking_number: null,
  uncategorized_file: null,
  uncategorized_text: null,
};

/** The end (23:59:59 UTC) of the day `days` after `from`, as Stripe's `due_by` reads. */
function endOfDayAfter(from: number, days: number): number {
  const day = 86_400;
  return (Math.floor(from / day) + days + 1) * day - 1;
}

/** A fraudulent-card dispute of the whole charge, awaiting the merchant's response. */
function buildDispute(charge: Stripe.Charge): Stripe.Dispute {
  const created = unixNow();
  const card = charge.payment_method_details?.card;
  return {
    id: newId('dp'),
    object: 'dispute',
    amount: charge.amount_captured,
    balance_transactions: [],
    charge: charge.id,
    created,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: EMPTY_EVIDENCE,
    evidence_details: {
      due_by: endOfDayAfter(created, EVIDENCE_DAYS),
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: 'not_submitted',
    },
    intended_submission_method: null,
    // A fraud chargeback has taken the money back already: the charge cannot be refunded.
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent:
      typeof charge.payment_intent === 'string'
        ? charge.payment_intent
        : (charge.payment_intent?.id ?? null),
    payment_method_details: {
      type: 'card',
      card: {
        brand: card?.brand ?? 'visa',
        case_type: 'chargeback',
        network: card?.network ?? card?.brand ?? 'visa',
        network_reason_code: '10.4',
      },
    },
    reason: 'fraudulent',
    status: 'needs_response',
  };
}

/**
 * Disputes a captured charge of the disputing test card, as Stripe does right after it succeeds:
 * the dispute and `charge.dispute.created`, and the charge marked `disputed`. Other charges are
 * left as they are.
 */
export function disputeIfTestCard(
  store: Store,
  events: Events,
  charge: Stripe.Charge,
  request: Stripe.Event.Request | null,
): void {
  const card = testCardByFingerprint(charge.payment_method_details?.card?.fingerprint);
  if (!card?.disputed || !charge.captured || charge.disputed) return;
  const dispute = store.put(buildDispute(charge));
  store.put<Stripe.Charge>({ ...charge, disputed: true });
  events.record('charge.dispute.created', dispute, request);
}

/** Evidence as a dispute update sets it: the fields given replace those stored. */
export type EvidenceUpdate = Record<string, unknown>;

/**
 * A dispute with new evidence, and (when `submit` is not false) submitted: under review, or, for
 * test mode's deciding texts, closed won or lost.
 */
export function withEvidence(
  dispute: Stripe.Dispute,
  evidence: EvidenceUpdate | undefined,
  submit: boolean,
): Stripe.Dispute {
  const merged = { ...dispute.evidence, ...evidence } as Stripe.Dispute.Evidence;
  const hasEvidence = Object.entries(merged).some(
    ([key, value]) =>
      key !== 'enhanced_evidence' && value !== null && value !== '' && value !== undefined,
  );
  const details = { ...dispute.evidence_details, has_evidence: hasEvidence };
  if (!submit) return { ...dispute, evidence: merged, evidence_details: details };
  const decided = DECIDING_TEXT[merged.uncategorized_text ?? ''];
  return {
    ...dispute,
    evidence: merged,
    evidence_details: {
      ...details,
      submission_count: details.submission_count + 1,
      submission_method: 'manual',
    },
    status: decided ?? 'under_review',
  };
}

/** Whether a dispute is over. */
export const isClosed = (dispute: Stripe.Dispute): boolean =>
  CLOSED_STATUSES.includes(dispute.status);

/** A dispute the merchant accepts (POST /v1/disputes/:id/close): lost, as Stripe closes it. */
export const accepted = (dispute: Stripe.Dispute): Stripe.Dispute => ({
  ...dispute,
  status: 'lost',
});
