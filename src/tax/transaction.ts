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
  releaseTaxReversal,
  releaseTaxTransaction,
} from '../ledger/tax';
import { log } from '../log';
import { callStripe, stripeBudget } from '../stripe/call';
import type { Waits } from '../timing';

/**
 * Records a paid order's tax transaction, if it has a calculation and no caller has claimed it.
 * A failure gives the claim back (logged): the next to learn of the payment tries again. `waits`:
 * the tally its Stripe call adds to (Server-Timing), as for every Stripe call below.
 */
export async function recordTaxForPaidOrder(
  db: D1Database,
  env: object,
  stripe: () => Promise<Stripe>,
  orderId: string,
  waits: Waits,
): Promise<void> {
  const order = await claimTaxTransaction(db, orderId);
  if (!order?.tax_calculation) return;
  const outcome = await callStripe(
    async (options) =>
      (await stripe()).tax.transactions.createFromCalculation(
        { calculation: order.tax_calculation!, reference: order.id, expand: [] },
        { idempotencyKey: `${order.id}/tax-transaction`, ...options },
      ),
    stripeBudget(env, waits),
  );
  if (outcome.kind === 'ok') {
    await recordTaxTransaction(db, order.id, outcome.value.id);
    log('info', 'tax.recorded', { order_id: order.id, tax_transaction: outcome.value.id });
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
 * Reverses at Stripe Tax what an order's refunds gave back beyond what is reversed already:
 * `mode=full` when the whole order is refunded at once, else a partial reversal of the refunded
 * amount (tax included, `flat_amount`), spread by Stripe across the lines and shipping.
 */
export async function reverseTaxForRefunds(
  db: D1Database,
  env: object,
  stripe: () => Promise<Stripe>,
  order: Order,
  refunded: number,
  waits: Waits,
): Promise<void> {
  if (!order.tax_transaction) return;
  const claimed = await claimTaxReversal(db, order, refunded);
  if (!claimed) return;
  const before = order.tax_reversed;
  const full = before === 0 && refunded === order.amount;
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
    stripeBudget(env, waits),
  );
  if (outcome.kind === 'ok') {
    log('info', 'tax.reversed', {
      order_id: order.id,
      mode: params.mode,
      amount: refunded - before,
    });
    return;
  }
  await releaseTaxReversal(db, order.id, refunded, before);
  log('warn', 'tax.reversal_failed', { order_id: order.id, outcome: outcome.kind });
}

/**
 * What Stripe Tax must learn of an order as it now stands: its transaction once paid, and a
 * reversal of what was refunded beyond what is reversed. Does nothing for an order without a
 * calculation.
 */
export async function followTax(
  env: Env,
  stripe: () => Promise<Stripe>,
  order: Order,
  waits: Waits,
): Promise<void> {
  if (!order.tax_calculation) return;
  try {
    await follow(env, stripe, order, waits);
  } catch (error) {
    log('warn', 'tax.follow_failed', { order_id: order.id, error: String(error) });
  }
}

async function follow(
  env: Env,
  stripe: () => Promise<Stripe>,
  order: Order,
  waits: Waits,
): Promise<void> {
  const paid = ['paid', 'partially_refunded', 'refunded'].includes(order.status);
  if (paid && !order.tax_transaction) {
    await recordTaxForPaidOrder(env.DB, env, stripe, order.id, waits);
    const recorded = await findOrder(env.DB, order.id);
    // Refunds that came before the transaction are reversed now that there is one.
    if (recorded?.tax_transaction && recorded.amount_refunded > recorded.tax_reversed)
      await reverseTaxForRefunds(env.DB, env, stripe, recorded, recorded.amount_refunded, waits);
    return;
  }
  if (order.tax_transaction && order.amount_refunded > order.tax_reversed)
    await reverseTaxForRefunds(env.DB, env, stripe, order, order.amount_refunded, waits);
}
