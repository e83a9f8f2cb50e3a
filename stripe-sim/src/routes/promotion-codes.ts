import { Hono } from 'hono';
import type Stripe from 'stripe';
import { paymentContext, type SimContext, type SimEnv } from '../context';
import { contract } from '../contract/contract';
import type { ParamsOf } from '../contract/endpoints';
import { couponIsValid } from '../coupons';
import { liveCustomer } from '../customers';
import { invalidRequest, missingParameter, resourceMissing } from '../errors';
import { previousAttributes } from '../events';
import { newId, randomCode, unixNow } from '../ids';
import { integerFrom, updatedMetadata } from '../param-types';
import { parseParams } from '../params';
import { sameCode } from '../promotion-codes';
import { checkFutureTime } from './coupons';
import { load, respond, respondWithList } from './helpers';

const currencyOptions = { '*': { minimum_amount: integerFrom(0) } };

const createParams = contract('POST /v1/promotion_codes', {
  max_redemptions: integerFrom(1),
  restrictions: { currency_options: currencyOptions, minimum_amount: integerFrom(0) },
});
const updateParams = contract('POST /v1/promotion_codes/:id', {
  restrictions: { currency_options: currencyOptions },
});
const retrieveParams = contract('GET /v1/promotion_codes/:id');
const listCodeParams = contract('GET /v1/promotion_codes');

type CreateParams = ParamsOf<'POST /v1/promotion_codes'>;

/** `restrictions[currency_options]` as stored: the currencies given a minimum amount. */
const minimumAmounts = (options: Record<string, { minimum_amount?: number }> = {}) =>
  Object.fromEntries(
    Object.entries(options).flatMap(([code, { minimum_amount: amount }]) =>
      amount === undefined ? [] : [[code, { minimum_amount: amount }]],
    ),
  );

/** The characters Stripe allows in a customer-facing code. */
const CODE = /^[a-zA-Z0-9-]+$/;

/** Stripe's refusal of a second active code with the same text (for the same customer). */
function refuseDuplicate(c: SimContext, code: string, customer: string | null, except?: string) {
  const clash = c.var.sim.store.list('promotion_code', {
    limit: 1,
    where: (other) => other.active && other.id !== except && sameCode(other, code, customer),
  }).data[0];
  if (clash)
    throw invalidRequest(`An active promotion code with \`code: ${code}\` already exists.`, {
      param: 'code',
    });
}

/**
 * Stripe's rule for `active: true` on an inactive code: "A promotion code can only be reactivated
 * when the coupon is still valid and the promotion code is otherwise redeemable" (not past its
 * `expires_at`, nor at its `max_redemptions`). Stripe does not publish the wording of the refusal.
 */
function refuseUnredeemable(c: SimContext, code: Stripe.PromotionCode): void {
  const couponId = code.promotion.coupon as string;
  const coupon = c.var.sim.store.get('coupon', couponId);
  const refuse = (why: string) =>
    invalidRequest(`This promotion code cannot be reactivated: ${why}.`, { param: 'active' });
  if (!coupon || !couponIsValid(coupon)) throw refuse(`its coupon ${couponId} is no longer valid`);
  if (code.expires_at !== null && code.expires_at <= unixNow())
    throw refuse('it is past its expires_at');
  if (code.max_redemptions !== null && code.times_redeemed >= code.max_redemptions)
    throw refuse('it has been redeemed its max_redemptions times');
}

/** The coupon a new code points to: it must exist (deleted coupons do not) and still be valid. */
function promotedCoupon(c: SimContext, params: CreateParams): Stripe.Coupon {
  if (params.promotion.coupon === undefined) throw missingParameter('promotion[coupon]');
  const coupon = c.var.sim.store.get('coupon', params.promotion.coupon);
  if (!coupon) throw resourceMissing('coupon', params.promotion.coupon, 'promotion[coupon]');
  if (!couponIsValid(coupon))
    throw invalidRequest(
      `Coupon ${coupon.id} is no longer valid (past its redeem_by, or fully redeemed), so no ` +
        'promotion code can be created for it.',
      { param: 'promotion[coupon]' },
    );
  return coupon;
}

/** Checks a new code's limits against its coupon's, and its restrictions. */
function checkLimits(params: CreateParams, coupon: Stripe.Coupon): void {
  if (params.expires_at !== undefined) {
    checkFutureTime(params.expires_at, 'expires_at');
    if (coupon.redeem_by !== null && params.expires_at > coupon.redeem_by)
      throw invalidRequest(
        "The promotion code's expires_at cannot be after its coupon's redeem_by.",
        { param: 'expires_at' },
      );
  }
  if (
    params.max_redemptions !== undefined &&
    coupon.max_redemptions !== null &&
    params.max_redemptions > coupon.max_redemptions
  )
    throw invalidRequest(
      "The promotion code's max_redemptions cannot be greater than its coupon's max_redemptions.",
      { param: 'max_redemptions' },
    );
  const { minimum_amount: amount, minimum_amount_currency: minimumCurrency } =
    params.restrictions ?? {};
  if (amount !== undefined && minimumCurrency === undefined)
    throw missingParameter('restrictions[minimum_amount_currency]');
  if (amount === undefined && minimumCurrency !== undefined)
    throw missingParameter('restrictions[minimum_amount]');
  checkCurrencyOptions(params.restrictions?.currency_options, minimumCurrency ?? null);
}

/** `restrictions.currency_options` must not repeat the code's `minimum_amount_currency`. */
function checkCurrencyOptions(options: object | undefined, minimumCurrency: string | null) {
  if (minimumCurrency !== null && options && minimumCurrency in options)
    throw invalidRequest(
      `restrictions[currency_options] cannot include ${minimumCurrency}, the code's ` +
        'minimum_amount_currency.',
      { param: `restrictions[currency_options][${minimumCurrency}]` },
    );
}

/** The customer a code is restricted to, which must exist. */
function checkCustomer(c: SimContext, params: CreateParams): void {
  // A deleted customer is gone, as at Stripe.
  if (params.customer !== undefined) liveCustomer(c.var.sim.store, params.customer, 'customer');
  // The simulator has no connected accounts.
  if (params.customer_account !== undefined)
    throw resourceMissing('account', params.customer_account, 'customer_account');
}

/**
 * Routes of /v1/promotion_codes: customer-facing codes for coupons, as Stripe serves them (the
 * coupon under `promotion.coupon`, `expand[]=promotion.coupon`), with `promotion_code.created` and
 * `.updated` events. A code's `active` is what the merchant set, and false while its coupon is not
 * valid (deleted, past its `redeem_by`, fully redeemed: store.ts works it out when it is read); its
 * `expires_at`, `max_redemptions` and restrictions are for the integration to apply.
 */
export const promotionCodes = new Hono<SimEnv>()
  .post('/', (c) => {
    const params = parseParams(createParams, c.var.form);
    const coupon = promotedCoupon(c, params);
    if (params.code !== undefined && !CODE.test(params.code))
      throw invalidRequest(
        `Invalid code: ${params.code}. A code may contain only letters, digits and dashes (-).`,
        { param: 'code' },
      );
    const code = params.code ?? randomCode(8);
    const active = params.active ?? true;
    if (active) refuseDuplicate(c, code, params.customer ?? null);
    checkLimits(params, coupon);
    checkCustomer(c, params);
    const restrictions = { ...params.restrictions };
    const created = c.var.sim.store.put<Stripe.PromotionCode>({
      id: newId('promo'),
      object: 'promotion_code',
      active,
      code,
      created: unixNow(),
      customer: params.customer ?? null,
      customer_account: null,
      expires_at: params.expires_at ?? null,
      livemode: false,
      max_redemptions: params.max_redemptions ?? null,
      metadata: updatedMetadata({}, params.metadata),
      promotion: { coupon: coupon.id, type: 'coupon' },
      restrictions: {
        currency_options: minimumAmounts(restrictions.currency_options),
        first_time_transaction: restrictions.first_time_transaction ?? false,
        minimum_amount: restrictions.minimum_amount ?? null,
        minimum_amount_currency: restrictions.minimum_amount_currency ?? null,
      },
      times_redeemed: 0,
    });
    const { request } = paymentContext(c);
    c.var.sim.events.record('promotion_code.created', created, request);
    return respond(c, created, params.expand);
  })
  .get('/', (c) => {
    const params = parseParams(listCodeParams, c.var.form);
    return respondWithList(
      c,
      'promotion_code',
      params,
      (code) =>
        (params.active === undefined || code.active === params.active) &&
        (params.code === undefined || code.code.toLowerCase() === params.code.toLowerCase()) &&
        (params.coupon === undefined || code.promotion.coupon === params.coupon) &&
        (params.customer === undefined || code.customer === params.customer) &&
        (params.customer_account === undefined ||
          code.customer_account === params.customer_account),
    );
  })
  .get('/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.form);
    const code = load(c, 'promotion_code', c.req.param('id'));
    return respond(c, code, params.expand);
  })
  .post('/:id', (c) => {
    const params = parseParams(updateParams, c.var.form);
    const code = load(c, 'promotion_code', c.req.param('id'));
    if (params.active && !code.active) {
      refuseUnredeemable(c, code);
      refuseDuplicate(c, code.code, code.customer as string | null, code.id);
    }
    const options = params.restrictions?.currency_options;
    checkCurrencyOptions(options, code.restrictions.minimum_amount_currency);
    const updated: Stripe.PromotionCode = {
      ...code,
      ...(params.active !== undefined && { active: params.active }),
      metadata: updatedMetadata(code.metadata, params.metadata),
      restrictions: {
        ...code.restrictions,
        ...(options && {
          currency_options: { ...code.restrictions.currency_options, ...minimumAmounts(options) },
        }),
      },
    };
    const changes = previousAttributes(code, updated);
    if (changes) {
      c.var.sim.store.put(updated);
      const { request } = paymentContext(c);
      c.var.sim.events.record('promotion_code.updated', updated, request, changes);
    }
    return respond(c, updated, params.expand);
  });
