import { invalidRequest } from './errors';
import type { Store } from './store';

/** The id fields `expand[]` may replace with their object, per object type (as Stripe allows). */
const EXPANDABLE: Record<string, readonly string[]> = {
  payment_intent: ['latest_charge', 'payment_method'],
  charge: ['payment_intent'],
  refund: ['charge', 'payment_intent', 'payment_method'],
};

type Node = { [key: string]: unknown };
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

/**
 * Applies `expand[]` paths (`latest_charge`, `data.latest_charge` on lists) to a response object,
 * without touching the stored one. A path Stripe would not expand is a 400 naming it.
 */
export function expand<T extends object>(
  store: Store,
  object: T,
  paths: readonly string[] = [],
): T {
  if (paths.length === 0) return object;
  const copy = structuredClone(object);
  for (const path of paths) expandPath(store, copy, path.split('.'), path);
  return copy;
}

function expandPath(store: Store, node: unknown, segments: string[], path: string): void {
  if (Array.isArray(node)) return node.forEach((item) => expandPath(store, item, segments, path));
  const [key, ...rest] = segments;
  if (!isNode(node) || key === undefined || !(key in node)) throw notExpandable(path);
  if (rest.length > 0) return expandPath(store, node[key], rest, path);

  if (!EXPANDABLE[String(node.object)]?.includes(key)) throw notExpandable(path);
  const id = node[key];
  if (typeof id === 'string') node[key] = store.find(id) ?? id;
}

const notExpandable = (path: string) =>
  invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
