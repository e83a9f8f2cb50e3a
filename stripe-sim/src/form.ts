import { createMiddleware } from 'hono/factory';
import type { SimEnv } from './context';
import { invalidRequest } from './errors';

/** A decoded form value: a string, or a nested hash. Arrays are hashes keyed "0", "1", ... */
export type FormValue = string | FormHash;
export interface FormHash {
  [key: string]: FormValue;
}

/**
 * Decodes Stripe's form encoding (`a=1&metadata[k]=v&expand[]=x&items[0][id]=y`) into nested hashes.
 * `key[]` appends the next index, so `expand[]=a&expand[]=b` and `expand[0]=a&expand[1]=b` decode
 * alike; the parameter schemas (params.ts) turn index-keyed hashes into arrays where they expect one.
 */
export function parseForm(encoded: string): FormHash {
  const root: FormHash = {};
  for (const [name, value] of new URLSearchParams(encoded)) {
    const path = splitName(name);
    let node = root;
    path.forEach((segment, i) => {
      const key = segment === '' ? String(Object.keys(node).length) : segment;
      if (i === path.length - 1) {
        if (typeof node[key] === 'object') throw conflict(name);
        node[key] = value;
        return;
      }
      const child = node[key] ?? {};
      if (typeof child === 'string') throw conflict(name);
      node[key] = child;
      node = child;
    });
  }
  return root;
}

/** `a[b][]` → ["a", "b", ""]. */
function splitName(name: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(name);
  if (!match) throw invalidRequest(`Invalid parameter name: ${name}`, { param: name });
  const brackets = match[2] ? [...match[2].matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '') : [];
  return [match[1] as string, ...brackets];
}

function conflict(name: string) {
  return invalidRequest(`Conflicting values given for parameter: ${name}`, { param: name });
}

/**
 * Decodes the request's query string and (for POST) its form body into `c.var.form`. Stripe's v1 API
 * takes form-encoded bodies only; a JSON body is refused rather than silently ignored.
 */
export const readForm = createMiddleware<SimEnv>(async (c, next) => {
  const query = new URL(c.req.url).search.slice(1);
  // Decoded by hand: workerd warns when .text() is called on a form-encoded body.
  const body = c.req.method === 'POST' ? new TextDecoder().decode(await c.req.arrayBuffer()) : '';
  const type = c.req.header('Content-Type') ?? '';
  if (body && !type.startsWith('application/x-www-form-urlencoded')) {
    throw invalidRequest(
      `Invalid request body (Content-Type: ${type || 'none'}): ` +
        "Stripe's API expects application/x-www-form-urlencoded parameters.",
    );
  }
  c.set('form', parseForm([query, body].filter(Boolean).join('&')));
  await next();
});
