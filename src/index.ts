/**
 * edge-checkout: a Stripe checkout on Cloudflare Workers.
 *
 *   GET  /            the Checkout page (public/), through `assets`
 *   GET  /theme.css   the shop's colours, light and dark         theme/route.ts
 *   GET  /config      public configuration for the page        checkout/config.ts
 *   POST /quote       price a cart and its promotion code        checkout/quote.ts
 *   POST /charge      price, record and pay one checkout         checkout/charge.ts
 *   GET  /thank-you   the verified receipt                       pages/thank-you.ts
 *   POST /webhook     Stripe's signed events                     webhook/index.ts
 *   /admin/*          the merchant's console, behind Access      admin/index.ts
 *   cron              reconciles the ledger with Stripe,         cron.ts
 *                     retries unfinished fulfilments,
 *                     forgets Stripe events after 30 days,
 *                     declines per client network after a day
 */
import { Hono } from 'hono/tiny';
import { routePath } from 'hono/route';
import { admin } from './admin';
import { accessAuthorized } from './admin/authorized';
import { assets } from './assets';
import { charge } from './checkout/charge';
import { config, configFastPath } from './checkout/config';
import { quote } from './checkout/quote';
import { housekeeping } from './cron';
import { log } from './log';
import { memo } from './memo';
import { locale } from './middleware/locale';
import { requestLog } from './middleware/request-log';
import { securityHeaders } from './middleware/security-headers';
import { serverTiming } from './middleware/server-timing';
import { problem } from './pages/problem';
import { thankYou } from './pages/thank-you';
import { MESSAGES } from './stripe/messages';
import { themeRoute } from './theme/route';
import { webhook } from './webhook';
import type { AppEnv } from './types';

/** Where each app of routes is mounted, in the order Hono tries them; the static files last. */
const ROUTES: readonly (readonly [string, Hono<AppEnv>])[] = [
  ['/config', config],
  ['/quote', quote],
  ['/theme.css', themeRoute],
  ['/charge', charge],
  ['/thank-you', thankYou],
  ['/webhook', webhook],
  ['/admin', admin],
  ['/cdn-cgi/access', accessAuthorized],
  ['/', assets],
];

/** An app of `routes` behind the middlewares every response passes, with its 404 and 500. */
function checkout(routes: typeof ROUTES): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // First, so that Server-Timing's `total` covers the others too.
  app.use(serverTiming());
  app.use(requestLog());
  app.use(securityHeaders());
  app.use(locale());
  for (const [path, routed] of routes) app.route(path, routed);

  app.notFound((c) => problem(c, 404, { code: 'not_found', message: 'error.notFound' }));

  // The last line of defence: log the error, never show it. Only a payment (POST /charge, which
  // also starts hosted Checkout) may have charged the customer: elsewhere the error says nothing
  // about charging.
  app.onError((error, c) => {
    log('error', 'request.unhandled', {
      request_id: c.get('requestId'),
      route: routePath(c),
      error: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown',
    });
    const paying = c.req.method === 'POST' && c.req.path === '/charge';
    return problem(
      c,
      500,
      paying
        ? { code: 'internal_error', message: MESSAGES.internal, charged: 'unknown' }
        : { code: 'internal_error', message: 'error.internalPlain' },
    );
  });
  return app;
}

const app = checkout(ROUTES);

/**
 * hono/tiny's router tests every route's pattern on every request: 55 in `app` (the middlewares
 * and each mounted app's routes), 6–9 µs of a request's isolate CPU. A request whose path starts
 * with a mount's first segment ("quote" of /quote) can only match that mount's routes or the
 * static files', so it goes to an app of those alone: the same handlers, in the same order, built
 * at its first request (start-up stays as it was). Any other path (the static files, an encoded
 * segment) goes to `app`.
 */
const MOUNTS = new Map(ROUTES.slice(0, -1).map((route) => [route[0].split('/')[1], route]));
const STATIC_FILES = ROUTES.at(-1)!;
const appOf = memo(MOUNTS.size, (segment: string) =>
  checkout([MOUNTS.get(segment)!, STATIC_FILES]),
);
const FIRST_SEGMENT = /^[^:]*:\/\/[^/]*\/([^/?]*)/;

// GET /config, the Checkout page's first request, is answered before the app (checkout/config.ts);
// only a request of its segment is offered to it (no URL parsed for any other).
const fastConfig = configFastPath();

/** The request's answer: /config's fast path, else the app of its first segment. */
function answer(request: Request, env: Env, ctx: ExecutionContext) {
  const segment = FIRST_SEGMENT.exec(request.url)?.[1] ?? '';
  return (
    (segment === 'config' && fastConfig(request, env)) ||
    (MOUNTS.has(segment) ? appOf(segment) : app).fetch(request, env, ctx)
  );
}

export default {
  fetch: answer,
  /** The cron trigger of wrangler.toml: the ledger's housekeeping and reconciliation (cron.ts). */
  async scheduled(_controller, env) {
    await housekeeping(env);
  },
} satisfies ExportedHandler<Env>;
