// The merchant's shipping rates are checked, never relied on: tests use test/fixtures/shop/.
import { expect, it } from 'vitest';
import { shippingProblems } from '../shipping/check';
import { PRODUCTS } from './products';
import { SHIPPING } from './shipping';

it('are rates the checkout can charge, for the catalog’s shippable products', () => {
  expect(shippingProblems(SHIPPING, PRODUCTS)).toEqual([]);
});
