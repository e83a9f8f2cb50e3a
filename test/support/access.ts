/**
 * Helpers for tests of /admin behind Cloudflare Access: requests to the checkout with Access
 * configured (or not), and tokens from the Access stand-in (access-sim/, an auxiliary worker).
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import worker from '../../src/index';
import { ACCESS_SIM_ORIGIN, ACCESS_TEST_AUD } from './access-env';
import { CHECKOUT_ORIGIN } from './env';
import { remember } from './hygiene';

/** The Access variables of a checkout whose team is `team` (the stand-in's dev address by default). */
export function accessVars(team = ACCESS_SIM_ORIGIN, aud = ACCESS_TEST_AUD) {
  return { ACCESS_TEAM_DOMAIN: team, ACCESS_AUD: aud };
}

/**
 * A team domain of the caller's own (`https://<random>.cloudflareaccess.com`, answered by the
 * stand-in): its own keys, and its own key set in the checkout's cache.
 */
export function newTeam(): string {
  return `https://t${crypto.randomUUID().slice(0, 8)}.cloudflareaccess.com`;
}

/** A request to the Access stand-in, as the team at `team`. */
export function accessSim(team: string, path: string, init: RequestInit = {}): Promise<Response> {
  return env.ACCESS_SIM.fetch(new Request(new URL(path, team), init));
}

/** A token minted by the team at `team` (POST /_dev/token); claims override the defaults. */
export async function mint(
  team: string,
  claims: {
    email?: string;
    aud?: string;
    iss?: string;
    /** "": no `sub` claim. */
    sub?: string;
    iat?: number;
    nbf?: number;
    exp?: number;
  } = {},
): Promise<string> {
  const response = await accessSim(team, '/_dev/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'ada@shop.example', ...claims }),
  });
  if (!response.ok) throw new Error(`POST /_dev/token answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** How many times the checkout (or anyone) fetched the team's keys. */
export async function certsFetches(team: string): Promise<number> {
  const stats = (await (await accessSim(team, '/_dev/stats')).json()) as { certs_fetches: number };
  return stats.certs_fetches;
}

/**
 * A request to the checkout with `vars` over the test environment (Access is off unless they set
 * it), from `origin` (the loopback checkout by default: simulated mode).
 */
export async function adminFetch(
  path: string,
  {
    vars = accessVars(),
    origin = CHECKOUT_ORIGIN,
    ...init
  }: RequestInit & { vars?: Record<string, string | undefined>; origin?: string } = {},
): Promise<Response> {
  const ctx = createExecutionContext();
  const request = new Request(new URL(path, origin), { redirect: 'manual', ...init });
  const response = await worker.fetch(request, { ...env, ...vars } as Env, ctx);
  await waitOnExecutionContext(ctx);
  await remember(response);
  return response;
}
