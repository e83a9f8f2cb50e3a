import { Hono } from 'hono';
import type Stripe from 'stripe';
import type { SimContext, SimEnv } from '../context';
import { contract } from '../contract/contract';
import { liveCustomer } from '../customers';
import type { ParamsOf } from '../contract/endpoints';
import { invalidRequest, missingParameter, resourceMissing } from '../errors';
import { newId, randomString, unixNow } from '../ids';
import { integerFrom, updatedMetadata } from '../param-types';
import { parseParams } from '../params';
import type { StoredCalculation } from '../store';
import { type TaxContext, taxAmount, totals } from '../tax/calculate';
import { CALCULATION_LIFETIME, hasExpired } from '../tax/calculations';
import { invalidLocation, locate } from '../tax/location';
import { checkTaxActive } from '../tax/settings';
import { DEFAULT_SHIPPING_TAX_CODE, DEFAULT_TAX_CODE } from '../tax/rates';
import { respond, respondWithItems } from './helpers';

const createParams = contract('POST /v1/tax/calculations', {
  line_items: { '*': { amount: integerFrom(0), quantity: integerFrom(1) } },
  shipping_cost: { amount: integerFrom(0) },
});
const retrieveParams = contract('GET /v1/tax/calculations/:id');
const lineItemsParams = contract('GET /v1/tax/calculations/:id/line_items');

type Params = ParamsOf<'POST /v1/tax/calculations'>;
type AddressParams = NonNullable<NonNullable<Params['customer_details']>['address']>;

/** An address as Stripe echoes it: every field present, null where not given (or unset). */
const echoAddress = (given: AddressParams): Stripe.Address => ({
  city: given.city || null,
  country: given.country,
  line1: given.line1 || null,
  line2: given.line2 || null,
  postal_code: given.postal_code || null,
  state: given.state || null,
});

const THIRTY_ONE_DAYS = 31 * 24 * 3600;

/** Checks a tax code names one of Stripe's (txcd_ and eight digits). */
function checkTaxCode(code: string | undefined, param: string): string | undefined {
  if (code !== undefined && !/^txcd_\d{8}$/.test(code))
    throw resourceMissing('tax_code', code, param);
  return code;
}

/** Checks the line items: up to 100, unique references, known tax codes, no products or locations. */
function checkLineItems(lineItems: Params['line_items']): void {
  if (lineItems.length === 0) throw missingParameter('line_items');
  if (lineItems.length > 100)
    throw invalidRequest('You can pass up to 100 line items.', { param: 'line_items' });
  const references = new Set<string>();
  lineItems.forEach((item, i) => {
    const param = `line_items[${i}]`;
    checkTaxCode(item.tax_code, `${param}[tax_code]`);
    // The simulator keeps no products or tax locations.
    if (item.product !== undefined)
      throw resourceMissing('product', item.product, `${param}[product]`);
    if (item.performance_location !== undefined)
      throw resourceMissing(
        'tax.location',
        item.performance_location,
        `${param}[performance_location]`,
      );
    if (item.reference === undefined) return;
    if (references.has(item.reference))
      throw invalidRequest(
        `The line item reference '${item.reference}' is used twice: each line item's reference must ` +
          'be unique within the calculation.',
        { param: `${param}[reference]` },
      );
    references.add(item.reference);
  });
}

/** The customer's details and where they are (`customer_tax_location_invalid` if nowhere). */
function customerLocation(c: SimContext, params: Params) {
  const details = params.customer_details;
  if (params.customer !== undefined && details !== undefined)
    throw invalidRequest(
      'You may only specify one of these parameters: customer, customer_details.',
      {
        param: 'customer_details',
        code: 'parameters_exclusive',
      },
    );
  if (params.customer !== undefined) {
    // A deleted customer is gone, as at Stripe.
    const customer = liveCustomer(c.var.sim.store, params.customer, 'customer');
    const [found, source] = customer.shipping?.address
      ? [customer.shipping.address, 'shipping' as const]
      : [customer.address, 'billing' as const];
    if (!found?.country) throw invalidLocation('customer');
    return {
      jurisdiction: locate(found, 'customer'),
      details: {
        address: found,
        address_source: source,
        ip_address: null,
        tax_ids: [],
        taxability_override: 'none' as const,
      },
    };
  }
  if (details?.address === undefined) {
    // The simulator cannot place an IP address, as Stripe does.
    if (details?.ip_address !== undefined) throw invalidLocation('customer_details[ip_address]');
    throw invalidRequest(
      'One of the following params should be provided for this request: customer or ' +
        'customer_details[address].',
      { code: 'parameter_missing', param: 'customer_details[address]' },
    );
  }
  if (details.address_source === undefined)
    throw missingParameter('customer_details[address_source]');
  const echoed = echoAddress(details.address);
  return {
    jurisdiction: locate(echoed, 'customer_details[address]'),
    details: {
      address: echoed,
      address_source: details.address_source,
      ip_address: details.ip_address ?? null,
      tax_ids: details.tax_ids ?? [],
      taxability_override: details.taxability_override ?? 'none',
    },
  };
}

/** The shipping cost as given: an amount (shipping rates are not kept by the simulator). */
function shippingCost(params: Params) {
  const shipping = params.shipping_cost;
  if (shipping === undefined) return undefined;
  if (shipping.shipping_rate !== undefined)
    throw resourceMissing('shipping_rate', shipping.shipping_rate, 'shipping_cost[shipping_rate]');
  if (shipping.amount === undefined) throw missingParameter('shipping_cost[amount]');
  return {
    amount: shipping.amount,
    taxBehavior: shipping.tax_behavior ?? 'exclusive',
    taxCode:
      checkTaxCode(shipping.tax_code, 'shipping_cost[tax_code]') ?? DEFAULT_SHIPPING_TAX_CODE,
  };
}

/** Computes a calculation: every line and the shipping taxed at the customer's location. */
function calculate(c: SimContext, params: Params): StoredCalculation {
  checkLineItems(params.line_items);
  const { jurisdiction, details } = customerLocation(c, params);
  const now = unixNow();
  const taxDate = params.tax_date ?? now;
  if (Math.abs(taxDate - now) > THIRTY_ONE_DAYS)
    throw invalidRequest('tax_date must be within 31 days of the current time.', {
      param: 'tax_date',
    });
  const shipping = shippingCost(params);
  const context: TaxContext = { jurisdiction, override: details.taxability_override };
  const id = newId('taxcalc');
  const taxed = params.line_items.map((item) => {
    const taxable = {
      amount: item.amount,
      taxBehavior: item.tax_behavior ?? 'exclusive',
      taxCode: item.tax_code ?? DEFAULT_TAX_CODE,
    };
    return { item, taxable, result: taxAmount(context, taxable) };
  });
  const lineItems = taxed.map(({ item, taxable, result }): Stripe.Tax.CalculationLineItem => {
    const lineId = `tax_li_${randomString(14)}`;
    return {
      id: lineId,
      object: 'tax.calculation_line_item',
      amount: item.amount,
      amount_tax: result.amountTax,
      livemode: false,
      metadata: updatedMetadata({}, item.metadata),
      performance_location: null,
      product: null,
      quantity: item.quantity ?? 1,
      // Stripe requires a reference only to record a transaction; the line's id stands in for one.
      reference: item.reference ?? lineId,
      tax_behavior: taxable.taxBehavior,
      tax_breakdown: [result.breakdown],
      tax_code: taxable.taxCode,
    };
  });
  const shippingResult = shipping && taxAmount(context, shipping);
  const amounts = taxed.map(({ item, result }) => ({ amount: item.amount, result }));
  if (shipping && shippingResult) amounts.push({ amount: shipping.amount, result: shippingResult });
  return {
    id,
    object: 'tax.calculation',
    ...totals(context, amounts),
    currency: params.currency,
    customer: params.customer ?? null,
    customer_details: details,
    expires_at: now + CALCULATION_LIFETIME,
    line_items: {
      object: 'list',
      data: lineItems,
      has_more: false,
      url: `/v1/tax/calculations/${id}/line_items`,
    },
    livemode: false,
    ship_from_details: params.ship_from_details
      ? { address: echoAddress(params.ship_from_details.address) }
      : null,
    shipping_cost:
      shipping && shippingResult
        ? {
            amount: shipping.amount,
            amount_tax: shippingResult.amountTax,
            tax_behavior: shipping.taxBehavior,
            tax_breakdown: [{ ...shippingResult.breakdown }],
            tax_code: shipping.taxCode,
          }
        : null,
    tax_date: taxDate,
  };
}

/** The calculation the URL names, unless it does not exist or has expired (Stripe's 404). */
export function liveCalculation(c: SimContext, id: string, param?: string): StoredCalculation {
  const calculation = c.var.sim.store.get('tax.calculation', id);
  if (!calculation || hasExpired(calculation, unixNow()))
    throw resourceMissing('tax.calculation', id, param);
  return calculation;
}

/**
 * Routes of /v1/tax/calculations: Stripe Tax's calculations, with the simulator's rate table
 * (tax/rates.ts), kept for 90 days.
 */
export const taxCalculations = new Hono<SimEnv>()
  .post('/', (c) => {
    const params = parseParams(createParams, c.var.form);
    checkTaxActive(c.var.sim.store);
    const calculation = c.var.sim.store.put(calculate(c, params));
    return respond(c, calculation, params.expand);
  })
  .get('/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.form);
    return respond(c, liveCalculation(c, c.req.param('id')), params.expand);
  })
  .get('/:id/line_items', (c) => {
    const params = parseParams(lineItemsParams, c.var.form);
    const calculation = liveCalculation(c, c.req.param('id'));
    return respondWithItems(
      c,
      'tax.calculation_line_item',
      calculation.line_items?.data ?? [],
      params,
    );
  });
