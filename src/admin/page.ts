/**
 * The console's page: static files of public/admin/ (index.html, and console.js and console.css
 * built from client/admin/), served through the Worker behind the same gate as the API, so that
 * not even the page reaches anyone Access did not let in. /admin and /admin/ are the page.
 */
import { Hono } from 'hono/tiny';
import type { AppEnv } from '../types';

export const page = new Hono<AppEnv>().get('*', async function pageHandler(c) {
  const url = new URL(c.req.url);
  // Workers static assets serve a folder's index.html at its path with a trailing slash.
  if (url.pathname === '/admin') url.pathname = '/admin/';
  c.get('log').asset = true;
  const response = await c.env.ASSETS.fetch(new Request(url, c.req.raw));
  if (response.status === 404) return c.notFound();
  return new Response(response.body, response);
});
