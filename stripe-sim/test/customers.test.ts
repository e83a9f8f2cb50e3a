import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetAll, stripeClient, stripeError } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

describe('customers', () => {
  it('are created, retrieved, updated, listed and deleted, with their events', async () => {
    const customer = await stripe.customers.create({
      email: 'jenny@example.com',
      name: 'Jenny Rosen',
      address: { line1: '1 Main Street', country: 'US' },
      metadata: { crm_id: '42' },
      preferred_locales: ['en'],
    });
    expect(customer).toMatchObject({
      id: expect.stringMatching(/^cus_[A-Za-z0-9]{24}$/),
      object: 'customer',
      email: 'jenny@example.com',
      name: 'Jenny Rosen',
      address: { line1: '1 Main Street', country: 'US', city: null },
      balance: 0,
      metadata: { crm_id: '42' },
      preferred_locales: ['en'],
      tax_exempt: 'none',
      livemode: false,
    });
    // Fields Stripe includes only when expanded are not shown.
    expect(customer).not.toHaveProperty('tax');
    expect(customer).not.toHaveProperty('cash_balance');

    const updated = await stripe.customers.update(customer.id, {
      phone: '+15555550100',
      metadata: { crm_id: '', plan: 'pro' },
    });
    expect(updated).toMatchObject({ phone: '+15555550100', metadata: { plan: 'pro' } });
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      phone: '+15555550100',
    });
    const other = await stripe.customers.create({ email: 'other@example.com' });
    const byEmail = await stripe.customers.list({ email: 'jenny@example.com' });
    expect(byEmail.data.map((c) => c.id)).toEqual([customer.id]);

    expect(await stripe.customers.del(other.id)).toMatchObject({ id: other.id, deleted: true });
    expect(await stripe.customers.retrieve(other.id)).toMatchObject({ deleted: true });
    expect((await stripe.customers.list()).data.map((c) => c.id)).toEqual([customer.id]);
    const err = await stripeError(() => stripe.customers.update(other.id, { name: 'x' }));
    expect(err.statusCode).toBe(404);

    const types = (await stripe.events.list({ type: 'customer.*' })).data.map((e) => e.type);
    expect(types).toEqual([
      'customer.deleted',
      'customer.created',
      'customer.updated',
      'customer.created',
    ]);
  });

  it('save a PaymentMethod given at creation, which becomes usable as their default', async () => {
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    const customer = await stripe.customers.create({
      payment_method: pm.id,
      invoice_settings: { default_payment_method: pm.id },
    });
    expect(customer.invoice_settings.default_payment_method).toBe(pm.id);
    expect((await stripe.paymentMethods.retrieve(pm.id)).customer).toBe(customer.id);
    const unsaved = await stripe.paymentMethods.create({
      type: 'card',
      card: { token: 'tok_visa' },
    });
    const err = await stripeError(() =>
      stripe.customers.update(customer.id, {
        invoice_settings: { default_payment_method: unsaved.id },
      }),
    );
    expect(err.message).toContain('The payment method must be attached to the customer.');
  });

  it('refused at creation, save no PaymentMethod: every parameter is checked first', async () => {
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    const unsaved = await stripe.paymentMethods.create({
      type: 'card',
      card: { token: 'tok_visa' },
    });
    const refused: Stripe.CustomerCreateParams[] = [
      { payment_method: pm.id, invoice_prefix: 'lower' },
      { payment_method: pm.id, source: 'tok_visa' },
      { payment_method: pm.id, invoice_settings: { default_payment_method: unsaved.id } },
    ];
    for (const params of refused) {
      const error = await stripeError(() => stripe.customers.create(params));
      expect(error.statusCode, JSON.stringify(params)).toBe(400);
    }
    expect((await stripe.paymentMethods.retrieve(pm.id)).customer).toBeNull();
    expect((await stripe.customers.list()).data).toEqual([]);
    // The same PaymentMethod then saves to a customer whose parameters are right.
    const customer = await stripe.customers.create({
      payment_method: pm.id,
      invoice_settings: { default_payment_method: pm.id },
    });
    expect((await stripe.paymentMethods.retrieve(pm.id)).customer).toBe(customer.id);
  });

  it('pay through PaymentIntents with their saved card; a card saved to another customer is refused', async () => {
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    const jenny = await stripe.customers.create({ payment_method: pm.id });
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      customer: jenny.id,
      payment_method: pm.id,
      confirm: true,
      expand: ['customer', 'latest_charge.customer'],
    });
    expect((pi.customer as Stripe.Customer).id).toBe(jenny.id);
    expect(((pi.latest_charge as Stripe.Charge).customer as Stripe.Customer).id).toBe(jenny.id);
    const bob = await stripe.customers.create();
    const err = await stripeError(() =>
      stripe.paymentIntents.create({
        amount: 1000,
        currency: 'usd',
        customer: bob.id,
        payment_method: pm.id,
        confirm: true,
      }),
    );
    expect(err.param).toBe('payment_method');
    expect(
      (
        await stripeError(() =>
          stripe.paymentIntents.create({ amount: 500, currency: 'usd', customer: 'cus_missing' }),
        )
      ).raw,
    ).toMatchObject({ code: 'resource_missing', param: 'customer' });
  });

  it('once deleted, are a stub, and every use of them is "No such customer"', async () => {
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    const gone = await stripe.customers.create({
      email: 'gone@example.com',
      address: { line1: '1 Main Street', postal_code: '10001', state: 'NY', country: 'US' },
      payment_method: pm.id,
    });
    await stripe.customers.del(gone.id);
    const stub = await stripe.customers.retrieve(gone.id);
    expect({ ...stub, lastResponse: undefined }).toEqual({
      id: gone.id,
      object: 'customer',
      deleted: true,
      lastResponse: undefined,
    });
    const missing = {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'customer',
      message: `No such customer: '${gone.id}'`,
    };
    const uses: [string, () => Promise<unknown>][] = [
      [
        'PaymentIntent',
        () => stripe.paymentIntents.create({ amount: 500, currency: 'usd', customer: gone.id }),
      ],
      [
        'Checkout Session',
        () =>
          stripe.checkout.sessions.create({
            mode: 'payment',
            customer: gone.id,
            success_url: 'https://example.com/done',
            line_items: [
              {
                quantity: 1,
                price_data: { currency: 'usd', unit_amount: 500, product_data: { name: 'Mug' } },
              },
            ],
          }),
      ],
      [
        'tax calculation',
        () =>
          stripe.tax.calculations.create({
            currency: 'usd',
            customer: gone.id,
            line_items: [{ amount: 500 }],
          }),
      ],
      [
        'PaymentMethod copy',
        () => stripe.paymentMethods.create({ payment_method: pm.id, customer: gone.id }),
      ],
      [
        'promotion code',
        async () => {
          const coupon = await stripe.coupons.create({ percent_off: 10 });
          return stripe.promotionCodes.create({
            promotion: { type: 'coupon', coupon: coupon.id },
            customer: gone.id,
          });
        },
      ],
    ];
    for (const [what, use] of uses)
      expect((await stripeError(use)).raw, what).toMatchObject(missing);
    expect((await stripe.paymentIntents.list()).data).toEqual([]);
    expect((await stripe.promotionCodes.list()).data).toEqual([]);
  });

  it('show what only expand[] includes: tax, tax_ids, sources, subscriptions', async () => {
    const customer = await stripe.customers.create({
      tax: { ip_address: '203.0.113.7' },
      tax_id_data: [{ type: 'eu_vat', value: 'DE123456789' }],
    });
    const expanded = await stripe.customers.retrieve(customer.id, {
      expand: ['tax', 'tax_ids', 'sources', 'subscriptions', 'cash_balance'],
    });
    expect(expanded).toMatchObject({
      tax: { ip_address: '203.0.113.7', automatic_tax: 'unrecognized_location' },
      tax_ids: {
        object: 'list',
        data: [{ object: 'tax_id', type: 'eu_vat', value: 'DE123456789' }],
      },
      sources: { object: 'list', data: [] },
      subscriptions: { object: 'list', data: [] },
      cash_balance: { object: 'cash_balance', customer: customer.id },
    });
  });

  it('refuse what needs objects the simulator does not have: sources, test clocks', async () => {
    expect((await stripeError(() => stripe.customers.create({ source: 'tok_visa' }))).param).toBe(
      'source',
    );
    expect(
      (await stripeError(() => stripe.customers.create({ test_clock: 'clock_1' }))).raw,
    ).toMatchObject({ code: 'resource_missing', param: 'test_clock' });
  });
});
