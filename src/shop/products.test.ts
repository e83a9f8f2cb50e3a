// The merchant's catalog is checked, never relied on: tests use test/fixtures/shop/ instead.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { catalogProblems } from '../catalog/check';
import { MAX_QUANTITY, PRODUCTS } from './products';

it('is a catalog the checkout can sell from', () => {
  expect(catalogProblems(PRODUCTS, MAX_QUANTITY)).toEqual([]);
});

it('shows only pictures that are in public/', () => {
  const missing = PRODUCTS.filter(
    ({ image }) =>
      image && !existsSync(fileURLToPath(new URL(`../../public${image}`, import.meta.url))),
  ).map(({ id, image }) => `${id}: ${image}`);
  expect(missing, 'images not found in public/').toEqual([]);
});
