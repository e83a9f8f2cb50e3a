import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import type { Env } from './env';
import { DROP_HEADER } from './faults';

export { StripeSimulator } from './durable-object';

/**
 * The simulator's Worker: the front door in front of the Durable Object. It answers CORS (Stripe.js
 * calls the API from the checkout page's origin), serves the simulated Stripe.js at /v3/, and hands
 * every other request to the single StripeSimulator instance.
 */
const app = new Hono<{ Bindings: Env }>();

// A local test tool: any page may load Stripe.js and call the API with a publishable key.
app.use(
  '*',
  cors({
    origin: '*',
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: [
      'Authorization',
      'Content-Type',
      'Idempotency-Key',
      'Stripe-Version',
      'Stripe-Account',
    ],
    exposeHeaders: ['Request-Id', 'Idempotency-Key', 'Idempotent-Replayed', 'Original-Request'],
    maxAge: 600,
  }),
);

/**
 * Stripe.js is loaded from `<origin>/v3/`; the file itself is public/v3/index.js. Under wrangler the
 * other files of public/ are served before the Worker runs; this route serves them when the Worker is
 * called directly (as in tests).
 */
async function serveStripeJs(c: Context<{ Bindings: Env }>) {
  if (!c.env.ASSETS)
    return c.text(
      'The simulated Stripe.js is served from stripe-sim/public by `wrangler dev` (see stripe-sim/README.md).',
      404,
    );
  const path = c.req.path === '/v3' || c.req.path === '/v3/' ? '/v3/index.js' : c.req.path;
  const asset = await c.env.ASSETS.fetch(new URL(path, c.req.url));
  return new Response(asset.body, asset);
}
app.get('/v3', serveStripeJs);
app.get('/v3/*', serveStripeJs);

app.all('*', async (c) => {
  const simulator = c.env.SIM.get(c.env.SIM.idFromName('global'));
  // The body is read here, in full: the simulator may answer (401, fault) without reading it.
  // redirect: 'manual' passes the 3-D Secure page's 303 to the browser instead of following it.
  const { method, headers, url } = c.req.raw;
  const body = method === 'GET' || method === 'HEAD' ? undefined : await c.req.arrayBuffer();
  const response = await simulator.fetch(
    new Request(url, { method, headers, body, redirect: 'manual' }),
  );
  if (response.headers.has(DROP_HEADER)) return dropConnection(response);
  return new Response(response.body, response);
});

/**
 * The "drop" fault: the request was carried out, but the connection breaks halfway through the
 * answer. The response announces its full Content-Length, sends half of the body, then aborts, so
 * every HTTP client sees a connection lost mid-response (stripe-node: StripeConnectionError), never a
 * Stripe answer. The Content-Type is not JSON because a compressed response (Miniflare compresses
 * JSON for clients that accept gzip) would hide the truncation behind a clean end of stream.
 */
async function dropConnection(response: Response): Promise<Response> {
  const body = new Uint8Array(await response.arrayBuffer());
  const { readable, writable } = new FixedLengthStream(body.length);
  const writer = writable.getWriter();
  // Both promises reject by design (the abort is the point); nothing waits for them.
  writer.write(body.slice(0, Math.floor(body.length / 2))).catch(() => {});
  writer.abort(new Error('stripe-sim: connection dropped (fault injection)')).catch(() => {});
  const headers = new Headers(response.headers);
  headers.delete(DROP_HEADER);
  headers.set('Content-Type', 'application/octet-stream');
  return new Response(readable, { status: response.status, headers });
}

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
