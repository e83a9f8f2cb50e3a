import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { api, control, resetAll, stripeClient, stripeError } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

type Address = Stripe.Tax.CalculationCreateParams.CustomerDetails.Address;
const BERLIN: Address = {
  line1: 'Unter den Linden 1',
  city: 'Berlin',
  postal_code: '10117',
  country: 'DE',
};

/** A calculation for `address`, line items and shipping expanded. */
const calculate = (
  address: Address,
  lineItems: Stripe.Tax.CalculationCreateParams.LineItem[],
  extra: Partial<Stripe.Tax.CalculationCreateParams> = {},
) =>
  stripe.tax.calculations.create({
    currency: 'eur',
    line_items: lineItems,
    customer_details: { address, address_source: 'shipping' },
    expand: ['line_items', 'line_items.data.tax_breakdown'],
    ...extra,
  });

const taxes = (calculation: Stripe.Tax.Calculation) =>
  calculation.line_items?.data.map((line) => line.amount_tax);

describe('tax calculations', () => {
  it('taxes goods and shipping in Germany at 19 %, rounded half up per line', async () => {
    const calculation = await calculate(
      BERLIN,
      [
        { amount: 1000, quantity: 2, reference: 'mug', tax_code: 'txcd_99999999' },
        { amount: 2550, reference: 'poster' },
      ],
      { shipping_cost: { amount: 500 } },
    );
    // 2550 × 19 % = 484.5, rounded half up to 485.
    expect(taxes(calculation)).toEqual([190, 485]);
    expect(calculation).toMatchObject({
      id: expect.stringMatching(/^taxcalc_[A-Za-z0-9]{24}$/),
      object: 'tax.calculation',
      amount_total: 1000 + 2550 + 500 + 190 + 485 + 95,
      currency: 'eur',
      customer: null,
      customer_details: {
        address: { ...BERLIN, line2: null, state: null },
        address_source: 'shipping',
        ip_address: null,
        tax_ids: [],
        taxability_override: 'none',
      },
      livemode: false,
      ship_from_details: null,
      shipping_cost: {
        amount: 500,
        amount_tax: 95,
        tax_behavior: 'exclusive',
        tax_code: 'txcd_92010001',
      },
      tax_amount_exclusive: 770,
      tax_amount_inclusive: 0,
      tax_breakdown: [
        {
          amount: 770,
          inclusive: false,
          tax_rate_details: {
            country: 'DE',
            flat_amount: null,
            percentage_decimal: '19.0',
            rate_type: 'percentage',
            state: null,
            tax_type: 'vat',
          },
          taxability_reason: 'standard_rated',
          taxable_amount: 4050,
        },
      ],
    });
    expect(calculation.expires_at).toBe(calculation.tax_date + 90 * 86_400);
    const [mug] = calculation.line_items?.data ?? [];
    expect(mug).toEqual({
      id: expect.stringMatching(/^tax_li_/),
      object: 'tax.calculation_line_item',
      amount: 1000,
      amount_tax: 190,
      livemode: false,
      metadata: {},
      performance_location: null,
      product: null,
      quantity: 2,
      reference: 'mug',
      tax_behavior: 'exclusive',
      tax_breakdown: [
        {
          amount: 190,
          jurisdiction: { country: 'DE', display_name: 'Germany', level: 'country', state: null },
          sourcing: 'destination',
          tax_rate_details: { display_name: 'VAT', percentage_decimal: '19.0', tax_type: 'vat' },
          taxability_reason: 'standard_rated',
          taxable_amount: 1000,
        },
      ],
      tax_code: 'txcd_99999999',
    });
    expect('tax_breakdown' in (calculation.shipping_cost ?? {})).toBe(false);
  });

  it('applies the table: California, New York, Texas, France, the UK, Oregon and elsewhere', async () => {
    const cases: [Address, number, number, string][] = [
      [{ postal_code: '94080', country: 'US' }, 1999, 145, 'standard_rated'], // 7.25 %
      [{ postal_code: '10001', state: 'NY', country: 'US' }, 1000, 89, 'standard_rated'], // 8.875 %
      [{ postal_code: '78701', country: 'US' }, 200, 13, 'standard_rated'], // 6.25 %: 12.5 → 13
      [{ country: 'FR' }, 999, 200, 'standard_rated'], // 20 %: 199.8
      [{ country: 'GB', postal_code: 'SW1A 1AA' }, 1250, 250, 'standard_rated'],
      [{ postal_code: '97201', country: 'US' }, 5000, 0, 'not_subject_to_tax'], // Oregon
      [{ postal_code: '62704', state: 'IL', country: 'US' }, 5000, 0, 'not_collecting'],
      [{ country: 'JP' }, 5000, 0, 'not_collecting'],
    ];
    for (const [address, amount, tax, reason] of cases) {
      const calculation = await calculate(address, [{ amount }]);
      const label = JSON.stringify(address);
      expect(taxes(calculation), label).toEqual([tax]);
      expect(calculation.tax_breakdown[0]?.taxability_reason, label).toBe(reason);
      expect(calculation.amount_total, label).toBe(amount + tax);
    }
    const california = await calculate({ postal_code: '94080', country: 'US' }, [{ amount: 100 }]);
    expect(california.tax_breakdown[0]?.tax_rate_details).toMatchObject({
      country: 'US',
      state: 'CA',
      percentage_decimal: '7.25',
      tax_type: 'sales_tax',
    });
    const elsewhere = await calculate({ country: 'JP' }, [{ amount: 100 }]);
    expect(elsewhere.tax_breakdown[0]).toMatchObject({
      taxable_amount: 0,
      tax_rate_details: { percentage_decimal: '0.0', rate_type: null },
    });
    expect(elsewhere.line_items?.data[0]?.tax_breakdown?.[0]?.tax_rate_details).toBeNull();
  });

  it('computes tax included in inclusive prices, and keeps exempt lines and customers at 0', async () => {
    const calculation = await calculate(BERLIN, [
      { amount: 1190, tax_behavior: 'inclusive' }, // 190 of 1190 is VAT
      { amount: 1000, tax_behavior: 'inclusive' }, // 159.66 → 160
      { amount: 700, tax_code: 'txcd_00000000' }, // non-taxable
    ]);
    expect(taxes(calculation)).toEqual([190, 160, 0]);
    expect(calculation).toMatchObject({
      amount_total: 1190 + 1000 + 700,
      tax_amount_inclusive: 350,
      tax_amount_exclusive: 0,
    });
    expect(calculation.tax_breakdown).toEqual([
      expect.objectContaining({ amount: 350, inclusive: true, taxable_amount: 1840 }),
      expect.objectContaining({ amount: 0, taxability_reason: 'not_subject_to_tax' }),
    ]);
    const exempt = await stripe.tax.calculations.create({
      currency: 'eur',
      line_items: [{ amount: 1000 }],
      customer_details: {
        address: BERLIN,
        address_source: 'billing',
        taxability_override: 'customer_exempt',
      },
    });
    expect(exempt).toMatchObject({ amount_total: 1000, tax_amount_exclusive: 0 });
    expect(exempt.tax_breakdown[0]?.taxability_reason).toBe('customer_exempt');
    expect('line_items' in exempt).toBe(false);
  });

  it("refuses an address it cannot place with Stripe's customer_tax_location_invalid", async () => {
    const places: Address[] = [
      { country: 'US' }, // no ZIP code
      { country: 'US', state: 'CA', postal_code: '123' },
      { country: 'US', state: 'NY', postal_code: '94080' }, // a California ZIP code
      { country: 'CA', city: 'Toronto' }, // neither postal code nor province
      { country: 'XX' },
    ];
    for (const address of places) {
      const error = await stripeError(() => calculate(address, [{ amount: 1000 }]));
      expect(error.raw, JSON.stringify(address)).toMatchObject({
        type: 'invalid_request_error',
        code: 'customer_tax_location_invalid',
        param: 'customer_details[address]',
        message:
          "We could not determine the customer's tax location based on the provided customer address.",
      });
    }
    const canada = await calculate({ country: 'CA', state: 'ON' }, [{ amount: 1000 }]);
    expect(canada.tax_breakdown[0]?.taxability_reason).toBe('not_collecting');
  });

  it('refuses other bad requests, naming the parameter', async () => {
    const base = { currency: 'usd', line_items: [{ amount: 100 }] };
    const cases: [Partial<Stripe.Tax.CalculationCreateParams>, Record<string, string>][] = [
      [{}, { code: 'parameter_missing', param: 'customer_details[address]' }],
      [
        { customer_details: { address: { country: 'DE' } } },
        { code: 'parameter_missing', param: 'customer_details[address_source]' },
      ],
      [
        { customer_details: { ip_address: '203.0.113.7' } },
        { code: 'customer_tax_location_invalid', param: 'customer_details[ip_address]' },
      ],
      [
        {
          customer_details: { address: BERLIN, address_source: 'billing' },
          line_items: [
            { amount: 1, reference: 'a' },
            { amount: 2, reference: 'a' },
          ],
        },
        { param: 'line_items[1][reference]' },
      ],
      [
        {
          customer_details: { address: BERLIN, address_source: 'billing' },
          line_items: [{ amount: 1, tax_code: 'food' }],
        },
        { code: 'resource_missing', param: 'line_items[0][tax_code]' },
      ],
      [
        {
          customer_details: { address: BERLIN, address_source: 'billing' },
          line_items: [{ amount: -5 }],
        },
        { param: 'line_items[0][amount]' },
      ],
      [
        {
          customer_details: { address: BERLIN, address_source: 'billing' },
          tax_date: Math.floor(Date.now() / 1000) - 40 * 86_400,
        },
        { param: 'tax_date' },
      ],
      [
        {
          customer_details: { address: BERLIN, address_source: 'billing' },
          tax_date: Math.floor(Date.now() / 1000) + 40 * 86_400,
        },
        { param: 'tax_date' },
      ],
      [{ customer: 'cus_nope' }, { code: 'resource_missing', param: 'customer' }],
    ];
    for (const [params, expected] of cases) {
      const error = await stripeError(() =>
        stripe.tax.calculations.create({
          ...base,
          ...params,
        } as Stripe.Tax.CalculationCreateParams),
      );
      expect(error.raw, JSON.stringify(params)).toMatchObject(expected);
    }
    const missing = await (await api('/v1/tax/calculations', { body: 'currency=usd' })).json();
    expect(missing).toMatchObject({ error: { code: 'parameter_missing', param: 'line_items' } });
    // Within 31 days, a future date is one Stripe documents as accepted (stripe-node's types).
    const soon = Math.floor(Date.now() / 1000) + 10 * 86_400;
    const future = await stripe.tax.calculations.create({
      ...base,
      customer_details: { address: BERLIN, address_source: 'billing' },
      tax_date: soon,
    });
    expect(future.tax_date).toBe(soon);
  });

  it('retrieves a calculation and pages its line items until it expires after 90 days', async () => {
    const calculation = await calculate(BERLIN, [
      { amount: 100, reference: 'a' },
      { amount: 200, reference: 'b' },
      { amount: 300, reference: 'c' },
    ]);
    const retrieved = await stripe.tax.calculations.retrieve(calculation.id as string);
    expect('line_items' in retrieved).toBe(false);
    expect(retrieved.amount_total).toBe(calculation.amount_total);

    const first = await stripe.tax.calculations.listLineItems(calculation.id as string, {
      limit: 2,
    });
    expect(first.data.map((line) => line.reference)).toEqual(['a', 'b']);
    expect(first.has_more).toBe(true);
    expect('tax_breakdown' in (first.data[0] ?? {})).toBe(false);
    const rest = await stripe.tax.calculations.listLineItems(calculation.id as string, {
      starting_after: first.data[1]?.id as string,
      expand: ['data.tax_breakdown'],
    });
    expect(rest.data.map((line) => [line.reference, line.tax_breakdown?.[0]?.amount])).toEqual([
      ['c', 57],
    ]);
    expect(rest.has_more).toBe(false);

    await control('/clock', { json: { advance_seconds: 90 * 86_400 } });
    const expired = await stripeError(() =>
      stripe.tax.calculations.retrieve(calculation.id as string),
    );
    expect(expired.statusCode).toBe(404);
    expect(expired.raw).toMatchObject({ code: 'resource_missing' });
  });
});
