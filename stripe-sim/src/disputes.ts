import type Stripe from 'stripe';
import { recordDisputeTransaction } from './balance';
import { testCardByFingerprint } from './cards';
import type { Events } from './events';
import { newId, unixNow } from './ids';
import type { Store } from './store';

/**
 * Disputes, as Stripe's test mode makes them: a captured charge of test card 4000 0000 0000 0259
 * (`pm_card_createDispute`) is charged back as fraudulent at once (`charge.dispute.created`, the
 * charge `disputed`; the amount and the dispute fee leave the balance,
 * `charge.dispute.funds_withdrawn`), and evidence whose `uncategorized_text` is `winning_evidence`
 * or `losing_evidence` closes it won or lost (`charge.dispute.updated`, then
 * `charge.dispute.closed`; won, the amount comes back, `charge.dispute.funds_reinstated`).
 * One of 4000 0000 0000 1976 (`pm_card_createDisputeInquiry`) gets an inquiry: the bank asks, no
 * money moves, the charge can still be refunded, and a full refund closes it (`warning_closed`).
 */

/** Days the merchant has to answer a simulated dispute (its evidence's `due_by`). */
export const EVIDENCE_DAYS = 7;

/** The evidence text that closes a test-mode dispute, and how. */
const DECIDING_TEXT: Record<string, Stripe.Dispute.Status> = {
  winning_evidence: 'won',
  losing_evidence: 'lost',
};

/** Statuses of a dispute that is over: no evidence is taken any more. */
const CLOSED_STATUSES: readonly string[] = ['won', 'lost', 'warning_closed', 'prevented'];

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

/** Whether a dispute is an inquiry (the bank asks; no money moved), by Stripe's `warning_` statuses. */
export const isInquiry = (dispute: Stripe.Dispute): boolean =>
  dispute.status.startsWith('warning_');

/** A fraud dispute of the whole charge, awaiting the merchant's response: charged back, or asked. */
function buildDispute(charge: Stripe.Charge, kind: 'chargeback' | 'inquiry'): Stripe.Dispute {
  const created = unixNow();
  const inquiry = kind === 'inquiry';
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
    // A chargeback has taken the money back already: the charge cannot be refunded. An inquiry
    // has taken nothing: a refund is still possible.
    is_charge_refundable: inquiry,
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
        case_type: kind,
        network: card?.network ?? card?.brand ?? 'visa',
        // Visa's fraud codes: 10 for a retrieval request (inquiry), 10.4 for a chargeback.
        network_reason_code: inquiry ? '10' : '10.4',
      },
    },
    reason: 'fraudulent',
    status: inquiry ? 'warning_needs_response' : 'needs_response',
  };
}

/**
 * Disputes a captured charge of a disputing test card, as Stripe does right after it succeeds:
 * the dispute and `charge.dispute.created`, and the charge marked `disputed`; for a chargeback, its
 * balance transaction and `charge.dispute.funds_withdrawn`. Other charges are left as they are.
 */
export function disputeIfTestCard(
  store: Store,
  events: Events,
  charge: Stripe.Charge,
  request: Stripe.Event.Request | null,
): void {
  const kind = testCardByFingerprint(charge.payment_method_details?.card?.fingerprint)?.dispute;
  if (!kind || !charge.captured || charge.disputed) return;
  const opened = buildDispute(charge, kind);
  const withdrawal =
    kind === 'chargeback' ? recordDisputeTransaction(store, opened, charge.id, 'withdrawal') : null;
  const dispute = store.put(
    withdrawal ? { ...opened, balance_transactions: [withdrawal] } : opened,
  );
  store.put<Stripe.Charge>({ ...charge, disputed: true });
  events.record('charge.dispute.created', dispute, request);
  if (withdrawal) events.record('charge.dispute.funds_withdrawn', dispute, request);
}

/**
 * Stores a dispute that just closed, and tells it (`charge.dispute.closed`). A chargeback won gives
 * the disputed amount back (its second balance transaction, `charge.dispute.funds_reinstated`) and
 * the charge can be refunded again; one lost cannot.
 */
export function closeDispute(
  store: Store,
  events: Events,
  closed: Stripe.Dispute,
  request: Stripe.Event.Request | null,
): Stripe.Dispute {
  const charge = typeof closed.charge === 'string' ? closed.charge : closed.charge.id;
  const won = closed.status === 'won';
  const dispute = store.put<Stripe.Dispute>({
    ...closed,
    ...(won && {
      balance_transactions: [
        ...closed.balance_transactions,
        recordDisputeTransaction(store, closed, charge, 'reversal'),
      ],
    }),
    is_charge_refundable: isInquiry(closed) || won,
  });
  events.record('charge.dispute.closed', dispute, request);
  if (won) events.record('charge.dispute.funds_reinstated', dispute, request);
  return dispute;
}

/** The newest dispute of a charge (undefined: none). */
export const disputeOf = (store: Store, chargeId: string): Stripe.Dispute | undefined =>
  store.findBy('dispute', 'charge', chargeId);

/**
 * After a refund of a charge: an open inquiry about it closes (`warning_closed`) once the charge is
 * wholly refunded, as the bank has nothing left to ask back.
 */
export function closeInquiryIfRefunded(
  store: Store,
  events: Events,
  charge: Stripe.Charge,
  request: Stripe.Event.Request | null,
): void {
  const dispute = disputeOf(store, charge.id);
  if (!charge.refunded || !dispute || !isInquiry(dispute) || isClosed(dispute)) return;
  closeDispute(store, events, { ...dispute, status: 'warning_closed' }, request);
}

/** Evidence as a dispute update sets it: the fields given replace those stored. */
type EvidenceUpdate = Record<string, unknown>;

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
    status: isInquiry(dispute) ? inquiryAnswered(decided) : (decided ?? 'under_review'),
  };
}

/**
 * An inquiry answered: winning evidence closes it; any other is under review (an inquiry that
 * escalates to a chargeback is not simulated).
 */
const inquiryAnswered = (decided: Stripe.Dispute.Status | undefined): Stripe.Dispute.Status =>
  decided === 'won' ? 'warning_closed' : 'warning_under_review';

/** Whether a dispute is over. */
export const isClosed = (dispute: Stripe.Dispute): boolean =>
  CLOSED_STATUSES.includes(dispute.status);

/**
 * A dispute the merchant accepts (POST /v1/disputes/:id/close): a chargeback lost, as Stripe closes
 * it; an inquiry closed.
 */
export const accepted = (dispute: Stripe.Dispute): Stripe.Dispute => ({
  ...dispute,
  status: isInquiry(dispute) ? 'warning_closed' : 'lost',
});
