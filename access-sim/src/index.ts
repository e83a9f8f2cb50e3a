/**
 * access-sim: a local stand-in for a Cloudflare Access team, for development and tests only.
 * At its origin (which is the team domain, and every token's `iss`):
 *
 *   GET  /cdn-cgi/access/certs   the team's keys: `keys` (JWK), `public_cert`, `public_certs`  certs.ts
 *   GET  /cdn-cgi/access/login   the sign-in page (any email), back to the application        login.ts
 *   GET  /cdn-cgi/access/logout  the signed-out page, with a way to sign in again             logout.ts
 *   POST /_dev/token …           mints a token without a browser (and other controls)          dev.ts
 *
 * See docs/console.md. It is kept apart from the Stripe simulator, which stays Stripe-only.
 */
import { Hono } from 'hono';
import { certs } from './certs';
import { dev } from './dev';
import type { Env } from './env';
import { login } from './login';
import { logout } from './logout';

const app = new Hono<{ Bindings: Env }>();
app.route('/cdn-cgi/access/certs', certs);
app.route('/cdn-cgi/access/login', login);
app.route('/cdn-cgi/access/logout', logout);
app.route('/_dev', dev);
app.notFound((c) => c.json({ error: `The Access stand-in has nothing at ${c.req.path}.` }, 404));

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
