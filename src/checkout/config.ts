/**
 * GET /config: the public data the Checkout page needs, and nothing else (no secret key, no
 * internal settings). Prices come from the catalog, so the page only displays them; names and
 * descriptions are in the reader's language (the page sends its own as Accept-Language).
 */
import { Hono } from 'hono/tiny';
import { PRODUCTS, MAX_QUANTITY, productText } from '../catalog';
import {
  readVar,
  resolveCheckoutConfig,
  type CheckoutUi,
  type Mode,
  type PaymentConfig,
} from '../config';
import { negotiate, type Language } from '../i18n';
import { localeOf, writeLanguageHeaders } from '../middleware/locale';
import { paymentConfig } from '../middleware/payment-config';
import { writeSecurityHeaders } from '../middleware/security-headers';
import { serverTimingOf } from '../middleware/server-timing';
import { memo } from '../memo';
import { SHIPPING } from '../shipping';
import { newWaits } from '../timing';
import type { AppEnv } from '../types';

/**
 * The answer's JSON for one configuration and language: the same for every request that has them,
 * so it is written once per isolate (a dozen or so keys: four languages, one configuration).
 */
const answer = memo(
  16,
  (
    mode: Mode,
    ui: CheckoutUi,
    publishableKey: string,
    stripeJs: string,
    language: Language,
    turnstileSiteKey: string,
  ): string =>
    JSON.stringify({
      mode,
      ui,
      publishableKey,
      stripeJs,
      maxQuantity: MAX_QUANTITY,
      // Where shippable products go: the page's address form offers only these countries.
      shippingCountries: SHIPPING.countries,
      products: PRODUCTS.map((product) => ({
        id: product.id,
        ...productText(product, language),
        unitAmount: product.unitAmount,
        currency: product.currency,
        ...(product.image ? { image: product.image } : {}),
        shippable: product.shippable,
      })),
      // Present only when Cloudflare Turnstile is configured: the page then shows the widget.
      ...(turnstileSiteKey ? { turnstileSiteKey } : {}),
    }),
);

const bodyOf = (payment: PaymentConfig, language: Language, turnstileSiteKey: string) =>
  answer(
    payment.mode,
    payment.ui,
    payment.publishableKey,
    payment.stripeJs,
    language,
    turnstileSiteKey,
  );

const JSON_NO_STORE = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };

/**
 * GET /config through the app (mounted at /config): HEAD, and a deployment that cannot take
 * payments (503 with its log line, from the payment-config middleware). A GET of a configured
 * deployment is answered before the app by `configFastPath`, with the same body and headers.
 */
export const config = new Hono<AppEnv>().get('/', paymentConfig(), function configHandler(c) {
  const body = bodyOf(
    c.get('payment'),
    localeOf(c).language,
    readVar(c.env, 'TURNSTILE_SITE_KEY') ?? '',
  );
  return c.body(body, 200, JSON_NO_STORE);
});

/**
 * An answer of the fast path: its body, and a response with every header but Server-Timing, whose
 * headers each answer copies (natively: cheaper than building them from JS values every time).
 */
interface Prepared {
  body: string;
  headers: Response;
}

/**
 * Prepared answers by configuration (decided once per isolate) and by what else they depend on:
 * Turnstile's site key, the request's Accept-Language and ?lang=. Client input, so bounded.
 */
const prepared = new WeakMap<PaymentConfig, Map<string, Prepared>>();
const PREPARED_LIMIT = 32;

/** GET /config makes no I/O: nothing waited on. */
const NO_WAITS = newWaits();

/**
 * GET /config before the app's routing and middleware (src/index.ts). Its answer depends only on
 * the deployment's variables and the reader's language, so each one is built once per isolate by
 * the app's own pieces (the answer above, the locale's and the security headers' writers) and
 * then only copied: on the Checkout page's first request, Hono's routing and five middlewares
 * cost more than the answer itself (docs/performance.md). Anything else (another path or method,
 * a deployment that refuses payments) is left to the app: undefined.
 */
export function configFastPath() {
  return function configFastPath(request: Request, env: Env): Response | undefined {
    if (request.method !== 'GET') return undefined;
    const started = performance.now();
    const url = new URL(request.url);
    if (url.pathname !== '/config') return undefined;
    const payment = resolveCheckoutConfig(env, url, SHIPPING.currency);
    if (!payment.ok) return undefined;
    const acceptLanguage = request.headers.get('accept-language') ?? '';
    const lang = url.searchParams.get('lang') ?? '';
    const siteKey = readVar(env, 'TURNSTILE_SITE_KEY') ?? '';
    const answers = prepared.get(payment) ?? new Map<string, Prepared>();
    prepared.set(payment, answers);
    const key = `${siteKey}\u0000${acceptLanguage}\u0000${lang}`;
    let ready = answers.get(key);
    if (!ready) {
      const reader = negotiate(acceptLanguage || undefined, lang || undefined);
      const headers = new Headers(JSON_NO_STORE);
      writeLanguageHeaders(headers, reader);
      writeSecurityHeaders(headers, env, payment);
      ready = {
        body: bodyOf(payment, reader.language, siteKey),
        headers: new Response(null, { headers }),
      };
      if (answers.size >= PREPARED_LIMIT) answers.clear();
      answers.set(key, ready);
    }
    const response = new Response(ready.body, ready.headers);
    response.headers.set('Server-Timing', serverTimingOf(NO_WAITS, performance.now() - started));
    return response;
  };
}
