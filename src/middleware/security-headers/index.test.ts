import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '.';

const stripe = {
  script: ['https://js.stripe.com'],
  frame: ['https://js.stripe.com', 'https://hooks.stripe.com'],
  connect: ['https://api.stripe.com'],
};

describe('contentSecurityPolicy', () => {
  it('allows only this origin and Stripe in test and live mode', () => {
    const csp = contentSecurityPolicy(stripe, false);
    expect(csp).toContain("script-src 'self' https://js.stripe.com");
    expect(csp).toContain('frame-src https://js.stripe.com https://hooks.stripe.com');
    expect(csp).toContain("connect-src 'self' https://api.stripe.com");
    expect(csp).toContain("style-src 'self';");
    expect(csp).toContain('upgrade-insecure-requests');
    expect(csp).not.toContain('127.0.0.1');
  });

  it("allows the Address Element's autocomplete (Google Maps) in test and live mode only", () => {
    const csp = contentSecurityPolicy(stripe, false);
    const directive = (name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));
    expect(directive('script-src')).toBe(
      "script-src 'self' https://js.stripe.com https://maps.googleapis.com",
    );
    expect(directive('connect-src')).toBe(
      "connect-src 'self' https://api.stripe.com https://maps.googleapis.com",
    );
    // Nothing more: no frame, image or style from Google.
    expect(csp.match(/googleapis/g)).toHaveLength(2);
    const sim = 'http://127.0.0.1:12111';
    const simulated = contentSecurityPolicy({ script: [sim], frame: [sim], connect: [sim] }, true);
    expect(simulated).not.toContain('google');
  });

  it('allows the simulator origin, and only it, in simulated mode', () => {
    const sim = 'http://127.0.0.1:12111';
    const csp = contentSecurityPolicy({ script: [sim], frame: [sim], connect: [sim] }, true);
    expect(csp).toContain(`script-src 'self' ${sim}`);
    expect(csp).toContain(`style-src 'self' ${sim}`);
    expect(csp).not.toContain('stripe.com');
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('never allows inline code or framing', () => {
    for (const csp of [contentSecurityPolicy(stripe, false), contentSecurityPolicy(stripe, true)]) {
      expect(csp).not.toMatch(/unsafe-(inline|eval)/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
    }
  });
});
