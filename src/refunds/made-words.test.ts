import { describe, expect, it } from 'vitest';
import type { RefundStatus } from './codes';
import { refundMadeWords, refundTax } from './made-words';

const made = (status: RefundStatus, tax: 'reversed' | 'to_reverse' | null = null) =>
  refundMadeWords({ status, amount: '$5.00', orderNow: 'refunded', tax });

describe('what the console says of a refund it made, by its status', () => {
  it('says "Refunded" only for a refund that succeeded', () => {
    expect(made('succeeded')).toBe('Refunded $5.00. The order is now refunded.');
    const others: RefundStatus[] = [
      'pending',
      'requires_action',
      'requested',
      'failed',
      'canceled',
    ];
    for (const status of others) {
      expect(made(status), status).not.toMatch(/^Refunded/);
      expect(made(status), status).toContain('The refund of $5.00');
      expect(made(status), status).toContain('The order is now refunded.');
    }
  });

  it('says a pending refund is on its way and may still fail', () => {
    expect(made('pending')).toMatch(/^The refund of \$5\.00 is on its way: .* may still fail/);
  });

  it('says a refund waiting for the customer has not reached them', () => {
    expect(made('requires_action')).toMatch(/waiting for the customer.*nothing has reached them/);
  });

  it('says a failed or canceled refund did not refund the customer', () => {
    expect(made('failed')).toMatch(/failed at Stripe: the customer was not refunded\./);
    expect(made('canceled')).toMatch(/was canceled: the customer was not refunded\./);
  });

  it('says a reversed tax cannot be undone, only where its tax was reversed', () => {
    for (const status of ['succeeded', 'pending', 'requires_action'] as const) {
      expect(made(status, 'reversed'), status).toMatch(
        /Its tax is reversed in Stripe Tax, and a tax reversal cannot be undone/,
      );
      expect(made(status), status).not.toMatch(/tax/);
    }
    expect(made('canceled', 'reversed')).not.toMatch(/tax/);
  });

  it('never says a tax is reversed while its reversal is still to be made', () => {
    for (const status of ['succeeded', 'pending', 'requires_action'] as const) {
      expect(made(status, 'to_reverse'), status).not.toMatch(/tax is reversed/);
      expect(made(status, 'to_reverse'), status).toMatch(
        /Its tax is still to be reversed in Stripe Tax.*cannot be undone/,
      );
    }
  });

  it('reads the tax as reversed only once what is reversed covers what is refunded', () => {
    const order = (
      tax_reversed: number,
      tax_transaction: string | null = 'tax_1',
      tax_calculation: string | null = 'taxcalc_1',
    ) => ({ tax_calculation, tax_transaction, tax_reversed, amount_refunded: 1500 });
    expect(refundTax(order(1500))).toBe('reversed');
    expect(refundTax(order(1000))).toBe('to_reverse');
    // Its transaction not recorded yet (a failed try): the sweep records it, then reverses.
    expect(refundTax(order(0, null))).toBe('to_reverse');
    // No Stripe Tax for this order: nothing to say.
    expect(refundTax(order(0, null, null))).toBeNull();
  });
});
