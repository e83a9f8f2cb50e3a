import { Hono } from 'hono';
import type Stripe from 'stripe';
import type { SimContext, SimEnv } from '../context';
import { contract } from '../contract/contract';
import type { ParamsOf } from '../contract/endpoints';
import { invalidRequest, resourceMissing } from '../errors';
import { unixNow } from '../ids';
import { parseParams } from '../params';
import { respond, respondWithList } from './helpers';

const listEventParams = contract('GET /v1/events');
const retrieveParams = contract('GET /v1/events/:id');

/**
 * How long an event stays in the API, in seconds: Stripe lists events "going back up to 30 days"
 * and retrieves one "if it was created in the last 30 days" (stripe-node's descriptions of both).
 */
const KEPT_FOR = 30 * 24 * 3600;

/** Whether the event is still in the API on the simulator's clock (older ones are gone). */
const kept = (event: Stripe.EventBase) => event.created >= unixNow() - KEPT_FOR;

/**
 * An event the API still has, or Stripe's 404 (400 for a cursor) as for an id that never existed:
 * past 30 days an event cannot be retrieved, so it cannot mark a place in the list either.
 */
function keptEvent(c: SimContext, id: string, param?: string): Stripe.EventBase {
  const event = c.var.sim.store.get('event', id);
  if (!event || !kept(event)) throw resourceMissing('event', id, param);
  return event;
}

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
 * The list's filters besides `created`: the events still kept (the last 30 days of the
 * simulator's clock); `type` (with wildcards) or `types` (up to 20 exact names), not both; and
 * `delivery_success`.
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
  return (event: Stripe.EventBase) =>
    kept(event) &&
    ofType(event) &&
    // Delivered to every endpoint it went to (`pending_webhooks` counts those that were not).
    (delivered === undefined || (event.pending_webhooks === 0) === delivered);
}

/** Routes of /v1/events: every state change, newest first. */
export const events = new Hono<SimEnv>()
  .get('/', (c) => {
    const params = parseParams(listEventParams, c.var.form);
    if (params.starting_after !== undefined) keptEvent(c, params.starting_after, 'starting_after');
    if (params.ending_before !== undefined) keptEvent(c, params.ending_before, 'ending_before');
    return respondWithList(c, 'event', params, eventFilter(params));
  })
  .get('/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.form);
    return respond(c, keptEvent(c, c.req.param('id')), params.expand);
  });
