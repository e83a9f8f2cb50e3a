// The merchant's identity is checked, never relied on: tests use test/fixtures/shop/ instead.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { identityProblems } from '../identity/check';
import { SHOP } from './identity';

const inPublic = (path: string) =>
  existsSync(fileURLToPath(new URL(`../../public${path}`, import.meta.url)));

it('is an identity every page can show', () => {
  expect(identityProblems(SHOP, inPublic)).toEqual([]);
});
