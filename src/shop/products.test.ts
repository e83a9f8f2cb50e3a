// The merchant's catalog is checked, never relied on: tests use test/fixtures/shop/ instead.
import { expect, it } from 'vitest';
import { catalogProblems } from '../catalog/check';
import { MAX_QUANTITY, PRODUCTS } from './products';

it('is a catalog the checkout can sell from', () => {
  expect(catalogProblems(PRODUCTS, MAX_QUANTITY)).toEqual([]);
});
