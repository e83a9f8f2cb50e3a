/**
 * The cron's ledger housekeeping: Stripe event ids are kept 30 days for deduplication, then
 * forgotten; declines per client network are forgotten after a day; the fulfilment retries it
 * also runs are tested in fulfilment.test.ts.
 */
import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { EVENT_RETENTION_DAYS } from '../../src/ledger';
import { recordDecline } from '../../src/ledger/declines';
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

describe('network_declines retention', () => {
  it('forgets declines more than 24 hours old, and only those', async () => {
    const hoursAgo = { '192.0.2.1': 24.1, '192.0.2.2': 400, '192.0.2.3': 23.9, '192.0.2.4': 0 };
    for (const [network, hours] of Object.entries(hoursAgo))
      await recordDecline(env.DB, network, new Date(Date.now() - hours * 3_600_000));
    await worker.scheduled(
      createScheduledController({ cron: '*/5 * * * *', scheduledTime: Date.now() }),
      env,
    );
    const { results } = await env.DB.prepare(
      'SELECT network FROM network_declines ORDER BY network',
    ).all();
    expect(results.map((row) => row.network)).toEqual(['192.0.2.3', '192.0.2.4']);
  });
});
