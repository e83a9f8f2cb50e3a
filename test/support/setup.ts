/**
 * Runs before every test file of the checkout project: applies the D1 migrations (once; they are
 * recorded in d1_migrations); after each test, fails it if the checkout made an outbound request
 * the suite did not expect; after each file, fails it if a secret appeared in a response or a log.
 */
import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterAll, afterEach, expect } from 'vitest';
import { watchLogs } from './hygiene';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
watchLogs();

/** Fails with the outbound requests no test expected since the last look, and forgets them. */
async function noUnexpectedRequests(what: string) {
  const response = await env.OUTBOUND.fetch('http://outbound.test/unexpected', {
    method: 'DELETE',
  });
  expect(await response.json(), what).toEqual([]);
}

afterEach(() => noUnexpectedRequests('outbound requests the test did not expect'));

// No webhook delivery may still be on its way when the file's runner shuts down; and a request
// made after the file's last test (its waitUntil work) is this file's, not the next one's.
afterAll(async () => {
  await env.STRIPE_SIM.fetch('http://127.0.0.1:12111/_sim/reset', { method: 'POST' });
  await noUnexpectedRequests('outbound requests after the file’s last test');
});
