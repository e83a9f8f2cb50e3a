/**
 * A Stripe Tax calculation expires (`expires_at`); one past it can no longer be recorded as a
 * transaction. Before a new attempt is charged, an order's expired calculation is made again for
 * the same lines, shipping and address: the order keeps its price only if the tax is unchanged.
 */
import { extrasOf, type Pricing, type PricingContext } from '../cart/quote';
import type { ChargeRequest } from '../checkout/schema';
import { findOrder, type Order } from '../ledger';
import { linesOf } from '../ledger/lines';
import { shippingOf } from '../ledger/shipping';
import { replaceTaxCalculation } from '../ledger/tax';

/** Whether an order's calculation has expired (Stripe's clock is seconds; `now` is ms). */
export function isExpired(order: Order, now: number = Date.now()): boolean {
  const expiresAt = order.tax_calculation_expires_at;
  return order.tax_calculation !== null && expiresAt !== null && now / 1000 >= expiresAt;
}

type Renewal =
  | { kind: 'renewed'; order: Order }
  | { kind: 'failed'; pricing: Extract<Pricing, { kind: 'invalid' | 'unavailable' }> }
  /** The tax came out different: the order's price no longer holds. */
  | { kind: 'changed' };

/** Calculates an order's tax again (its key names the expired calculation it replaces). */
export async function renewTaxCalculation(
  ctx: PricingContext,
  request: ChargeRequest,
  order: Order,
): Promise<Renewal> {
  const previous = order.tax_calculation!;
  const stored = shippingOf(order);
  const extras = await extrasOf(
    { ...ctx, scope: `${ctx.scope}/after/${previous}` },
    { ...request, shipping: stored && { ...stored, rate: stored.rate } },
    linesOf(order).map((line) => line.discount),
  );
  if ('kind' in extras) return { kind: 'failed', pricing: extras };
  if (extras.tax.amount !== order.tax_amount || extras.shipping?.amount !== order.shipping_amount)
    return { kind: 'changed' };
  const renewed = await replaceTaxCalculation(ctx.db, order.id, previous, extras.tax);
  // Another request renewed it first: theirs stands.
  return { kind: 'renewed', order: renewed ?? (await findOrder(ctx.db, order.id)) ?? order };
}
