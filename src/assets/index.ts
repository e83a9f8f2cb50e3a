/**
 * The Checkout page and its files (public/), served through the Worker so that they carry the
 * same security headers as every other response. The page itself is public/index.html filled in
 * for the reader (src/pages/checkout-page.ts: the shop's shell, their language, the mode's
 * notice). When payments are not configured, the page answers 503 instead of a form that cannot
 * work.
 */
import { Hono } from 'hono/tiny';
import { resolvePaymentConfig } from '../config';
import { localeOf } from '../middleware/locale';
import { renderCheckoutPage } from '../pages/checkout-page';
import { problem } from '../pages/problem';
import { MESSAGES } from '../stripe/messages';
import type { AppEnv } from '../types';

/** public/index.html, the page's template (read per request, as the file was served before). */
async function pageTemplate(env: Env, url: URL): Promise<string> {
  const response = await env.ASSETS.fetch(new URL('/', url));
  if (!response.ok) throw new Error(`the page template answered ${response.status}`);
  return response.text();
}

export const assets = new Hono<AppEnv>().on(['GET', 'HEAD'], '*', async function assetsHandler(c) {
  const url = new URL(c.req.url);
  if (url.pathname === '/' || url.pathname === '/index.html') {
    const config = resolvePaymentConfig(c.env, url);
    if (!config.ok) {
      Object.assign(c.get('log'), {
        problem: 'payments.refused',
        reason: config.reason,
        detail: config.detail,
      });
      return problem(c, 503, { code: 'payments_not_configured', message: MESSAGES.notConfigured });
    }
    const page = renderCheckoutPage(await pageTemplate(c.env, url), localeOf(c), config.mode);
    return c.html(page, 200, { 'Cache-Control': 'no-cache' });
  }
  c.get('log').asset = true;
  const response = await c.env.ASSETS.fetch(c.req.raw);
  // No such file: the same friendly not-found page (or JSON) as every other unknown address.
  if (response.status === 404) return c.notFound();
  // A fresh Response: the one from the binding has immutable headers.
  return new Response(response.body, response);
});
