import { describe, expect, it } from 'vitest';
import { deployedConfig, isCheckout } from './worker-mode.mjs';

const ORIGIN = 'https://edge-checkout.shop-owner.workers.dev';

/** A fetch that answers every request with this body and status. */
const answering =
  (body: string, status = 200, type = 'application/json'): typeof fetch =>
  async () =>
    new Response(body, { status, headers: { 'Content-Type': type } });

describe('deployedConfig: what the Worker at an address answers to GET /config', () => {
  it('is this checkout, with its mode and publishable key', async () => {
    const asked: string[] = [];
    const fetchImpl: typeof fetch = async (input, init) => {
      asked.push(String(input));
      return answering('{"mode":"live","publishableKey":"pk_live_x","ui":"elements"}')(input, init);
    };
    expect(await deployedConfig(ORIGIN, fetchImpl)).toEqual({
      kind: 'checkout',
      mode: 'live',
      publishableKey: 'pk_live_x',
    });
    expect(asked).toEqual([`${ORIGIN}/config`]);
  });

  it("is this checkout refusing payments for its 503, and nothing else's", async () => {
    const refusing = '{"error":{"code":"payments_not_configured","message":"…"}}';
    const unconfigured = await deployedConfig(ORIGIN, answering(refusing, 503));
    expect(unconfigured).toEqual({ kind: 'unconfigured' });
    expect(isCheckout(unconfigured)).toBe(true);
    // Another 503 (another site, Cloudflare's own) is not this checkout's.
    const other = await deployedConfig(ORIGIN, answering('{"error":"x"}', 503));
    expect(other).toEqual({ kind: 'other', detail: 'HTTP 503, application/json' });
    expect(isCheckout(other)).toBe(false);
  });

  it('is another answer for a page, or JSON naming no mode or key', async () => {
    for (const [body, status, type] of [
      ['<html>There is nothing here yet</html>', 404, 'text/html'],
      ['null', 200, 'application/json'],
      ['{"mode":"production","publishableKey":"pk_live_x"}', 200, 'application/json'],
      // A Worker of old naming only its mode: not enough to compare keys.
      ['{"mode":"live"}', 200, 'application/json'],
    ] as const) {
      const answer = await deployedConfig(ORIGIN, answering(body, status, type));
      expect(answer.kind).toBe('other');
      expect(answer.detail).toBe(`HTTP ${status}, ${type}`);
    }
  });

  it('is no answer for an address that does not answer, or not in time', async () => {
    const unreachable: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    expect(await deployedConfig(ORIGIN, unreachable)).toEqual({
      kind: 'none',
      detail: 'fetch failed',
    });
    const silent: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    expect((await deployedConfig(ORIGIN, silent, 20)).kind).toBe('none');
  });
});
