import { Hono } from 'hono';
import type { SimEnv } from '../context';
import { contract } from '../contract/contract';
import { parseParams } from '../params';
import { load, matches, respond, respondWithList } from './helpers';

const retrieveParams = contract('GET /v1/charges/:id');
const listParams = contract('GET /v1/charges');

/** Routes of /v1/charges (charges are made by confirming PaymentIntents). */
export const charges = new Hono<SimEnv>()
  .get('/', (c) => {
    const params = parseParams(listParams, c.var.form);
    const { customer, payment_intent, transfer_group } = params;
    return respondWithList(c, 'charge', params, (charge) =>
      matches(charge, { customer, payment_intent, transfer_group }),
    );
  })
  .get('/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.form);
    return respond(c, load(c, 'charge', c.req.param('id')), params.expand);
  });
