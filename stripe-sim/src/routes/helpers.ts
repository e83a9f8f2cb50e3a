import type Stripe from 'stripe';
import type { SimContext } from '../context';
import { invalidRequest, resourceMissing } from '../errors';
import { expand } from '../expand';
import { inRange } from '../param-types';
import type { ListPage, ObjectName, ObjectOf } from '../store';

/** The stored object the URL names, or Stripe's 404. */
export function load<N extends ObjectName>(c: SimContext, name: N, id: string): ObjectOf<N> {
  const object = c.var.sim.store.get(name, id);
  if (!object) throw resourceMissing(name, id);
  return object;
}

/** Answers with an object as Stripe shows it, expanded as the request asked (expand.ts). */
export function respond(c: SimContext, object: object, paths?: readonly string[]) {
  return c.json(expand(c.var.sim.store, object, paths));
}

interface ListRequest {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
  created?: number | Stripe.RangeQueryParam;
  expand?: string[];
}

/** Checks `limit` and the cursors as Stripe does, and returns the page size. */
function pageSize({ limit = 10, starting_after, ending_before }: ListRequest): number {
  if (limit < 1 || limit > 100)
    throw invalidRequest('This value must be between 1 and 100 (it currently is ' + limit + ').', {
      param: 'limit',
    });
  if (starting_after !== undefined && ending_before !== undefined)
    throw invalidRequest(
      'You may only specify one of these parameters: ending_before, starting_after.',
      { param: 'ending_before', code: 'parameters_exclusive' },
    );
  return limit;
}

/** Answers a page as `Stripe.ApiList`, its objects shown as Stripe shows them, expanded as asked. */
function respondWithPage<T>(c: SimContext, page: ListPage<T>, paths?: readonly string[]) {
  const body: Stripe.ApiList<T> = {
    object: 'list',
    data: page.data,
    has_more: page.has_more,
    url: c.req.path,
  };
  return respond(c, body, paths);
}

/** An object's `created` time (tax calculations have none, and no list of them either). */
const createdOf = (object: object) => (object as { created?: number }).created ?? 0;

/** Answers a list endpoint with a page of objects, newest first, as `Stripe.ApiList`. */
export function respondWithList<N extends ObjectName>(
  c: SimContext,
  name: N,
  request: ListRequest,
  where?: (object: ObjectOf<N>) => boolean,
) {
  const limit = pageSize(request);
  const { starting_after: startingAfter, ending_before: endingBefore, created } = request;
  for (const [param, cursor] of [
    ['starting_after', startingAfter],
    ['ending_before', endingBefore],
  ] as const) {
    if (cursor !== undefined && !c.var.sim.store.get(name, cursor))
      throw resourceMissing(name, cursor, param);
  }
  const page = c.var.sim.store.list(name, {
    limit,
    ...(startingAfter !== undefined && { startingAfter }),
    ...(endingBefore !== undefined && { endingBefore }),
    where: (object) => inRange(createdOf(object), created) && (!where || where(object)),
  });
  return respondWithPage(c, page, request.expand);
}

/**
 * Answers a list of objects kept inside another (a tax calculation's line items), in their given
 * order, paged as Stripe pages them.
 */
export function respondWithItems<T extends { id: string }>(
  c: SimContext,
  name: string,
  items: readonly T[],
  request: ListRequest,
) {
  const limit = pageSize(request);
  const { starting_after: startingAfter, ending_before: endingBefore } = request;
  const cursor = startingAfter ?? endingBefore;
  const at = cursor === undefined ? -1 : items.findIndex((item) => item.id === cursor);
  if (cursor !== undefined && at < 0)
    throw resourceMissing(name, cursor, startingAfter ? 'starting_after' : 'ending_before');
  const [from, to] =
    endingBefore !== undefined ? [Math.max(0, at - limit), at] : [at + 1, at + 1 + limit];
  const page = {
    data: items.slice(from, to),
    has_more: endingBefore !== undefined ? from > 0 : to < items.length,
  };
  return respondWithPage(c, page, request.expand);
}

/** A list's filters by value: each one given must equal the object's field. */
export function matches<T extends object>(object: T, filters: Partial<Record<keyof T, unknown>>) {
  return Object.entries(filters).every(
    ([key, value]) => value === undefined || object[key as keyof T] === value,
  );
}
