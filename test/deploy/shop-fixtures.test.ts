/**
 * The tests' stand-ins for the merchant's shop (scripts/shop-fixtures.mjs): every `#shop/<name>`
 * the code imports needs one, and nothing else does, so that a helper file the merchant adds to
 * src/shop/ breaks no test. On repositories made up in a temporary folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { shopFixtures } from '../../scripts/shop-fixtures.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A repository in a temporary folder with these files (path → text). */
function repoWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'shop-fixtures-'));
  folders.push(folder);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  return folder;
}

const EXAMPLE = {
  'src/catalog/index.ts': "import { PRODUCTS } from '#shop/products';\n",
  'src/fulfilment/index.ts': 'export const f = () => import("#shop/fulfilment");\n',
  'src/shop/products.ts': 'export const PRODUCTS = [];\n',
  'src/shop/fulfilment.ts': "import { sendEmail } from './email.ts';\n",
  'src/shop/products.test.ts': "import '#shop/products';\n",
  'test/fixtures/shop/products.ts': 'export const PRODUCTS = [];\n',
  'test/fixtures/shop/fulfilment.ts': 'export {};\n',
};

describe('the tests’ shop fixtures', () => {
  it('alias the #shop modules the code imports, and need none for a merchant’s helper', () => {
    const repo = repoWith({ ...EXAMPLE, 'src/shop/email.ts': 'export const sendEmail = 1;\n' });
    expect(shopFixtures(repo)).toEqual({
      '#shop/fulfilment': './test/fixtures/shop/fulfilment.ts',
      '#shop/products': './test/fixtures/shop/products.ts',
    });
  });

  it('refuse a #shop module the code imports without a fixture, naming the importer', () => {
    const repo = repoWith({
      ...EXAMPLE,
      'scripts/report.mjs': "import { SHOP } from '#shop/identity';\n",
      'src/shop/identity.ts': 'export const SHOP = {};\n',
    });
    expect(() => shopFixtures(repo)).toThrow(
      'No test fixture for #shop/identity (imported by scripts/report.mjs): ' +
        'add test/fixtures/shop/identity.ts for the tests.',
    );
  });

  it('cover every module this repository imports from its shop', () => {
    expect(Object.keys(shopFixtures(root))).toEqual([
      '#shop/fulfilment',
      '#shop/identity',
      '#shop/products',
      '#shop/shipping',
    ]);
  });
});
