/**
 * What this shop sells: edit PRODUCTS (and MAX_QUANTITY) and redeploy. The page shows the first
 * product; link to `/?product=<id>` to sell another one.
 *
 * Amounts are integers in the currency's minor unit (500 = $5.00 in USD, 500 = ¥500 in JPY), as
 * Stripe expects; the browser never sends a price. `npm run check` checks this file (ids unique,
 * amounts positive integers, currencies known); the tests use test/fixtures/shop/ instead, so
 * editing it never breaks them.
 */
import type { Product } from '../catalog';

/** How many of one product a single checkout may buy. */
export const MAX_QUANTITY = 10;

export const PRODUCTS: readonly Product[] = [
  {
    id: 'support-5',
    name: 'Support our work',
    description: 'A one-time $5.00 payment, like the classic Stripe tutorial.',
    unitAmount: 500,
    currency: 'usd',
  },
];
