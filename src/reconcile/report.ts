/**
 * What the reconciliation sweep reports, as the console's API sends it: types only, shared with
 * the console page (client/admin/), which cannot import the Worker's D1 code.
 */

/** The figures of one run, counted as it goes (columns of the `reconciliation` row). */
export interface SweepCounts {
  events_read: number;
  events_applied: number;
  orders_linked: number;
  /**
   * Checkouts abandoned at 3-D Secure whose PaymentIntent this run canceled, and hosted ones with
   * no Session left to pay that it ended.
   */
  orders_canceled: number;
  orders_checked: number;
  refunds_settled: number;
  /** Paid orders whose Stripe Tax transaction or reversal this run made (src/reconcile/tax.ts). */
  tax_records: number;
  errors: number;
  last_error: string | null;
}

/** The last run: when it started and finished (null while it runs, or if it was cut off). */
export interface SweepReport extends SweepCounts {
  started_at: string;
  finished_at: string | null;
}

/** An order whose state Stripe disagrees with. */
export interface Disagreement {
  order_id: string;
  ledger_status: string;
  stripe_status: string;
  ledger_refunded: number;
  stripe_refunded: number;
  detail: string;
  found_at: string;
  checked_at: string;
}
