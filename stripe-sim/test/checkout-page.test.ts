import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CANCEL_URL,
  createSession,
  eventTypes,
  getPage,
  line,
  location,
  payWith,
  postForm,
  shippingOption,
  shipTo,
  textOf,
} from './checkout-helpers';
import { control, ORIGIN, receiver, resetAll, simFetch, stripeClient } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

const thankYou = (session: Stripe.Checkout.Session) =>
  `https://shop.test/thank-you?session_id=${session.id}`;
const retrieve = (session: Stripe.Checkout.Session) =>
  stripe.checkout.sessions.retrieve(session.id);

/** The label and input for a field, by label text: the label's `for` names the input's `id`. */
function control_(page: string, label: string): string {
  const optional = '(?: <span class="optional">\\(optional\\)</span>)?';
  const labelled = new RegExp(`<label for="([^"]+)">${label}${optional}</label>`).exec(page);
  expect(labelled, `a label "${label}"`).not.toBeNull();
  const input = new RegExp(`<(input|select)[^>]*id="${labelled?.[1]}"[^>]*>`).exec(page);
  expect(input, `the control of "${label}"`).not.toBeNull();
  return input?.[0] ?? '';
}

describe('the hosted page', () => {
  it('is an accessible, simulated page with the lines, the total and the card form', async () => {
    const session = await createSession({ customer_email: 'ada@example.com' });
    const response = await getPage(session.url as string);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    const page = await response.text();
    expect(page).not.toMatch(/<script|<style|style="/);
    expect(page).toContain('<html lang="en">');
    expect(page).toMatch(/<main>/);
    expect(textOf(page)).toMatch(/payments here are simulated/);
    expect(textOf(page)).toMatch(/Mug \$15\.00 each 2 \$30\.00/);
    expect(textOf(page)).toMatch(/Poster \$9\.99 each 1 \$9\.99/);
    expect(textOf(page)).toMatch(/Total due \$39\.99/);
    expect(control_(page, 'Card number')).toMatch(/autocomplete="cc-number"/);
    expect(control_(page, 'Expiration')).toMatch(/autocomplete="cc-exp"/);
    expect(control_(page, 'Security code')).toMatch(/autocomplete="cc-csc"/);
    expect(control_(page, 'Email')).toMatch(/value="ada@example\.com"[^>]* readonly/);
    expect(page).toContain(`<a class="back" href="${CANCEL_URL}">`);
    expect(textOf(page)).toMatch(/Back to the shop/);
    expect(page).toMatch(/<button type="submit" class="primary">Pay \$39\.99<\/button>/);
    expect(page).not.toContain('Promotion code'); // not allowed on this session
    const css = await (await simFetch(`${ORIGIN}/_sim/assets/page.css`)).text();
    expect(css).toMatch(/min-height: 44px/);
    expect(css).toMatch(/focus-visible/);
  });

  it('pays with 4242 and sends the customer to success_url, events in order', async () => {
    const session = await createSession({
      client_reference_id: 'order_7',
      payment_intent_data: { metadata: { order: '7' }, description: 'Order 7' },
    });
    const response = await payWith(session, '4242 4242 4242 4242');
    expect(response.status).toBe(303);
    expect(location(response)).toBe(thankYou(session));

    const paid = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ['payment_intent.latest_charge'],
    });
    expect(paid).toMatchObject({
      status: 'complete',
      payment_status: 'paid',
      url: null,
      customer_details: { email: 'ada@example.com' },
    });
    const pi = paid.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({
      status: 'succeeded',
      amount: 3999,
      amount_received: 3999,
      currency: 'usd',
      metadata: { order: '7' },
      description: 'Order 7',
    });
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge.payment_method_details?.card?.last4).toBe('4242');
    expect(charge.billing_details.email).toBe('ada@example.com');
    expect(await eventTypes()).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
      'checkout.session.completed',
    ]);
    const [completed] = (await stripe.events.list({ type: 'checkout.session.completed' })).data;
    const object = completed?.data.object as Stripe.Checkout.Session;
    expect(object).toMatchObject({ id: session.id, status: 'complete', payment_status: 'paid' });
    expect(object).not.toHaveProperty('line_items');
    expect(completed?.request).toBeNull();

    // The webhook endpoint gets them in that order too.
    await control('/webhooks/flush', { method: 'POST' });
    const delivered = (await receiver.deliveries()).map(
      (delivery) => (JSON.parse(delivery.body) as Stripe.Event).type,
    );
    expect(delivered.at(-1)).toBe('checkout.session.completed');

    // A second click on Pay charges nothing again: the customer is sent on.
    const again = await payWith(session, '4242424242424242');
    expect(again.status).toBe(303);
    expect(location(again)).toBe(thankYou(session));
    expect((await stripe.charges.list()).data).toHaveLength(1);
  });

  it("shows Stripe's decline message, charges nothing, and lets the customer retry", async () => {
    const session = await createSession();
    const declined = await payWith(session, '4000000000009995');
    expect(declined.status).toBe(200); // the page again, with the message
    const page = textOf(await declined.text());
    expect(page).toContain('Your card has insufficient funds. You have not been charged.');
    expect(page).not.toContain('4000000000009995'); // card details are never echoed
    const open = await retrieve(session);
    expect(open).toMatchObject({ status: 'open', payment_status: 'unpaid' });
    const pi = open.payment_intent as string;
    expect((await stripe.paymentIntents.retrieve(pi)).status).toBe('requires_payment_method');

    const retried = await payWith(session, '5555555555554444');
    expect(location(retried)).toBe(thankYou(session));
    const paid = await retrieve(session);
    expect(paid).toMatchObject({ status: 'complete', payment_status: 'paid', payment_intent: pi });
    expect((await stripe.paymentIntents.retrieve(pi)).status).toBe('succeeded');
    expect(await eventTypes()).toEqual([
      'payment_intent.created',
      'charge.failed',
      'payment_intent.payment_failed',
      'charge.succeeded',
      'payment_intent.succeeded',
      'checkout.session.completed',
    ]);
  });

  it('says what is wrong with the form, next to each field, and charges nothing', async () => {
    const session = await createSession();
    const response = await postForm(`/c/pay/${session.id}/pay`, {
      amount: '3999',
      email: 'not-an-email',
      card_number: '4242 4242 4242 4241',
      card_expiry: '13 / 30',
      card_cvc: '',
    });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toMatch(/<div class="alert" role="alert">/);
    expect(page).toMatch(
      /id="field-email"[^>]*aria-describedby="field-email-error" aria-invalid="true"/,
    );
    expect(page).toContain(
      '<p class="field-error" id="field-email-error">Your email address is invalid.</p>',
    );
    expect(page).toContain('Your card&#39;s security code is incomplete.');
    expect(page).toContain('value="not-an-email"');
    expect((await stripe.paymentIntents.list()).data).toEqual([]);

    const badNumber = await payWith(session, '4242 4242 4242 4241');
    expect(await badNumber.text()).toContain('Your card number is incorrect.');
    const badMonth = await payWith(session, '4242424242424242', { card_expiry: '13 / 30' });
    expect(await badMonth.text()).toContain('Your card&#39;s expiration month is invalid.');
  });

  it('refuses to charge a total the customer did not see', async () => {
    const session = await createSession();
    const response = await payWith(session, '4242424242424242', { amount: '100' });
    expect(textOf(await response.text())).toContain('The total has changed');
    expect((await stripe.paymentIntents.list()).data).toEqual([]);
  });
});

describe('what else the page collects', () => {
  it('asks for a phone number, the custom fields and the terms, and keeps the answers', async () => {
    const session = await createSession({
      phone_number_collection: { enabled: true },
      consent_collection: { terms_of_service: 'required', promotions: 'auto' },
      custom_fields: [
        {
          key: 'gift',
          label: { type: 'custom', custom: 'Gift message' },
          type: 'text',
          optional: true,
        },
        {
          key: 'size',
          label: { type: 'custom', custom: 'Mug size' },
          type: 'dropdown',
          dropdown: {
            options: [
              { label: 'Small', value: 'small' },
              { label: 'Large', value: 'large' },
            ],
          },
        },
      ],
      submit_type: 'book',
      custom_text: { submit: { message: 'We ship within two days.' } },
    });
    const page = await (await getPage(session.url as string)).text();
    expect(control_(page, 'Phone number')).toMatch(/type="tel"[^>]*autocomplete="tel"/);
    expect(control_(page, 'Gift message')).toMatch(/name="custom_0"/);
    expect(control_(page, 'Mug size')).toMatch(/<select/);
    expect(textOf(page)).toContain('I agree to the terms of service');
    expect(textOf(page)).toContain('We ship within two days.');
    expect(page).toContain('>Book $39.99</button>');

    const missing = await payWith(session, '4242424242424242');
    const errors = textOf(await missing.text());
    expect(errors).toContain('Phone number: Enter your phone number.');
    expect(errors).toContain('Mug size: Enter Mug size.');
    expect(errors).toContain('Terms of service: Agree to the terms of service to continue.');
    expect((await stripe.paymentIntents.list()).data).toEqual([]);

    const paid = await payWith(session, '4242424242424242', {
      phone: '+1 415 555 0100',
      custom_0: 'Happy birthday',
      custom_1: 'large',
      terms: 'accepted',
    });
    expect(location(paid)).toBe(thankYou(session));
    const done = await retrieve(session);
    expect(done.customer_details?.phone).toBe('+1 415 555 0100');
    expect(done.consent).toEqual({ terms_of_service: 'accepted', promotions: 'opt_out' });
    expect(done.custom_fields.map((field) => field.text?.value ?? field.dropdown?.value)).toEqual([
      'Happy birthday',
      'large',
    ]);
  });

  it('authorizes only, with a manual capture, and says the session is not paid yet', async () => {
    const session = await createSession({
      payment_method_options: { card: { capture_method: 'manual' } },
    });
    expect(location(await payWith(session, '4242424242424242'))).toBe(thankYou(session));
    const done = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ['payment_intent'],
    });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    expect((done.payment_intent as Stripe.PaymentIntent).status).toBe('requires_capture');
  });
});

describe('3-D Secure on the hosted page', () => {
  it('goes through the challenge page and back, then on to success_url', async () => {
    const session = await createSession();
    const pay = await payWith(session, '4000002760003184');
    expect(pay.status).toBe(303);
    const challenge = location(pay) as string;
    expect(challenge).toMatch(new RegExp(`^${ORIGIN}/_sim/3ds/pi_`));
    expect((await getPage(challenge)).status).toBe(200);

    const answered = await postForm(challenge, { outcome: 'complete' });
    expect(answered.status).toBe(303);
    const back = location(answered) as string;
    expect(back).toMatch(new RegExp(`^${ORIGIN}/c/pay/${session.id}/return\\?`));
    const returned = await getPage(back);
    expect(returned.status).toBe(303);
    expect(location(returned)).toBe(thankYou(session));
    expect(await retrieve(session)).toMatchObject({ status: 'complete', payment_status: 'paid' });
    expect(await eventTypes()).toEqual([
      'payment_intent.created',
      'payment_intent.requires_action',
      'charge.succeeded',
      'payment_intent.succeeded',
      'checkout.session.completed',
    ]);
  });

  it('completes the session even when the customer never comes back from the challenge', async () => {
    const session = await createSession();
    const challenge = location(await payWith(session, '4000000000003220')) as string;
    await postForm(challenge, { outcome: 'complete' }); // the redirect is never followed
    await control('/webhooks/flush', { method: 'POST' });
    const delivered = (await receiver.deliveries()).map(
      (delivery) => (JSON.parse(delivery.body) as Stripe.Event).type,
    );
    expect(delivered.filter((type) => type === 'checkout.session.completed')).toHaveLength(1);
    expect(await retrieve(session)).toMatchObject({ status: 'complete', payment_status: 'paid' });
  });

  it('shows why when authentication fails, and takes another card', async () => {
    const session = await createSession();
    const challenge = location(await payWith(session, '4000002760003184')) as string;
    const failed = await postForm(challenge, { outcome: 'fail' });
    const returned = await getPage(location(failed) as string);
    expect(textOf(await returned.text())).toContain(
      'We are unable to authenticate your payment method. Please choose a different payment ' +
        'method and try again. You have not been charged.',
    );
    expect((await retrieve(session)).status).toBe('open');
    expect(location(await payWith(session, '4242424242424242'))).toBe(thankYou(session));
    expect((await retrieve(session)).payment_status).toBe('paid');
  });

  it('keeps the order as it is while a card awaits authentication', async () => {
    const session = await createSession({ allow_promotion_codes: true });
    const ten = await stripe.coupons.create({ percent_off: 10 });
    await stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: ten.id },
      code: 'TEN',
    });
    const challenge = location(await payWith(session, '4000002760003184')) as string;
    const refused = await postForm(`/c/pay/${session.id}/promotion_code`, { code: 'TEN' });
    expect(textOf(await refused.text())).toContain('waiting for 3-D Secure authentication');
    expect((await retrieve(session)).amount_total).toBe(3999);
    await postForm(challenge, { outcome: 'complete' });
    const pi = (await retrieve(session)).payment_intent as string;
    expect((await stripe.paymentIntents.retrieve(pi)).amount_received).toBe(3999);
  });

  it('declines after authentication with the decline message', async () => {
    const session = await createSession();
    const challenge = location(await payWith(session, '4000008400001629')) as string;
    const returned = await getPage(
      location(await postForm(challenge, { outcome: 'complete' })) as string,
    );
    expect(textOf(await returned.text())).toContain(
      'Your card was declined. You have not been charged.',
    );
    expect((await retrieve(session)).status).toBe('open');
  });
});

describe('promotion codes on the page', () => {
  it("applies a code by Stripe's rules, shows the discount, and counts the redemption", async () => {
    const twenty = await stripe.coupons.create({ percent_off: 20, name: '20 % off' });
    const spring = await stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: twenty.id },
      code: 'SPRING',
      max_redemptions: 1,
    });
    await stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: twenty.id },
      code: 'BIGSPENDER',
      restrictions: { minimum_amount: 10_000, minimum_amount_currency: 'usd' },
    });
    const session = await createSession({ allow_promotion_codes: true });
    const page = await (await getPage(session.url as string)).text();
    expect(control_(page, 'Promotion code')).toMatch(/name="code"/);

    const apply = (code: string) =>
      postForm(`/c/pay/${session.id}/promotion_code`, { action: 'apply', code });
    const unknown = await apply('NOPE');
    expect(textOf(await unknown.text())).toContain('“NOPE” is not a valid promotion code.');
    const tooSmall = await apply('bigspender');
    expect(textOf(await tooSmall.text())).toContain(
      'This promotion code needs an order of at least $100.00 (before shipping and tax).',
    );
    const applied = await apply('spring');
    expect(applied.status).toBe(303);
    const discounted = await retrieve(session);
    expect(discounted).toMatchObject({
      amount_total: 3999 - 600 - 200,
      total_details: { amount_discount: 800 },
      discounts: [{ coupon: twenty.id, promotion_code: spring.id }],
    });
    const shown = textOf(await (await getPage(session.url as string)).text());
    expect(shown).toContain('Discount (SPRING) −$8.00');
    expect(shown).toContain('Code SPRING applied: you save $8.00.');
    expect(shown).toContain('Total due $31.99');

    expect(location(await payWith(session, '4242424242424242'))).toBe(thankYou(session));
    const { payment_intent: pi } = await retrieve(session);
    expect((await stripe.paymentIntents.retrieve(pi as string)).amount).toBe(3199);
    expect((await stripe.promotionCodes.retrieve(spring.id)).times_redeemed).toBe(1);
    expect((await stripe.coupons.retrieve(twenty.id)).times_redeemed).toBe(1);

    // Used up: the next session is told so.
    const next = await createSession({ allow_promotion_codes: true });
    const usedUp = await postForm(`/c/pay/${next.id}/promotion_code`, { code: 'SPRING' });
    expect(textOf(await usedUp.text())).toContain(
      'This promotion code has been used the maximum number of times.',
    );
  });

  it('applies, of the codes that share the text typed, the one this checkout may use', async () => {
    const ten = await stripe.coupons.create({ percent_off: 10 });
    const ada = await stripe.customers.create({ email: 'ada@example.com' });
    const bob = await stripe.customers.create({ email: 'bob@example.com' });
    // Codes are unique per customer: each of them has a VIP code of their own, Ada's the newest.
    const bobs = await stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: ten.id },
      code: 'VIP',
      customer: bob.id,
    });
    await stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: ten.id },
      code: 'VIP',
      customer: ada.id,
    });
    const session = await createSession({ allow_promotion_codes: true, customer: bob.id });
    const applied = await postForm(`/c/pay/${session.id}/promotion_code`, { code: 'vip' });
    expect(applied.status).toBe(303);
    expect((await retrieve(session)).discounts).toEqual([
      { coupon: ten.id, promotion_code: bobs.id },
    ]);
    // A checkout of neither is told why: the code is someone else's.
    const guest = await createSession({ allow_promotion_codes: true });
    const refused = await postForm(`/c/pay/${guest.id}/promotion_code`, { code: 'VIP' });
    expect(textOf(await refused.text())).toContain('This promotion code cannot be redeemed');
    expect((await retrieve(guest)).discounts).toEqual([]);
  });

  it('takes a code off again, and completes a fully discounted order without a card', async () => {
    const free = await stripe.coupons.create({ percent_off: 100 });
    await stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: free.id },
      code: 'FREE',
    });
    const session = await createSession({ allow_promotion_codes: true });
    await postForm(`/c/pay/${session.id}/promotion_code`, { code: 'FREE' });
    expect((await retrieve(session)).amount_total).toBe(0);
    await postForm(`/c/pay/${session.id}/promotion_code`, { action: 'remove' });
    expect((await retrieve(session)).amount_total).toBe(3999);

    await postForm(`/c/pay/${session.id}/promotion_code`, { code: 'FREE' });
    const page = await (await getPage(session.url as string)).text();
    expect(page).not.toContain('Card number');
    expect(page).toContain('Complete order');
    const done = await postForm(`/c/pay/${session.id}/pay`, {
      amount: '0',
      email: 'ada@example.com',
    });
    expect(location(done)).toBe(thankYou(session));
    expect(await retrieve(session)).toMatchObject({
      status: 'complete',
      payment_status: 'no_payment_required',
      payment_intent: null,
    });
    expect(await eventTypes()).toEqual([
      'coupon.created',
      'promotion_code.created',
      'checkout.session.completed',
    ]);
  });
});

describe('address and shipping on the page', () => {
  const shippable = () =>
    createSession({
      shipping_address_collection: { allowed_countries: ['US', 'DE'] },
      shipping_options: [
        shippingOption('Standard', 500, {
          delivery_estimate: {
            minimum: { unit: 'business_day', value: 3 },
            maximum: { unit: 'business_day', value: 5 },
          },
        }),
        shippingOption('Express', 1500),
      ],
      automatic_tax: { enabled: true },
      line_items: [line('Mug', 1500, 2, { tax_behavior: 'exclusive' })],
      payment_intent_data: { metadata: { order: '9' } },
    });

  it('offers only the allowed countries and the rates, and asks for the address before the card', async () => {
    const session = await shippable();
    const page = await (await getPage(session.url as string)).text();
    expect(control_(page, 'Full name')).toMatch(/autocomplete="shipping name"/);
    expect(control_(page, 'Country or region')).toMatch(/<select/);
    expect(page.match(/<option value="[A-Z]{2}"/g)).toEqual([
      '<option value="DE"',
      '<option value="US"',
    ]);
    expect(textOf(page)).toContain('Standard: $5.00, 3–5 business days');
    expect(textOf(page)).toContain('Express: $15.00');
    expect(page).toMatch(/<legend>Shipping method<\/legend>/);
    expect(page).not.toContain('Card number');
    expect(textOf(page)).toContain('Enter the shipping address first');
    expect(textOf(page)).toContain('Tax (worked out from your address) —');

    const refused = await shipTo(session, {
      shipping_country: 'FR',
      shipping_rate: session.shipping_options[0]?.shipping_rate as string,
    });
    expect(textOf(await refused.text())).toContain('This shop does not ship to France.');
    const noZip = await shipTo(session, { shipping_country: 'US' });
    const noZipPage = textOf(await noZip.text());
    expect(noZipPage).toContain('Enter a ZIP code.');
    expect(noZipPage).toContain('Choose a shipping method.');
    const wrongState = await shipTo(session, {
      shipping_country: 'US',
      shipping_postal_code: '94080',
      shipping_state: 'NY',
      shipping_rate: session.shipping_options[0]?.shipping_rate as string,
    });
    expect(textOf(await wrongState.text())).toContain(
      'We could not work out the tax for this address',
    );
    expect((await retrieve(session)).collected_information).toBeNull();
  });

  it('prices the chosen rate and the tax of the address, then pays with the address on the payment', async () => {
    const session = await shippable();
    const express = session.shipping_options[1]?.shipping_rate as string;
    const saved = await shipTo(session, {
      shipping_postal_code: '94080',
      shipping_country: 'US',
      shipping_rate: express,
    });
    expect(saved.status).toBe(303);
    // California, 7.25 %: 3000 → 217.5 → 218; shipping 1500 → 108.75 → 109.
    const priced = await retrieve(session);
    expect(priced).toMatchObject({
      amount_subtotal: 3000,
      amount_total: 3000 + 218 + 1500 + 109,
      total_details: { amount_shipping: 1500, amount_tax: 327, amount_discount: 0 },
      shipping_cost: { shipping_rate: express, amount_subtotal: 1500, amount_tax: 109 },
      automatic_tax: { status: 'complete' },
    });
    const page = textOf(await (await getPage(session.url as string)).text());
    expect(page).toContain('Shipping: Express $15.00');
    expect(page).toContain('Sales Tax (7.25%) $3.27');
    expect(page).toContain('Total due $48.27');

    expect(location(await payWith(session, '4242424242424242'))).toBe(thankYou(session));
    const paid = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ['payment_intent'],
    });
    expect(paid.customer_details).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace' });
    const shipping = {
      name: 'Ada Lovelace',
      address: { line1: '1 Main Street', postal_code: '94080', country: 'US' },
    };
    expect(paid.payment_intent).toMatchObject({ amount: 4827, metadata: { order: '9' }, shipping });
    // The PaymentIntent was made with them: its payment_intent.created carries them already.
    const [created] = (await stripe.events.list({ type: 'payment_intent.created' })).data;
    expect(created?.data.object).toMatchObject({ amount: 4827, shipping });
  });
});

describe('an expired session on the page', () => {
  it('says it has expired, with the way back, and takes no payment', async () => {
    const session = await createSession();
    await control('/clock', { json: { advance_seconds: 24 * 3600 } });
    const page = await getPage(session.url as string);
    expect(page.status).toBe(200);
    const text = textOf(await page.text());
    expect(text).toContain('This checkout has expired');
    expect(text).toContain('Nothing was charged.');
    expect(text).toContain('Back to the shop');
    const pay = await postForm(`/c/pay/${session.id}/pay`, {
      amount: '3999',
      email: 'ada@example.com',
      card_number: '4242424242424242',
      card_expiry: '12 / 34',
      card_cvc: '123',
    });
    expect(textOf(await pay.text())).toContain('This checkout has expired');
    expect((await stripe.paymentIntents.list()).data).toEqual([]);
    expect(await eventTypes()).toEqual(['checkout.session.expired']);
  });

  it('cannot be paid after 3-D Secure started, once it expired', async () => {
    const session = await createSession();
    const challenge = location(await payWith(session, '4000002760003184')) as string;
    await stripe.checkout.sessions.expire(session.id);
    const answered = await postForm(challenge, { outcome: 'complete' });
    expect(answered.status).toBe(400);
    expect((await stripe.charges.list()).data).toEqual([]);
    expect((await retrieve(session)).status).toBe('expired');
  });
});
