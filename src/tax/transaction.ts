/**
 * Stripe Tax's records of what was sold: a transaction once an order is paid
 * (create_from_calculation, the order id as its reference), and a reversal for what its refunds
 * give back. The ledger's claims make each happen once, whichever of /charge, the receipt, the
 * webhook or the console learns of the payment or refund first; idempotency keys derived from the
 * order (and the refunded total) keep a retried call from recording twice.
 */
import type Stripe from 'stripe';
import { findOrder, type Order } from '../ledger';
import {
  claimTaxReversal,
  claimTaxTransaction,
  recordTaxTransaction,
  recordTaxTransactionUnknown,
  releaseTaxTransaction,
  settleTaxReversal,
} from '../ledger/tax';
import { log } from '../log';
import {
  callStripe,
  stripeBudget,
  type StripeBudget,
  type StripeCallOutcome,
} from '../stripe/call';
import type { Waits } from '../timing';

/**
 * Whether Stripe Tax refused a record for its reference, already taken: made by an earlier try
 * whose answer was lost (Stripe forgets a key after 24 hours; references are unique for good).
 */
function referenceTaken(outcome: StripeCallOutcome<unknown>): boolean {
  return (
    outcome.kind === 'stripe_error' &&
    outcome.error.code === 'resource_already_exists' &&
    outcome.error.param === 'reference'
  );
}

/**
 * Records a paid order's tax transaction, if it has a calculation and no caller has claimed it.
 * A failure gives the claim back (logged): the next to learn of the payment, or the sweep, tries
 * again. `waits`: the tally its Stripe call adds to (Server-Timing), as for every Stripe call
 * below; `budget`: the calls it may make (a fresh request's, unless the sweep shares its own).
 */
export async function recordTaxForPaidOrder(
  db: D1Database,
  env: object,
  stripe: () => Promise<Stripe>,
  orderId: string,
  waits: Waits,
  budget: StripeBudget = stripeBudget(env, waits),
): Promise<void> {
  const order = await claimTaxTransaction(db, orderId);
  if (!order?.tax_calculation) return;
  const send = (idempotencyKey: string) =>
    callStripe(
      async (options) =>
        (await stripe()).tax.transactions.createFromCalculation(
          { calculation: order.tax_calculation!, reference: order.id, expand: [] },
          { idempotencyKey, ...options },
        ),
      budget,
    );
  let outcome = await send(`${order.id}/tax-transaction`);
  // A 500 Stripe replays for the key would answer every try for a day: sent once more under a
  // second key. Its reference (the order id) is the same, so Stripe Tax makes it at most once
  // (or answers that the reference is taken, below).
  if (outcome.kind === 'unknown' && outcome.replayed)
    outcome = await send(`${order.id}/tax-transaction/2`);
  if (outcome.kind === 'ok') {
    await recordTaxTransaction(db, order.id, outcome.value.id);
    log('info', 'tax.recorded', { order_id: order.id, tax_transaction: outcome.value.id });
    return;
  }
  if (referenceTaken(outcome)) {
    // Recorded by a try whose answer was lost, its key forgotten since. Stripe Tax cannot be
    // asked for a transaction by reference: recorded, its id unknown, and never sent again.
    await recordTaxTransactionUnknown(db, order.id);
    log('error', 'tax.transaction_id_unknown', { order_id: order.id, reference: order.id });
    return;
  }
  await releaseTaxTransaction(db, order.id);
  log('warn', 'tax.record_failed', {
    order_id: order.id,
    outcome: outcome.kind,
    code: outcome.kind === 'stripe_error' ? (outcome.error.code ?? null) : null,
  });
}

/**
 * Reverses at Stripe Tax what an order's refunds gave back beyond what is reversed already, up to
 * `refunded`: `mode=full` when the whole order is refunded at once, else a partial reversal of the
 * refunded amount (tax included, `flat_amount`), spread by Stripe across the lines and shipping.
 * One reversal per order at a time (its lease, ledger/tax.ts). A reversal whose answer was lost
 * stays pending: made again, with the same key and amount, before any later one, so that a larger
 * refund after it does not reverse its amount again. Whether it was made (or found made).
 */
async function reverseTaxForRefunds(
  db: D1Database,
  env: object,
  stripe: () => Promise<Stripe>,
  order: Order,
  refunded: number,
  waits: Waits,
  budget: StripeBudget = stripeBudget(env, waits),
): Promise<boolean> {
  if (!order.tax_transaction) return false;
  const claim = await claimTaxReversal(db, order, refunded);
  if (!claim) return false;
  const before = claim.tax_reversed;
  const full = before === 0 && refunded === claim.amount;
  const reference = `${order.id}-refund-${refunded}`;
  const params: Stripe.Tax.TransactionCreateReversalParams = full
    ? { mode: 'full', original_transaction: order.tax_transaction, reference }
    : {
        mode: 'partial',
        original_transaction: order.tax_transaction,
        reference,
        flat_amount: -(refunded - before),
      };
  const outcome = await callStripe(
    async (options) =>
      (await stripe()).tax.transactions.createReversal(params, {
        idempotencyKey: `${order.id}/tax-reversal/${refunded}`,
        ...options,
      }),
    budget,
  );
  if (outcome.kind === 'ok' || referenceTaken(outcome)) {
    await settleTaxReversal(db, claim, refunded, null);
    log('info', 'tax.reversed', {
      order_id: order.id,
      mode: params.mode,
      amount: refunded - before,
    });
    return true;
  }
  // Refused: nothing was made. Lost: it may have been, so it stays pending. Rate limited: as it was.
  const pending =
    outcome.kind === 'stripe_error'
      ? null
      : outcome.kind === 'unknown'
        ? refunded
        : order.tax_reversal_pending;
  await settleTaxReversal(db, claim, before, pending);
  log('warn', 'tax.reversal_failed', { order_id: order.id, outcome: outcome.kind });
  return false;
}

/**
 * Reversals one follow makes at most: a pending one, the order's refunds, and one more for a
 * refund recorded while they were in flight (its own caller found the reversal claimed).
 */
const REVERSALS_PER_FOLLOW = 3;

/**
 * What Stripe Tax must learn of an order as it now stands: its transaction once paid, and a
 * reversal of what was refunded beyond what is reversed. Does nothing for an order without a
 * calculation. `budget`: the calls it may make, a fresh request's for each unless given (the
 * sweep's, shared by its run).
 */
export async function followTax(
  env: Env,
  stripe: () => Promise<Stripe>,
  order: Order,
  waits: Waits,
  budget: () => StripeBudget = () => stripeBudget(env, waits),
): Promise<void> {
  if (!order.tax_calculation) return;
  try {
    await follow(env, stripe, order, waits, budget);
  } catch (error) {
    log('warn', 'tax.follow_failed', { order_id: order.id, error: String(error) });
  }
}

async function follow(
  env: Env,
  stripe: () => Promise<Stripe>,
  order: Order,
  waits: Waits,
  budget: () => StripeBudget,
): Promise<void> {
  const paid = ['paid', 'partially_refunded', 'refunded'].includes(order.status);
  let current: Order | null = order;
  if (paid && !order.tax_transaction) {
    await recordTaxForPaidOrder(env.DB, env, stripe, order.id, waits, budget());
    // Refunds that came before the transaction are reversed now that there is one.
    current = await findOrder(env.DB, order.id);
  }
  // Its id is needed to reverse refunds: an operator records it (docs/shipping-and-tax.md).
  if (current?.tax_transaction_unknown_at && !current.tax_transaction && current.amount_refunded)
    log('error', 'tax.reversal_impossible', {
      order_id: order.id,
      refunded: current.amount_refunded,
    });
  // The reversal that may have been made first, as it was sent (Stripe replays it if made); then
  // what the refunds gave back, again while refunds come in during a reversal.
  for (let turn = 0; turn < REVERSALS_PER_FOLLOW && current?.tax_transaction; turn++) {
    const refunded =
      current.tax_reversal_pending ??
      (current.amount_refunded > current.tax_reversed ? current.amount_refunded : null);
    if (refunded === null) return;
    if (!(await reverseTaxForRefunds(env.DB, env, stripe, current, refunded, waits, budget())))
      return;
    current = await findOrder(env.DB, order.id);
  }
}
