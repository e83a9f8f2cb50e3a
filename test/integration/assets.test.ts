/**
 * Static files at versioned addresses (src/assets/version.ts): pages link them with the Worker
 * version's id, and only a request carrying the current one may be kept for good.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { assetVersion } from '../../src/assets/version';
import worker from '../../src/index';
import { checkout, resetAll } from '../support/checkout';
import { CHECKOUT_ORIGIN } from '../support/env';
import { remember } from '../support/hygiene';

const FOR_GOOD = 'public, max-age=31536000, immutable';
const version = assetVersion(env);

beforeAll(resetAll);

/** The addresses of a page's stylesheets and scripts, its theme's left out (tests/shop). */
function linked(html: string): string[] {
  const links = [...html.matchAll(/(?:href|src)="(\/[\w./-]+\.(?:css|js)(?:\?[^"]*)?)"/g)];
  return links.map((link) => link[1]!).filter((href) => !href.startsWith('/theme.css'));
}

/** A request to a Worker of another version than the tests' (the next deploy, say). */
async function otherVersion(path: string, id: string): Promise<Response> {
  const ctx = createExecutionContext();
  const metadata = { ...env.CF_VERSION_METADATA, id };
  const request = new Request(new URL(path, CHECKOUT_ORIGIN), {
    headers: { 'CF-Connecting-IP': '192.0.2.77' },
  });
  const response = await worker.fetch(request, { ...env, CF_VERSION_METADATA: metadata }, ctx);
  await waitOnExecutionContext(ctx);
  await remember(response);
  return response;
}

describe('static files at versioned addresses', () => {
  it.each([
    ['the Checkout page', '/', ['/checkout.css', '/receipt.css', '/checkout.js']],
    ['a receipt', '/thank-you?payment_intent=pi_none', ['/checkout.css', '/receipt.css']],
    ['an error page', '/nowhere', ['/checkout.css', '/receipt.css']],
  ])('%s links its files at the current version', async (_, page, files) => {
    const html = await (await checkout(page, { headers: { Accept: 'text/html' } })).text();
    expect(linked(html)).toEqual(files.map((file) => `${file}?v=${version}`));
  });

  it.each([
    ['a receipt', '/thank-you?payment_intent=pi_none', ['/favicon.svg', '/favicon.svg']],
    ['an error page', '/nowhere', ['/favicon.svg', '/favicon.svg']],
  ])(
    "%s links its icon and logo (the tests' is the icon) at the current version",
    async (_, page, files) => {
      const html = await (await checkout(page, { headers: { Accept: 'text/html' } })).text();
      const images = [...html.matchAll(/(?:href|src)="(\/[\w./-]+\.svg(?:\?[^"]*)?)"/g)];
      expect(images.map((image) => image[1])).toEqual(files.map((file) => `${file}?v=${version}`));
    },
  );

  it.each(['/checkout.css', '/receipt.css', '/checkout.js', '/favicon.svg'])(
    '%s at the current version may be kept for good, anywhere else it is revalidated',
    async (file) => {
      const current = await checkout(`${file}?v=${version}`);
      expect(current.status).toBe(200);
      expect(current.headers.get('cache-control')).toBe(FOR_GOOD);
      const bytes = await current.text();
      for (const address of [file, `${file}?v=old`, `${file}?v=`, `${file}?version=${version}`]) {
        const other = await checkout(address);
        expect(other.status, address).toBe(200);
        expect(other.headers.get('cache-control'), address).toBe(
          'public, max-age=0, must-revalidate',
        );
        expect(await other.text(), address).toBe(bytes);
      }
    },
  );

  it('keeps security headers and answers HEAD and a revalidation the same way', async () => {
    const address = `/checkout.css?v=${version}`;
    const head = await checkout(address, { method: 'HEAD' });
    expect(head.headers.get('cache-control')).toBe(FOR_GOOD);
    expect(head.headers.get('content-security-policy')).toContain("default-src 'self'");
    const etag = head.headers.get('etag')!;
    const revalidated = await checkout(address, { headers: { 'If-None-Match': etag } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('cache-control')).toBe(FOR_GOOD);
  });

  it('never lets a browser keep a missing file or one that is not versioned', async () => {
    const missing = await checkout(`/no-such.css?v=${version}`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control') ?? '').not.toContain('immutable');
    const favicon = await checkout('/favicon.svg');
    expect(favicon.headers.get('cache-control')).not.toContain('immutable');
  });

  it("keeps the page's content-hashed chunks for good by name", async () => {
    const script = await (await checkout(`/checkout.js?v=${version}`)).text();
    const chunk = /\/?chunks\/[\w-]+-[A-Z2-7]{8}\.js/.exec(script)?.[0];
    expect(chunk).toBeDefined();
    const response = await checkout(`/${chunk!.replace(/^\//, '')}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe(FOR_GOOD);
    const renamed = await checkout(
      `/${chunk!.replace(/^\//, '').replace(/-[A-Z2-7]{8}/, '-AAAAAAAA')}`,
    );
    expect(renamed.status).toBe(404);
  });

  it("after a deploy, links the new version and revalidates the old version's address", async () => {
    const next = 'c0ffee00-0000-4000-8000-000000000001';
    // The addresses carry the id's short form, the next version's own.
    const short = assetVersion({ CF_VERSION_METADATA: { id: next } });
    expect(short).toMatch(/^[\da-z]{1,10}$/);
    expect(short).not.toBe(version);
    const html = await (await otherVersion('/', next)).text();
    expect(linked(html)).toEqual(
      ['/checkout.css', '/receipt.css', '/checkout.js'].map((file) => `${file}?v=${short}`),
    );
    const old = await otherVersion(`/checkout.css?v=${version}`, next);
    expect(old.status).toBe(200);
    expect(old.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    const current = await otherVersion(`/checkout.css?v=${short}`, next);
    expect(current.headers.get('cache-control')).toBe(FOR_GOOD);
  });
});
