import type Stripe from 'stripe';
import { invalidRequest, missingParameter, resourceMissing } from '../errors';
import { newId } from '../ids';
import { updatedMetadata } from '../param-types';
import type { Store } from '../store';
import type { LineItemParams, ShippingRateParams } from './params';

/**
 * A new session's line items and shipping rates, made from `line_items[][price_data]` and
 * `shipping_options[][shipping_rate_data]` as Stripe makes them: an inline Product and Price per
 * line, a ShippingRate per option. Nothing is stored here; the caller stores what it keeps once
 * every check has passed.
 */

/** Line items and shipping rates waiting to be stored with their session. */
interface Made {
  lines: Stripe.LineItem[];
  products: Stripe.Product[];
  rates: Stripe.ShippingRate[];
}

const MAX_LINES = 100;
const MAX_AMOUNT = 99_999_999;
const MAX_QUANTITY = 999_999;

/** Stripe's tax codes look like txcd_ and eight digits. */
function checkTaxCode(code: string | undefined, param: string) {
  if (code !== undefined && !/^txcd_\d{8}$/.test(code))
    throw resourceMissing('tax_code', code, param);
}

/** A unit amount given as a decimal string, times the quantity, rounded half up to the minor unit. */
function decimalSubtotal(unit: string, quantity: number): number {
  const [whole = '0', fraction = ''] = unit.split('.');
  const scale = 10n ** BigInt(fraction.length);
  const exact = BigInt(whole + fraction) * BigInt(quantity);
  return Number((2n * exact + scale) / (2n * scale));
}

function makeProduct(
  data: NonNullable<NonNullable<LineItemParams['price_data']>['product_data']>,
  now: number,
  param: string,
): Stripe.Product {
  checkTaxCode(data.tax_code, `${param}[tax_code]`);
  const location = data.tax_details?.performance_location;
  if (location !== undefined)
    throw resourceMissing('tax.location', location, `${param}[tax_details][performance_location]`);
  return {
    id: newId('prod'),
    object: 'product',
    active: false,
    created: now,
    default_price: null,
    description: data.description ?? null,
    images: data.images ?? [],
    livemode: false,
    marketing_features: [],
    metadata: updatedMetadata({}, data.metadata),
    name: data.name,
    package_dimensions: null,
    shippable: null,
    tax_code: data.tax_code ?? null,
    tax_details: null,
    type: 'service',
    unit_label: data.unit_label ?? null,
    updated: now,
    url: null,
  };
}

/** One line item: its product (new, or one made by an earlier session), price and amounts. */
function makeLine(store: Store, item: LineItemParams, i: number, now: number, made: Made) {
  const param = `line_items[${i}]`;
  if (item.price !== undefined) {
    if (item.price_data !== undefined)
      throw invalidRequest('You may only specify one of these parameters: price, price_data.', {
        param: `${param}[price_data]`,
        code: 'parameters_exclusive',
      });
    // The simulator keeps no Prices: an id can only be unknown to it.
    throw resourceMissing('price', item.price, `${param}[price]`);
  }
  const data = item.price_data;
  if (data === undefined) throw missingParameter(`${param}[price_data]`);
  if (item.quantity === undefined) throw missingParameter(`${param}[quantity]`);
  if (item.tax_rates !== undefined)
    throw resourceMissing('tax_rate', item.tax_rates[0] ?? '', `${param}[tax_rates][0]`);
  if (data.recurring !== undefined)
    throw invalidRequest(
      'You specified `payment` mode but passed a recurring price. Either switch to `subscription` ' +
        'mode or use only one-time prices.',
      { param: `${param}[price_data][recurring]` },
    );
  const quantity = item.quantity;
  const adjustable = item.adjustable_quantity;
  const [min, max] = adjustable?.enabled
    ? [adjustable.minimum ?? 0, adjustable.maximum ?? 99]
    : [1, MAX_QUANTITY];
  if (quantity < min || quantity > max || (adjustable?.enabled && max > MAX_QUANTITY))
    throw invalidRequest(
      `The quantity of a line item must be between ${min} and ${Math.min(max, MAX_QUANTITY)}.`,
      { param: `${param}[quantity]` },
    );

  const { unit_amount: unit, unit_amount_decimal: unitDecimal } = data;
  if (unit !== undefined && unitDecimal !== undefined)
    throw invalidRequest(
      'You may only specify one of these parameters: unit_amount, unit_amount_decimal.',
      { param: `${param}[price_data][unit_amount_decimal]`, code: 'parameters_exclusive' },
    );
  if (unit === undefined && unitDecimal === undefined)
    throw missingParameter(`${param}[price_data][unit_amount]`);
  const decimalText = unitDecimal === undefined ? undefined : String(unitDecimal);
  const subtotal =
    unit !== undefined ? unit * quantity : decimalSubtotal(decimalText as string, quantity);
  if (subtotal > MAX_AMOUNT)
    throw invalidRequest(`A line item's amount must be no more than ${MAX_AMOUNT}.`, {
      param: `${param}[price_data][unit_amount]`,
      code: 'amount_too_large',
    });

  let product: Stripe.Product;
  if (data.product !== undefined) {
    if (data.product_data !== undefined)
      throw invalidRequest('You may only specify one of these parameters: product, product_data.', {
        param: `${param}[price_data][product_data]`,
        code: 'parameters_exclusive',
      });
    const found = store.get('product', data.product);
    if (!found) throw resourceMissing('product', data.product, `${param}[price_data][product]`);
    product = found;
  } else {
    if (data.product_data === undefined)
      throw missingParameter(`${param}[price_data][product_data]`);
    product = makeProduct(data.product_data, now, `${param}[price_data][product_data]`);
    made.products.push(product);
  }

  const price: Stripe.Price = {
    id: newId('price'),
    object: 'price',
    active: false,
    billing_scheme: 'per_unit',
    created: now,
    currency: data.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: product.id,
    recurring: null,
    tax_behavior: data.tax_behavior ?? 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: 'one_time',
    unit_amount: unit ?? null,
    // On the wire a decimal is a string; stripe-node turns it into its Decimal class.
    unit_amount_decimal: (decimalText ?? String(unit)) as unknown as Stripe.Decimal,
  };
  made.lines.push({
    id: newId('li'),
    object: 'item',
    adjustable_quantity: adjustable
      ? {
          enabled: adjustable.enabled,
          maximum: adjustable.maximum ?? null,
          minimum: adjustable.minimum ?? null,
        }
      : null,
    amount_discount: 0,
    amount_subtotal: subtotal,
    amount_tax: 0,
    amount_total: subtotal,
    currency: data.currency,
    description: product.name,
    discounts: [],
    metadata: updatedMetadata({}, item.metadata),
    price,
    quantity,
    taxes: [],
  });
}

/**
 * Stripe Tax needs each price to say whether tax is inside it or added to it. Stripe falls back on
 * the account's default tax behaviour, which the simulated account has not set, so an
 * `unspecified` price is refused with automatic tax, as Stripe refuses it without a default.
 */
export function checkTaxBehaviors(lines: readonly Stripe.LineItem[]): void {
  const i = lines.findIndex((line) => line.price?.tax_behavior === 'unspecified');
  if (i < 0) return;
  throw invalidRequest(
    `The price \`${lines[i]?.price?.id}\` does not have a \`tax_behavior\` set which is required ` +
      'for automatic tax computation. Please visit https://stripe.com/docs/tax/' +
      'products-prices-tax-categories-tax-behavior#tax-behavior for more information.',
    { param: `line_items[${i}][price_data][tax_behavior]` },
  );
}

/** The session's currency: every line's, and the `currency` parameter's if given. */
function sessionCurrency(lines: Stripe.LineItem[], given: string | undefined): string {
  const currency = lines[0]?.currency ?? '';
  lines.forEach((line, i) => {
    if (line.currency !== currency)
      throw invalidRequest(
        `All line items must use the same currency: line_items[${i}] is in ${line.currency}, ` +
          `line_items[0] in ${currency}.`,
        { param: `line_items[${i}][price_data][currency]` },
      );
  });
  if (given !== undefined && given !== currency)
    throw invalidRequest(
      `The currency ${given} does not match the currency of the line items (${currency}).`,
      { param: 'currency' },
    );
  return currency;
}

/** A shipping rate's amount in the session's currency, or undefined if it has none. */
export function rateAmount(rate: Stripe.ShippingRate, currency: string) {
  const fixed = rate.fixed_amount;
  if (!fixed) return undefined;
  if (fixed.currency === currency) return { amount: fixed.amount, taxBehavior: rate.tax_behavior };
  const option = fixed.currency_options?.[currency];
  return option && { amount: option.amount, taxBehavior: option.tax_behavior ?? rate.tax_behavior };
}

function makeRate(data: ShippingRateParams, now: number, param: string): Stripe.ShippingRate {
  checkTaxCode(data.tax_code, `${param}[tax_code]`);
  if (data.fixed_amount === undefined) throw missingParameter(`${param}[fixed_amount]`);
  const { amount, currency, currency_options: options } = data.fixed_amount;
  return {
    id: newId('shr'),
    object: 'shipping_rate',
    active: true,
    created: now,
    delivery_estimate: data.delivery_estimate
      ? {
          maximum: data.delivery_estimate.maximum ?? null,
          minimum: data.delivery_estimate.minimum ?? null,
        }
      : null,
    display_name: data.display_name,
    fixed_amount: {
      amount,
      currency,
      ...(options && {
        currency_options: Object.fromEntries(
          Object.entries(options).map(([code, option]) => [
            code,
            { amount: option.amount, tax_behavior: option.tax_behavior ?? 'unspecified' },
          ]),
        ),
      }),
    },
    livemode: false,
    metadata: updatedMetadata({}, data.metadata),
    tax_behavior: data.tax_behavior ?? 'unspecified',
    tax_code: data.tax_code ?? null,
    type: 'fixed_amount',
  };
}

type ShippingOptionParams = { shipping_rate?: string; shipping_rate_data?: ShippingRateParams };

/** The shipping options: new rates from `shipping_rate_data`, or rates made by earlier sessions. */
function makeRates(
  store: Store,
  options: ShippingOptionParams[],
  currency: string,
  now: number,
  made: Made,
) {
  options.forEach((option, i) => {
    const param = `shipping_options[${i}]`;
    if (option.shipping_rate !== undefined && option.shipping_rate_data !== undefined)
      throw invalidRequest(
        'You may only specify one of these parameters: shipping_rate, shipping_rate_data.',
        { param: `${param}[shipping_rate_data]`, code: 'parameters_exclusive' },
      );
    let rate: Stripe.ShippingRate | undefined;
    if (option.shipping_rate !== undefined) {
      rate = store.get('shipping_rate', option.shipping_rate);
      if (!rate)
        throw resourceMissing('shipping_rate', option.shipping_rate, `${param}[shipping_rate]`);
    } else {
      if (option.shipping_rate_data === undefined)
        throw missingParameter(`${param}[shipping_rate_data]`);
      rate = makeRate(option.shipping_rate_data, now, `${param}[shipping_rate_data]`);
    }
    if (rateAmount(rate, currency) === undefined)
      throw invalidRequest(
        `The shipping rate has no amount in the session's currency (${currency}): give ` +
          `fixed_amount[currency]=${currency} or fixed_amount[currency_options][${currency}].`,
        { param: `${param}[shipping_rate_data][fixed_amount][currency]` },
      );
    made.rates.push(rate);
  });
}

/** Line items (in `currency`) and shipping rates for a new session, from its parameters. */
export function makeLines(
  store: Store,
  params: {
    line_items?: LineItemParams[];
    shipping_options?: ShippingOptionParams[];
    currency?: string;
  },
  now: number,
): Made & { currency: string } {
  const items = params.line_items ?? [];
  if (items.length === 0) throw missingParameter('line_items');
  if (items.length > MAX_LINES)
    throw invalidRequest(`You can pass up to ${MAX_LINES} line items.`, { param: 'line_items' });
  const made: Made = { lines: [], products: [], rates: [] };
  items.forEach((item, i) => makeLine(store, item, i, now, made));
  const currency = sessionCurrency(made.lines, params.currency);
  makeRates(store, params.shipping_options ?? [], currency, now, made);
  return { ...made, currency };
}
