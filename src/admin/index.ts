/**
 * The merchant's console, under /admin. Everything here sits behind Cloudflare Access, checked
 * again by the Worker (middleware/cloudflare-access): no route of this app runs without a verified
 * admin, whose email is `c.get('adminEmail')`. Writes from another origin are refused (403), and
 * the CSV export is one (a POST): it records an audit row, and a GET, which another site's link
 * makes without Origin (and older browsers without Sec-Fetch-Site), could not be told from ours.
 *
 *   GET  /admin                            the console's page (public/admin/)   page.ts
 *   GET  /admin/api/session                the signed-in admin: { "email" }     session.ts
 *   GET  /admin/api/orders/…, POST …       orders, search, refunds, fulfilment  orders/
 *   POST /admin/api/orders.csv             orders of a date range, as CSV       orders/csv.ts
 *   GET  /admin/api/reconciliation         the last sweep, disagreements        reconciliation.ts
 *   GET  /admin/api/activity               who did what in the console          activity.ts
 *
 * Add a route with `admin.route('/api/<name>', <Hono app>)` below: it inherits the gate.
 */
import { Hono } from 'hono/tiny';
import { cloudflareAccess } from '../middleware/cloudflare-access';
import { sameOrigin } from '../middleware/same-origin';
import type { AppEnv } from '../types';
import { activity } from './activity';
import { orders, ordersCsv } from './orders';
import { page } from './page';
import { reconciliation } from './reconciliation';
import { session } from './session';

/** Methods that change something: only from the console's own pages. */
const WRITES = ['POST', 'PUT', 'PATCH', 'DELETE'];

export const admin = new Hono<AppEnv>();

// The gate first: with Access off, /admin answers 404 whatever the method or origin.
admin.use('*', cloudflareAccess());
admin.on(WRITES, '*', sameOrigin('console.crossOrigin'));

admin.route('/api/session', session);
admin.route('/api/orders.csv', ordersCsv);
admin.route('/api/orders', orders);
admin.route('/api/reconciliation', reconciliation);
admin.route('/api/activity', activity);
// Any other API address is the API's 404, not a page.
admin.all('/api/*', (c) => c.notFound());
admin.route('/', page);
