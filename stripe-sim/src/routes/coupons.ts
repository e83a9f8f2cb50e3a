import { Hono } from 'hono';
import type Stripe from 'stripe';
import { paymentContext, type SimContext, type SimEnv } from '../context';
import { contract } from '../contract/contract';
import type { ParamsOf } from '../contract/endpoints';
import { invalidRequest, missingParameter, resourceMissing } from '../errors';
import { previousAttributes } from '../events';
import { randomCode, unixNow } from '../ids';
import { integerFrom, text, updatedMetadata } from '../param-types';
import { parseParams } from '../params';
import { load, respond, respondWithList } from './helpers';

const currencyOptions = { '*': { amount_off: integerFrom(1) } };

const createParams = contract('POST /v1/coupons', {
  amount_off: integerFrom(1),
  currency_options: currencyOptions,
  duration_in_months: integerFrom(1),
  max_redemptions: integerFrom(1),
  name: text(40),
});
const updateParams = contract('POST /v1/coupons/:id', {
  name: text(40),
  currency_options: currencyOptions,
});
const retrieveParams = contract('GET /v1/coupons/:id');
const listCouponParams = contract('GET /v1/coupons');
const deleteParams = contract('DELETE /v1/coupons/:id');

const FIVE_YEARS = 5 * 365 * 24 * 3600;

/** Checks a Unix time given as a parameter lies ahead, by at most five years (as Stripe does). */
export function checkFutureTime(time: number, param: string): void {
  if (time <= unixNow())
    throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future.', {
      param,
    });
  if (time > unixNow() + FIVE_YEARS)
    throw invalidRequest('Invalid timestamp: can be no more than five years in the future.', {
      param,
    });
}

/** Checks what the parameter types cannot: one kind of discount, its currency, the duration. */
function checkCreateParams(c: SimContext, params: ParamsOf<'POST /v1/coupons'>): void {
  if (params.percent_off !== undefined && params.amount_off !== undefined)
    throw invalidRequest('You may only specify one of these parameters: amount_off, percent_off.', {
      param: 'percent_off',
      code: 'parameters_exclusive',
    });
  if (params.percent_off === undefined && params.amount_off === undefined)
    throw invalidRequest(
      'One of the following params should be provided for this request: amount_off or percent_off.',
      { code: 'parameter_missing' },
    );
  if (params.percent_off !== undefined && (params.percent_off <= 0 || params.percent_off > 100))
    throw invalidRequest(
      `Invalid percent_off: must be greater than 0 and at most 100 (it is ${params.percent_off}).`,
      { param: 'percent_off' },
    );
  if (params.amount_off !== undefined && params.currency === undefined)
    throw missingParameter('currency');
  if (params.currency_options && params.amount_off === undefined)
    throw invalidRequest('currency_options can only be set on a coupon with an amount_off.', {
      param: 'currency_options',
    });
  if ((params.duration === 'repeating') !== (params.duration_in_months !== undefined)) {
    if (params.duration === 'repeating') throw missingParameter('duration_in_months');
    throw invalidRequest('duration_in_months can only be set when duration is `repeating`.', {
      param: 'duration_in_months',
    });
  }
  if (params.redeem_by !== undefined) checkFutureTime(params.redeem_by, 'redeem_by');
  // The simulator keeps no products, so every product named is unknown to it.
  params.applies_to?.products?.forEach((product, i) => {
    throw resourceMissing('product', product, `applies_to[products][${i}]`);
  });
  if (params.id !== undefined && c.var.sim.store.get('coupon', params.id))
    throw invalidRequest('Coupon already exists.', {
      param: 'id',
      code: 'resource_already_exists',
    });
}

/**
 * Routes of /v1/coupons: percent or amount discounts, created, read, renamed, listed and deleted as
 * at Stripe, with `coupon.created`, `.updated` and `.deleted` events. Deleting a coupon deactivates
 * its promotion codes, since none of them can be redeemed any more.
 */
export const coupons = new Hono<SimEnv>()
  .post('/', (c) => {
    const params = parseParams(createParams, c.var.form);
    checkCreateParams(c, params);
    const coupon = c.var.sim.store.put<Stripe.Coupon>({
      id: params.id ?? randomCode(8),
      object: 'coupon',
      amount_off: params.amount_off ?? null,
      applies_to: { products: [] },
      created: unixNow(),
      currency: params.currency ?? null,
      currency_options: Object.fromEntries(
        params.amount_off !== undefined && params.currency !== undefined
          ? [
              [params.currency, { amount_off: params.amount_off }],
              ...Object.entries(params.currency_options ?? {}),
            ]
          : [],
      ),
      duration: params.duration ?? 'once',
      duration_in_months: params.duration_in_months ?? null,
      livemode: false,
      max_redemptions: params.max_redemptions ?? null,
      metadata: updatedMetadata({}, params.metadata),
      name: params.name ?? null,
      percent_off: params.percent_off ?? null,
      redeem_by: params.redeem_by ?? null,
      times_redeemed: 0,
      valid: true,
    });
    c.var.sim.events.record('coupon.created', coupon, paymentContext(c).request);
    return respond(c, coupon, params.expand);
  })
  .get('/', (c) => respondWithList(c, 'coupon', parseParams(listCouponParams, c.var.form)))
  .get('/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.form);
    return respond(c, load(c, 'coupon', c.req.param('id')), params.expand);
  })
  .post('/:id', (c) => {
    const params = parseParams(updateParams, c.var.form);
    const coupon = load(c, 'coupon', c.req.param('id'));
    if (params.currency_options && coupon.amount_off === null)
      throw invalidRequest('currency_options can only be set on a coupon with an amount_off.', {
        param: 'currency_options',
      });
    const updated: Stripe.Coupon = {
      ...coupon,
      ...(params.name !== undefined && { name: params.name }),
      metadata: updatedMetadata(coupon.metadata, params.metadata),
      ...(params.currency_options && {
        currency_options: { ...coupon.currency_options, ...params.currency_options },
      }),
    };
    const changes = previousAttributes(coupon, updated);
    if (changes) {
      c.var.sim.store.put(updated);
      const { request } = paymentContext(c);
      c.var.sim.events.record('coupon.updated', updated, request, changes);
    }
    return respond(c, updated, params.expand);
  })
  .delete('/:id', (c) => {
    parseParams(deleteParams, c.var.form);
    const coupon = load(c, 'coupon', c.req.param('id'));
    const { store, events } = c.var.sim;
    const { request } = paymentContext(c);
    // Listed first: once the coupon is gone, its codes read as inactive (store.ts).
    const codes = store.list('promotion_code', {
      limit: Number.MAX_SAFE_INTEGER,
      where: (code) => code.active && code.promotion.coupon === coupon.id,
    }).data;
    store.delete('coupon', coupon.id);
    events.record('coupon.deleted', coupon, request);
    for (const code of codes) {
      const deactivated = store.put({ ...code, active: false });
      events.record('promotion_code.updated', deactivated, request, { active: true });
    }
    const deleted: Stripe.DeletedCoupon = { id: coupon.id, object: 'coupon', deleted: true };
    return c.json(deleted);
  });
