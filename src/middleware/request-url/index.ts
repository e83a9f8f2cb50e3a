import type { Context } from 'hono';

/** Each request's URL, parsed once: keyed by the request of its context. */
const urls = new WeakMap<Context['req'], URL>();

/**
 * The URL the request reached, parsed at its first use and shared by what asks after it (the
 * origin check, the payment configuration, the security headers): one parse per request where
 * each used to make its own (1–2 µs each in the profiles, docs/performance.md). Read it, never
 * change it.
 */
export function requestUrl(c: Context): URL {
  let url = urls.get(c.req);
  if (url === undefined) {
    url = new URL(c.req.url);
    urls.set(c.req, url);
  }
  return url;
}
