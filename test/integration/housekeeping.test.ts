/**
 * The cron's ledger housekeeping: Stripe event ids are kept 30 days for deduplication, then
 * forgotten; the fulfilment retries it also runs are tested in fulfilment.test.ts.
 */
import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { EVENT_RETENTION_DAYS } from '../../src/ledger';
import { resetAll } from '../support/checkout';

beforeEach(resetAll);

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

describe('stripe_events retention', () => {
  it(`forgets events received more than ${EVENT_RETENTION_DAYS} days ago, and only those`, async () => {
    const received = { evt_old: 31, evt_older: 400, evt_recent: 29, evt_today: 0 };
    await env.DB.batch(
      Object.entries(received).map(([id, days]) =>
        env.DB.prepare(
          "INSERT INTO stripe_events (id, type, received_at) VALUES (?, 'charge.succeeded', ?)",
        ).bind(id, daysAgo(days)),
      ),
    );
    await worker.scheduled(
      createScheduledController({ cron: '*/5 * * * *', scheduledTime: Date.now() }),
      env,
    );
    const { results } = await env.DB.prepare('SELECT id FROM stripe_events ORDER BY id').all();
    expect(results.map((row) => row.id)).toEqual(['evt_recent', 'evt_today']);
  });
});
