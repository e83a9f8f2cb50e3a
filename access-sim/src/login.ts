/**
 * The sign-in page: GET /cdn-cgi/access/login?kid=<AUD tag>&redirect_url=<page>, where Access
 * sends a browser that has no session. Any email is accepted, with no password. On submit, the
 * browser goes to `<page's origin>/cdn-cgi/access/authorized?token=…&redirect_url=<page>`: a
 * cookie for the application can only be set by a response from the application's origin, so,
 * as Access's edge does, that address takes the token and sets `CF_Authorization` (the checkout
 * answers it only when this stand-in is its team, in simulated mode).
 *
 * Only loopback pages are served: the stand-in never hands a token to another site.
 */
import { html } from 'hono/html';
import { Hono } from 'hono';
import * as v from 'valibot';
import type { Env } from './env';
import { mintToken } from './token';
import { TokenBody } from './dev';

const NO_AUD = 'kid (the application AUD tag) is missing, and ACCESS_AUD is not set.';

interface Form {
  email: string;
  redirectUrl: string;
  aud: string;
  error?: string;
}

/** The page to go back to, if it is an http(s) page on this machine. */
function loopbackPage(value: string | undefined): URL | null {
  try {
    const url = new URL(value ?? '');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const loopback = host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
    return loopback && (url.protocol === 'http:' || url.protocol === 'https:') ? url : null;
  } catch {
    return null;
  }
}

function page({ email, redirectUrl, aud, error }: Form, host: string) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Cloudflare Access (local stand-in)</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d1f20; }
  main { max-width: 26rem; margin: 4rem auto; padding: 2rem; background: #fff; border-radius: 8px; }
  h1 { font-size: 1.5rem; margin: 0 0 1rem; }
  label { display: block; font-weight: 600; margin-top: 1.5rem; }
  input { box-sizing: border-box; width: 100%; font: inherit; padding: .5rem; margin-top: .25rem;
    border: 1px solid #6b6f73; border-radius: 4px; }
  input[aria-invalid="true"] { border-color: #b3261e; }
  .error { color: #b3261e; margin: .25rem 0 0; }
  button { margin-top: 1.5rem; font: inherit; font-weight: 600; padding: .6rem 1.2rem; border: 0;
    border-radius: 4px; background: #1a4fa3; color: #fff; cursor: pointer; }
  :focus-visible { outline: 3px solid #1a4fa3; outline-offset: 2px; }
</style>
</head>
<body>
<main>
<h1>Sign in</h1>
<p>to <strong>${host}</strong>, through the local stand-in for Cloudflare Access. Any email is
accepted, with no password: this page only exists on your machine.</p>
<form method="post" action="/cdn-cgi/access/login">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${email}"
${error ? html`aria-invalid="true" aria-describedby="email-error"` : ''}>
${error ? html`<p id="email-error" class="error">${error}</p>` : ''}
<input type="hidden" name="redirect_url" value="${redirectUrl}">
<input type="hidden" name="kid" value="${aud}">
<button type="submit">Sign in</button>
</form>
</main>
</body>
</html>`;
}

export const login = new Hono<{ Bindings: Env }>()
  .get('/', (c) => {
    const back = loopbackPage(c.req.query('redirect_url'));
    if (!back) return c.text('redirect_url must be a page on this machine (loopback).', 400);
    const aud = c.req.query('kid') || c.env.ACCESS_AUD;
    if (!aud) return c.text(NO_AUD, 400);
    return c.html(page({ email: '', redirectUrl: back.href, aud }, back.host));
  })
  .post('/', async (c) => {
    const form = await c.req.parseBody();
    const field = (name: string) => (typeof form[name] === 'string' ? form[name] : '');
    const back = loopbackPage(field('redirect_url'));
    if (!back) return c.text('redirect_url must be a page on this machine (loopback).', 400);
    const aud = field('kid') || c.env.ACCESS_AUD;
    if (!aud) return c.text(NO_AUD, 400);
    const email = v.safeParse(TokenBody.entries.email, field('email'));
    if (!email.success) {
      const error = field('email')
        ? 'Enter an email address such as you@example.com.'
        : 'Enter your email.';
      return c.html(
        page({ email: field('email'), redirectUrl: back.href, aud, error }, back.host),
        400,
      );
    }
    const token = await mintToken(new URL(c.req.url).origin, { email: email.output, aud });
    const authorized = new URL('/cdn-cgi/access/authorized', back.origin);
    authorized.search = new URLSearchParams({ token, redirect_url: back.href }).toString();
    return c.redirect(authorized.href, 303);
  });
