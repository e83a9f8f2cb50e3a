// The same-I/O worker of `npm run bench`: the CPU floor of POST /charge, POST /quote, GET
// /thank-you and the console's POST /admin/api/orders/search. It makes exactly the checkout's
// requests (io.ts: the rate limiters, the D1 statements, the one Stripe call; a quote of one
// product without a code: its rate limiter only; the console's list: the Access token verified with
// jose, one page of orders read) and nothing else: no framework, no validation, no logging, no
// error pages. Its PaymentIntent is made through stripe-node, the stack's mandated Stripe client
// (the bundle floor holds it too), so that the budget counts the checkout's own code only; POST
// /charge/fetch makes the same request as one hand-encoded fetch, which the bench reports beside
// it. The checkout's isolate CPU per request is budgeted against it, measured in the same run.
// Never deployed.
import Stripe from 'stripe';
import { currencyFormat, formatWith } from '../../src/money/format.js';
import {
  LEADING_TO_PAID,
  ORDERS_PAGE,
  PRODUCT,
  SQL,
  causeOf,
  declineWindows,
  idempotencyKey,
  paymentIntentParams,
  paymentIntentRequest,
  receiptToken,
  secretHash,
  verifiedEmail,
  type Bindings,
  type PaidOrder,
  type OrderRow,
} from './io.ts';

interface Context {
  waitUntil(promise: Promise<unknown>): void;
}

/** The body the bench posts (bench/requests.mjs), trusted as it comes. */
interface ChargeBody {
  checkout_id: string;
  email: string;
  payment_method: string;
}

interface PaymentIntent {
  id: string;
  status: string;
  client_secret: string;
  latest_charge?: { payment_method_details?: { card?: { brand?: string; last4?: string } } };
}

/**
 * How the PaymentIntent is made: through stripe-node (the checkout's mandated client, in the
 * bundle floor too), the budget's baseline; or as one hand-encoded `fetch`, reported beside it.
 */
type StripeWay = 'stripe-node' | 'fetch';

/** The isolate's stripe-node client, made as src/stripe/client.ts makes the checkout's. */
let client: Stripe | undefined;
function stripeNode(env: Bindings): Stripe {
  const base = new URL(env.STRIPE_API_BASE);
  client ??= new Stripe(env.STRIPE_SECRET_KEY, {
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 0,
    telemetry: false,
    host: base.hostname,
    port: Number(base.port),
    protocol: base.protocol === 'https:' ? 'https' : 'http',
  });
  return client;
}

/**
 * The PaymentIntent of `order`, made the `way` asked. A call whose connection is lost is made once
 * more with the same idempotency key, as the checkout's own Stripe calls are (src/stripe/call.ts):
 * `wrangler dev`'s proxies lose one now and then (kj's keep-alive race, docs/performance.md).
 */
async function paymentIntent(env: Bindings, order: PaidOrder, way: StripeWay) {
  const make = async () =>
    way === 'fetch'
      ? ((await fetch(paymentIntentRequest(env, order)).then((r) => r.json())) as PaymentIntent)
      : ((await stripeNode(env).paymentIntents.create(paymentIntentParams(order), {
          idempotencyKey: idempotencyKey(order),
        })) as unknown as PaymentIntent);
  return make().catch(make);
}

async function charge(
  request: Request,
  env: Bindings,
  ctx: Context,
  way: StripeWay,
): Promise<Response> {
  const body = (await request.json()) as ChargeBody;
  // The bench's client addresses are IPv4: the client network is the address.
  const network = request.headers.get('cf-connecting-ip') ?? 'local';
  await env.CHARGE_IP_LIMITER.limit({ key: network });
  await env.CHARGE_CHECKOUT_LIMITER.limit({ key: body.checkout_id });

  const db = env.DB;
  const [hourAgo, dayAgo] = declineWindows();
  await db.batch([
    db.prepare(SQL.byCheckout).bind(body.checkout_id),
    db.prepare(SQL.recentDeclines).bind(network, hourAgo, dayAgo),
  ]);
  const id = `ord_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`;
  const requestId = request.headers.get('cf-ray') ?? crypto.randomUUID();
  const [opened] = await db.batch<OrderRow>([
    db.prepare(SQL.openOrder).bind(
      id,
      body.checkout_id,
      PRODUCT.id,
      1,
      PRODUCT.unitAmount,
      PRODUCT.currency,
      body.email,
      receiptToken(),
      JSON.stringify([
        {
          product: PRODUCT.id,
          name: PRODUCT.name,
          quantity: 1,
          unit_amount: PRODUCT.unitAmount,
          discount: 0,
          amount: PRODUCT.unitAmount,
        },
      ]),
      null,
      0,
      ...Array<null>(12).fill(null),
      null,
      0,
      0,
      null,
      null,
      `${new URL(request.url).origin}/`,
      0,
    ),
    db
      .prepare(SQL.created)
      .bind(...causeOf('POST /charge', requestId, 'order created'), body.checkout_id),
  ]);
  if (!opened?.results[0]) return new Response('checkout already used', { status: 409 });

  const pi = await paymentIntent(
    env,
    {
      id,
      checkoutId: body.checkout_id,
      email: body.email,
      paymentMethod: body.payment_method,
      origin: new URL(request.url).origin,
    },
    way,
  );
  if (pi.status !== 'succeeded') return new Response('not paid', { status: 402 });

  const card = pi.latest_charge?.payment_method_details?.card;
  const moved = ['paid', id, 0, pi.id, ...LEADING_TO_PAID];
  const [, , claimed] = await db.batch([
    db.prepare(SQL.history).bind(...moved, ...causeOf('POST /charge', requestId, null)),
    db.prepare(SQL.move).bind(...moved, null, 0),
    db.prepare(SQL.claim).bind(id),
    db
      .prepare(SQL.details)
      .bind(
        pi.id,
        card?.brand ?? null,
        card?.last4 ?? null,
        0,
        await secretHash(pi.client_secret),
        id,
      ),
  ]);
  if (claimed?.results.length) ctx.waitUntil(db.prepare(SQL.fulfilled).bind(id).run());
  return Response.json({ status: 'succeeded', redirect: `/thank-you?payment_intent=${pi.id}` });
}

/** The body the bench posts to /quote (bench/requests.mjs): one line, trusted as it comes. */
interface QuoteBody {
  items: { product: string; quantity: number }[];
}

async function quote(request: Request, env: Bindings): Promise<Response> {
  const { items } = (await request.json()) as QuoteBody;
  await env.QUOTE_LIMITER.limit({ key: request.headers.get('cf-connecting-ip') ?? 'local' });
  const quantity = items[0]?.quantity ?? 1;
  const subtotal = PRODUCT.unitAmount * quantity;
  return Response.json({
    currency: PRODUCT.currency,
    lines: [
      {
        product: PRODUCT.id,
        name: PRODUCT.name,
        quantity,
        unit_amount: PRODUCT.unitAmount,
        subtotal,
        discount: 0,
        amount: subtotal,
      },
    ],
    subtotal,
    discount: null,
    shipping: null,
    tax: { amount: 0, included: 0, calculation: null },
    total: subtotal,
  });
}

// The checkout's formatter (made once, as its isolate does): Stripe's digits for the currency, not
// Intl's, which differ for HUF, ISK, IDR… so the receipt reads as the checkout's does.
const money = currencyFormat('en-US', PRODUCT.currency);

async function thankYou(request: Request, env: Bindings): Promise<Response> {
  const paymentIntent = new URL(request.url).searchParams.get('payment_intent');
  const order = await env.DB.prepare(SQL.byPaymentIntent).bind(paymentIntent).first<OrderRow>();
  if (order?.status !== 'paid') return new Response('not found', { status: 404 });
  return new Response(
    `<!doctype html><title>Thanks for your payment!</title><h1>Thanks for your payment!</h1>` +
      `<p>${formatWith(money, order.amount, PRODUCT.currency)} paid.</p>`,
    { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } },
  );
}

/**
 * The console's POST /admin/api/orders/search: Access's token verified, the first page of orders
 * read.
 */
async function orders(request: Request, env: Bindings): Promise<Response> {
  const email = await verifiedEmail(env, request.headers.get('cf-access-jwt-assertion') ?? '');
  if (typeof email !== 'string') return new Response('no email', { status: 403 });
  const { results } = await env.DB.prepare(SQL.ordersPage)
    .bind(ORDERS_PAGE + 1)
    .all<OrderRow>();
  return Response.json(
    { orders: results.slice(0, ORDERS_PAGE), next_cursor: null },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

export default {
  fetch(request: Request, env: Bindings, ctx: Context): Promise<Response> | Response {
    const { pathname } = new URL(request.url);
    if (request.method === 'POST' && pathname === '/charge')
      return charge(request, env, ctx, 'stripe-node');
    if (request.method === 'POST' && pathname === '/charge/fetch')
      return charge(request, env, ctx, 'fetch');
    if (request.method === 'POST' && pathname === '/quote') return quote(request, env);
    if (pathname === '/thank-you') return thankYou(request, env);
    if (pathname === '/admin/api/orders/search') return orders(request, env);
    return new Response(
      'Same-I/O worker: POST /charge (/charge/fetch), POST /quote, GET /thank-you, ' +
        'POST /admin/api/orders/search',
      {
        status: 404,
      },
    );
  },
};
