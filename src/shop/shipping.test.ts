// The merchant's shipping rates are checked, never relied on: tests use test/fixtures/shop/.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { varIn } from '../../scripts/setup/vars.mjs';
import { shippingProblems, stepTaxProblem } from '../shipping/check';
import { PRODUCTS } from './products';
import { SHIPPING } from './shipping';

it('are rates the checkout can charge, for the catalog’s shippable products', () => {
  expect(shippingProblems(SHIPPING, PRODUCTS)).toEqual([]);
});

it('are in a currency Stripe Tax can tax, if wrangler.toml turns it on', () => {
  const wrangler = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8');
  expect(stepTaxProblem(varIn(wrangler, 'TAX_CALCULATION'), SHIPPING)).toBeNull();
});
