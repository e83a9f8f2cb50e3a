// @ts-check
/**
 * A dispute (chargeback) in words, for the console's page, its API's refusals and
 * `npm run orders`: Stripe's statuses and reasons as a merchant reads them. Plain JavaScript, as
 * view.js, so that the page and Node scripts import it as is.
 */

/** @type {Record<string, string>} */
const STATUSES = {
  warning_needs_response: 'Inquiry: needs your response',
  warning_under_review: 'Inquiry: under review',
  warning_closed: 'Inquiry closed',
  needs_response: 'Needs your response',
  under_review: 'Under review by the bank',
  won: 'Won: the money stays yours',
  lost: 'Lost: the bank gave the money back to the cardholder',
  prevented: 'Prevented',
  appeal_needs_response: 'Appeal: needs your response',
  appeal_under_review: 'Appeal under review',
};

/** @type {Record<string, string>} */
const REASONS = {
  bank_cannot_process: 'the bank cannot process it',
  check_returned: 'the check was returned',
  credit_not_processed: 'a promised refund was not made',
  customer_initiated: 'the customer asked their bank',
  debit_not_authorized: 'the debit was not authorized',
  duplicate: 'charged twice',
  fraudulent: 'the cardholder did not make this payment (fraud)',
  general: 'no reason given',
  incorrect_account_details: 'wrong account details',
  insufficient_funds: 'insufficient funds',
  noncompliant: 'network rules',
  product_not_received: 'the product was not received',
  product_unacceptable: 'the product was not as described',
  subscription_canceled: 'the subscription was canceled',
  unrecognized: 'the cardholder does not recognize the payment',
};

/**
 * A dispute's status in words.
 * @param {string} status
 */
export const disputeStatusWords = (status) => STATUSES[status] ?? status.replaceAll('_', ' ');

/**
 * A dispute's reason in words.
 * @param {string} reason
 */
export const disputeReasonWords = (reason) => REASONS[reason] ?? reason.replaceAll('_', ' ');

/** Why a disputed order cannot be refunded, said plainly (the console and its API). */
export const DISPUTED_REFUND =
  'The cardholder disputed this payment with their bank, so it cannot be refunded: Stripe ' +
  'refuses refunds of a disputed payment. Nothing was refunded. Answer the dispute in the Stripe ' +
  'Dashboard.';

/**
 * The dispute statuses that leave a payment refundable, as Stripe's `is_charge_refundable` says:
 * an inquiry (the bank asks; no money was taken) and a dispute won (the money came back). Any
 * other (a chargeback open or lost, an unknown status) is refused at Stripe (`charge_disputed`).
 */
export const REFUNDABLE_DISPUTE_STATUSES = /** @type {const} */ ([
  'warning_needs_response',
  'warning_under_review',
  'warning_closed',
  'won',
]);

/**
 * Whether a dispute's status keeps its payment from being refunded.
 * @param {string} status
 */
export const disputeBlocksRefund = (status) =>
  !(/** @type {readonly string[]} */ (REFUNDABLE_DISPUTE_STATUSES).includes(status));

/**
 * Whether a dispute is an inquiry: Stripe's `warning_` statuses.
 * @param {string} status
 */
export const isInquiry = (status) => status.startsWith('warning_');

/**
 * What a dispute means for a refund of its payment, said plainly (the console's order page).
 * @param {string} status
 */
export function disputeRefundWords(status) {
  if (disputeBlocksRefund(status)) return DISPUTED_REFUND;
  if (isInquiry(status))
    return (
      'This is an inquiry: the cardholder’s bank asked about this payment, and no money was ' +
      'taken from you. You can still refund it; a full refund closes the inquiry. Answer it in ' +
      'the Stripe Dashboard.'
    );
  return (
    'You won the dispute: the bank gave the money back to you (Stripe keeps its dispute fee). ' +
    'You can refund the payment if you choose.'
  );
}

/**
 * The mark of a disputed order in the console's list: an inquiry is no chargeback.
 * @param {string} status
 */
export const disputeMark = (status) =>
  isInquiry(status) ? disputeStatusWords(status) : `Disputed: ${disputeStatusWords(status)}`;

/**
 * The Stripe Dashboard's page of a dispute, in the account's mode.
 * @param {string} id
 * @param {boolean} live
 */
export const disputeDashboardUrl = (id, live) =>
  `https://dashboard.stripe.com/${live ? '' : 'test/'}disputes/${id}`;
