/**
 * The Checkout page and its files (public/), served through the Worker so that they carry the
 * same security headers as every other response. The page itself is public/index.html filled in
 * for the reader (src/pages/checkout-page.ts: the shop's shell, their language, the mode's
 * notice). When payments are not configured, the page answers 503 instead of a form that cannot
 * work.
 */
import { Hono } from 'hono/tiny';
import { localeOf } from '../middleware/locale';
import { paymentConfig } from '../middleware/payment-config';
import { requestUrl } from '../middleware/request-url';
import { renderCheckoutPage } from '../pages/checkout-page';
import { openingCart } from '../pages/opening-cart';
import { taxCalculation } from '../tax/calculate';
import type { AppEnv } from '../types';
import { assetVersion, KEPT_FOR_GOOD, keptForGood } from './version';

/** public/index.html, the page's template (read per request, as the file was served before). */
async function pageTemplate(env: Env, url: URL): Promise<string> {
  const response = await env.ASSETS.fetch(new URL('/', url));
  if (!response.ok) throw new Error(`the page template answered ${response.status}`);
  return response.text();
}

export const assets = new Hono<AppEnv>()
  .on('GET', ['/', '/index.html'], paymentConfig(), async function pageHandler(c) {
    const url = requestUrl(c);
    const page = renderCheckoutPage(
      await pageTemplate(c.env, url),
      localeOf(c),
      c.var.payment.mode,
      assetVersion(c.env),
      openingCart(localeOf(c), url.searchParams.get('product'), taxCalculation(c.env)),
      c.var.payment.ui,
    );
    return c.html(page, 200, { 'Cache-Control': 'no-cache' });
  })
  .get('*', async function assetsHandler(c) {
    c.get('log').asset = true;
    const response = await c.env.ASSETS.fetch(c.req.raw);
    // No such file: the same friendly not-found page (or JSON) as every other unknown address.
    if (response.status === 404) return c.notFound();
    // A fresh Response: the one from the binding has immutable headers.
    const answer = new Response(response.body, response);
    // Otherwise the binding's `max-age=0, must-revalidate`: a page's stylesheet would wait for a
    // round trip (304) on every view.
    const found = response.ok || response.status === 304;
    if (found && keptForGood(requestUrl(c), assetVersion(c.env)))
      answer.headers.set('Cache-Control', KEPT_FOR_GOOD);
    return answer;
  });
