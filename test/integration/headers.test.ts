/**
 * Security headers on every response: pages, JSON, errors and static files.
 */
import { describe, expect, it } from 'vitest';
import { charge, checkout, order, resetAll } from '../support/checkout';

describe('security headers', () => {
  it('are on every response, static files included', async () => {
    await resetAll();
    const responses = [
      await checkout('/'),
      await checkout('/checkout.js'),
      await checkout('/checkout.css'),
      await checkout('/favicon.svg'),
      await checkout('/config'),
      await checkout('/thank-you?payment_intent=pi_missing'),
      await checkout('/no-such-page'),
      await charge(order(undefined, { quantity: 99 })),
      await charge(order(), { Origin: 'https://evil.example' }),
      await checkout('/webhook', { method: 'POST', body: '{}' }),
    ];
    for (const response of responses) {
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, response.url).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self' http://127.0.0.1:12111");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d{8}/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toMatch(
        /^(strict-origin-when-cross-origin|no-referrer)$/,
      );
      expect(response.headers.get('permissions-policy')).toContain(
        'payment=(self "https://js.stripe.com")',
      );
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });
});
