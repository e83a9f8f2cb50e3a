import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createSession,
  eventTypes,
  getPage,
  payWith,
  shippingOption,
  shipTo,
} from './checkout-helpers';
import { resetAll, stripeClient, stripeError } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

/** The session as paid, with its PaymentIntent. */
const paid = async (session: Stripe.Checkout.Session) =>
  stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });

const paymentIntentOf = (session: Stripe.Checkout.Session) =>
  session.payment_intent as Stripe.PaymentIntent;

/** The session's first shipping rate. */
const rateOf = (session: Stripe.Checkout.Session) =>
  session.shipping_options[0]?.shipping_rate as string;

/** The card a paid PaymentIntent was made with. */
const cardOf = (pi: Stripe.PaymentIntent) =>
  stripe.paymentMethods.retrieve(pi.payment_method as string);

describe('a Checkout Session for a customer', () => {
  it('belongs to the customer, prefills their email and saves the card for future usage', async () => {
    const customer = await stripe.customers.create({ email: 'grace@example.com' });
    const session = await createSession({
      customer: customer.id,
      payment_intent_data: { setup_future_usage: 'off_session' },
    });
    expect(session.customer).toBe(customer.id);
    const page = await (await getPage(session.url as string)).text();
    expect(page).toMatch(/value="grace@example\.com"[^>]* readonly/);

    // The email typed in is ignored: Checkout does not let it change.
    expect((await payWith(session, '4242424242424242')).status).toBe(303);
    const done = await paid(session);
    expect(done).toMatchObject({
      customer: customer.id,
      customer_details: { email: 'grace@example.com' },
    });
    const pi = paymentIntentOf(done);
    expect(pi).toMatchObject({ customer: customer.id, setup_future_usage: 'off_session' });
    expect((await cardOf(pi)).customer).toBe(customer.id);
  });

  it("updates the customer's name and shipping address where customer_update says auto", async () => {
    const customer = await stripe.customers.create({ name: 'G. Hopper' });
    const session = await createSession({
      customer: customer.id,
      customer_update: { name: 'auto', shipping: 'auto' },
      shipping_address_collection: { allowed_countries: ['US'] },
      shipping_options: [shippingOption('Standard', 500)],
    });
    await shipTo(session, {
      shipping_name: 'Grace Hopper',
      shipping_postal_code: '94080',
      shipping_country: 'US',
      shipping_rate: rateOf(session),
    });
    expect((await payWith(session, '4242424242424242')).status).toBe(303);
    const updated = await stripe.customers.retrieve(customer.id);
    expect(updated).toMatchObject({
      name: 'Grace Hopper',
      shipping: {
        name: 'Grace Hopper',
        address: {
          line1: '1 Main Street',
          city: 'Springfield',
          postal_code: '94080',
          country: 'US',
        },
      },
    });
    const [event] = (await stripe.events.list({ type: 'customer.updated' })).data;
    expect(event?.data.previous_attributes).toMatchObject({ name: 'G. Hopper', shipping: null });
  });

  it('leaves the customer as it was without customer_update, and refuses it without a customer', async () => {
    const customer = await stripe.customers.create({ name: 'G. Hopper' });
    const session = await createSession({
      customer: customer.id,
      shipping_address_collection: { allowed_countries: ['US'] },
      shipping_options: [shippingOption('Standard', 500)],
    });
    await shipTo(session, {
      shipping_postal_code: '94080',
      shipping_country: 'US',
      shipping_rate: rateOf(session),
    });
    await payWith(session, '4242424242424242');
    expect(await stripe.customers.retrieve(customer.id)).toMatchObject({
      name: 'G. Hopper',
      shipping: null,
    });
    expect(await eventTypes()).not.toContain('customer.updated');

    const refused = await stripeError(() => createSession({ customer_update: { name: 'auto' } }));
    expect([refused.statusCode, refused.param]).toEqual([400, 'customer_update']);
  });
});

describe('customer_creation', () => {
  it('always: makes a Customer from the details when the session completes, who keeps the card', async () => {
    const session = await createSession({
      customer_creation: 'always',
      payment_method_options: { card: { setup_future_usage: 'on_session' } },
    });
    expect(session).toMatchObject({ customer: null, customer_creation: 'always' });
    expect((await payWith(session, '4242424242424242')).status).toBe(303);
    const done = await paid(session);
    const id = done.customer as string;
    expect(id).toMatch(/^cus_/);
    expect(await stripe.customers.retrieve(id)).toMatchObject({ email: 'ada@example.com' });
    const pi = paymentIntentOf(done);
    expect(pi.customer).toBe(id);
    expect((await cardOf(pi)).customer).toBe(id);
    const types = await eventTypes();
    expect(types.indexOf('customer.created')).toBeLessThan(
      types.indexOf('checkout.session.completed'),
    );
  });

  it('if_required (the default in payment mode): a guest checkout, with no Customer', async () => {
    const session = await createSession({
      payment_intent_data: { setup_future_usage: 'off_session' },
    });
    expect(session.customer_creation).toBe('if_required');
    await payWith(session, '4242424242424242');
    const done = await paid(session);
    expect(done.customer).toBeNull();
    expect(paymentIntentOf(done).customer).toBeNull();
    expect((await stripe.customers.list()).data).toEqual([]);
  });

  it('makes no Customer for a declined card', async () => {
    const session = await createSession({ customer_creation: 'always' });
    await payWith(session, '4000000000000002');
    expect((await stripe.checkout.sessions.retrieve(session.id)).customer).toBeNull();
    expect((await stripe.customers.list()).data).toEqual([]);
  });
});
