import { describe, expect, it } from 'vitest';
import { deployedMode } from './worker-mode.mjs';

const ORIGIN = 'https://edge-checkout.shop-owner.workers.dev';

/** A fetch that answers every request with this body and status. */
const answering =
  (body: string, status = 200): typeof fetch =>
  async () =>
    new Response(body, { status, headers: { 'Content-Type': 'application/json' } });

describe('deployedMode: what the deployed Worker’s GET /config says', () => {
  it('is the mode of a successful JSON answer', async () => {
    const asked: string[] = [];
    const fetchImpl: typeof fetch = async (input, init) => {
      asked.push(String(input));
      return answering('{"mode":"live","publishableKey":"pk_live_x"}')(input, init);
    };
    expect(await deployedMode(ORIGIN, fetchImpl)).toBe('live');
    expect(asked).toEqual([`${ORIGIN}/config`]);
  });

  it('is nothing for a Worker not deployed, refusing payments, or naming no mode', async () => {
    const unreachable: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    expect(await deployedMode(ORIGIN, unreachable)).toBeUndefined();
    expect(await deployedMode(ORIGIN, answering('{"error":"x"}', 503))).toBeUndefined();
    expect(await deployedMode(ORIGIN, answering('<html>Not found</html>'))).toBeUndefined();
    expect(await deployedMode(ORIGIN, answering('null'))).toBeUndefined();
    expect(await deployedMode(ORIGIN, answering('{"mode":"production"}'))).toBeUndefined();
  });

  it('gives up on a Worker that does not answer in time', async () => {
    const silent: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    expect(await deployedMode(ORIGIN, silent, 20)).toBeUndefined();
  });
});
