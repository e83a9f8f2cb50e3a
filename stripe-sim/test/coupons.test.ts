import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { api, control, resetAll, stripeClient, stripeError } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

const now = () => Math.floor(Date.now() / 1000);
const eventTypes = async () =>
  (await stripe.events.list({ type: 'coupon.*' })).data.map((event) => event.type);

describe('coupons', () => {
  it('creates a percent-off coupon with Stripe fields, and reads it back', async () => {
    const redeemBy = now() + 3600;
    const coupon = await stripe.coupons.create({
      percent_off: 25.5,
      duration: 'repeating',
      duration_in_months: 3,
      max_redemptions: 100,
      redeem_by: redeemBy,
      name: 'Spring sale',
      metadata: { campaign: 'spring' },
    });
    expect(coupon).toEqual({
      id: expect.stringMatching(/^[A-Z0-9]{8}$/),
      object: 'coupon',
      amount_off: null,
      created: expect.any(Number),
      currency: null,
      duration: 'repeating',
      duration_in_months: 3,
      livemode: false,
      max_redemptions: 100,
      metadata: { campaign: 'spring' },
      name: 'Spring sale',
      percent_off: 25.5,
      redeem_by: redeemBy,
      times_redeemed: 0,
      valid: true,
    });
    expect(await stripe.coupons.retrieve(coupon.id)).toEqual(coupon);
    const [event] = (await stripe.events.list({ type: 'coupon.created' })).data;
    expect(event?.data.object).toEqual(coupon);
  });

  it('creates an amount-off coupon with its currency options, shown when expanded', async () => {
    const coupon = await stripe.coupons.create({
      id: 'TWO-OFF',
      amount_off: 200,
      currency: 'USD',
      currency_options: { eur: { amount_off: 180 } },
    });
    expect(coupon).toMatchObject({ id: 'TWO-OFF', amount_off: 200, currency: 'usd' });
    expect(coupon.duration).toBe('once');
    expect('currency_options' in coupon).toBe(false);
    const expanded = await stripe.coupons.retrieve('TWO-OFF', { expand: ['currency_options'] });
    expect(expanded.currency_options).toEqual({
      usd: { amount_off: 200 },
      eur: { amount_off: 180 },
    });
    const again = await stripeError(() =>
      stripe.coupons.create({ id: 'TWO-OFF', percent_off: 10 }),
    );
    expect(again.raw).toMatchObject({
      code: 'resource_already_exists',
      param: 'id',
      message: 'Coupon already exists.',
    });
  });

  it('refuses what Stripe refuses, naming the parameter, and creates nothing', async () => {
    const cases: [Stripe.CouponCreateParams, Record<string, string>][] = [
      [{ percent_off: 10, amount_off: 100, currency: 'usd' }, { code: 'parameters_exclusive' }],
      [{ duration: 'once' }, { code: 'parameter_missing' }],
      [{ amount_off: 100 }, { code: 'parameter_missing', param: 'currency' }],
      [{ percent_off: 0 }, { param: 'percent_off' }],
      [{ percent_off: 100.5 }, { param: 'percent_off' }],
      [{ amount_off: 0, currency: 'usd' }, { param: 'amount_off' }],
      [{ amount_off: 100, currency: 'xyz' }, { param: 'currency' }],
      [
        { percent_off: 10, duration: 'repeating' },
        { code: 'parameter_missing', param: 'duration_in_months' },
      ],
      [{ percent_off: 10, duration_in_months: 2 }, { param: 'duration_in_months' }],
      [{ percent_off: 10, redeem_by: now() - 10 }, { param: 'redeem_by' }],
      [{ percent_off: 10, redeem_by: now() + 6 * 365 * 86_400 }, { param: 'redeem_by' }],
      [{ percent_off: 10, name: 'x'.repeat(41) }, { param: 'name' }],
      [
        { percent_off: 10, currency_options: { eur: { amount_off: 5 } } },
        { param: 'currency_options' },
      ],
      [
        { percent_off: 10, applies_to: { products: ['prod_nope'] } },
        { code: 'resource_missing', param: 'applies_to[products][0]' },
      ],
    ];
    for (const [params, expected] of cases) {
      const error = await stripeError(() => stripe.coupons.create(params));
      expect(error.statusCode, JSON.stringify(params)).toBe(400);
      expect(error.raw, JSON.stringify(params)).toMatchObject(expected);
    }
    // Fixed at creation: not updatable.
    const coupon = await stripe.coupons.create({ percent_off: 10 });
    const response = await api(`/v1/coupons/${coupon.id}`, { body: 'percent_off=20' });
    expect(await response.json()).toMatchObject({
      error: { code: 'parameter_unknown', param: 'percent_off' },
    });
    expect((await stripe.coupons.list()).data).toEqual([coupon]);
  });

  it('updates name and metadata with coupon.updated, and is invalid once past redeem_by', async () => {
    const coupon = await stripe.coupons.create({
      percent_off: 20,
      redeem_by: now() + 600,
      metadata: { a: '1' },
    });
    const updated = await stripe.coupons.update(coupon.id, {
      name: 'Twenty',
      metadata: { a: '', b: '2' },
    });
    expect(updated).toMatchObject({ name: 'Twenty', metadata: { b: '2' }, percent_off: 20 });
    const [event] = (await stripe.events.list({ type: 'coupon.updated' })).data;
    expect(event?.data.previous_attributes).toEqual({ name: null, metadata: { a: '1', b: null } });

    await control('/clock', { json: { advance_seconds: 601 } });
    expect((await stripe.coupons.retrieve(coupon.id)).valid).toBe(false);
  });

  it('deletes a coupon: gone afterwards, with coupon.deleted', async () => {
    const coupon = await stripe.coupons.create({ percent_off: 15 });
    expect(await stripe.coupons.del(coupon.id)).toEqual({
      id: coupon.id,
      object: 'coupon',
      deleted: true,
    });
    const gone = await stripeError(() => stripe.coupons.retrieve(coupon.id));
    expect(gone.statusCode).toBe(404);
    expect(gone.raw).toMatchObject({
      code: 'resource_missing',
      message: `No such coupon: '${coupon.id}'`,
    });
    expect((await stripeError(() => stripe.coupons.del(coupon.id))).statusCode).toBe(404);
    expect((await stripe.coupons.list()).data).toEqual([]);
    expect(await eventTypes()).toEqual(['coupon.deleted', 'coupon.created']);
  });

  it('lists coupons newest first, paged and filtered by created', async () => {
    const first = await stripe.coupons.create({ percent_off: 5 });
    await control('/clock', { json: { advance_seconds: 60 } });
    const second = await stripe.coupons.create({ percent_off: 6 });
    const third = await stripe.coupons.create({ percent_off: 7 });
    const page = await stripe.coupons.list({ limit: 2 });
    expect(page.data.map((coupon) => coupon.id)).toEqual([third.id, second.id]);
    expect(page.has_more).toBe(true);
    const all = await stripe.coupons.list().autoPagingToArray({ limit: 10 });
    expect(all.map((coupon) => coupon.id)).toEqual([third.id, second.id, first.id]);
    const older = await stripe.coupons.list({ created: { lt: second.created } });
    expect(older.data.map((coupon) => coupon.id)).toEqual([first.id]);
  });
});
