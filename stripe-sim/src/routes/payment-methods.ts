import { Hono } from 'hono';
import type Stripe from 'stripe';
import { testCardByPaymentMethodId } from '../cards';
import type { SimContext, SimEnv } from '../context';
import { contract } from '../contract/contract';
import { liveCustomer } from '../customers';
import type { ParamsOf } from '../contract/endpoints';
import { invalidRequest, missingParameter, resourceMissing } from '../errors';
import { newId, unixNow } from '../ids';
import {
  cardDetails,
  checkCardType,
  createCardPaymentMethod,
  resolvePaymentMethod,
} from '../payment-methods';
import { parseParams } from '../params';
import { respond } from './helpers';

const createParams = contract('POST /v1/payment_methods');
const retrieveParams = contract('GET /v1/payment_methods/:id');

/**
 * `payment_method` (with `customer` if it is saved to one): a copy of an existing PaymentMethod, as
 * a platform shares one with a connected account.
 */
function copyOf(c: SimContext, params: ParamsOf<'POST /v1/payment_methods'>): Stripe.PaymentMethod {
  const id = params.payment_method as string;
  // A customer that does not exist (or was deleted) is named as such first, as at Stripe.
  if (params.customer !== undefined) liveCustomer(c.var.sim.store, params.customer, 'customer');
  const original = resolvePaymentMethod(c.var.sim.store, id, 'payment_method');
  if (original.customer !== (params.customer ?? null))
    throw invalidRequest(
      params.customer
        ? `The PaymentMethod ${id} is not attached to customer ${params.customer}.`
        : `The PaymentMethod ${id} is attached to a customer: pass it as customer to copy it.`,
      { param: 'customer' },
    );
  return c.var.sim.store.put({ ...original, id: newId('pm'), created: unixNow(), customer: null });
}

/** Routes of /v1/payment_methods: card PaymentMethods from card details, a test token, or a test id. */
export const paymentMethods = new Hono<SimEnv>()
  .post('/', (c) => {
    const params = parseParams(createParams, c.var.form);
    if (params.payment_method !== undefined) return respond(c, copyOf(c, params), params.expand);
    if (params.customer !== undefined)
      throw invalidRequest('customer is only used with payment_method, to copy a saved card.', {
        param: 'customer',
      });
    checkCardType(params, '');
    if (!params.card) throw missingParameter('card');
    return respond(
      c,
      createCardPaymentMethod(c.var.sim.store, cardDetails(params.card, 'card'), params),
      params.expand,
    );
  })
  .get('/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.form);
    const id = c.req.param('id');
    const { store } = c.var.sim;
    const paymentMethod =
      store.get('payment_method', id) ??
      (testCardByPaymentMethodId(id) ? resolvePaymentMethod(store, id, 'id') : undefined);
    if (!paymentMethod) throw resourceMissing('PaymentMethod', id);
    return respond(c, paymentMethod, params.expand);
  });
