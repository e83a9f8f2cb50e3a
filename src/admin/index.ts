/**
 * The merchant's console, under /admin. Everything here sits behind Cloudflare Access, checked
 * again by the Worker (middleware/cloudflare-access): no route of this app runs without a verified
 * admin, whose email is `c.get('adminEmail')`. Writes from another origin are refused (403).
 *
 *   GET /admin/api/session   the signed-in admin: { "email" }     session.ts
 *
 * Add a route with `admin.route('/api/<name>', <Hono app>)` below: it inherits the gate.
 */
import { Hono } from 'hono/tiny';
import { cloudflareAccess } from '../middleware/cloudflare-access';
import { sameOrigin } from '../middleware/same-origin';
import type { AppEnv } from '../types';
import { session } from './session';

/** Methods that change something: only from the console's own pages. */
const WRITES = ['POST', 'PUT', 'PATCH', 'DELETE'];

export const admin = new Hono<AppEnv>();

// The gate first: with Access off, /admin answers 404 whatever the method or origin.
admin.use('*', cloudflareAccess());
admin.on(
  WRITES,
  '*',
  sameOrigin('This action can only be taken from the console itself. Nothing was changed.'),
);

admin.route('/api/session', session);
