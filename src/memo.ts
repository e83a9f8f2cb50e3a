/**
 * Values that are costly to build, few in practice and the same for every request that asks
 * (Intl formatters, a day formatted for a locale, what a configuration resolves to): built once per
 * isolate and key, then reused. Bounded, because some keys come from client input
 * (Accept-Language): past `limit` entries it starts again from empty.
 */
export function memo<A extends string[], V>(
  limit: number,
  make: (...args: A) => V,
): (...args: A) => V {
  const values = new Map<string, V>();
  return (...args) => {
    const key = args.join('\u0000');
    let value = values.get(key);
    if (value === undefined) {
      value = make(...args);
      if (values.size >= limit) values.clear();
      values.set(key, value);
    }
    return value;
  };
}
