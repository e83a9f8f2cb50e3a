import { Hono } from 'hono/tiny';
import { describe, expect, it, vi } from 'vitest';
import { newWaits } from '../../timing';
import type { AppEnv } from '../../types';
import type { LogFields } from '../../log';
import { SLOW_WAITS_MS, requestLog } from '.';

/** An app whose one route waited `d1` and `stripe` ms, and noted `fields`, then answered `status`. */
function app(d1: number, stripe: number, fields: LogFields = {}, status = 200) {
  return new Hono<AppEnv>()
    .use(async function waits(c, next) {
      c.set('waits', newWaits());
      await next();
    })
    .use(requestLog())
    .all('/', (c) => {
      Object.assign(c.get('waits'), { d1, stripe });
      Object.assign(c.get('log'), fields);
      return c.text('ok', status as 200);
    });
}

async function linesOf(hono: Hono<AppEnv>, method = 'GET'): Promise<Record<string, unknown>[]> {
  const out = vi.spyOn(console, 'log').mockImplementation(() => {});
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  await hono.request('/', { method });
  const calls = [...out.mock.calls, ...warn.mock.calls, ...error.mock.calls];
  vi.restoreAllMocks();
  return calls.map(([line]) => JSON.parse(String(line)));
}

describe('requestLog', () => {
  it('writes nothing for a plain successful read, GET or HEAD', async () => {
    expect(await linesOf(app(3, 0, { receipt: 'full' }))).toEqual([]);
    expect(await linesOf(app(3, 0), 'HEAD')).toEqual([]);
  });

  it('writes none for a POST that marks itself a read, unless it failed', async () => {
    expect(await linesOf(app(0, 0, { read: true }), 'POST')).toEqual([]);
    expect(await linesOf(app(0, 0, { read: true }, 400), 'POST')).toMatchObject([{ status: 400 }]);
  });

  it('writes a line for a read slow on D1 and Stripe together, with both waits', async () => {
    expect(await linesOf(app(SLOW_WAITS_MS - 300, 300))).toEqual([
      expect.objectContaining({ event: 'request', status: 200, d1_ms: 700, stripe_ms: 300 }),
    ]);
  });

  it('writes a line for a write, a refusal, an admin and a read that asked Stripe', async () => {
    expect(await linesOf(app(0, 0), 'POST')).toMatchObject([{ method: 'POST', status: 200 }]);
    expect(await linesOf(app(0, 0, {}, 429))).toMatchObject([{ level: 'warn', status: 429 }]);
    expect(await linesOf(app(0, 0, { admin: 'a***@example.com' }))).toMatchObject([
      { admin: 'a***@example.com' },
    ]);
    expect(await linesOf(app(0, 0, { stripe_check: 'asked' }))).toMatchObject([
      { stripe_check: 'asked' },
    ]);
    expect(await linesOf(app(0, 0, { problem: 'rate_limited' }))).toMatchObject([
      { problem: 'rate_limited' },
    ]);
  });

  it("puts a customer's everyday refusal on info, other refusals on warn, failures on error", async () => {
    const level = async (status: number, fields: LogFields = {}) =>
      (await linesOf(app(0, 0, fields, status), 'POST'))[0]?.level;
    expect(await level(402, { reason: 'declined' })).toBe('info');
    expect(await level(409, { reason: 'promotion_code' })).toBe('info');
    expect(await level(400, { promotion_refused: 'expired' })).toBe('info');
    expect(await level(409, { reason: 'price_changed' })).toBe('warn');
    expect(await level(403, { problem: 'cross_origin' })).toBe('warn');
    expect(await level(503, { reason: 'declined' })).toBe('error');
  });

  it('writes none for a static file an admin fetched, unless it failed', async () => {
    expect(await linesOf(app(0, 0, { admin: 'a***@example.com', asset: true }))).toEqual([]);
    const failed = await linesOf(app(0, 0, { admin: 'a***@example.com', asset: true }, 404));
    expect(failed).toMatchObject([{ status: 404 }]);
    expect(failed[0]).not.toHaveProperty('asset');
  });
});
