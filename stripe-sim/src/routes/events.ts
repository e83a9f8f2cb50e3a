import { Hono } from 'hono';
import type Stripe from 'stripe';
import type { SimEnv } from '../context';
import { contract } from '../contract/contract';
import { parseParams } from '../params';
import { load, respond, respondWithList } from './helpers';

const listEventParams = contract('GET /v1/events');
const retrieveParams = contract('GET /v1/events/:id');

/** `type` filters as Stripe's does: an exact type, or a `*` wildcard such as `payment_intent.*`. */
function typeFilter(pattern: string) {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return (event: Stripe.EventBase) => regex.test(event.type);
}

/** Routes of /v1/events: every state change, newest first. */
export const events = new Hono<SimEnv>()
  .get('/', (c) => {
    const params = parseParams(listEventParams, c.var.form);
    return respondWithList(c, 'event', params, params.type ? typeFilter(params.type) : undefined);
  })
  .get('/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.form);
    return respond(c, load(c, 'event', c.req.param('id')), params.expand);
  });
