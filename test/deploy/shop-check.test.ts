/**
 * The shop check of every build (scripts/shop-check.mjs, run by scripts/build.mjs, which wrangler
 * runs before each deploy): a shop `npm run check` refuses is refused by the build too, with the
 * same messages (those of src/catalog/check.ts, src/shipping/check.ts, src/identity/check.ts), and
 * exits non-zero. On copies of the tests' shop in a temporary folder, never the merchant's files.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadShop, shopProblems, shopWarnings } from '../../scripts/shop-check.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = join(root, 'test/fixtures/shop');
const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A copy of the tests' shop with some of its files' text replaced (each must be found). */
function shopWith(changes: Record<string, [RegExp | string, string][]>): string {
  const folder = mkdtempSync(join(tmpdir(), 'shop-check-'));
  folders.push(folder);
  cpSync(FIXTURES, folder, { recursive: true });
  for (const [file, replacements] of Object.entries(changes)) {
    let text = readFileSync(join(FIXTURES, file), 'utf8');
    for (const [from, to] of replacements) {
      const changed = text.replace(from, to);
      expect(changed, `${file}: ${String(from)}`).not.toBe(text);
      text = changed;
    }
    writeFileSync(join(folder, file), text);
  }
  return folder;
}

const checkShop = (folder: string) =>
  spawnSync('node', ['scripts/shop-check.mjs', folder], { cwd: root, encoding: 'utf8' });

describe('the build’s shop check', () => {
  it('lets the tests’ shop through, quietly', async () => {
    expect(await shopProblems(FIXTURES)).toEqual([]);
    expect(await shopWarnings(FIXTURES)).toEqual([]);
    const result = checkShop(FIXTURES);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('needs none of the example shop’s pictures, and names the fixture’s file', async () => {
    // public/ without the merchant's own files (the example's pictures and logo), as a merchant
    // replacing the example products leaves it.
    const publicDir = mkdtempSync(join(tmpdir(), 'shop-check-public-'));
    folders.push(publicDir);
    cpSync(join(root, 'public'), publicDir, {
      recursive: true,
      filter: (path) => !/[/\\](images|logo\.svg)$/.test(path),
    });
    expect(existsSync(join(publicDir, 'images'))).toBe(false);
    expect(await shopProblems(FIXTURES, publicDir)).toEqual([]);
    // With no public/ at all, the fixture's pictures are missing: the fixture's file is named.
    const problems = await shopProblems(FIXTURES, join(publicDir, 'none'));
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(/^test\/fixtures\/shop\/\w+\.ts: /);
  });

  it('refuses a product id with a space (and its price), as npm run check words it', async () => {
    const folder = shopWith({
      'products.ts': [
        ["id: 'support-5'", "id: 'support 5'"],
        ['unitAmount: 500,', 'unitAmount: 30,'],
      ],
    });
    const shop = await loadShop(folder);
    // What src/shop/products.test.ts (npm run check) would list for this catalog.
    const expected: string[] = shop.catalogProblems(shop.PRODUCTS, shop.MAX_QUANTITY);
    expect(expected).toEqual([expect.stringMatching(/"support 5".*id: must be lowercase letters/)]);
    expect(await shopProblems(folder)).toEqual(
      expected.map((problem) => `${folder}/products.ts: ${problem}`),
    );
    const result = checkShop(folder);
    expect(result.status).toBe(1);
    for (const problem of expected) expect(result.stderr).toContain(problem);
  });

  it('refuses a price under Stripe’s minimum in a well-formed product', async () => {
    const folder = shopWith({ 'products.ts': [['unitAmount: 500,', 'unitAmount: 30,']] });
    const problems = await shopProblems(folder);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.startsWith(`${folder}/products.ts: `)).toBe(true);
    expect(problems[0]).toMatch(/unitAmount 30 is less than 50, the smallest/);
    const result = checkShop(folder);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(problems[0]);
  });

  it('refuses shipping rates and an identity npm run check refuses, and a missing picture', async () => {
    const folder = shopWith({
      'identity.ts': [[/supportEmail: '[^']*'/, "supportEmail: 'not an address'"]],
      'shipping.ts': [["id: 'standard'", "id: 'Standard Rate'"]],
    });
    const shop = await loadShop(folder);
    const problems = await shopProblems(folder, join(folder, 'no-public'));
    expect(problems).toEqual([
      ...shop.PRODUCTS.filter((product: { image?: string }) => product.image).map(
        (product: { id: string; image: string }) =>
          `${folder}/products.ts: ${product.id}: ${product.image} is not a file in public/`,
      ),
      ...shop
        .shippingProblems(shop.SHIPPING, shop.PRODUCTS)
        .map((problem: string) => `${folder}/shipping.ts: ${problem}`),
      ...shop
        .identityProblems(shop.SHOP, () => false)
        .map((problem: string) => `${folder}/identity.ts: ${problem}`),
    ]);
    expect(problems.join('\n')).toMatch(/shipping\.ts: .*must be lowercase letters/);
    expect(problems.join('\n')).toMatch(/identity\.ts: supportEmail/);
    const result = checkShop(folder);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/shipping\.ts: .*must be lowercase letters/);
    expect(result.stderr).toMatch(/identity\.ts: supportEmail/);
  });

  it('warns, and still deploys, a shop in a currency whose smallest charge Stripe does not list', async () => {
    const folder = shopWith({
      'shipping.ts': [["currency: 'usd'", "currency: 'kwd'"]],
      'products.ts': [[/currency: 'usd'/g, "currency: 'kwd'"]],
    });
    expect(await shopProblems(folder)).toEqual([]);
    const warning =
      `${folder}/products.ts: KWD: Stripe lists no smallest charge in KWD: it refuses a payment ` +
      "worth less than your settlement currency's minimum (about US$0.50) at the day's rate, " +
      'which this check cannot convert. The cheapest product, "wallpapers", costs KWD 0.300 ' +
      '(unitAmount 300): make sure it is worth more (docs/shop.md).';
    expect(await shopWarnings(folder)).toEqual([warning]);
    const result = checkShop(folder);
    expect(result.stderr).toBe(`Warning: ${warning}\n`);
    expect(result.status).toBe(0);
  });

  it('refuses Stripe Tax in wrangler.toml for a shop shipping in KWD, and only that', async () => {
    // The tests' shop shipping in KWD (its amounts on the step of 10), shippable products too.
    const folder = shopWith({
      'shipping.ts': [["currency: 'usd'", "currency: 'kwd'"]],
      'products.ts': [[/(id: '(?:mug|poster)',[^}]*?currency: )'usd'/g, "$1'kwd'"]],
    });
    const config = join(folder, 'wrangler.toml');
    const wrangler = readFileSync(join(root, 'wrangler.toml'), 'utf8');
    writeFileSync(
      config,
      wrangler.replace('TAX_CALCULATION = "none"', 'TAX_CALCULATION = "stripe"'),
    );
    const shop = await loadShop(folder);
    expect(shop.shippingProblems(shop.SHIPPING, shop.PRODUCTS)).toEqual([]);
    const problems = await shopProblems(folder, join(root, 'public'), config);
    expect(problems).toEqual([
      `${folder}/shipping.ts: ${shop.stepTaxProblem('stripe', shop.SHIPPING)}`,
    ]);
    expect(problems[0]).toMatch(/Stripe Tax cannot tax a shop shipping in KWD.*= "none"/);
    // With the tax off (the repository's wrangler.toml), the same shop can be deployed.
    expect(await shopProblems(folder)).toEqual([]);
  });
});
