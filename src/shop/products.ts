/**
 * What this shop sells: edit PRODUCTS (and MAX_QUANTITY) and redeploy. The page shows every
 * product of the first product's currency, the first one in the cart; link to `/?product=<id>`
 * to start the cart with another one.
 *
 * Amounts are integers in the currency's minor unit (500 = $5.00 in USD, 500 = ¥500 in JPY), as
 * Stripe expects; the browser never sends a price. `image` is optional: a file of public/, by its
 * path on the site. `shippable` says whether the product is sent by post. `npm run check` checks
 * this file (every field, ids unique, amounts positive integers, currencies known, images present);
 * the tests use test/fixtures/shop/ instead, so editing it never breaks them.
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
    shippable: false,
  },
  {
    id: 'wallpapers',
    name: 'Wallpaper pack',
    description: 'Twelve desktop and phone wallpapers, to download.',
    unitAmount: 300,
    currency: 'usd',
    image: '/images/wallpapers.svg',
    shippable: false,
  },
  {
    id: 'handbook',
    name: 'The edge-checkout handbook',
    description: 'A PDF guide to taking payments at the edge.',
    unitAmount: 1200,
    currency: 'usd',
    image: '/images/handbook.svg',
    shippable: false,
  },
  {
    id: 'mug',
    name: 'edge-checkout mug',
    description: 'A stoneware mug, sent by post (shipping rates: shipping.ts).',
    unitAmount: 1800,
    currency: 'usd',
    shippable: true,
    taxCode: 'txcd_99999999',
  },
];
