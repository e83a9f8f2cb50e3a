// The merchant's own files and the tests' stand-ins for them. What a merchant edits (the catalog
// today; the shop's name, logo and colours next) lives in src/shop/ and is imported as
// `#shop/<name>` (package.json "imports"). Tests never use it: every test project resolves
// `#shop/<name>` to test/fixtures/shop/<name>.ts instead, so that editing the shop changes no
// test's outcome. Used by test/vitest.config.ts (a Vite alias) and scripts/local-stack.mjs
// (wrangler's --alias).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where the tests' stand-ins live, relative to the repository root. */
export const SHOP_FIXTURES = 'test/fixtures/shop';

/** The modules of a folder: its .ts files other than tests, by name without the extension. */
const modules = (dir) =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => file.slice(0, -'.ts'.length));

/**
 * Every `#shop/<name>` specifier with its fixture's path (relative to `root`, with a leading "./").
 * Throws when a file of src/shop/ has no fixture: a test would otherwise depend on the merchant's.
 * @param {string} root the repository root
 * @returns {Record<string, string>}
 */
export function shopFixtures(root) {
  const fixtures = modules(join(root, SHOP_FIXTURES));
  const missing = modules(join(root, 'src/shop')).filter((name) => !fixtures.includes(name));
  if (missing.length > 0)
    throw new Error(
      `No test fixture for ${missing.map((name) => `src/shop/${name}.ts`).join(', ')}: ` +
        `add ${missing.map((name) => `${SHOP_FIXTURES}/${name}.ts`).join(', ')} for the tests.`,
    );
  return Object.fromEntries(
    fixtures.map((name) => [`#shop/${name}`, `./${SHOP_FIXTURES}/${name}.ts`]),
  );
}
