import type Stripe from 'stripe';
import type { SimContext } from '../context';
import { invalidRequest, resourceMissing } from '../errors';
import { expand } from '../expand';
import { inRange, range } from '../param-types';
import { integer, list, string } from '../params';
import type { ListPage, ObjectName, ObjectOf, StripeObject } from '../store';
import { splitPaths, type View } from '../views';

/** `expand[]`, accepted by every endpoint. */
export const expandParam = list(string());

/** The parameters of every list endpoint. */
export const listParams = {
  limit: integer(),
  starting_after: string(),
  ending_before: string(),
  expand: expandParam,
};

/** The `created` filter of the lists that have one (`created=<t>` or `created[gte]=<t>`...). */
export const createdParam = { created: range() };

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

/** Answers with an object shown through its view (views.ts), expanded as the request asked. */
export function respondWith<T extends object>(
  c: SimContext,
  view: View<T>,
  object: T,
  paths?: readonly string[],
) {
  const { own, rest } = splitPaths(view.paths, paths);
  return c.json(expand(c.var.sim.store, view.present(object, own, c.var.sim.store), rest));
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

/** Answers a page as `Stripe.ApiList`, its objects shown through `view`, expanded as asked. */
function respondWithPage<T>(
  c: SimContext,
  page: ListPage<T>,
  paths: readonly string[] = [],
  view?: View<T>,
) {
  const { store } = c.var.sim;
  const { own, rest } = splitPaths(view?.paths, paths, 'data.');
  const body: Stripe.ApiList<T> = {
    object: 'list',
    data: view ? page.data.map((object) => view.present(object, own, store)) : page.data,
    has_more: page.has_more,
    url: c.req.path,
  };
  return c.json(expand(store, body, rest));
}

/** An object's `created` time (tax calculations have none, and no list of them either). */
const createdOf = (object: object) => (object as { created?: number }).created ?? 0;

/** Answers a list endpoint with a page of objects, newest first, as `Stripe.ApiList`. */
export function respondWithList<N extends ObjectName>(
  c: SimContext,
  name: N,
  request: ListRequest,
  where?: (object: ObjectOf<N>) => boolean,
  view?: View<ObjectOf<N>>,
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
  return respondWithPage(c, page, request.expand, view);
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
  view?: View<T>,
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
  return respondWithPage(c, page, request.expand, view);
}

/** A list's filters by value: each one given must equal the object's field. */
export function matches<T extends object>(object: T, filters: Partial<Record<keyof T, unknown>>) {
  return Object.entries(filters).every(
    ([key, value]) => value === undefined || object[key as keyof T] === value,
  );
}
