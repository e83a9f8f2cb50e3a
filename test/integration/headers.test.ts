/**
 * Security headers on every response: pages, JSON, errors and static files.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { charge, checkout, order, resetAll } from '../support/checkout';

beforeAll(resetAll);

describe('security headers', () => {
  it.each([
    ['the Checkout page', () => checkout('/')],
    ['its script', () => checkout('/checkout.js')],
    ['its stylesheet', () => checkout('/checkout.css')],
    ['the favicon', () => checkout('/favicon.svg')],
    ['GET /config', () => checkout('/config')],
    ['an unknown payment', () => checkout('/thank-you?payment_intent=pi_missing')],
    ['a page not found', () => checkout('/no-such-page')],
    ['a refused order (400)', () => charge(order(undefined, { quantity: 99 }))],
    ['a cross-origin POST (403)', () => charge(order(), { Origin: 'https://evil.example' })],
    ['an unsigned webhook (400)', () => checkout('/webhook', { method: 'POST', body: '{}' })],
  ])('are on %s', async (_, request) => {
    const { headers } = await request();
    const csp = headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self' http://127.0.0.1:12111");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(headers.get('strict-transport-security')).toMatch(/max-age=\d{8}/);
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toMatch(
      /^(strict-origin-when-cross-origin|no-referrer)$/,
    );
    expect(headers.get('permissions-policy')).toContain('payment=(self "https://js.stripe.com")');
    expect(headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('GET /config, answered before the app (src/checkout/config.ts)', () => {
  /** A response's headers by name, Server-Timing's durations left out (they are per request). */
  const headersOf = (response: Response) =>
    Object.fromEntries(
      [...response.headers].map(([name, value]) => [
        name,
        name === 'server-timing' ? value.replace(/dur=[\d.]+/g, 'dur=…') : value,
      ]),
    );
  /** The headers every response carries for its security, whatever it is. */
  const SECURITY = [
    'content-security-policy',
    'strict-transport-security',
    'x-content-type-options',
    'permissions-policy',
    'x-frame-options',
    'cross-origin-opener-policy',
  ];

  it.each([
    ['in English', {}],
    ['in German', { 'Accept-Language': 'de-CH, de;q=0.9' }],
    ['with ?lang=fr', {}, '?lang=fr'],
  ])(
    'carries the headers the app writes for it (HEAD goes through the app), %s',
    async (_, headers: Record<string, string>, query = '') => {
      const fast = await checkout(`/config${query}`, { headers });
      const app = await checkout(`/config${query}`, { method: 'HEAD', headers });
      expect(fast.status).toBe(200);
      expect(app.status).toBe(200);
      expect(headersOf(fast)).toEqual(headersOf(app));
      expect(fast.headers.get('server-timing')).toMatch(
        /^d1;dur=0\.0, stripe;dur=0\.0, total;dur=/,
      );
    },
  );

  it("carries another page's security headers, with the Turnstile site key's CSP too", async () => {
    const settings: Record<string, string>[] = [
      {},
      { TURNSTILE_SITE_KEY: '1x00000000000000000000AA' },
    ];
    for (const vars of settings) {
      const config = headersOf(await checkout('/config', {}, vars));
      const page = headersOf(await checkout('/no-such-page', {}, vars));
      for (const name of SECURITY) expect(config[name], name).toBe(page[name]);
      expect(config['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(config['cache-control']).toBe('no-store');
    }
  });
});
