/**
 * The merchant's console in integration tests: its API called as the console page calls it, with
 * a token from the Access stand-in (support/access.ts) and from the checkout's own origin; and the
 * cron's sweep, run as Cloudflare runs it.
 */
import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { decodeJwt } from 'jose';
import worker from '../../src/index';
import { adminFetch, mint } from './access';
import { ACCESS_SIM_ORIGIN } from './access-env';
import { CHECKOUT_ORIGIN } from './env';

export const ADMIN = 'ada@shop.example';

let token: string | undefined;

/** ADMIN's token, minted once per file. */
const adminToken = async () => (token ??= await mint(ACCESS_SIM_ORIGIN, { email: ADMIN }));

/** ADMIN's Access user id (their token's `sub`), what log lines name them by. */
export async function adminId(): Promise<string> {
  return decodeJwt(await adminToken()).sub!;
}

/** A request to the console's API by ADMIN, from the console. */
export async function consoleApi(path: string, init: RequestInit = {}): Promise<Response> {
  const token = await adminToken();
  return adminFetch(path, {
    ...init,
    headers: {
      'Cf-Access-Jwt-Assertion': token,
      Origin: CHECKOUT_ORIGIN,
      'Sec-Fetch-Site': 'same-origin',
      ...init.headers,
    },
  });
}

/** GET as JSON. */
export async function consoleGet<T = Record<string, unknown>>(path: string): Promise<T> {
  const response = await consoleApi(path);
  if (!response.ok)
    throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/**
 * POST /admin/api/orders/search, as the console asks it: its fields (`q=…&status=…`) in a form
 * body, so that a search by email is in no URL.
 */
export function searchOrders(query = ''): Promise<Response> {
  return consoleApi('/admin/api/orders/search', {
    method: 'POST',
    body: new URLSearchParams(query),
  });
}

/** The search's JSON (`{ orders, next_cursor }`). */
export async function consoleSearch<T = Record<string, unknown>>(query = ''): Promise<T> {
  const response = await searchOrders(query);
  if (!response.ok) throw new Error(`search ${query} answered ${response.status}`);
  return response.json();
}

/** POST /admin/api/orders/<id>/refunds, with this Idempotency-Key (a new one by default). */
export function refund(
  orderId: string,
  body: { amount?: number; reason?: string } = {},
  key: string | null = crypto.randomUUID(),
): Promise<Response> {
  return consoleApi(`/admin/api/orders/${orderId}/refunds`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(key !== null && { 'Idempotency-Key': key }),
    },
    body: JSON.stringify(body),
  });
}

/** Runs the cron trigger as Cloudflare would (the sweep waits for the work it starts). */
export async function sweep(): Promise<void> {
  await worker.scheduled(
    createScheduledController({ cron: '*/5 * * * *', scheduledTime: Date.now() }),
    env,
  );
}
