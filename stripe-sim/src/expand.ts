import type Stripe from 'stripe';
import { CONTRACT, type Expandable } from './contract/contract';
import { invalidRequest } from './errors';
import type { Store, StripeObject } from './store';

/**
 * `expand[]`, as Stripe applies it:
 * - every field stripe-node types as `string | <object>` may be expanded (CONTRACT.expandable,
 *   derived from stripe-node): its id is replaced with the object, and a null stays null (a
 *   test-mode account without Connect or Radar reviews has no application, review, transfer…);
 * - paths go through expanded objects (`latest_charge.balance_transaction`) and lists
 *   (`data.latest_charge`), at most 4 expansions deep;
 * - "includable" fields are returned only when expanded (INCLUDABLE);
 * - anything else is refused: "This property cannot be expanded".
 */

type Node = { [key: string]: unknown };
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

/** Stripe's maximum number of expansions along one path. */
const MAX_DEPTH = 4;

const list = <T>(data: T[], url: string): Stripe.ApiList<T> => ({
  object: 'list',
  data,
  has_more: false,
  url,
});

/** What an includable field holds when expanded: computed, or kept on the stored object. */
type Includable = (object: Node, store: Store) => unknown;
const kept: Includable = () => undefined;

/**
 * Fields Stripe leaves out of an object unless `expand[]` names them (its documentation says "This
 * field is not included by default"). `kept` ones are stored on the object and hidden otherwise.
 */
const INCLUDABLE: Record<string, Record<string, Includable>> = {
  charge: {
    refunds: (charge, store) =>
      list(
        store.list('refund', { limit: 100, where: (refund) => refund.charge === charge.id }).data,
        `/v1/charges/${String(charge.id)}/refunds`,
      ),
  },
  customer: {
    cash_balance: kept,
    invoice_credit_balance: kept,
    tax: kept,
    // The simulator has no Sources or subscriptions: these lists are empty.
    sources: (customer) => list([], `/v1/customers/${String(customer.id)}/sources`),
    subscriptions: (customer) => list([], `/v1/customers/${String(customer.id)}/subscriptions`),
    tax_ids: (customer, store) =>
      list(
        store.list('tax_id', { limit: 100, where: (taxId) => taxId.customer === customer.id }).data,
        `/v1/customers/${String(customer.id)}/tax_ids`,
      ),
  },
};

/** The object as Stripe shows it when nothing is expanded (without its kept includable fields). */
export function withoutIncludables<T extends object>(object: T): T {
  const includable = INCLUDABLE[String((object as Node).object)];
  if (!includable) return object;
  const shown = { ...object } as Node;
  for (const [field, value] of Object.entries(includable)) if (value === kept) delete shown[field];
  return shown as T;
}

const notExpandable = (path: string) =>
  invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });

/**
 * Applies `expand[]` paths to a response object or list, without touching the stored objects. A
 * path Stripe would not expand is a 400 naming it.
 */
export function expand<T extends object>(
  store: Store,
  object: T,
  paths: readonly string[] = [],
): T {
  const copy = structuredClone(object);
  render(
    store,
    copy,
    paths.map((path) => ({ path, rest: path.split('.'), depth: 0 })),
  );
  return copy;
}

interface Request {
  /** The whole path, for errors. */
  path: string;
  /** The segments still to apply at this node. */
  rest: string[];
  /** Expansions made so far along the path. */
  depth: number;
}

/** Hides the node's includable fields that no request names, and applies the requests to it. */
function render(store: Store, node: unknown, requests: Request[]): void {
  if (Array.isArray(node)) return node.forEach((item) => render(store, item, requests));
  if (!isNode(node)) {
    if (requests[0]) throw notExpandable(requests[0].path);
    return;
  }
  const type = String(node.object);
  if (type === 'list') {
    for (const request of requests)
      if (request.rest[0] !== 'data') throw notExpandable(request.path);
    return render(
      store,
      node.data,
      requests.map((request) => ({ ...request, rest: request.rest.slice(1) })),
    );
  }
  const includable = INCLUDABLE[type] ?? {};
  for (const [field, compute] of Object.entries(includable)) {
    const named = requests.filter((request) => request.rest[0] === field);
    if (named.length === 0) {
      if (compute === kept) delete node[field];
      continue;
    }
    if (compute !== kept) node[field] = compute(node, store);
    render(store, node[field], deeper(named, 1));
  }
  const expandable = CONTRACT.expandable[type] ?? [];
  for (const request of requests) {
    if (request.rest[0] !== undefined && request.rest[0] in includable) continue;
    const field = expandable.find((entry) =>
      entry.path.every((segment, i) => request.rest[i] === segment),
    );
    if (!field) {
      // Already expanded (a view expanded it, views.ts): the rest of the path applies inside.
      const [first, ...rest] = request.rest;
      const held = first === undefined ? undefined : node[first];
      if (!isNode(held) || rest.length === 0) throw notExpandable(request.path);
      render(store, held, [{ ...request, rest, depth: request.depth + 1 }]);
      continue;
    }
    const value = expandField(store, node, field, request);
    const rest = request.rest.slice(field.path.length);
    render(store, value, rest.length > 0 ? [{ ...request, rest, depth: request.depth + 1 }] : []);
  }
}

/** The requests, each past its first `count` segments, one expansion deeper. */
const deeper = (requests: Request[], count: number) =>
  requests
    .map((request) => ({ ...request, rest: request.rest.slice(count), depth: request.depth + 1 }))
    .filter((request) => request.rest.length > 0);

/** Replaces the field's id with its object (null stays null); returns the field's new value. */
function expandField(store: Store, node: Node, field: Expandable, request: Request): unknown {
  if (request.depth + 1 > MAX_DEPTH)
    throw invalidRequest('You cannot expand more than 4 levels of a property.', {
      param: 'expand',
    });
  const parents = field.path.slice(0, -1);
  const key = field.path.at(-1) as string;
  let holder: unknown = node;
  for (const segment of parents) holder = isNode(holder) ? holder[segment] : undefined;
  if (!isNode(holder)) return null;
  const value = holder[key];
  if (typeof value !== 'string') return value ?? null;
  const found: StripeObject | undefined = store.find(value);
  if (!found || !field.objects.includes(found.object)) {
    throw invalidRequest(
      `${request.path} cannot be expanded: '${value}' is an id the simulator stores as given, ` +
        `with no ${field.objects.join(' or ')} object behind it (Connect is not simulated).`,
      { param: 'expand' },
    );
  }
  holder[key] = found;
  return found;
}
