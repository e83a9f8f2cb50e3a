/**
 * Helpers for integration tests: requests through the checkout Worker's fetch handler, and a view
 * of the Stripe simulator through stripe-node, as a merchant's own script would see it.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import Stripe from 'stripe';
import { afterEach, beforeEach, expect, vi, type MockInstance } from 'vitest';
import { pay, type PayContext, type PaymentOutcome } from '../../src/checkout/pay';
import { isFieldError, parseChargeRequest } from '../../src/checkout/schema';
import { resolvePaymentConfig } from '../../src/config';
import worker from '../../src/index';
import type { Order } from '../../src/ledger';
import { statusOfPaymentIntent } from '../../src/ledger/status';
import { newWaits } from '../../src/timing';
import { ENGLISH } from '../../src/i18n';
import { fulfilmentRuns } from '../fixtures/shop/fulfilment';
import { CHECKOUT_ORIGIN, SIM_ORIGIN, TEST_ENV } from './env';
import { remember } from './hygiene';

/**
 * A request to the checkout through its fetch handler, from the checkout's own origin. The
 * handler is called directly with the test environment (exports.default.fetch goes through a
 * loopback binding that slows down request after request, which thousands of fuzz cases feel);
 * the work it leaves to waitUntil is finished before the response is handed to the test. `vars`
 * override Worker variables for this request. Like Cloudflare, it says which client sent the
 * request (CF-Connecting-IP): a network of its own unless the test names one.
 */
export async function checkout(
  path: string,
  init: RequestInit = {},
  vars: Record<string, string> = {},
): Promise<Response> {
  const ctx = createExecutionContext();
  const request = new Request(new URL(path, CHECKOUT_ORIGIN), init);
  if (!request.headers.has('cf-connecting-ip')) request.headers.set('CF-Connecting-IP', someIp());
  const response = await worker.fetch(request, { ...env, ...vars }, ctx);
  await waitOnExecutionContext(ctx);
  await remember(response);
  return response;
}

export interface ChargeBody {
  checkout_id?: string;
  product?: string;
  quantity?: number | string;
  items?: { product: string; quantity: number }[];
  promotion_code?: string;
  email?: string;
  confirmation_token?: string;
  payment_method?: string;
  stripeToken?: string;
  [extra: string]: unknown;
}

/** A checkout body for one $5.00 item, paid with `payment`. */
export function order(
  payment: Partial<ChargeBody> = { payment_method: 'pm_card_visa' },
  overrides: Partial<ChargeBody> = {},
): ChargeBody {
  return {
    checkout_id: crypto.randomUUID(),
    product: 'support-5',
    quantity: 1,
    email: 'jane.doe@example.com',
    ...payment,
    ...overrides,
  };
}

/**
 * A client network of its own for each call (an IPv6 /64: limits count networks), so that the
 * client limits only bite where a test wants them.
 */
export function someIp(): string {
  const hex = crypto.randomUUID();
  return `2001:db8:${hex.slice(0, 4)}:${hex.slice(9, 13)}::1`;
}

/** A JSON POST as the page sends it: from the same origin, from a network of its own. */
export function postJson(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  vars: Record<string, string> = {},
): Promise<Response> {
  return checkout(
    path,
    {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Origin: CHECKOUT_ORIGIN,
        'CF-Connecting-IP': someIp(),
        ...headers,
      },
      body: JSON.stringify(body),
    },
    vars,
  );
}

/** POST /charge as the page does: JSON from the same origin (`vars`: see `checkout`). */
export function charge(
  body: unknown,
  headers: Record<string, string> = {},
  vars: Record<string, string> = {},
): Promise<Response> {
  return postJson('/charge', body, headers, vars);
}

/** POST /charge as a classic HTML form does. */
export function chargeForm(
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return checkout('/charge', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: CHECKOUT_ORIGIN,
      'CF-Connecting-IP': someIp(),
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

/**
 * Calls pay() itself, as the route does once the middleware passed, for what a request cannot
 * reach (a race, a context the route never builds).
 */
export async function payDirectly(
  body: ChargeBody,
  context: Partial<PayContext> = {},
): Promise<PaymentOutcome> {
  const config = resolvePaymentConfig(env, new URL(CHECKOUT_ORIGIN));
  if (!config.ok) throw new Error('test configuration');
  const request = parseChargeRequest(body);
  if (isFieldError(request)) throw new Error(ENGLISH.t(request.message));
  const noop = () => {};
  const cause = { source: 'request', route: 'POST /charge', requestId: 'pay-directly' } as const;
  return pay(
    {
      env,
      config,
      locale: ENGLISH,
      returnUrl: `${CHECKOUT_ORIGIN}/`,
      waitUntil: noop,
      note: noop,
      cause,
      waits: newWaits(),
      ...context,
    },
    request,
  );
}

/** stripe-node pointed at the simulator (through its service binding). */
export const stripe = new Stripe(TEST_ENV.STRIPE_SECRET_KEY, {
  host: '127.0.0.1',
  port: 12111,
  protocol: 'http',
  maxNetworkRetries: 0,
  httpClient: Stripe.createFetchHttpClient((input, init) =>
    env.STRIPE_SIM.fetch(new Request(input, init)),
  ),
});

/** A simulator control call (/_sim/...). */
export async function sim(path: string, init: RequestInit = {}): Promise<Response> {
  return env.STRIPE_SIM.fetch(new Request(new URL(path, SIM_ORIGIN), init));
}

/**
 * Moves the simulator's clock on by `seconds`: refunds whose time came fail, Idempotency-Keys a day
 * old are forgotten.
 */
export async function advanceSimClock(seconds: number): Promise<void> {
  const moved = await sim('/_sim/clock', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ advance_seconds: seconds }),
  });
  expect(moved.ok).toBe(true);
}

export interface SimRequest {
  method: string;
  path: string;
  idempotency_key: string | null;
  status: number;
  replayed: boolean;
}

/** Every /v1 request the simulator received since the last reset. */
export async function simRequests(): Promise<SimRequest[]> {
  return (await sim('/_sim/requests')).json();
}

/** The Idempotency-Keys of the requests a `delay` fault is holding at the simulator right now. */
export async function heldKeys(): Promise<(string | null)[]> {
  const held = await (await sim('/_sim/held')).json<{ idempotency_key: string | null }[]>();
  return held.map((request) => request.idempotency_key);
}

/** Lets the requests a `delay` fault is holding go on at once. */
export async function releaseHeld(): Promise<void> {
  expect((await sim('/_sim/held/release', { method: 'POST' })).ok).toBe(true);
}

/**
 * Injects a fault into the next simulator API requests (null: clears it), once no webhook is on its
 * way: every pending delivery made and answered (the checkout makes its Stripe calls for an event
 * before answering it), so that the fault hits the test's own request, not a straggler. With
 * deliveries paused (`webhookDeliveries(false)`), none goes out: the queued ones wait.
 */
export async function fault(
  spec: {
    mode: 'error' | 'drop' | 'crash' | 'delay' | 'fail';
    status?: number;
    count: number;
    delay_ms?: number;
  } | null,
): Promise<void> {
  if (spec && !deliveriesPaused) expect(await flushWebhooks()).toMatchObject({ pending: 0 });
  const response = spec
    ? await sim('/_sim/faults', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(spec),
      })
    : await sim('/_sim/faults', { method: 'DELETE' });
  expect(response.ok, await response.clone().text()).toBe(true);
}

/** Whether this test paused the simulator's webhook deliveries (a reset resumes them). */
let deliveriesPaused = false;

/** Pauses (false) or resumes (true) the simulator's webhook deliveries: paused, events queue. */
export async function webhookDeliveries(enabled: boolean): Promise<void> {
  const response = await sim('/_sim/webhooks', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ enabled }),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
  deliveriesPaused = !enabled;
}

/**
 * Makes `key` a restricted key of the simulator's account without the permission `lacks`, until
 * the next reset (POST /_sim/restricted_keys): Stripe answers 403 to what needs it.
 */
export async function restrictKey(key: string, lacks: string): Promise<void> {
  const response = await sim('/_sim/restricted_keys', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ key, lacks }),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
}

/** Delivers every pending webhook now and waits for the checkout's answers. */
export async function flushWebhooks(): Promise<{
  delivered: number;
  failed: number;
  pending: number;
}> {
  return (await sim('/_sim/webhooks/flush', { method: 'POST' })).json();
}

/** Clears the simulator and the ledger: each test starts from nothing. */
export async function resetAll(): Promise<void> {
  expect((await sim('/_sim/reset', { method: 'POST' })).ok).toBe(true);
  deliveriesPaused = false;
  await env.DB.batch([
    env.DB.prepare('DELETE FROM orders'),
    env.DB.prepare('DELETE FROM stripe_events'),
    env.DB.prepare('DELETE FROM network_declines'),
    env.DB.prepare('DELETE FROM declined_charges'),
    env.DB.prepare('DELETE FROM order_history'),
    env.DB.prepare('DELETE FROM refunds'),
    env.DB.prepare('DELETE FROM disputes'),
    env.DB.prepare('DELETE FROM order_disagreements'),
    env.DB.prepare('DELETE FROM reconciliation'),
    env.DB.prepare('DELETE FROM admin_actions'),
  ]);
}

export async function orders(): Promise<Order[]> {
  return (await env.DB.prepare('SELECT * FROM orders ORDER BY created_at').all<Order>()).results;
}

export async function orderOf(checkoutId: string): Promise<Order | null> {
  return env.DB.prepare('SELECT * FROM orders WHERE checkout_id = ?')
    .bind(checkoutId)
    .first<Order>();
}

/** Every PaymentIntent at the simulator, newest first. */
export async function paymentIntents(): Promise<Stripe.PaymentIntent[]> {
  const all: Stripe.PaymentIntent[] = [];
  for await (const pi of stripe.paymentIntents.list({ limit: 100, expand: ['data.latest_charge'] }))
    all.push(pi);
  return all;
}

/** A ConfirmationToken for a test card, made as Stripe.js would make it from the Payment Element. */
export async function confirmationToken(paymentMethod: string): Promise<string> {
  const token = await stripe.testHelpers.confirmationTokens.create({
    payment_method: paymentMethod,
  });
  return token.id;
}

/**
 * The ledger equals the simulator: every PaymentIntent belongs to exactly one order whose status
 * mirrors it, and every order that names a PaymentIntent names one that exists.
 */
export async function expectLedgerMatchesStripe(): Promise<void> {
  const [ledger, intents] = await Promise.all([orders(), paymentIntents()]);
  const byIntent = new Map(
    ledger.filter((o) => o.payment_intent_id).map((o) => [o.payment_intent_id, o]),
  );
  for (const pi of intents) {
    const o = byIntent.get(pi.id);
    expect(o, `order for ${pi.id} (${pi.status})`).toBeDefined();
    const charge = typeof pi.latest_charge === 'object' ? pi.latest_charge : null;
    const refunded =
      pi.status === 'succeeded' && charge !== null && charge.amount_refunded >= pi.amount;
    expect(o?.status, `status of the order for ${pi.id}`).toBe(
      refunded ? 'refunded' : statusOfPaymentIntent(pi),
    );
    expect(o?.amount).toBe(pi.amount);
    expect(o?.checkout_id).toBe(pi.metadata.checkout_id);
  }
  expect(byIntent.size, 'orders linked to a PaymentIntent').toBe(intents.length);
}

/**
 * Spies on console.log during each test of the calling file: its lines; and how many times
 * fulfilment ran for an order (the tests' fulfilOrder, test/fixtures/shop/fulfilment.ts, counts).
 */
/** A form post to the simulator's hosted Checkout page; redirects not followed. */
export const postPage = (
  session: Stripe.Checkout.Session,
  step: string,
  fields: Record<string, string>,
) =>
  sim(`/c/pay/${session.id}/${step}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });

/** Pays a Session on the simulator's hosted page with a card, for the total it shows. */
export async function payOnPage(session: Stripe.Checkout.Session, card = '4242 4242 4242 4242') {
  const current = await stripe.checkout.sessions.retrieve(session.id);
  return postPage(session, 'pay', {
    amount: String(current.amount_total),
    email: 'ada@example.com',
    card_number: card,
    card_expiry: '12 / 34',
    card_cvc: '123',
  });
}

/**
 * The request log lines (JSON, `event: "request"`) written at any level during each test of the
 * file, for what a refusal tells the merchant.
 */
export function watchRequestLines(): () => Record<string, unknown>[] {
  let spies: MockInstance<(...args: unknown[]) => void>[] = [];
  beforeEach(() => {
    spies = (['log', 'warn', 'error'] as const).map((level) => vi.spyOn(console, level));
  });
  afterEach(() => spies.forEach((spy) => spy.mockRestore()));
  return () =>
    spies
      .flatMap((spy) => spy.mock.calls.map(([line]) => String(line)))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.event === 'request');
}

export function watchConsoleLog(): {
  lines: () => string[];
  fulfilments: (orderId: string) => number;
} {
  let logs: MockInstance<typeof console.log>;
  beforeEach(() => {
    logs = vi.spyOn(console, 'log');
  });
  afterEach(() => logs.mockRestore());
  return {
    lines: () => logs.mock.calls.map(([line]) => String(line)),
    fulfilments: fulfilmentRuns,
  };
}
