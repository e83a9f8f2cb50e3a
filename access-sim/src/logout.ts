/**
 * GET /cdn-cgi/access/logout?redirect_url=<page>: the signed-out page, where an application's own
 * /cdn-cgi/access/logout sends the browser once it has dropped the application's cookie (the
 * checkout does so in simulated mode). The stand-in keeps no session, so there is nothing else
 * to end. "Sign in again" goes back to the page, if it is on this machine.
 */
import { html } from 'hono/html';
import { Hono } from 'hono';
import type { Env } from './env';
import { layout, loopbackPage } from './layout';

export const logout = new Hono<{ Bindings: Env }>().get('/', (c) => {
  const back = loopbackPage(c.req.query('redirect_url'));
  return c.html(
    layout(
      'Signed out',
      html`<h1>You are signed out</h1>
<p>Your sign-in to ${back ? html`<strong>${back.host}</strong>` : 'the application'} has ended.</p>
${back ? html`<p><a class="button" href="${back.href}">Sign in again</a></p>` : ''}`,
    ),
  );
});
