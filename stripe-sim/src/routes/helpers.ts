import type Stripe from 'stripe';
import type { SimContext } from '../context';
import { invalidRequest, resourceMissing } from '../errors';
import { expand } from '../expand';
import { integer, list, string } from '../params';
import type { ObjectName, ObjectOf, StripeObject } from '../store';

/** `expand[]`, accepted by every endpoint. */
export const expandParam = list(string());

/** The parameters of every list endpoint. */
export const listParams = { limit: integer(), starting_after: string(), expand: expandParam };

/** The stored object the URL names, or Stripe's 404. */
export function load<N extends ObjectName>(c: SimContext, name: N, id: string): ObjectOf<N> {
  const object = c.var.sim.store.get(name, id);
  if (!object) throw resourceMissing(name, id);
  return object;
}

/** Answers with an object, expanded as the request asked. */
export function respond(c: SimContext, object: StripeObject, paths?: readonly string[]) {
  return c.json(expand(c.var.sim.store, object, paths));
}

interface ListRequest {
  limit?: number;
  starting_after?: string;
  expand?: string[];
}

/** Answers a list endpoint with a page of objects, newest first, as `Stripe.ApiList`. */
export function respondWithList<N extends ObjectName>(
  c: SimContext,
  name: N,
  { limit = 10, starting_after: startingAfter, expand: paths }: ListRequest,
  where?: (object: ObjectOf<N>) => boolean,
) {
  if (limit < 1 || limit > 100)
    throw invalidRequest('This value must be between 1 and 100 (it currently is ' + limit + ').', {
      param: 'limit',
    });
  if (startingAfter !== undefined && !c.var.sim.store.get(name, startingAfter))
    throw resourceMissing(name, startingAfter, 'starting_after');
  const page = c.var.sim.store.list(name, {
    limit,
    ...(startingAfter !== undefined && { startingAfter }),
    ...(where && { where }),
  });
  const body: Stripe.ApiList<ObjectOf<N>> = {
    object: 'list',
    data: page.data,
    has_more: page.has_more,
    url: c.req.path,
  };
  return c.json(expand(c.var.sim.store, body, paths));
}
