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
import { layout, loopbackPage } from './layout';
import { mintToken } from './token';
import { TokenBody } from './dev';

const NO_AUD = 'kid (the application AUD tag) is missing, and ACCESS_AUD is not set.';

interface Form {
  email: string;
  redirectUrl: string;
  aud: string;
  error?: string;
}

function page({ email, redirectUrl, aud, error }: Form, host: string) {
  return layout(
    'Sign in',
    html`<h1>Sign in</h1>
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
</form>`,
  );
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
