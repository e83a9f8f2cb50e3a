/**
 * GET /cdn-cgi/access/authorized?token=…&redirect_url=…: the way back from the local Access
 * stand-in's sign-in page (access-sim/), and GET /cdn-cgi/access/logout, the console's "Sign out";
 * both answered only when the team is that stand-in (simulated mode, loopback), 404 anywhere else.
 * At Cloudflare, Access's edge answers these addresses on the application's domain and the Worker
 * never sees them.
 *
 * A cookie can only be set by a response from the checkout's own origin, so the stand-in sends
 * the browser here with the token it minted: the token is verified like any other (so nothing
 * else can plant a cookie), stored as the `CF_Authorization` cookie for /admin, and the browser
 * goes back to the /admin page it asked for (never anywhere else).
 */
import { deleteCookie, setCookie } from 'hono/cookie';
import { Hono } from 'hono/tiny';
import { ACCESS_COOKIE, refuse } from '../middleware/cloudflare-access';
import { resolveAccessConfig } from '../middleware/cloudflare-access/config';
import { verifyAccessToken } from '../middleware/cloudflare-access/verify';
import { requestUrl } from '../middleware/request-url';
import type { AppEnv } from '../types';

/** `redirect_url` if it is a page of this origin's console, else the console's home. */
export function consolePath(redirectUrl: string | undefined, origin: string): string {
  try {
    const url = new URL(redirectUrl ?? '/admin', origin);
    if (url.origin === origin && (url.pathname === '/admin' || url.pathname.startsWith('/admin/')))
      return `${url.pathname}${url.search}`;
  } catch {
    // not a URL: the console's home
  }
  return '/admin';
}

/** Mounted at /cdn-cgi/access. */
export const accessAuthorized = new Hono<AppEnv>()
  .get('/logout', function logoutHandler(c) {
    const url = requestUrl(c);
    const config = resolveAccessConfig(c.env, url);
    if (!config.ok || !config.standIn) return c.notFound();
    // As Access's logout does: the application's cookie goes, then the team's signed-out page.
    c.header('Cache-Control', 'no-store');
    deleteCookie(c, ACCESS_COOKIE, { path: '/admin', httpOnly: true, sameSite: 'Lax' });
    const signedOut = new URL('/cdn-cgi/access/logout', config.issuer);
    signedOut.searchParams.set('redirect_url', `${url.origin}/admin`);
    return c.redirect(signedOut.href, 303);
  })
  .get('/authorized', async function authorizedHandler(c) {
    const url = requestUrl(c);
    const config = resolveAccessConfig(c.env, url);
    if (!config.ok || !config.standIn) return c.notFound();
    // The token is in this URL: keep it out of caches and of the next page's Referer.
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    const token = c.req.query('token') ?? '';
    const identity = token
      ? await verifyAccessToken(token, config)
      : ({ ok: false, reason: 'invalid', detail: 'no token' } as const);
    if (!identity.ok) return refuse(c, identity);
    // The Access user id: logs carry no email (middleware/cloudflare-access).
    c.get('log').admin = identity.id;
    setCookie(c, ACCESS_COOKIE, token, {
      path: '/admin',
      httpOnly: true,
      sameSite: 'Lax',
      maxAge: Math.max(0, identity.expiresAt - Math.floor(Date.now() / 1000)),
    });
    return c.redirect(consolePath(c.req.query('redirect_url'), url.origin), 303);
  });
