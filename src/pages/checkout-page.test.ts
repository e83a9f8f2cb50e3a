import { describe, expect, it } from 'vitest';
import { negotiate } from '../i18n';
import { renderCheckoutPage } from './checkout-page';

/** The email field's label and error as the page writes them in a mode. */
const emailWords = (mode: 'simulated' | 'test' | 'live') => {
  const cart = { total: 500, currency: 'usd' } as Parameters<typeof renderCheckoutPage>[4];
  const template = '{{page.email}}|{{page.emailError}}';
  return renderCheckoutPage(template, negotiate('en-US'), mode, 'v1', cart).split('|');
};

describe("the Checkout page's email field", () => {
  // As the receipt says "Receipt sent to" only when an email is sent (src/receipt/view.ts):
  // Stripe emails receipts of live payments only, and the tests' shop sends none of its own.
  it('promises a receipt by email only where one is sent', () => {
    expect(emailWords('live')[0]).toBe('Email for your receipt');
    // Before: "Email for your receipt" in test mode too, where nobody emails anything.
    expect(emailWords('test')[0]).toBe('Email address');
    expect(emailWords('simulated')[0]).toBe('Email address');
    for (const mode of ['live', 'test'] as const)
      expect(emailWords(mode)[1]).toBe('Please enter a valid email address.');
  });
});
