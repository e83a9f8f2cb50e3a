import type { Context } from 'hono';

/** Each request's URL, parsed once: keyed by the request of its context. */
const urls = new WeakMap<Context['req'], URL>();

/**
 * The URL the request reached, parsed at its first use and shared by what asks after it (the
 * locale's `?lang=`, the origin check, the payment configuration, the security headers, the
 * receipt's query, the static files): one parse per request where each used to make its own or
 * scan the string again (docs/performance.md). Every request through the app parses it anyway
 * (the security headers' configuration needs its host). Read it, never change it.
 */
export function requestUrl(c: Context): URL {
  let url = urls.get(c.req);
  if (url === undefined) {
    url = new URL(c.req.url);
    urls.set(c.req, url);
  }
  return url;
}
