import { Hono } from 'hono';
import type Stripe from 'stripe';
import type { SimEnv } from '../context';
import { contract } from '../contract/contract';
import type { ParamsOf } from '../contract/endpoints';
import { invalidRequest } from '../errors';
import { unixNow } from '../ids';
import { parseParams } from '../params';
import { load, respond, respondWithList } from './helpers';

const listEventParams = contract('GET /v1/events');
const retrieveParams = contract('GET /v1/events/:id');

/** How far back the list reaches, in seconds: Stripe's "List events, going back up to 30 days". */
const LISTED_FOR = 30 * 24 * 3600;

/** `types` names at most this many event types (exact names, no wildcards). */
const MAX_TYPES = 20;

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

/**
 * The list's filters besides `created`: the last 30 days of the simulator's clock only; `type`
 * (with wildcards) or `types` (up to 20 exact names), not both; and `delivery_success`.
 */
function eventFilter(params: ParamsOf<'GET /v1/events'>) {
  const { type, types, delivery_success: delivered } = params;
  if (type !== undefined && types !== undefined)
    throw invalidRequest('You may only specify one of these parameters: type, types.', {
      param: 'types',
      code: 'parameters_exclusive',
    });
  if (types !== undefined && types.length > MAX_TYPES)
    throw invalidRequest(`Invalid types: must contain at most ${MAX_TYPES} event types`, {
      param: 'types',
    });
  const ofType = types
    ? (event: Stripe.EventBase) => types.includes(event.type)
    : type
      ? typeFilter(type)
      : () => true;
  const since = unixNow() - LISTED_FOR;
  return (event: Stripe.EventBase) =>
    event.created >= since &&
    ofType(event) &&
    // Delivered to every endpoint it went to (`pending_webhooks` counts those that were not).
    (delivered === undefined || (event.pending_webhooks === 0) === delivered);
}

/** Routes of /v1/events: every state change, newest first. */
export const events = new Hono<SimEnv>()
  .get('/', (c) => {
    const params = parseParams(listEventParams, c.var.form);
    return respondWithList(c, 'event', params, eventFilter(params));
  })
  .get('/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.form);
    return respond(c, load(c, 'event', c.req.param('id')), params.expand);
  });
