/**
 * The sweep's step for Stripe Tax's records: paid orders with a calculation but no transaction, or
 * with refunds not yet reversed (or a reversal whose answer was lost), are brought up to date as
 * the requests would have (src/tax/transaction.ts, the same claims and idempotency keys). Their
 * requests record them after the response and give up on a failure; no later event need come, and
 * the orders this sweep finds paid (link, verify, cancel) have no request at all. An order Stripe
 * Tax still refuses or does not answer is left for TAX_AGAIN_MINUTES, so that it cannot take every
 * run's calls.
 */
import { findOrder } from '../ledger';
import { deferTaxIfOwed, ordersOwingTax } from '../ledger/tax';
import { followTax } from '../tax/transaction';
import { sweepError, type SweepContext } from './context';

/** Orders per run (each one or two Stripe calls, from the run's budget). */
const TAX_ORDERS = 5;
/**
 * Subrequests one order needs at the least: for its transaction and then a refund's reversal, a
 * claim, a Stripe call, a record and the order read again each, and this step's check and
 * deferral. With fewer left the next run takes it: one begun would find a Stripe call refused by
 * the budget, and be put off an hour for nothing.
 */
const TAX_ORDER_SUBREQUESTS = 10;
/** An order whose records could not be made is tried again after this long. */
const TAX_AGAIN_MINUTES = 60;

/** The run's error for a transaction Stripe Tax holds under an id it never told (the console's). */
const UNKNOWN_ID = 'recorded at Stripe Tax, its id unknown: see docs/shipping-and-tax.md';

/** Records what Stripe Tax lacks of the orders that lag behind, within the run's budget. */
export async function recordOwedTax(ctx: SweepContext): Promise<void> {
  const db = ctx.env.DB;
  for (const order of await ordersOwingTax(db, TAX_ORDERS)) {
    if (ctx.budget.attemptsLeft < TAX_ORDER_SUBREQUESTS) break;
    try {
      await followTax(
        ctx.env,
        async () => ctx.stripe,
        order,
        ctx.budget.waits,
        () => ctx.budget,
      );
      if (await deferTaxIfOwed(db, order.id, TAX_AGAIN_MINUTES))
        sweepError(ctx, `tax ${order.id}`, `not recorded; tried again in ${TAX_AGAIN_MINUTES} min`);
      else if (
        !order.tax_transaction &&
        (await findOrder(db, order.id))?.tax_transaction_unknown_at
      )
        sweepError(ctx, `tax ${order.id}`, UNKNOWN_ID);
      else ctx.counts.tax_records++;
    } catch (error) {
      sweepError(ctx, `tax ${order.id}`, error);
    }
  }
}
