import { env, exports } from 'cloudflare:workers';
import Stripe from 'stripe';

/** Where a developer runs the simulator; in tests requests never leave Miniflare. */
export const ORIGIN = 'http://127.0.0.1:12111';
export const SECRET_KEY = 'sk_test_123';
export const PUBLISHABLE_KEY = 'pk_test_123';
export const WEBHOOK_SECRET = 'whsec_test_secret';

/** fetch() to the simulator Worker, in-process. */
export const simFetch = (input: RequestInfo | URL, init?: RequestInit) =>
  exports.default.fetch(new Request(input, init));

/** The official stripe-node client, pointed at the simulator as a developer would point it. */
export function stripeClient(key = SECRET_KEY, options: Stripe.StripeConfig = {}): Stripe {
  return new Stripe(key, {
    host: '127.0.0.1',
    port: 12111,
    protocol: 'http',
    httpClient: Stripe.createFetchHttpClient(simFetch),
    maxNetworkRetries: 0,
    ...options,
  });
}

/** A PaymentIntent paid with the test Visa card (`params` add to or change the payment). */
export const paidPaymentIntent = (
  stripe: Stripe,
  amount = 5000,
  params: Partial<Stripe.PaymentIntentCreateParams> = {},
) =>
  stripe.paymentIntents.create({
    amount,
    currency: 'usd',
    payment_method: 'pm_card_visa',
    confirm: true,
    ...params,
  });

/** A raw API call (for what stripe-node cannot send: publishable keys, odd parameters). */
export function api(
  path: string,
  {
    key = SECRET_KEY,
    body,
    method = body === undefined ? 'GET' : 'POST',
    headers = {},
  }: { key?: string | null; body?: string; method?: string; headers?: Record<string, string> } = {},
) {
  return simFetch(`${ORIGIN}${path}`, {
    method,
    headers: {
      ...(key && { Authorization: `Bearer ${key}` }),
      ...(body !== undefined && { 'Content-Type': 'application/x-www-form-urlencoded' }),
      ...headers,
    },
    ...(body !== undefined && { body }),
  });
}

/** A call to the control API (/_sim/...). */
export async function control<T = unknown>(
  path: string,
  init?: { method?: string; json?: unknown },
): Promise<T> {
  const response = await simFetch(`${ORIGIN}/_sim${path}`, {
    method: init?.method ?? (init?.json === undefined ? 'GET' : 'POST'),
    ...(init?.json !== undefined && {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(init.json),
    }),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<T>;
}

/** A recorded webhook delivery (test/webhook-receiver.js). */
export interface ReceivedDelivery {
  url: string;
  signature: string | null;
  contentType: string | null;
  body: string;
  receivedAt: number;
  status: number;
}

/** The webhook receiver's control endpoints. */
export const receiver = {
  deliveries: async () =>
    (await env.RECEIVER.fetch('http://receiver/_receiver/deliveries')).json<ReceivedDelivery[]>(),
  failNext: (count: number) => env.RECEIVER.fetch(`http://receiver/_receiver/fail?count=${count}`),
  reset: () => env.RECEIVER.fetch('http://receiver/_receiver/reset'),
};

/** Clears the simulator (and the receiver), so each test starts from nothing. */
export async function resetAll(): Promise<void> {
  await control('/reset', { method: 'POST' });
  await receiver.reset();
}

/** Runs `fn` and returns the Stripe error it throws (fails the test if it does not throw one). */
export async function stripeError(fn: () => Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof Stripe.errors.StripeError) return err;
    throw err;
  }
  throw new Error('expected a Stripe error, but the call succeeded');
}

/** A response header of a stripe-node result (with the fetch client, `lastResponse.headers` is a Headers). */
export function responseHeader(
  result: { lastResponse: { headers: unknown } },
  name: string,
): string | null {
  const { headers } = result.lastResponse;
  return headers instanceof Headers
    ? headers.get(name)
    : ((headers as Record<string, string>)[name.toLowerCase()] ?? null);
}
