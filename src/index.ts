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
import { admin } from './admin';
import { accessAuthorized } from './admin/authorized';
import { assets } from './assets';
import { charge } from './checkout/charge';
import { config, configFastPath } from './checkout/config';
import { quote } from './checkout/quote';
import { housekeeping } from './cron';
import { log } from './log';
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

const app = new Hono<AppEnv>();

// First, so that Server-Timing's `total` covers the others too.
app.use(serverTiming());
app.use(requestLog());
app.use(securityHeaders());
app.use(locale());

app.route('/config', config);
app.route('/quote', quote);
app.route('/theme.css', themeRoute);
app.route('/charge', charge);
app.route('/thank-you', thankYou);
app.route('/webhook', webhook);
app.route('/admin', admin);
app.route('/cdn-cgi/access', accessAuthorized);
app.route('/', assets);

app.notFound((c) => problem(c, 404, { code: 'not_found', message: 'error.notFound' }));

// The last line of defence: log the error, never show it.
app.onError((error, c) => {
  log('error', 'request.unhandled', {
    request_id: c.get('requestId'),
    route: c.req.routePath,
    error: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown',
  });
  return problem(c, 500, {
    code: 'internal_error',
    message: MESSAGES.internal,
    charged: 'unknown',
  });
});

// GET /config, the Checkout page's first request, is answered before the app (checkout/config.ts).
const fastConfig = configFastPath();

export default {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) =>
    fastConfig(request, env) ?? app.fetch(request, env, ctx),
  /** The cron trigger of wrangler.toml: the ledger's housekeeping and reconciliation (cron.ts). */
  async scheduled(_controller, env) {
    await housekeeping(env);
  },
} satisfies ExportedHandler<Env>;
