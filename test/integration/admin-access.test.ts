/**
 * /admin behind Cloudflare Access, through the Worker's fetch handler: every path needs a token
 * the team signed for this application; anything else gets 401/403 (or 404 with Access off) and
 * never a byte of the console. Tokens come from the Access stand-in (access-sim/), bad ones from
 * jose here.
 */
import {
  exportSPKI,
  generateKeyPair,
  importJWK,
  importX509,
  jwtVerify,
  SignJWT,
  UnsecuredJWT,
  decodeJwt,
  type JWK,
} from 'jose';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { COOLDOWN_MS } from '../../src/middleware/cloudflare-access/verify';
import { accessSim, accessVars, adminFetch, certsFetches, mint, newTeam } from '../support/access';
import { ACCESS_SIM_ORIGIN, ACCESS_TEST_AUD } from '../support/access-env';
import { CHECKOUT_ORIGIN } from '../support/env';

const ADA = 'ada@shop.example';
const DEPLOYED = 'https://shop.example.com';
/** A deployment's settings: Stripe test keys, no simulator, so not simulated mode. */
const TEST_MODE = { STRIPE_API_BASE: undefined };

interface CertsDocument {
  keys: JWK[];
  public_cert: { kid: string; cert: string };
  public_certs: { kid: string; cert: string }[];
}

async function certsOf(team: string): Promise<CertsDocument> {
  return (await accessSim(team, '/cdn-cgi/access/certs')).json();
}

const now = () => Math.floor(Date.now() / 1000);

/** The Access user id (`sub`) of a token. */
const subOf = (token: string) => decodeJwt(token).sub;

/** The claims a good token of `team` carries, for tokens made here. */
const claims = (team: string) => ({ email: ADA, type: 'app', iss: team, aud: [ACCESS_TEST_AUD] });

let lines: string[] = [];
let spies: MockInstance[] = [];
beforeEach(() => {
  lines = [];
  spies = (['log', 'warn', 'error'] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation((line: unknown) => void lines.push(String(line))),
  );
});
afterEach(() => spies.forEach((spy) => spy.mockRestore()));

/** The request log line of the last request to the checkout. */
function lastRequestLog(): Record<string, unknown> {
  const line = lines.filter((l) => l.includes('"event":"request"')).at(-1);
  expect(line, 'a request log line').toBeDefined();
  return JSON.parse(line!);
}

/** A refusal: the status, the error code, and nothing of the console in the body. */
async function expectRefused(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = await response.json();
  expect(body).toEqual({ error: { code, message: expect.any(String) } });
  expect(JSON.stringify(body)).not.toContain(ADA);
}

const session = (init: Parameters<typeof adminFetch>[1] = {}) =>
  adminFetch('/admin/api/session', init);
const bearing = (token: string, init: Parameters<typeof adminFetch>[1] = {}) =>
  session({ ...init, headers: { 'Cf-Access-Jwt-Assertion': token } });

describe('a valid Access token', () => {
  it('in the Cf-Access-Jwt-Assertion header opens /admin/api/session, which says who it is', async () => {
    const token = await mint(ACCESS_SIM_ORIGIN);
    const response = await bearing(token);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ email: ADA });
    // Who did what: the admin's Access user id on the request's log line, not their email (logs
    // carry none); the token nowhere.
    const line = lastRequestLog();
    expect(line).toMatchObject({
      route: '/admin/api/session',
      admin: subOf(token),
      access_token: 'header',
    });
    expect(line.admin).toEqual(expect.any(String));
    expect(line.admin).not.toMatch(/@/);
    expect(lines.join('\n')).not.toContain(token);
    expect(lines.join('\n')).not.toContain(ADA);
  });

  it("carries the same `sub` at every sign-in of one person, another for another's", async () => {
    const [first, again] = [await mint(ACCESS_SIM_ORIGIN), await mint(ACCESS_SIM_ORIGIN)];
    const other = await mint(ACCESS_SIM_ORIGIN, { email: 'grace@shop.example' });
    expect(subOf(first)).toEqual(expect.any(String));
    expect(subOf(again)).toBe(subOf(first));
    expect(subOf(other)).not.toBe(subOf(first));
  });

  it('in the CF_Authorization cookie works the same', async () => {
    const token = await mint(ACCESS_SIM_ORIGIN);
    const response = await session({ headers: { Cookie: `other=1; CF_Authorization=${token}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ email: ADA });
    expect(lastRequestLog()).toMatchObject({ admin: subOf(token), access_token: 'cookie' });
  });

  it('in the header wins over the cookie: a bad header is refused whatever the cookie says', async () => {
    const good = await mint(ACCESS_SIM_ORIGIN);
    const response = await session({
      headers: { 'Cf-Access-Jwt-Assertion': 'not.a.jwt', Cookie: `CF_Authorization=${good}` },
    });
    await expectRefused(response, 403, 'access_denied');
  });

  it('of a deployed checkout (https team, test mode) is accepted too', async () => {
    const team = newTeam();
    const response = await bearing(await mint(team), {
      origin: DEPLOYED,
      vars: { ...TEST_MODE, ...accessVars(team) },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ email: ADA });
  });

  it('gets the 404 of an unknown address for paths the console does not have', async () => {
    const response = await adminFetch('/admin/api/nothing-here', {
      headers: { 'Cf-Access-Jwt-Assertion': await mint(ACCESS_SIM_ORIGIN) },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('without a valid token, every /admin path is refused', () => {
  it('no token: 401 on every path and method, with no data', async () => {
    for (const [path, method] of [
      ['/admin', 'GET'],
      ['/admin/', 'GET'],
      ['/admin/api/session', 'GET'],
      ['/admin/api/orders/search', 'POST'],
      ['/admin/api/orders/1/refunds', 'POST'],
      ['/admin/index.html', 'HEAD'],
    ] as const) {
      const response = await adminFetch(path, { method, headers: { Origin: CHECKOUT_ORIGIN } });
      expect(response.status, `${method} ${path}`).toBe(401);
      if (method !== 'HEAD') await expectRefused(response, 401, 'access_required');
    }
    expect(lastRequestLog()).toMatchObject({ problem: 'access.missing' });
  });

  it('signed by another key, under the team key id or another: 403', async () => {
    const { keys } = await certsOf(ACCESS_SIM_ORIGIN);
    const { privateKey } = await generateKeyPair('RS256');
    for (const kid of [keys[1]!.kid!, 'a-key-the-team-never-had']) {
      const forged = await new SignJWT(claims(ACCESS_SIM_ORIGIN))
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey);
      await expectRefused(await bearing(forged), 403, 'access_denied');
    }
  });

  it('expired: 403, and the log says why', async () => {
    const token = await mint(ACCESS_SIM_ORIGIN, { iat: now() - 7200, exp: now() - 120 });
    await expectRefused(await bearing(token), 403, 'access_denied');
    expect(lastRequestLog()).toMatchObject({
      problem: 'access.invalid',
      detail: 'ERR_JWT_EXPIRED (exp)',
    });
  });

  it('not yet valid: 403', async () => {
    const token = await mint(ACCESS_SIM_ORIGIN, { nbf: now() + 120 });
    await expectRefused(await bearing(token), 403, 'access_denied');
    expect(lastRequestLog()).toMatchObject({ detail: 'ERR_JWT_CLAIM_VALIDATION_FAILED (nbf)' });
  });

  it('for another application (aud): 403', async () => {
    const token = await mint(ACCESS_SIM_ORIGIN, { aud: 'another-access-application' });
    await expectRefused(await bearing(token), 403, 'access_denied');
    expect(lastRequestLog()).toMatchObject({ detail: 'ERR_JWT_CLAIM_VALIDATION_FAILED (aud)' });
  });

  it('from another team (iss): 403, even signed with this team key', async () => {
    await expectRefused(await bearing(await mint(newTeam())), 403, 'access_denied');
    const token = await mint(ACCESS_SIM_ORIGIN, { iss: 'https://other.cloudflareaccess.com' });
    await expectRefused(await bearing(token), 403, 'access_denied');
    expect(lastRequestLog()).toMatchObject({ detail: 'ERR_JWT_CLAIM_VALIDATION_FAILED (iss)' });
  });

  it('with alg "none": 403', async () => {
    const unsigned = new UnsecuredJWT(claims(ACCESS_SIM_ORIGIN))
      .setIssuedAt()
      .setExpirationTime('1h')
      .encode();
    await expectRefused(await bearing(unsigned), 403, 'access_denied');
    expect(lastRequestLog()).toMatchObject({ detail: 'ERR_JOSE_ALG_NOT_ALLOWED' });
  });

  it('HS256-signed with the team public key as the secret (algorithm confusion): 403', async () => {
    const { keys } = await certsOf(ACCESS_SIM_ORIGIN);
    const jwk = keys[1]!;
    const publicKey = await importJWK(jwk, 'RS256', { extractable: true });
    if (publicKey instanceof Uint8Array) throw new Error('an RSA JWK imports as a CryptoKey');
    const pem = await exportSPKI(publicKey);
    for (const secret of [pem, pem.trim(), JSON.stringify(jwk)]) {
      const forged = await new SignJWT(claims(ACCESS_SIM_ORIGIN))
        .setProtectedHeader({ alg: 'HS256', kid: jwk.kid })
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(secret));
      await expectRefused(await bearing(forged), 403, 'access_denied');
    }
    expect(lastRequestLog()).toMatchObject({ detail: 'ERR_JOSE_ALG_NOT_ALLOWED' });
  });

  it('without a `sub` (Access always sends one): 403', async () => {
    const token = await mint(ACCESS_SIM_ORIGIN, { sub: '' });
    expect(subOf(token)).toBeUndefined();
    await expectRefused(await bearing(token), 403, 'access_denied');
    expect(lastRequestLog()).toMatchObject({ detail: 'no sub claim' });
  });

  it('garbage in the header or the cookie: 403', async () => {
    await expectRefused(await bearing('garbage'), 403, 'access_denied');
    const cookie = await session({ headers: { Cookie: 'CF_Authorization=a.b.c' } });
    await expectRefused(cookie, 403, 'access_denied');
  });
});

describe('Access off or misconfigured: 404, never open', () => {
  it('ACCESS_* unset: every /admin path answers 404, even with a valid token', async () => {
    const token = await mint(ACCESS_SIM_ORIGIN);
    const unset = { ACCESS_TEAM_DOMAIN: undefined, ACCESS_AUD: undefined };
    for (const [path, method] of [
      ['/admin', 'GET'],
      ['/admin/api/session', 'GET'],
      ['/admin/api/session', 'POST'],
    ] as const) {
      const response = await adminFetch(path, {
        method,
        vars: unset,
        headers: { 'Cf-Access-Jwt-Assertion': token, Origin: 'https://evil.example' },
      });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
    }
  });

  it('one of the two unset: 404, and the log names the missing one', async () => {
    const token = await mint(ACCESS_SIM_ORIGIN);
    const response = await bearing(token, {
      vars: { ACCESS_TEAM_DOMAIN: ACCESS_SIM_ORIGIN, ACCESS_AUD: ' ' },
    });
    expect(response.status).toBe(404);
    expect(lastRequestLog()).toMatchObject({
      level: 'warn',
      problem: 'access.misconfigured',
      detail: expect.stringMatching(/^ACCESS_AUD is not set/),
    });
  });

  it('a plain-http team domain outside simulated mode: 404, named in the log, keys never fetched', async () => {
    const token = await mint(ACCESS_SIM_ORIGIN);
    const before = await certsFetches(ACCESS_SIM_ORIGIN);
    for (const init of [
      // A deployed checkout, whatever its other settings.
      { origin: DEPLOYED, vars: accessVars() },
      { origin: DEPLOYED, vars: { ...TEST_MODE, ...accessVars() } },
      // A local checkout that is not in simulated mode (Stripe itself).
      { vars: { ...TEST_MODE, ...accessVars() } },
      // Simulated mode, but a team that is not on this machine.
      { vars: accessVars('http://team.cloudflareaccess.com') },
    ]) {
      const response = await bearing(token, init);
      expect(response.status).toBe(404);
      expect(lastRequestLog()).toMatchObject({
        problem: 'access.misconfigured',
        detail: expect.stringContaining('ACCESS_TEAM_DOMAIN uses plain http'),
      });
    }
    expect(await certsFetches(ACCESS_SIM_ORIGIN)).toBe(before);
  });

  it('a team domain that is not a domain: 404', async () => {
    for (const team of ['https://team.cloudflareaccess.com/cdn-cgi', 'ftp://team.example', '::']) {
      const response = await session({ vars: accessVars(team) });
      expect(response.status, team).toBe(404);
      expect(lastRequestLog()).toMatchObject({ problem: 'access.misconfigured' });
    }
  });
});

describe("the team's keys", () => {
  it('are fetched once per isolate, not once per request', async () => {
    const team = newTeam();
    const vars = accessVars(team);
    for (let i = 0; i < 3; i++)
      expect(
        (await bearing(await mint(team, { email: `a${i}@shop.example` }), { vars })).status,
      ).toBe(200);
    expect(await certsFetches(team)).toBe(1);
  });

  it('follow a rotation: a new key is fetched for (at most once per cooldown); the previous still works', async () => {
    const team = newTeam();
    const vars = accessVars(team);
    const before = await mint(team);
    expect((await bearing(before, { vars })).status).toBe(200);
    const { kid } = (await (await accessSim(team, '/_dev/rotate', { method: 'POST' })).json()) as {
      kid: string;
    };
    const after = await mint(team);
    expect(JSON.parse(atob(after.split('.')[0]!))).toMatchObject({ kid });

    // Within the cooldown, an unknown key id does not make the checkout fetch again.
    await expectRefused(await bearing(after, { vars }), 403, 'access_denied');
    expect(await certsFetches(team)).toBe(1);

    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + COOLDOWN_MS + 1000);
      expect((await bearing(after, { vars })).status).toBe(200);
      expect(await certsFetches(team)).toBe(2);
      // Access keeps the previous key listed: tokens it signed still verify.
      expect((await bearing(before, { vars })).status).toBe(200);
      expect(await certsFetches(team)).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('out of reach: 503, then fine again once the team answers', async () => {
    const team = newTeam();
    const vars = accessVars(team);
    await accessSim(team, '/_dev/faults', {
      method: 'POST',
      body: JSON.stringify({ certs: 'error' }),
      headers: { 'Content-Type': 'application/json' },
    });
    const token = await mint(team);
    await expectRefused(await bearing(token, { vars }), 503, 'access_unavailable');
    expect(lastRequestLog()).toMatchObject({ level: 'error', problem: 'access.unavailable' });
    await accessSim(team, '/_dev/faults', {
      method: 'POST',
      body: JSON.stringify({ certs: null }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect((await bearing(token, { vars })).status).toBe(200);
  });

  it('too slow to answer: the fetch times out and the request gets 503', async () => {
    const team = newTeam();
    await accessSim(team, '/_dev/faults', {
      method: 'POST',
      body: JSON.stringify({ certs: 'stall' }),
      headers: { 'Content-Type': 'application/json' },
    });
    const response = await bearing(await mint(team), { vars: accessVars(team) });
    await expectRefused(response, 503, 'access_unavailable');
    expect(lastRequestLog()).toMatchObject({ detail: expect.stringContaining('JWKSTimeout') });
  });
});

describe('writes to /admin', () => {
  it('from another origin: 403, even signed in; from the console itself they go through', async () => {
    const token = await mint(ACCESS_SIM_ORIGIN);
    const post = (headers: Record<string, string>) =>
      adminFetch('/admin/api/session', {
        method: 'POST',
        headers: {
          'Cf-Access-Jwt-Assertion': token,
          'Content-Type': 'application/json',
          ...headers,
        },
        body: '{}',
      });
    await expectRefused(await post({ Origin: 'https://evil.example' }), 403, 'cross_origin');
    await expectRefused(await post({ 'Sec-Fetch-Site': 'cross-site' }), 403, 'cross_origin');
    // The same request from the console's origin reaches the router (no POST there: 404).
    expect((await post({ Origin: CHECKOUT_ORIGIN, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(
      404,
    );
  });
});

describe('signing in through the local stand-in (simulated mode)', () => {
  const page = { Accept: 'text/html,application/xhtml+xml' };

  it('sends a browser without a cookie to the sign-in page, and back with one', async () => {
    const start = await adminFetch('/admin/api/session?x=1', { headers: page });
    expect(start.status).toBe(302);
    const login = new URL(start.headers.get('location')!);
    expect(login.origin + login.pathname).toBe(`${ACCESS_SIM_ORIGIN}/cdn-cgi/access/login`);
    expect(Object.fromEntries(login.searchParams)).toEqual({
      kid: ACCESS_TEST_AUD,
      redirect_url: `${CHECKOUT_ORIGIN}/admin/api/session?x=1`,
    });

    const form = await browse(login.href);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('<label for="email">Email</label>');
    expect(html).toMatch(
      /<input id="email" name="email" type="email" autocomplete="email" required/,
    );

    const submitted = await browse(`${ACCESS_SIM_ORIGIN}/cdn-cgi/access/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        email: 'Grace@Shop.Example',
        redirect_url: `${CHECKOUT_ORIGIN}/admin/api/session?x=1`,
        kid: ACCESS_TEST_AUD,
      }).toString(),
    });
    expect(submitted.status).toBe(303);
    const authorized = new URL(submitted.headers.get('location')!);
    expect(authorized.origin + authorized.pathname).toBe(
      `${CHECKOUT_ORIGIN}/cdn-cgi/access/authorized`,
    );

    const back = await adminFetch(authorized.pathname + authorized.search, { headers: page });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/admin/api/session?x=1');
    expect(back.headers.get('referrer-policy')).toBe('no-referrer');
    const cookie = back.headers.get('set-cookie')!;
    expect(cookie).toMatch(
      /^CF_Authorization=[\w-]+\.[\w-]+\.[\w-]+; Max-Age=3\d{3}; Path=\/admin; HttpOnly; SameSite=Lax$/,
    );
    const token = authorized.searchParams.get('token')!;
    expect(lastRequestLog()).toMatchObject({ admin: subOf(token) });
    expect(lines.join('\n')).not.toContain(token);

    const signedIn = await session({ headers: { Cookie: cookie.split(';')[0]! } });
    expect(await signedIn.json()).toEqual({ email: 'grace@shop.example' });
  });

  it('sends a browser with an expired cookie to sign in again', async () => {
    const token = await mint(ACCESS_SIM_ORIGIN, { iat: now() - 7200, exp: now() - 120 });
    const response = await adminFetch('/admin', {
      headers: { ...page, Cookie: `CF_Authorization=${token}` },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(
      /^http:\/\/127\.0\.0\.1:12112\/cdn-cgi\/access\/login\?/,
    );
  });

  it('answers scripts 401, and browsers of a real Access team too (Access never lets them through)', async () => {
    await expectRefused(await session(), 401, 'access_required');
    const team = newTeam();
    const deployed = await adminFetch('/admin', {
      headers: page,
      origin: DEPLOYED,
      vars: { ...TEST_MODE, ...accessVars(team) },
    });
    expect(deployed.status).toBe(401);
    expect(await deployed.text()).toContain('Please sign in');
  });

  it('/cdn-cgi/access/authorized sets no cookie for a bad token, and only sends back to /admin', async () => {
    const bad = await adminFetch('/cdn-cgi/access/authorized?token=a.b.c&redirect_url=/admin');
    expect(bad.status).toBe(403);
    expect(bad.headers.get('set-cookie')).toBeNull();

    const token = await mint(ACCESS_SIM_ORIGIN);
    for (const away of [
      'https://evil.example/admin',
      '//evil.example/admin',
      '/charge',
      '/admin/../x',
    ]) {
      const response = await adminFetch(
        `/cdn-cgi/access/authorized?${new URLSearchParams({ token, redirect_url: away })}`,
      );
      expect(response.status).toBe(303);
      expect(response.headers.get('location'), away).toBe('/admin');
    }
  });

  it('/cdn-cgi/access/authorized does not exist unless the team is the local stand-in', async () => {
    const team = newTeam();
    const token = await mint(team);
    for (const init of [
      { vars: accessVars(team) },
      { origin: DEPLOYED, vars: { ...TEST_MODE, ...accessVars(team) } },
      { vars: { ACCESS_TEAM_DOMAIN: undefined, ACCESS_AUD: undefined } },
    ]) {
      const response = await adminFetch(`/cdn-cgi/access/authorized?token=${token}`, init);
      expect(response.status).toBe(404);
      expect(response.headers.get('set-cookie')).toBeNull();
    }
  });
});

describe('the console page and signing out', () => {
  it('serves the page and its files behind the gate, never to anyone without a token', async () => {
    const token = await mint(ACCESS_SIM_ORIGIN);
    for (const path of ['/admin', '/admin/']) {
      const page = await adminFetch(path, { headers: { 'Cf-Access-Jwt-Assertion': token } });
      expect(page.status, path).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await page.text()).toContain('<script type="module" src="/admin/console.js">');
    }
    const script = await adminFetch('/admin/console.js', {
      headers: { 'Cf-Access-Jwt-Assertion': token },
    });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    for (const path of ['/admin/console.js', '/admin/console.css'])
      await expectRefused(await adminFetch(path), 401, 'access_required');
    const missing = await adminFetch('/admin/nothing.js', {
      headers: { 'Cf-Access-Jwt-Assertion': token },
    });
    expect(missing.status).toBe(404);
  });

  it("signs out: the cookie goes, and the stand-in's signed-out page offers to sign in again", async () => {
    const out = await adminFetch('/cdn-cgi/access/logout');
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/^CF_Authorization=; Max-Age=0; Path=\/admin;/);
    const page = new URL(out.headers.get('location')!);
    expect(page.origin + page.pathname).toBe(`${ACCESS_SIM_ORIGIN}/cdn-cgi/access/logout`);
    expect(page.searchParams.get('redirect_url')).toBe(`${CHECKOUT_ORIGIN}/admin`);
    const signedOut = await browse(page.href);
    expect(signedOut.status).toBe(200);
    const html = await signedOut.text();
    expect(html).toContain('<h1>You are signed out</h1>');
    expect(html).toContain(`<a class="button" href="${CHECKOUT_ORIGIN}/admin">Sign in again</a>`);
    // Deployed, Access's edge answers this address, never the Worker.
    const team = newTeam();
    const deployed = await adminFetch('/cdn-cgi/access/logout', {
      origin: DEPLOYED,
      vars: { ...TEST_MODE, ...accessVars(team) },
    });
    expect(deployed.status).toBe(404);
  });
});

describe('the Access stand-in', () => {
  it("serves its keys in Access's shape: two JWKs, the current one also as a certificate", async () => {
    const certs = await certsOf(ACCESS_SIM_ORIGIN);
    expect(certs.keys).toHaveLength(2);
    for (const key of certs.keys)
      expect(key).toEqual({
        kid: expect.stringMatching(/^[0-9a-f]{64}$/),
        kty: 'RSA',
        alg: 'RS256',
        use: 'sig',
        e: 'AQAB',
        n: expect.any(String),
      });
    expect(certs.public_cert.kid).toBe(certs.keys[1]!.kid);
    expect(certs.public_certs.map((c) => c.kid)).toEqual(certs.keys.map((k) => k.kid));
    // The certificate holds the key that signs: a token verifies with the key read from it.
    const key = await importX509(certs.public_cert.cert, 'RS256');
    const { payload, protectedHeader } = await jwtVerify(await mint(ACCESS_SIM_ORIGIN), key, {
      issuer: ACCESS_SIM_ORIGIN,
      audience: ACCESS_TEST_AUD,
    });
    expect(protectedHeader).toEqual({ alg: 'RS256', kid: certs.public_cert.kid, typ: 'JWT' });
    expect(payload).toEqual({
      email: ADA,
      type: 'app',
      iss: ACCESS_SIM_ORIGIN,
      aud: [ACCESS_TEST_AUD],
      sub: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
      iat: expect.any(Number),
      nbf: payload.iat,
      exp: payload.iat! + 3600,
    });
  });

  it('keeps the same sub for the same person', async () => {
    const sub = async (email: string) =>
      JSON.parse(atob((await mint(ACCESS_SIM_ORIGIN, { email })).split('.')[1]!)).sub;
    expect(await sub('ada@shop.example')).toBe(await sub('ada@shop.example'));
    expect(await sub('ada@shop.example')).not.toBe(await sub('grace@shop.example'));
  });

  it('refuses bad requests: no email, a page that is not on this machine', async () => {
    const token = await accessSim(ACCESS_SIM_ORIGIN, '/_dev/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'nobody' }),
    });
    expect(token.status).toBe(400);
    expect(await token.json()).toEqual({ error: 'email: email must be an email address' });

    const away = await browse(
      `${ACCESS_SIM_ORIGIN}/cdn-cgi/access/login?redirect_url=${encodeURIComponent('https://evil.example/admin')}`,
    );
    expect(away.status).toBe(400);

    const blank = await browse(`${ACCESS_SIM_ORIGIN}/cdn-cgi/access/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        email: 'not-an-email',
        redirect_url: `${CHECKOUT_ORIGIN}/admin`,
      }).toString(),
    });
    expect(blank.status).toBe(400);
    const html = await blank.text();
    expect(html).toContain('aria-invalid="true" aria-describedby="email-error"');
    expect(html).toContain('<p id="email-error" class="error">Enter an email address');
    expect(html).toContain('value="not-an-email"');
  });
});

/** A browser's request to the stand-in (no redirects followed). */
function browse(url: string, init: RequestInit = {}): Promise<Response> {
  return accessSim(new URL(url).origin, url, { redirect: 'manual', ...init });
}
