import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSession, payWith } from './checkout-helpers';
import { api, control, resetAll, stripeClient, stripeError } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

const now = () => Math.floor(Date.now() / 1000);
const coupon = (params: Stripe.CouponCreateParams = { percent_off: 20 }) =>
  stripe.coupons.create(params);
const promote = (couponId: string, params: Partial<Stripe.PromotionCodeCreateParams> = {}) =>
  stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: couponId }, ...params });

describe('promotion codes', () => {
  it('creates a code for a coupon, under promotion.coupon as stripe-node 23 expects', async () => {
    const twenty = await coupon();
    const code = await promote(twenty.id, {
      code: 'SPRING20',
      max_redemptions: 50,
      expires_at: now() + 3600,
      metadata: { channel: 'newsletter' },
      restrictions: { minimum_amount: 1000, minimum_amount_currency: 'usd' },
    });
    expect(code).toEqual({
      id: expect.stringMatching(/^promo_[A-Za-z0-9]{24}$/),
      object: 'promotion_code',
      active: true,
      code: 'SPRING20',
      created: expect.any(Number),
      customer: null,
      customer_account: null,
      expires_at: code.expires_at,
      livemode: false,
      max_redemptions: 50,
      metadata: { channel: 'newsletter' },
      promotion: { coupon: twenty.id, type: 'coupon' },
      restrictions: {
        first_time_transaction: false,
        minimum_amount: 1000,
        minimum_amount_currency: 'usd',
      },
      times_redeemed: 0,
    });
    expect(await stripe.promotionCodes.retrieve(code.id)).toEqual(code);
    const expanded = await stripe.promotionCodes.retrieve(code.id, {
      expand: ['promotion.coupon'],
    });
    expect(expanded.promotion.coupon).toEqual(twenty);
    const [event] = (await stripe.events.list({ type: 'promotion_code.created' })).data;
    expect(event?.data.object).toEqual(code);

    const generated = await promote(twenty.id);
    expect(generated.code).toMatch(/^[A-Z0-9]{8}$/);
  });

  it('is found by code (any case) and active=true, with the coupon expanded', async () => {
    const twenty = await coupon();
    const other = await coupon({ amount_off: 200, currency: 'usd' });
    const spring = await promote(twenty.id, { code: 'SPRING20' });
    await promote(other.id, { code: 'TWO-OFF' });
    const found = await stripe.promotionCodes.list({
      code: 'spring20',
      active: true,
      expand: ['data.promotion.coupon'],
    });
    expect(found.data).toHaveLength(1);
    expect(found.data[0]).toMatchObject({ id: spring.id, promotion: { coupon: twenty } });
    const byCoupon = await stripe.promotionCodes.list({ coupon: other.id });
    expect(byCoupon.data.map((code) => code.code)).toEqual(['TWO-OFF']);
    expect((await stripe.promotionCodes.list({ code: 'NOPE' })).data).toEqual([]);
  });

  it('refuses the pre-2025 shape: a top-level coupon, and expand[]=coupon', async () => {
    const twenty = await coupon();
    const old = await (await api('/v1/promotion_codes', { body: `coupon=${twenty.id}` })).json();
    expect(old).toMatchObject({ error: { code: 'parameter_unknown', param: 'coupon' } });
    await promote(twenty.id, { code: 'X1' });
    const expand = await stripeError(() => stripe.promotionCodes.list({ expand: ['data.coupon'] }));
    expect(expand.raw).toMatchObject({ param: 'expand' });
  });

  it('keeps active codes unique regardless of case; inactive ones may repeat', async () => {
    const twenty = await coupon();
    const first = await promote(twenty.id, { code: 'SAVE' });
    const duplicate = await stripeError(() => promote(twenty.id, { code: 'save' }));
    expect(duplicate.raw).toMatchObject({
      param: 'code',
      message: 'An active promotion code with `code: save` already exists.',
    });

    const off = await stripe.promotionCodes.update(first.id, { active: false });
    expect(off.active).toBe(false);
    const [event] = (await stripe.events.list({ type: 'promotion_code.updated' })).data;
    expect(event?.data.previous_attributes).toEqual({ active: true });
    expect((await stripe.promotionCodes.list({ code: 'SAVE', active: true })).data).toEqual([]);

    const second = await promote(twenty.id, { code: 'save' });
    expect(second.active).toBe(true);
    const reactivate = await stripeError(() =>
      stripe.promotionCodes.update(first.id, { active: true }),
    );
    expect(reactivate.raw).toMatchObject({ param: 'code' });
    expect((await stripe.promotionCodes.retrieve(first.id)).active).toBe(false);
  });

  it('refuses codes for a deleted or expired coupon, and deactivates a deleted one’s codes', async () => {
    const gone = await coupon();
    const code = await promote(gone.id, { code: 'GONE' });
    await stripe.coupons.del(gone.id);
    expect((await stripe.promotionCodes.retrieve(code.id)).active).toBe(false);
    const missing = await stripeError(() => promote(gone.id));
    expect(missing.raw).toMatchObject({
      code: 'resource_missing',
      param: 'promotion[coupon]',
      message: `No such coupon: '${gone.id}'`,
    });
    const reactivate = await stripeError(() =>
      stripe.promotionCodes.update(code.id, { active: true }),
    );
    expect(reactivate.raw).toMatchObject({ param: 'active' });

    const brief = await coupon({ percent_off: 10, redeem_by: now() + 60 });
    await control('/clock', { json: { advance_seconds: 61 } });
    const expired = await stripeError(() => promote(brief.id));
    expect(expired.raw).toMatchObject({ param: 'promotion[coupon]' });
  });

  it('is inactive once its coupon is past redeem_by, everywhere the code is served', async () => {
    const brief = await coupon({ percent_off: 10, redeem_by: now() + 120 });
    const code = await promote(brief.id, { code: 'EXPIRING' });
    await control('/clock', { json: { advance_seconds: 300 } });

    expect((await stripe.promotionCodes.retrieve(code.id)).active).toBe(false);
    const expanded = await stripe.promotionCodes.retrieve(code.id, {
      expand: ['promotion.coupon'],
    });
    expect(expanded).toMatchObject({ active: false, promotion: { coupon: { valid: false } } });
    const active = await stripe.promotionCodes.list({ code: 'expiring', active: true });
    expect(active.data).toEqual([]);
    const inactive = await stripe.promotionCodes.list({
      code: 'expiring',
      active: false,
      expand: ['data.promotion.coupon'],
    });
    expect(inactive.data).toMatchObject([
      { id: code.id, active: false, promotion: { coupon: { id: brief.id, valid: false } } },
    ]);

    // The text is free again: no other active code has it.
    const other = await coupon();
    expect((await promote(other.id, { code: 'EXPIRING' })).active).toBe(true);
    const reactivate = await stripeError(() =>
      stripe.promotionCodes.update(code.id, { active: true }),
    );
    expect(reactivate.raw).toMatchObject({ type: 'invalid_request_error', param: 'active' });
  });

  it('is inactive once its coupon reached max_redemptions (a Checkout Session)', async () => {
    const once = await coupon({ percent_off: 10, max_redemptions: 1 });
    const code = await promote(once.id, { code: 'ONCE' });
    const session = await createSession({ discounts: [{ promotion_code: code.id }] });
    expect((await payWith(session, '4242424242424242')).status).toBe(303);

    expect(await stripe.promotionCodes.retrieve(code.id)).toMatchObject({
      active: false,
      times_redeemed: 1,
    });
    expect((await stripe.promotionCodes.list({ active: true })).data).toEqual([]);
    expect((await stripe.promotionCodes.list({ active: false })).data).toMatchObject([
      { id: code.id },
    ]);
  });

  it('is reactivated only while itself redeemable (expires_at, max_redemptions)', async () => {
    const twenty = await coupon();
    const expiring = await promote(twenty.id, { code: 'SOON', expires_at: now() + 60 });
    const limited = await promote(twenty.id, { code: 'ONE', max_redemptions: 1 });
    const session = await createSession({ discounts: [{ promotion_code: limited.id }] });
    expect((await payWith(session, '4242424242424242')).status).toBe(303);
    await control('/clock', { json: { advance_seconds: 61 } });
    // Stripe ties `active` to the coupon only: these two still read as active.
    expect((await stripe.promotionCodes.retrieve(expiring.id)).active).toBe(true);
    expect((await stripe.promotionCodes.retrieve(limited.id)).active).toBe(true);

    for (const code of [expiring, limited]) {
      await stripe.promotionCodes.update(code.id, { active: false });
      const reactivate = await stripeError(() =>
        stripe.promotionCodes.update(code.id, { active: true }),
      );
      expect(reactivate.raw, code.code).toMatchObject({ param: 'active' });
      expect((await stripe.promotionCodes.retrieve(code.id)).active).toBe(false);
    }
  });

  it('past its expires_at: active as its coupon is, in retrieve and list; unredeemable', async () => {
    // Stripe's `active` is tied to the coupon only ("A promotion code is only active if the
    // coupon is also valid"); `expires_at` is the "Date at which the promotion code can no longer
    // be redeemed", which redeeming checks.
    const code = await promote((await coupon()).id, { code: 'LATE', expires_at: now() + 60 });
    await control('/clock', { json: { advance_seconds: 61 } });
    expect(await stripe.promotionCodes.retrieve(code.id)).toMatchObject({ active: true });
    const ids = async (active: boolean) =>
      (await stripe.promotionCodes.list({ code: 'late', active })).data.map((c) => c.id);
    expect(await ids(true)).toEqual([code.id]);
    expect(await ids(false)).toEqual([]);
    const refused = await stripeError(() =>
      createSession({ discounts: [{ promotion_code: code.id }] }),
    );
    expect(refused.raw).toMatchObject({
      type: 'invalid_request_error',
      param: 'discounts[0][promotion_code]',
      message: 'This promotion code has expired.',
    });
  });

  it('refuses limits beyond the coupon’s, bad codes, and half a minimum amount', async () => {
    const limited = await coupon({ percent_off: 10, redeem_by: now() + 600, max_redemptions: 5 });
    const cases: [Partial<Stripe.PromotionCodeCreateParams>, Record<string, string>][] = [
      [{ expires_at: now() - 1 }, { param: 'expires_at' }],
      [{ expires_at: now() + 601 }, { param: 'expires_at' }],
      [{ max_redemptions: 6 }, { param: 'max_redemptions' }],
      [{ code: 'TEN OFF' }, { param: 'code' }],
      [
        { restrictions: { minimum_amount: 500 } },
        { code: 'parameter_missing', param: 'restrictions[minimum_amount_currency]' },
      ],
      [
        {
          restrictions: {
            minimum_amount: 500,
            minimum_amount_currency: 'usd',
            currency_options: { usd: { minimum_amount: 400 } },
          },
        },
        { param: 'restrictions[currency_options][usd]' },
      ],
      [{ customer: 'cus_nope' }, { code: 'resource_missing', param: 'customer' }],
    ];
    for (const [params, expected] of cases) {
      const error = await stripeError(() => promote(limited.id, params));
      expect(error.raw, JSON.stringify(params)).toMatchObject(expected);
    }
    const missingType = await (
      await api('/v1/promotion_codes', { body: `promotion[coupon]=${limited.id}` })
    ).json();
    expect(missingType).toMatchObject({
      error: { code: 'parameter_missing', param: 'promotion[type]' },
    });
    expect((await stripe.promotionCodes.list()).data).toEqual([]);
  });

  it('updates metadata and per-currency minimums, shown when expanded', async () => {
    const twenty = await coupon();
    const code = await promote(twenty.id, {
      restrictions: { minimum_amount: 1000, minimum_amount_currency: 'usd' },
    });
    const updated = await stripe.promotionCodes.update(code.id, {
      metadata: { owner: 'ops' },
      restrictions: { currency_options: { eur: { minimum_amount: 900 } } },
      expand: ['restrictions.currency_options'],
    });
    expect(updated.metadata).toEqual({ owner: 'ops' });
    expect(updated.restrictions.currency_options).toEqual({ eur: { minimum_amount: 900 } });
    expect('currency_options' in (await stripe.promotionCodes.retrieve(code.id)).restrictions).toBe(
      false,
    );
  });
});
