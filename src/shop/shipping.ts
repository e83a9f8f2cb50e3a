/**
 * How this shop ships its shippable products (`shippable: true` in products.ts): edit SHIPPING and
 * redeploy. Amounts are integers in the minor unit of `currency` (500 = $5.00); a rate's
 * `amounts` are tried in order, the first group naming the customer's country wins, else the '*'
 * group. `freeAbove` makes a rate free from that order amount (after any discount). The customer
 * picks a rate; without a pick the cheapest to their country applies. `locales` names a rate in the
 * checkout's other languages (de, fr, es); without one, `name`. `npm run check` checks this
 * file (src/shop/shipping.test.ts); the tests use test/fixtures/shop/shipping.ts instead.
 */
import type { ShippingConfig } from '../shipping/index.js';

export const SHIPPING: ShippingConfig = {
  currency: 'usd',
  countries: ['US', 'CA', 'GB', 'DE', 'FR', 'NL', 'ES', 'IT'],
  rates: [
    {
      id: 'standard',
      name: 'Standard (5–8 business days)',
      locales: {
        de: { name: 'Standard (5–8 Werktage)' },
        fr: { name: 'Standard (5 à 8 jours ouvrés)' },
        es: { name: 'Estándar (5–8 días hábiles)' },
      },
      amounts: [
        { countries: ['US'], amount: 500 },
        { countries: '*', amount: 1500 },
      ],
      freeAbove: 5000,
    },
    {
      id: 'express',
      name: 'Express (1–2 business days)',
      locales: {
        de: { name: 'Express (1–2 Werktage)' },
        fr: { name: 'Express (1 à 2 jours ouvrés)' },
        es: { name: 'Urgente (1–2 días hábiles)' },
      },
      amounts: [
        { countries: ['US'], amount: 1500 },
        { countries: '*', amount: 3500 },
      ],
    },
  ],
};
