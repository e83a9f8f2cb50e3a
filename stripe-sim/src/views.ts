import type { Store } from './store';

/**
 * How a resource shows itself in responses, for what the generic `expand[]` of expand.ts does not
 * cover: fields Stripe computes when read (a coupon's `valid`), fields left out unless the request
 * includes them with `expand[]` (a coupon's `currency_options`, a tax calculation's `line_items`),
 * and ids nested inside hashes (a promotion code's `promotion.coupon`).
 */
export interface View<T> {
  /** The `expand[]` paths the view handles itself, relative to the object. */
  readonly paths: readonly string[];
  /** A copy of the object as a response shows it, with `expanded` (some of `paths`) expanded. */
  present(object: T, expanded: ReadonlySet<string>, store: Store): T;
}

/**
 * Splits a request's `expand[]` into the paths a view handles (`prefix` removed: `data.` on lists)
 * and the rest, left to expand.ts (which refuses those no one handles).
 */
export function splitPaths(
  viewPaths: readonly string[] = [],
  paths: readonly string[] = [],
  prefix = '',
): { own: Set<string>; rest: string[] } {
  const own = new Set<string>();
  const rest: string[] = [];
  for (const path of paths) {
    const relative = path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
    if (relative !== undefined && viewPaths.includes(relative)) own.add(relative);
    else rest.push(path);
  }
  return { own, rest };
}
