// The merchant's own files and the tests' stand-ins for them. What a merchant edits (the catalog,
// shipping, the shop's identity, fulfilment) lives in src/shop/ and is imported as `#shop/<name>`
// (package.json "imports"). Tests never use it: every test project resolves each `#shop/<name>`
// the code imports to test/fixtures/shop/<name>.ts instead, so that editing the shop changes no
// test's outcome. Only those names need a fixture: a helper the merchant adds to src/shop/ (say
// email.ts for fulfilOrder) is imported by the merchant's own files, which the tests never load.
// Used by test/vitest.config.ts and bench/vitest.config.ts (a Vite alias) and
// scripts/local-stack.mjs (wrangler's [alias]).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the tests' stand-ins live, relative to the repository root. */
export const SHOP_FIXTURES = 'test/fixtures/shop';

/** The folders whose code may import `#shop/<name>` (src/shop/ itself is the merchant's). */
const IMPORTERS = ['src', 'scripts', 'bench', 'test', 'client'];

/** `'#shop/<name>'` or `"#shop/<name>"` in an import, export or import() of any kind. */
const SHOP_IMPORT = /['"]#shop\/([\w-]+)['"]/g;

/** The source files under a folder, skipping src/shop/ and dependencies. */
function* sources(root, dir) {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && path !== 'src/shop') yield* sources(root, path);
    } else if (/\.(ts|mts|js|mjs)$/.test(entry.name)) yield path;
  }
}

/**
 * The `#shop/<name>` modules the code outside src/shop/ imports, each with the first file that
 * does, in order of name.
 * @param {string} root the repository root
 * @param {string[]} [dirs] the folders to look in, relative to `root`
 * @returns {Map<string, string>}
 */
export function shopImports(root, dirs = IMPORTERS) {
  /** @type {Map<string, string>} */
  const found = new Map();
  for (const dir of dirs.filter((dir) => existsSync(join(root, dir))))
    for (const file of sources(root, dir))
      for (const [, name] of readFileSync(join(root, file), 'utf8').matchAll(SHOP_IMPORT))
        if (!found.has(name)) found.set(name, file);
  return new Map([...found].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Every `#shop/<name>` the code imports with its fixture's path (relative to `root`, with a
 * leading "./"). Throws when one has no fixture: a test would otherwise load the merchant's file.
 * @param {string} root the repository root
 * @param {string[]} [dirs] the folders whose imports count, relative to `root`
 * @returns {Record<string, string>}
 */
export function shopFixtures(root, dirs) {
  const imports = shopImports(root, dirs);
  const missing = [...imports].filter(
    ([name]) => !existsSync(join(root, SHOP_FIXTURES, `${name}.ts`)),
  );
  if (missing.length > 0)
    throw new Error(
      `No test fixture for ${missing
        .map(([name, file]) => `#shop/${name} (imported by ${file})`)
        .join(', ')}: add ${missing
        .map(([name]) => `${SHOP_FIXTURES}/${name}.ts`)
        .join(', ')} for the tests.`,
    );
  return Object.fromEntries(
    [...imports.keys()].map((name) => [`#shop/${name}`, `./${SHOP_FIXTURES}/${name}.ts`]),
  );
}
