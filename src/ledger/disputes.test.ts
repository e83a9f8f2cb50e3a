import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { disputeStage, recordDispute, type DisputeFacts } from './disputes';

const ORDER = 'ord_00000000000000000000d15e';
const facts = (status: string): DisputeFacts => ({
  id: 'dp_1',
  status,
  reason: 'fraudulent',
  amount: 500,
  currency: 'usd',
  dueBy: 1_800_000_000,
});
const cause = (id: string) => ({ source: 'webhook' as const, event: { id, type: 'x' } });
const event = (id: string, created: number) => ({ id, type: 'x', created });
const held = async () =>
  (await env.DB.prepare('SELECT status FROM disputes WHERE id = ?').bind('dp_1').first())?.status;

beforeEach(async () => {
  await env.DB.batch([
    env.DB.prepare('DELETE FROM disputes'),
    env.DB.prepare('DELETE FROM stripe_events'),
    env.DB.prepare('DELETE FROM orders WHERE id = ?').bind(ORDER),
  ]);
});

describe('disputeStage', () => {
  it('orders a dispute’s statuses: a response is due, the bank reviews, it is over', () => {
    expect(['needs_response', 'warning_needs_response'].map(disputeStage)).toEqual([0, 0]);
    expect(['under_review', 'warning_under_review'].map(disputeStage)).toEqual([1, 1]);
    expect(['won', 'lost', 'warning_closed', 'prevented'].map(disputeStage)).toEqual([2, 2, 2, 2]);
  });
});

describe('recordDispute', () => {
  it('keeps the newest state, never reopens a closed one, and applies an event once', async () => {
    const record = (status: string, id: string, created: number) =>
      recordDispute(env.DB, ORDER, facts(status), event(id, created), cause(id));
    expect(await record('under_review', 'evt_2', 20)).toEqual({ changed: true });
    expect(await held()).toBe('under_review');
    // Older: not taken.
    expect(await record('needs_response', 'evt_1', 10)).toEqual({ changed: false });
    expect(await held()).toBe('under_review');
    // Closed, even at the same second as an open state, and for good.
    expect(await record('won', 'evt_3', 20)).toEqual({ changed: true });
    expect(await record('needs_response', 'evt_4', 30)).toEqual({ changed: false });
    expect(await held()).toBe('won');
    expect(await record('won', 'evt_3', 20)).toBeNull();
  });
});
