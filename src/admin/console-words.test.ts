// The console's words (client/admin/words.ts) for what src/admin records: every outcome the
// server writes has words of its own, never its bare code.
import { describe, expect, it } from 'vitest';

// Typed for the browser (client/tsconfig.json, DOM): loaded by a path the Worker's types skip.
const path = '../../client/admin/words';
const { actionWords, refundReasonWord } = (await import(/* @vite-ignore */ path)) as {
  actionWords: (action: Record<string, unknown>) => string;
  refundReasonWord: (reason: string | null) => string;
};

describe("the console's words for an action", () => {
  it('words a refund that threw while being made (outcome error): it may have been made', () => {
    const words = actionWords({
      at: '2026-12-02T10:00:00Z',
      admin: 'grace@shop.example',
      action: 'refund',
      order_id: 'order',
      outcome: 'error',
      details: { amount: 500, currency: 'usd' },
    });
    // Before: "Refund of $5.00: error".
    expect(words).toBe(
      'Refund of $5.00: the shop failed while making it; it may have been made (see the ' +
        'order’s refunds)',
    );
  });
});

describe("the console's words for a refund's reason", () => {
  it('words each reason the refund form sends (src/admin/orders/refunds.ts), and none', () => {
    // Before: the refunds table left the reason out.
    expect(
      ['requested_by_customer', 'duplicate', 'fraudulent', null].map(refundReasonWord),
    ).toEqual(['Requested by the customer', 'Duplicate payment', 'Fraudulent', 'Not given']);
    // Stripe's own, on a refund made elsewhere: readable, never its bare code.
    expect(refundReasonWord('expired_uncaptured_charge')).toBe('expired uncaptured charge');
  });
});
