import type Stripe from 'stripe';
import { newId } from '../ids';
import type { Store } from '../store';
import type { StoredSession } from './stored';
import type { TaxContext, TaxResult } from '../tax/calculate';
import { locate } from '../tax/location';
import { DEFAULT_SHIPPING_TAX_CODE, DEFAULT_TAX_CODE } from '../tax/rates';
import { rateAmount } from './lines';
import { type AmountTotals, checkoutTotals, type Taxability } from './totals';

/**
 * A session's amounts, worked out again whenever what they depend on changes (a discount applied
 * or removed, a shipping rate chosen, the customer's address given): every line's discount and tax,
 * the shipping cost, `total_details` with its breakdown, and `automatic_tax.status`.
 */

/**
 * `unspecified` rates are taxed as exclusive (stripe-sim/README.md); an `unspecified` price is
 * never taxed, as a session with automatic tax refuses it (lines.ts, checkTaxBehaviors).
 */
const behavior = (value: string | null | undefined): Taxability['taxBehavior'] =>
  value === 'inclusive' ? 'inclusive' : 'exclusive';

/** Where the customer is, for tax: the shipping address if one is collected, else the billing one. */
function taxAddress(session: Stripe.Checkout.Session): Stripe.Address | null {
  if (session.shipping_address_collection)
    return session.collected_information?.shipping_details?.address ?? null;
  return session.customer_details?.address ?? null;
}

function taxContext(session: Stripe.Checkout.Session): TaxContext | null {
  if (!session.automatic_tax.enabled) return null;
  const address = taxAddress(session);
  // Addresses are checked when the customer gives them (routes/checkout-page.ts).
  return address ? { jurisdiction: locate(address, 'address'), override: 'none' } : null;
}

/** The shipping rate chosen (among `rates` not yet stored, or in the store), with its amount. */
function chosenRate(
  store: Store,
  session: Stripe.Checkout.Session,
  rates: readonly Stripe.ShippingRate[] = [],
) {
  const id = session.shipping_cost?.shipping_rate;
  const rate =
    typeof id === 'string'
      ? (rates.find((candidate) => candidate.id === id) ?? store.get('shipping_rate', id))
      : undefined;
  const amount = rate && rateAmount(rate, session.currency ?? '');
  if (!rate || !amount) return null;
  const taxCode = typeof rate.tax_code === 'string' ? rate.tax_code : DEFAULT_SHIPPING_TAX_CODE;
  return {
    rate,
    charge: { amount: amount.amount, taxBehavior: behavior(amount.taxBehavior), taxCode },
  };
}

/** Stripe's TaxRate objects for automatic tax, one per rate (lines with the same rate share it). */
function taxRates(created: number) {
  const rates = new Map<string, Stripe.TaxRate>();
  return (result: TaxResult): Stripe.TaxRate => {
    const { jurisdiction, tax_rate_details: details } = result.breakdown;
    const key = `${result.reason}:${result.inclusive}:${result.milliPercent}`;
    const percentage = result.milliPercent / 1000;
    const rate = rates.get(key) ?? {
      id: newId('txr'),
      object: 'tax_rate',
      active: false,
      country: jurisdiction.country,
      created,
      description: null,
      display_name: details?.display_name ?? 'Tax',
      effective_percentage: percentage,
      flat_amount: null,
      inclusive: result.inclusive,
      jurisdiction: jurisdiction.state ?? jurisdiction.country,
      jurisdiction_level: jurisdiction.level,
      livemode: false,
      metadata: null,
      percentage,
      rate_type: 'percentage',
      state: jurisdiction.state,
      tax_type: (details?.tax_type as Stripe.TaxRate.TaxType | undefined) ?? null,
    };
    rates.set(key, rate);
    return rate;
  };
}

type Tax = Stripe.LineItem.Tax;

const taxesOf = (totals: AmountTotals, rateOf: (result: TaxResult) => Stripe.TaxRate): Tax[] =>
  totals.tax
    ? [
        {
          amount: totals.tax.amountTax,
          rate: rateOf(totals.tax),
          taxability_reason: totals.tax.reason,
          taxable_amount: totals.tax.taxableAmount,
        },
      ]
    : [];

/** The taxes of every line and the shipping, summed per rate (total_details.breakdown.taxes). */
function sumTaxes(taxes: Tax[]): Tax[] {
  const byRate = new Map<string, Tax>();
  for (const tax of taxes) {
    const sum = byRate.get(tax.rate.id);
    byRate.set(
      tax.rate.id,
      sum
        ? {
            ...sum,
            amount: sum.amount + tax.amount,
            taxable_amount: (sum.taxable_amount ?? 0) + (tax.taxable_amount ?? 0),
          }
        : { ...tax },
    );
  }
  return [...byRate.values()];
}

/** A discount to apply: the Discount object and each line's share of it. */
export interface AppliedDiscount {
  discount: Stripe.Discount;
  shares: readonly number[];
}

interface RepriceOptions {
  /** A discount replacing the session's (null removes it); without it the lines keep theirs. */
  applied?: AppliedDiscount | null;
  /** Shipping rates of a session being created, not stored yet. */
  rates?: readonly Stripe.ShippingRate[];
}

/** The session with its amounts worked out again. */
export function reprice(
  store: Store,
  session: StoredSession,
  { applied, rates }: RepriceOptions = {},
): StoredSession {
  const lines = session.line_items.data;
  const current = session.total_details?.breakdown?.discounts[0]?.discount ?? null;
  const discount = applied === undefined ? current : (applied?.discount ?? null);
  const shares = lines.map((line, i) =>
    applied === undefined ? line.amount_discount : (applied?.shares[i] ?? 0),
  );
  const shipping = chosenRate(store, session, rates);
  const tax = taxContext(session);
  const totals = checkoutTotals({
    lines: lines.map((line, i) => {
      const productId = line.price?.product;
      const product = typeof productId === 'string' ? store.get('product', productId) : undefined;
      return {
        subtotal: line.amount_subtotal,
        discount: shares[i] ?? 0,
        taxBehavior: behavior(line.price?.tax_behavior),
        taxCode: typeof product?.tax_code === 'string' ? product.tax_code : DEFAULT_TAX_CODE,
      };
    }),
    shipping: shipping?.charge ?? null,
    tax,
  });
  const rateOf = taxRates(session.created);
  const data = lines.map((line, i): Stripe.LineItem => {
    const amounts = totals.lines[i] as AmountTotals;
    return {
      ...line,
      amount_discount: amounts.discount,
      amount_tax: amounts.tax?.amountTax ?? 0,
      amount_total: amounts.total,
      discounts: discount && amounts.discount > 0 ? [{ amount: amounts.discount, discount }] : [],
      taxes: taxesOf(amounts, rateOf),
    };
  });
  const shippingTaxes = totals.shipping ? taxesOf(totals.shipping, rateOf) : [];
  return {
    ...session,
    amount_subtotal: totals.amountSubtotal,
    amount_total: totals.amountTotal,
    automatic_tax: {
      ...session.automatic_tax,
      status: session.automatic_tax.enabled
        ? tax
          ? 'complete'
          : 'requires_location_inputs'
        : null,
    },
    discounts: discount
      ? [{ coupon: discount.source.coupon as string, promotion_code: discount.promotion_code }]
      : [],
    line_items: { ...session.line_items, data },
    shipping_cost:
      shipping && totals.shipping
        ? {
            amount_subtotal: totals.shipping.subtotal,
            amount_tax: totals.shipping.tax?.amountTax ?? 0,
            amount_total: totals.shipping.total,
            shipping_rate: shipping.rate.id,
            taxes: shippingTaxes,
          }
        : null,
    total_details: {
      amount_discount: totals.amountDiscount,
      amount_shipping: totals.amountShipping,
      amount_tax: totals.amountTax,
      breakdown: {
        discounts: discount ? [{ amount: totals.amountDiscount, discount }] : [],
        taxes: sumTaxes([...data.flatMap((line) => line.taxes ?? []), ...shippingTaxes]),
      },
    },
  };
}
