/**
 * The bench's same-I/O worker (bench/same-io/) is the CPU baseline of POST /charge and GET
 * /thank-you (and of POST /quote and the console's GET /admin/api/orders) only while it makes
 * exactly the checkout's I/O. Both run here through their fetch
 * handlers, on one D1 and the simulator, and what each asks of D1, the rate limiters and Stripe is
 * compared: a change to the checkout's I/O fails here until bench/same-io/io.ts makes it too.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import sameIo from '../../bench/same-io/index.ts';
import worker from '../../src/index';
import { observedD1 } from '../../src/timing/d1';
import { accessVars, mint } from '../support/access';
import { ACCESS_SIM_ORIGIN } from '../support/access-env';
import { resetAll, simRequests, someIp, stripe } from '../support/checkout';
import { CHECKOUT_ORIGIN, SIM_ORIGIN, TEST_ENV } from '../support/env';
import { remember } from '../support/hygiene';

beforeEach(resetAll);

/** SQL as D1 runs it, comments and whitespace aside. */
const normal = (sql: string) =>
  sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** What a request asked of the rate limiters (in order) and of D1 (each round trip, sorted). */
interface Io {
  rateLimits: string[];
  d1: string[];
}

/**
 * Calls one Worker's fetch handler with its bindings recording what it asks of the rate limiters
 * and of D1, work after the response included. D1 round trips are compared as a set: some run at
 * once (Promise.all), and finish in either order.
 */
async function recorded(
  fetch: (request: Request, bindings: Env, ctx: ExecutionContext) => Response | Promise<Response>,
  request: Request,
): Promise<{ response: Response; io: Io }> {
  const io: Io = { rateLimits: [], d1: [] };
  const limiter = (
    name: 'CHARGE_IP_LIMITER' | 'CHARGE_CHECKOUT_LIMITER' | 'RECEIPT_LIMITER' | 'QUOTE_LIMITER',
  ) => ({
    limit: (options: RateLimitOptions) => (io.rateLimits.push(name), env[name].limit(options)),
  });
  const bindings = {
    ...env,
    DB: observedD1(env.DB, (call) => io.d1.push(call.statements.map(normal).join(' ; '))),
    CHARGE_IP_LIMITER: limiter('CHARGE_IP_LIMITER'),
    CHARGE_CHECKOUT_LIMITER: limiter('CHARGE_CHECKOUT_LIMITER'),
    RECEIPT_LIMITER: limiter('RECEIPT_LIMITER'),
    QUOTE_LIMITER: limiter('QUOTE_LIMITER'),
  };
  const ctx = createExecutionContext();
  const response = await fetch(request, bindings, ctx);
  await waitOnExecutionContext(ctx);
  await remember(response);
  io.d1.sort();
  return { response, io };
}

/** The bench's POST /charge (bench/requests.mjs): the page's JSON, from a fresh client IP. */
function chargeRequest(checkoutId: string, path: string): Request {
  return new Request(`${CHECKOUT_ORIGIN}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Origin: CHECKOUT_ORIGIN,
      'CF-Connecting-IP': someIp(),
    },
    body: JSON.stringify({
      checkout_id: checkoutId,
      product: 'support-5',
      quantity: 1,
      email: 'bench@example.com',
      payment_method: 'pm_card_visa',
    }),
  });
}

/** The bench's POST /quote (bench/requests.mjs): the page's first quote, from a fresh client IP. */
function quoteRequest(): Request {
  return new Request(`${CHECKOUT_ORIGIN}/quote`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Origin: CHECKOUT_ORIGIN,
      'CF-Connecting-IP': someIp(),
    },
    body: JSON.stringify({ items: [{ product: 'support-5', quantity: 1 }] }),
  });
}

/** What a PaymentIntent says about the request that made it, without its own ids and times. */
async function made(paymentIntent: string, checkoutId: string) {
  const pi = await stripe.paymentIntents.retrieve(paymentIntent);
  const { id, client_secret, created, latest_charge, payment_method, metadata, ...rest } = pi;
  void [id, client_secret, created, latest_charge, payment_method];
  const { order_id, ...ours } = metadata;
  expect(order_id).toMatch(/^ord_/);
  expect(ours.checkout_id).toBe(checkoutId);
  return { ...rest, metadata: { ...ours, checkout_id: 'the checkout id' } };
}

/** One payment and its receipt through a Worker: its I/O, its Stripe calls and PaymentIntent. */
async function purchase(
  fetch: (request: Request, bindings: Env, ctx: ExecutionContext) => Response | Promise<Response>,
  path = '/charge',
) {
  const checkoutId = crypto.randomUUID();
  const before = (await simRequests()).length;
  const paying = await recorded(fetch, chargeRequest(checkoutId, path));
  expect(paying.response.status).toBe(200);
  const { redirect } = (await paying.response.json()) as { redirect: string };
  const paymentIntent = /payment_intent=(pi_\w+)/.exec(redirect)?.[1] ?? '';
  const stripeCalls = (await simRequests())
    .slice(before)
    .map(({ method, path, idempotency_key }) => ({
      method,
      path,
      idempotency_key: idempotency_key?.replace(checkoutId, '<checkout_id>') ?? null,
    }));
  const receipt = await recorded(fetch, new Request(`${CHECKOUT_ORIGIN}${redirect}`));
  expect(receipt.response.status).toBe(200);
  expect(await receipt.response.text()).toContain('Thanks for your payment!');
  return {
    charge: paying.io,
    stripeCalls,
    paymentIntent: await made(paymentIntent, checkoutId),
    thankYou: receipt.io,
  };
}

describe("the bench's same-I/O worker", () => {
  it.each([
    ['through stripe-node (the baseline of the budget)', '/charge'],
    ['as one fetch (reported beside it)', '/charge/fetch'],
  ])(
    "makes the checkout's D1 round trips, rate-limit calls and Stripe request, %s",
    async (_, path) => {
      const checkout = await purchase((request, bindings, ctx) =>
        worker.fetch(request, bindings, ctx),
      );
      const same = await purchase(
        (request, bindings, ctx) =>
          sameIo.fetch(
            request,
            {
              ...bindings,
              STRIPE_SECRET_KEY: TEST_ENV.STRIPE_SECRET_KEY,
              STRIPE_API_BASE: SIM_ORIGIN,
            },
            ctx,
          ),
        path,
      );
      expect(checkout.charge.rateLimits).toContain('CHARGE_IP_LIMITER');
      // On a failure, "Expected" is the checkout's: what bench/same-io/io.ts must do too.
      expect(same).toEqual(checkout);
    },
  );

  it("makes the checkout's I/O for a quote, and gives its answer", async () => {
    const before = (await simRequests()).length;
    const checkout = await recorded((r, b, ctx) => worker.fetch(r, b, ctx), quoteRequest());
    const same = await recorded((r, b, ctx) => sameIo.fetch(r, b, ctx), quoteRequest());
    expect(checkout.response.status).toBe(200);
    expect(checkout.io.rateLimits).toEqual(['QUOTE_LIMITER']);
    expect(same.io).toEqual(checkout.io);
    expect(await same.response.json()).toEqual(await checkout.response.json());
    expect((await simRequests()).length, 'Stripe calls').toBe(before);
  });

  it("makes the checkout's I/O for the console's first page of orders, and lists the same", async () => {
    const checkoutFetch = (request: Request, bindings: Env, ctx: ExecutionContext) =>
      worker.fetch(request, bindings, ctx);
    await purchase(checkoutFetch);
    await purchase(checkoutFetch);
    const token = await mint(ACCESS_SIM_ORIGIN);
    const list = () =>
      new Request(`${CHECKOUT_ORIGIN}/admin/api/orders/search`, {
        method: 'POST',
        headers: { 'Cf-Access-Jwt-Assertion': token },
      });
    const vars = accessVars();
    const checkout = await recorded((r, b, ctx) => worker.fetch(r, { ...b, ...vars }, ctx), list());
    const same = await recorded((r, b, ctx) => sameIo.fetch(r, { ...b, ...vars }, ctx), list());
    expect(checkout.response.status).toBe(200);
    expect(same.io).toEqual(checkout.io);
    const ids = async (response: Response) =>
      ((await response.json()) as { orders: { id: string }[] }).orders.map((order) => order.id);
    const listed = await ids(checkout.response);
    expect(listed).toHaveLength(2);
    expect(await ids(same.response)).toEqual(listed);
  });
});
