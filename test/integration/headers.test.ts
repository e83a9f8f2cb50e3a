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
