import { Hono } from 'hono';
import type Stripe from 'stripe';
import type { SimEnv } from '../context';
import { missingParameter } from '../errors';
import {
  billingDetailsParams,
  cardDetails,
  cardParams,
  createCardPaymentMethod,
  resolvePaymentMethod,
} from '../payment-methods';
import { metadata, oneOf, paramsOf, parseParams } from '../params';
import { expandParam, respond } from './helpers';

const createParams = paramsOf<Stripe.PaymentMethodCreateParams>()(
  {
    type: oneOf(['card']),
    card: cardParams,
    billing_details: billingDetailsParams,
    metadata: metadata(),
    expand: expandParam,
  },
  ['type'],
);
const retrieveParams = paramsOf<Stripe.PaymentMethodRetrieveParams>()({ expand: expandParam });

/** Routes of /v1/payment_methods: card PaymentMethods from card details, a test token, or a test id. */
export const paymentMethods = new Hono<SimEnv>()
  .post('/', (c) => {
    const params = parseParams(createParams, c.var.form);
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
    const paymentMethod =
      c.var.sim.store.get('payment_method', id) ?? resolvePaymentMethod(c.var.sim.store, id, 'id');
    return respond(c, paymentMethod, params.expand);
  });
