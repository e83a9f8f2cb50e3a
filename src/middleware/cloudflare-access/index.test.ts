import { Hono } from 'hono/tiny';
import { describe, expect, it } from 'vitest';
import { accessToken, signInUrl } from '.';

/** An app that answers with the token accessToken() finds in a request. */
const app = new Hono().get('/', (c) => c.json(accessToken(c)));
const tokenOf = async (headers: Record<string, string>) =>
  (await app.request('/', { headers })).json();

describe('accessToken', () => {
  it("reads Access's header first, else its cookie, else nothing", async () => {
    expect(
      await tokenOf({ 'Cf-Access-Jwt-Assertion': 'h.h.h', Cookie: 'CF_Authorization=c.c.c' }),
    ).toEqual({ token: 'h.h.h', from: 'header' });
    expect(await tokenOf({ Cookie: 'a=1; CF_Authorization=c.c.c; b=2' })).toEqual({
      token: 'c.c.c',
      from: 'cookie',
    });
    expect(
      await tokenOf({ 'Cf-Access-Jwt-Assertion': ' ', Cookie: 'CF_Authorization=c.c.c' }),
    ).toEqual({ token: 'c.c.c', from: 'cookie' });
    expect(await tokenOf({ Cookie: 'cf_authorization=c.c.c' })).toBeNull();
    expect(await tokenOf({})).toBeNull();
  });
});

describe('signInUrl', () => {
  it("is the team's login page with the application's AUD tag and the way back", () => {
    const url = new URL(
      signInUrl(
        {
          ok: true,
          issuer: 'http://127.0.0.1:12112',
          certsUrl: 'http://127.0.0.1:12112/cdn-cgi/access/certs',
          audience: 'aud tag',
          standIn: true,
        },
        'http://127.0.0.1:8787/admin?q=a&b',
      ),
    );
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:12112/cdn-cgi/access/login');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      kid: 'aud tag',
      redirect_url: 'http://127.0.0.1:8787/admin?q=a&b',
    });
  });
});
