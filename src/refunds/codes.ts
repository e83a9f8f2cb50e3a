/**
 * Why a console refund was not made (src/refunds/make.ts): the `error.code` of the refusals of
 * POST /admin/api/orders/<id>/refunds, which the console reads too (client/admin/detail.ts).
 */
export type RefusalCode =
  /** More than remains to refund (Stripe's amount_too_large, charge_already_refunded). */
  | 'amount_too_large'
  /** Stripe refused it for another reason (a disputed charge…): `message` says. */
  | 'refund_refused'
  /** Stripe answered 429 to every attempt: nothing was refunded. */
  | 'stripe_unavailable'
  /** Stripe refused the secret key. */
  | 'not_configured'
  /** The request never reached Stripe (found by the sweep): nothing was refunded. */
  | 'not_sent';

/**
 * Refusals that mean Stripe made nothing, and saved no answer for the key: it answered 429 to
 * every attempt, or refused the secret key, before running the request. A repeat of the key asks
 * Stripe again (src/refunds/make.ts) rather than replay the refusal: the cause may have passed.
 */
export const NOT_MADE_AT_STRIPE = ['stripe_unavailable', 'not_configured'] as const;

/**
 * A refund's status in the ledger (table refunds), which the console reads too: Stripe's refund
 * statuses, and `requested`: sent to Stripe (or about to be), no answer yet.
 */
export type RefundStatus =
  'requested' | 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';

/** The parts of stripe-node's error a refusal is told by. */
interface StripeRefusal {
  type: string;
  code?: string;
  param?: string;
}

/**
 * The refusal code of Stripe's error to a refund. Stripe answers an amount above what is left on
 * the charge with an invalid_request_error on `amount` and no code (only a charge refunded in full
 * has one, charge_already_refunded); every other refusal of `amount` names a code (the currency's
 * step), and the console never sends an amount below 1.
 */
export function refusalCodeOf(error: StripeRefusal): RefusalCode {
  if (error.code === 'charge_already_refunded' || error.code === 'amount_too_large')
    return 'amount_too_large';
  if (error.type === 'StripeInvalidRequestError' && error.param === 'amount' && !error.code)
    return 'amount_too_large';
  if (error.type === 'StripeAuthenticationError' || error.type === 'StripePermissionError')
    return 'not_configured';
  return 'refund_refused';
}
