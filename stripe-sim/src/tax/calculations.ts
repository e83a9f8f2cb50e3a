import type Stripe from 'stripe';
import type { StoredCalculation } from '../store';
import type { View } from '../views';

/** Calculations are kept for 90 days, then expire, as at Stripe. */
export const CALCULATION_LIFETIME = 90 * 24 * 3600;

/** Whether a calculation has expired (and so is gone: retrieving it is a 404, as at Stripe). */
export const hasExpired = (calculation: StoredCalculation, now: number) =>
  calculation.expires_at !== null && now >= calculation.expires_at;

type LineItem = Stripe.Tax.CalculationLineItem;

/** A line item as shown: its `tax_breakdown` only when included with `expand[]`. */
function showLineItem(item: LineItem, withBreakdown: boolean): LineItem {
  if (withBreakdown) return item;
  const { tax_breakdown: _breakdown, ...shown } = item;
  return shown;
}

/**
 * Calculations as responses show them. Stored in full, they leave out Stripe's includable fields
 * unless the request names them: `line_items`, `line_items.data.tax_breakdown` and
 * `shipping_cost.tax_breakdown`.
 */
export const calculationView: View<StoredCalculation> = {
  paths: ['line_items', 'line_items.data.tax_breakdown', 'shipping_cost.tax_breakdown'],
  present(calculation, expanded) {
    const { line_items: lineItems, ...rest } = calculation;
    const shown: StoredCalculation = rest;
    if (expanded.has('line_items') && lineItems) {
      const withBreakdown = expanded.has('line_items.data.tax_breakdown');
      shown.line_items = {
        ...lineItems,
        data: lineItems.data.map((item) => showLineItem(item, withBreakdown)),
      };
    }
    if (shown.shipping_cost && !expanded.has('shipping_cost.tax_breakdown')) {
      const { tax_breakdown: _breakdown, ...shipping } = shown.shipping_cost;
      shown.shipping_cost = shipping;
    }
    return shown;
  },
};

/** A calculation's line items as GET /v1/tax/calculations/:id/line_items shows them. */
export const calculationLineItemView: View<LineItem> = {
  paths: ['tax_breakdown'],
  present: (item, expanded) => showLineItem(item, expanded.has('tax_breakdown')),
};
