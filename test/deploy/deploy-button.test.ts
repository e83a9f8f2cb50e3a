import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** The names the Deploy button asks for as secrets: .dev.vars.example's uncommented entries. */
const secrets = read('.dev.vars.example')
  .split('\n')
  .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
  .map((line) => line.slice(0, line.indexOf('=')));

/** The names of wrangler.toml's [vars]: plain settings, never secrets. */
const vars = (() => {
  const section = /^\[vars\]\n([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(read('wrangler.toml'))?.[1] ?? '';
  return Array.from(section.matchAll(/^([A-Z][A-Z0-9_]*)\s*=/gm), (match) => match[1]);
})();

const described = (
  JSON.parse(read('package.json')) as {
    cloudflare: { bindings: Record<string, { description: string }> };
  }
).cloudflare.bindings;

// The Deploy to Cloudflare button prompts for every entry of .dev.vars.example as a secret,
// with its description from package.json's cloudflare.bindings.
describe('the Deploy button', () => {
  it('asks for each secret with a description, and for no setting of [vars]', () => {
    expect(secrets).toContain('STRIPE_SECRET_KEY');
    expect(vars).toContain('CHECKOUT_UI');
    for (const name of secrets) expect(described[name]?.description, name).toBeTruthy();
    expect(secrets.filter((name) => vars.includes(name))).toEqual([]);
  });
});
