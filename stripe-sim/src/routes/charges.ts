import { Hono } from 'hono';
import type Stripe from 'stripe';
import type { SimEnv } from '../context';
import { paramsOf, parseParams, string } from '../params';
import { expandParam, listParams, load, respond, respondWithList } from './helpers';

const retrieveParams = paramsOf<Stripe.ChargeRetrieveParams>()({ expand: expandParam });
const listChargeParams = paramsOf<Stripe.ChargeListParams>()({
  ...listParams,
  payment_intent: string(),
});

/** Routes of /v1/charges (charges are made by confirming PaymentIntents). */
export const charges = new Hono<SimEnv>()
  .get('/', (c) => {
    const params = parseParams(listChargeParams, c.var.form);
    return respondWithList(
      c,
      'charge',
      params,
      params.payment_intent
        ? (charge) => charge.payment_intent === params.payment_intent
        : undefined,
    );
  })
  .get('/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.form);
    return respond(c, load(c, 'charge', c.req.param('id')), params.expand);
  });
