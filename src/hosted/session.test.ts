import { describe, expect, it } from 'vitest';
import type { Order } from '../ledger';
import { sessionParams } from './session';

/**
 * An order sent to Germany: the test catalog's mug (which says no tax behaviour), its poster
 * (inclusive), and a product the catalog no longer has.
 */
const order = {
  id: 'ord_1',
  checkout_id: 'chk_1',
  amount: 3500,
  currency: 'usd',
  email: null,
  lines: JSON.stringify([
    { product: 'mug', quantity: 1, unit_amount: 2000, discount: 0, amount: 2000 },
    { product: 'poster', quantity: 1, unit_amount: 1000, discount: 0, amount: 1000 },
    { product: 'gone', name: 'Gone', quantity: 1, unit_amount: 500, discount: 0, amount: 500 },
  ]),
  product_id: 'mug',
  quantity: 1,
  checkout_session_expires_at: 1_900_000_000,
} as unknown as Order;

const basis = {
  language: 'en',
  shipTo: 'DE',
  origin: 'https://shop.test',
  linkLanguage: null,
} as const;

describe('sessionParams', () => {
  it('says the tax behaviour of every price and rate, as the own page calculates it', () => {
    for (const tax of ['stripe', 'none'] as const) {
      const params = sessionParams({ order, basis, tax });
      expect(params.line_items?.map((item) => item.price_data?.tax_behavior)).toEqual([
        'exclusive',
        'inclusive',
        'exclusive',
      ]);
      const rates = params.shipping_options?.map((option) => option.shipping_rate_data);
      expect(rates?.length).toBeGreaterThan(0);
      for (const rate of rates ?? []) expect(rate?.tax_behavior).toBe('exclusive');
    }
  });
});
