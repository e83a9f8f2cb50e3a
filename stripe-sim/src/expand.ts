import type Stripe from 'stripe';
import { CONTRACT, type Expandable } from './contract/contract';
import { type ApiError, invalidRequest } from './errors';
import type { Store, StripeObject } from './store';

/**
 * How every response shows an object, and `expand[]`, as Stripe applies it:
 * - "includable" fields are returned only when a request names them (INCLUDABLE), at any depth
 *   (`shipping_cost.tax_breakdown`, and in a list's items: `line_items.data.tax_breakdown`);
 *   fields the simulator keeps for itself are never returned (INTERNAL);
 * - every field stripe-node types as `string | <object>` may be expanded (CONTRACT.expandable,
 *   derived from stripe-node, through arrays too: `discounts.coupon`): its id is replaced with the
 *   object, and a null stays null (a test-mode account without Connect or Radar reviews has no
 *   application, review, transfer…);
 * - paths go through expanded and embedded objects (`latest_charge.balance_transaction`,
 *   `line_items.data.price.product`) and lists (`data.latest_charge`), at most 4 expansions deep;
 * - anything else is refused: "This property cannot be expanded".
 * Fields whose value depends on when they are read (a coupon's `valid`) are the store's.
 */

type Node = { [key: string]: unknown };
const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Stripe's maximum number of expansions along one path. */
const MAX_DEPTH = 4;

/** How many line items an included `line_items` holds; the rest are a page away, as at Stripe. */
const INCLUDED_LINES = 10;

const list = <T>(data: T[], url: string): Stripe.ApiList<T> => ({
  object: 'list',
  data,
  has_more: false,
  url,
});

/** An includable field's value when a request names it: the one stored, or one computed then. */
type Includable = 'kept' | ((object: Node, store: Store) => unknown);

/**
 * Fields Stripe leaves out of an object unless `expand[]` names them (its documentation says "This
 * field is not included by default"), by object and path. `kept` ones are stored on the object.
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
    cash_balance: 'kept',
    invoice_credit_balance: 'kept',
    tax: 'kept',
    // The simulator has no Sources or subscriptions: these lists are empty.
    sources: (customer) => list([], `/v1/customers/${String(customer.id)}/sources`),
    subscriptions: (customer) => list([], `/v1/customers/${String(customer.id)}/subscriptions`),
    tax_ids: (customer, store) =>
      list(
        store.list('tax_id', { limit: 100, where: (taxId) => taxId.customer === customer.id }).data,
        `/v1/customers/${String(customer.id)}/tax_ids`,
      ),
  },
  coupon: { applies_to: 'kept', currency_options: 'kept' },
  promotion_code: { 'restrictions.currency_options': 'kept' },
  'tax.calculation': { line_items: 'kept', 'shipping_cost.tax_breakdown': 'kept' },
  'tax.calculation_line_item': { tax_breakdown: 'kept' },
  'tax.transaction': { line_items: 'kept' },
  'checkout.session': {
    line_items: (session) => {
      const lines = session.line_items as Stripe.ApiList<Stripe.LineItem>;
      return {
        ...lines,
        data: lines.data.slice(0, INCLUDED_LINES),
        has_more: lines.data.length > INCLUDED_LINES,
      };
    },
    'total_details.breakdown': 'kept',
    'shipping_cost.taxes': 'kept',
  },
  item: { discounts: 'kept', taxes: 'kept' },
};

/**
 * Fields the simulator keeps on an object for itself, which the object does not have: a Checkout
 * Session's `payment_intent_data`, for the PaymentIntent made when the customer pays, and its
 * `customer_update`, for when it completes; whether a webhook endpoint is for connected accounts'
 * events (`connect`).
 */
const INTERNAL: Record<string, string[]> = {
  'checkout.session': ['payment_intent_data', 'customer_update'],
  webhook_endpoint: ['connect'],
};

const segments = (path: string) => path.split('.');

/** The hashes at `path` below `node`, through arrays (each item of an array on the way). */
function holdersAt(node: unknown, path: readonly string[]): Node[] {
  if (Array.isArray(node)) return node.flatMap((item) => holdersAt(item, path));
  if (!isNode(node)) return [];
  const [first, ...rest] = path;
  return first === undefined ? [node] : holdersAt(node[first], rest);
}

/** Removes the field at `path` (its last segment) from every hash holding it. */
function remove(node: Node, path: readonly string[]): void {
  for (const holder of holdersAt(node, path.slice(0, -1))) delete holder[path.at(-1) as string];
}

/** The object as Stripe shows it when nothing is expanded: without includable or internal fields. */
export function withoutIncludables<T extends object>(object: T): T {
  const type = String((object as Node).object);
  const hidden = [...Object.keys(INCLUDABLE[type] ?? {}), ...(INTERNAL[type] ?? [])];
  if (hidden.length === 0) return object;
  const shown = structuredClone(object) as Node;
  for (const path of hidden) remove(shown, segments(path));
  return shown as T;
}

const notExpandable = (path: string) =>
  invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });

/**
 * An object or list as a response shows it: includable fields only where `paths` name them, and
 * `expand[]` applied, without touching the stored objects. A path Stripe would not expand is a 400
 * naming it.
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
    paths.map((path) => ({ path, rest: segments(path), depth: 0 })),
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

/** Whether `prefix` is where the request's remaining path starts. */
const startsWith = (request: Request, prefix: readonly string[]) =>
  prefix.every((segment, i) => request.rest[i] === segment);

/** The requests, each past its first `count` segments, one expansion deeper. */
const deeper = (requests: Request[], count: number) =>
  requests
    .map((request) => ({ ...request, rest: request.rest.slice(count), depth: request.depth + 1 }))
    .filter((request) => request.rest.length > 0);

/** Shows the node as Stripe would, and applies the requests to it. */
function render(store: Store, node: unknown, requests: Request[]): void {
  if (Array.isArray(node)) return node.forEach((item) => render(store, item, requests));
  // A null field expands to null, and so does any path through it (a Session's payment_intent
  // before the customer pays: `payment_intent.latest_charge`), as at Stripe.
  if (node === null) return;
  if (!isNode(node)) {
    if (requests[0]) throw notExpandable(requests[0].path);
    return;
  }
  const type = String(node.object);
  if (type === 'list') {
    for (const request of requests)
      if (request.rest[0] !== 'data') throw notExpandable(request.path);
    return render(store, node.data, deeper(requests, 1));
  }
  for (const field of INTERNAL[type] ?? []) delete node[field];
  const includable = Object.entries(INCLUDABLE[type] ?? {}).map(
    ([path, value]) => [segments(path), value] as const,
  );
  for (const [path, value] of includable) {
    const named = requests.filter((request) => startsWith(request, path));
    if (named.length === 0) {
      remove(node, path);
      continue;
    }
    const key = path.at(-1) as string;
    for (const holder of holdersAt(node, path.slice(0, -1))) {
      if (value !== 'kept') holder[key] = value(node, store);
      render(store, holder[key], deeper(named, path.length));
    }
  }
  const expandable = CONTRACT.expandable[type] ?? [];
  for (const request of requests) {
    if (includable.some(([path]) => startsWith(request, path))) continue;
    const field = expandable.find((entry) => startsWith(request, entry.path));
    if (field) {
      const values = expandField(store, node, field, request);
      const rest = request.rest.slice(field.path.length);
      const next = rest.length > 0 ? [{ ...request, rest, depth: request.depth + 1 }] : [];
      for (const value of values) render(store, value, next);
      continue;
    }
    // An object held in full (embedded, such as a line item's price, or expanded already): the
    // rest of the path applies inside it.
    const [first, ...rest] = request.rest;
    const held = first === undefined ? undefined : node[first];
    if ((!isNode(held) && !Array.isArray(held)) || rest.length === 0)
      throw notExpandable(request.path);
    render(store, held, [{ ...request, rest, depth: request.depth + 1 }]);
  }
}

/**
 * Checks a request's `expand[]` before the request is carried out, as Stripe validates it with the
 * other parameters: a path it would refuse, whatever the objects hold, is a 400 now, so that
 * nothing is made, charged or recorded for a request answered with it. `endpoint` names what is answered
 * ('POST /v1/payment_intents/:id/confirm': a PaymentIntent; 'GET /v1/refunds': a list of refunds).
 * The walk follows `render`, for a node of each type on the path (not null): a field neither
 * includable, expandable nor held in full, and the depth limit. What depends on the data (an id
 * with no object behind it, a path inside an embedded hash) is left to rendering.
 */
export function checkExpand(endpoint: string, paths: readonly string[] = []): void {
  const requests = paths.map((path) => ({ path, rest: segments(path), depth: 0 }));
  const found = problem(answerOf(endpoint), requests);
  if (found) throw found;
}

/** The object (`'payment_intent'`) or list (`'list:refund'`) an endpoint answers, if known. */
function answerOf(endpoint: string): string | undefined {
  const [method, path = ''] = endpoint.split(' ');
  const resource = path.replace(/^\/v1\/(test_helpers\/)?/, '');
  const key = Object.keys(RESOURCES).find(
    (name) => resource === name || resource.startsWith(`${name}/`),
  );
  const type = key === undefined ? undefined : RESOURCES[key];
  if (type === undefined || method === 'DELETE') return undefined;
  const rest = resource.slice((key as string).length);
  if (rest.endsWith('/line_items')) return listOf(LINE_ITEMS[type]);
  return method === 'GET' && rest === '' && type !== 'account' ? `list:${type}` : type;
}

const listOf = (type: string | undefined) => (type === undefined ? undefined : `list:${type}`);

/** The objects of the API's resources, by their path below /v1. */
const RESOURCES: Record<string, string> = {
  account: 'account',
  balance_transactions: 'balance_transaction',
  charges: 'charge',
  'checkout/sessions': 'checkout.session',
  confirmation_tokens: 'confirmation_token',
  coupons: 'coupon',
  customers: 'customer',
  disputes: 'dispute',
  events: 'event',
  payment_intents: 'payment_intent',
  payment_method_domains: 'payment_method_domain',
  payment_methods: 'payment_method',
  promotion_codes: 'promotion_code',
  refunds: 'refund',
  'tax/calculations': 'tax.calculation',
  'tax/transactions': 'tax.transaction',
  webhook_endpoints: 'webhook_endpoint',
};

/** The objects of an object's `line_items` (their own endpoint, or included). */
const LINE_ITEMS: Record<string, string> = {
  'checkout.session': 'item',
  'tax.calculation': 'tax.calculation_line_item',
  'tax.transaction': 'tax.transaction_line_item',
};

/** What an includable field holds, where it is a list of objects whose fields may be expanded. */
const INCLUDED: Record<string, Record<string, string>> = {
  charge: { refunds: 'list:refund' },
  'checkout.session': { line_items: 'list:item' },
  'tax.calculation': { line_items: 'list:tax.calculation_line_item' },
  'tax.transaction': { line_items: 'list:tax.transaction_line_item' },
};

const tooDeep = () =>
  invalidRequest('You cannot expand more than 4 levels of a property.', { param: 'expand' });

/**
 * The error `render` would raise for these requests at a node of `type` (`list:<type>` for a
 * list), whatever the node holds; null when there is none, or when the type is not known here.
 */
function problem(type: string | undefined, requests: Request[]): ApiError | null {
  if (type === undefined || requests.length === 0) return null;
  if (type.startsWith('list:')) {
    const outside = requests.find((request) => request.rest[0] !== 'data');
    if (outside) return notExpandable(outside.path);
    return problem(type.slice('list:'.length), deeper(requests, 1));
  }
  const expandable = CONTRACT.expandable[type];
  if (!expandable) return null;
  const includable = Object.keys(INCLUDABLE[type] ?? {}).map(segments);
  for (const path of includable) {
    const named = requests.filter((request) => startsWith(request, path));
    const found = problem(INCLUDED[type]?.[path.join('.')], deeper(named, path.length));
    if (found) return found;
  }
  for (const request of requests) {
    if (includable.some((path) => startsWith(request, path))) continue;
    const field = expandable.find((entry) => startsWith(request, entry.path));
    if (field) {
      if (request.depth + 1 > MAX_DEPTH) return tooDeep();
      const rest = request.rest.slice(field.path.length);
      if (rest.length === 0) continue;
      const next = [{ ...request, rest, depth: request.depth + 1 }];
      // A field holding one of several objects: refused only if refused for each of them.
      const found = field.objects.map((object) => problem(object, next));
      if (found.every((error) => error !== null)) return found[0] ?? null;
      continue;
    }
    // Neither includable nor expandable, and nothing left to apply inside it.
    if (request.rest.length === 1) return notExpandable(request.path);
  }
  return null;
}

/**
 * Replaces the field's ids with their objects (null stays null, through arrays on the way and in
 * the field itself); returns the field's new values.
 */
function expandField(store: Store, node: Node, field: Expandable, request: Request): unknown[] {
  if (request.depth + 1 > MAX_DEPTH) throw tooDeep();
  const key = field.path.at(-1) as string;
  const values: unknown[] = [];
  for (const holder of holdersAt(node, field.path.slice(0, -1))) {
    const value = holder[key];
    holder[key] = Array.isArray(value)
      ? value.map((id) => objectFor(store, id, field, request))
      : objectFor(store, value, field, request);
    values.push(holder[key]);
  }
  return values;
}

/** The object an expandable id names (or the value as it is: null, or an object already). */
function objectFor(store: Store, value: unknown, field: Expandable, request: Request): unknown {
  if (typeof value !== 'string') return value ?? null;
  const found: StripeObject | undefined = store.find(value);
  if (found && field.objects.includes(found.object)) return found;
  // Deleted since (a coupon): the id stays, as at Stripe.
  if (store.wasDeleted(value)) return value;
  throw invalidRequest(
    `${request.path} cannot be expanded: '${value}' is an id the simulator stores as given, ` +
      `with no ${field.objects.join(' or ')} object behind it.`,
    { param: 'expand' },
  );
}
