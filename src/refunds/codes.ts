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
 * A refund's status in the ledger (table refunds), which the console reads too: Stripe's refund
 * statuses, and `requested`: sent to Stripe (or about to be), no answer yet.
 */
export type RefundStatus =
  'requested' | 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
