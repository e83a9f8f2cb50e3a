import type Stripe from 'stripe';
import type { Jurisdiction } from './location';
import { NONTAXABLE_CODE, percentageDecimal, taxOn } from './rates';

/** One taxed amount: a line item or the shipping cost. */
interface Taxable {
  amount: number;
  taxBehavior: 'exclusive' | 'inclusive';
  taxCode: string;
}

/** What a calculation applies to every amount: where, and any override of the customer's. */
export interface TaxContext {
  jurisdiction: Jurisdiction;
  override: Stripe.Tax.Calculation.CustomerDetails.TaxabilityOverride;
}

type Reason = Stripe.Tax.Calculation.TaxBreakdown.TaxabilityReason;
type LineBreakdown = Stripe.Tax.CalculationLineItem.TaxBreakdown;

/** The tax on one amount, with the line-level breakdown Stripe gives (one jurisdiction here). */
export interface TaxResult {
  amountTax: number;
  inclusive: boolean;
  reason: Reason;
  /** The rate applied, in thousandths of a percent (0 where no tax applies). */
  milliPercent: number;
  taxableAmount: number;
  breakdown: LineBreakdown;
}

function reasonFor({ jurisdiction, override }: TaxContext, taxCode: string): Reason {
  if (override === 'customer_exempt' || override === 'reverse_charge') return override;
  if (taxCode === NONTAXABLE_CODE) return 'not_subject_to_tax';
  return jurisdiction.rate?.reason ?? 'not_collecting';
}

/** Taxes one amount: rounded half up to the minor unit, on top of it or included in it. */
export function taxAmount(context: TaxContext, item: Taxable): TaxResult {
  const { jurisdiction } = context;
  const reason = reasonFor(context, item.taxCode);
  const rate = reason === 'standard_rated' ? jurisdiction.rate : null;
  const inclusive = item.taxBehavior === 'inclusive';
  const amountTax = rate ? taxOn(item.amount, rate.milliPercent, inclusive) : 0;
  const taxableAmount = rate ? item.amount - (inclusive ? amountTax : 0) : 0;
  return {
    amountTax,
    inclusive,
    reason,
    milliPercent: rate?.milliPercent ?? 0,
    taxableAmount,
    breakdown: {
      amount: amountTax,
      jurisdiction: {
        country: jurisdiction.country,
        display_name: jurisdiction.displayName,
        level: jurisdiction.level,
        state: jurisdiction.state,
      },
      sourcing: 'destination',
      tax_rate_details: rate && {
        display_name: rate.displayName,
        percentage_decimal: percentageDecimal(rate.milliPercent),
        tax_type: rate.taxType,
      },
      taxability_reason: reason,
      taxable_amount: taxableAmount,
    },
  };
}

/**
 * The calculation's totals from each amount's tax: `amount_total`, the exclusive and inclusive tax,
 * and `tax_breakdown` with one entry per rate, reason and behaviour, as Stripe sums them.
 */
export function totals(
  context: TaxContext,
  taxed: ReadonlyArray<{ amount: number; result: TaxResult }>,
) {
  let amountTotal = 0;
  let exclusive = 0;
  let inclusive = 0;
  const groups = new Map<string, Stripe.Tax.Calculation.TaxBreakdown>();
  for (const { amount, result } of taxed) {
    amountTotal += amount + (result.inclusive ? 0 : result.amountTax);
    if (result.inclusive) inclusive += result.amountTax;
    else exclusive += result.amountTax;
    const key = `${result.reason}:${result.inclusive}:${result.milliPercent}`;
    const group = groups.get(key) ?? {
      amount: 0,
      inclusive: result.inclusive,
      tax_rate_details: {
        country: context.jurisdiction.country,
        flat_amount: null,
        percentage_decimal: percentageDecimal(result.milliPercent),
        rate_type: result.reason === 'standard_rated' ? 'percentage' : null,
        state: context.jurisdiction.state,
        tax_type: result.breakdown.tax_rate_details?.tax_type ?? null,
      },
      taxability_reason: result.reason,
      taxable_amount: 0,
    };
    group.amount += result.amountTax;
    group.taxable_amount += result.taxableAmount;
    groups.set(key, group);
  }
  return {
    amount_total: amountTotal,
    tax_amount_exclusive: exclusive,
    tax_amount_inclusive: inclusive,
    tax_breakdown: [...groups.values()],
  };
}
