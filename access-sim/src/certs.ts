/**
 * GET /cdn-cgi/access/certs: the team's keys, in Access's shape. Tests can make it fail or stall
 * (`POST /_dev/faults`) and read how often it was fetched (`GET /_dev/stats`), per team origin.
 */
import { Hono } from 'hono';
import type { Env } from './env';
import { certsDocument } from './keys';

type CertsFault = 'error' | 'stall';

/** How long a stalled answer takes: far longer than any client should wait. */
const STALL_MS = 10_000;

const faults = new Map<string, CertsFault>();
const fetches = new Map<string, number>();

/** Arms (or clears, with null) a fault on the team's certs. */
export function setCertsFault(origin: string, fault: CertsFault | null): void {
  if (fault) faults.set(origin, fault);
  else faults.delete(origin);
}

/** How many times the team's certs were requested since the stand-in started. */
export function certsFetches(origin: string): number {
  return fetches.get(origin) ?? 0;
}

export const certs = new Hono<{ Bindings: Env }>().get('/', async function certsHandler(c) {
  const { origin } = new URL(c.req.url);
  fetches.set(origin, certsFetches(origin) + 1);
  const fault = faults.get(origin);
  if (fault === 'error') return c.json({ success: false, errors: [{ message: 'simulated' }] }, 500);
  if (fault === 'stall') await new Promise((resolve) => setTimeout(resolve, STALL_MS));
  return c.json(await certsDocument(origin));
});
