import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashSecret, matchesHash, newToken, sameSecret } from './secret';

describe('secrets in the ledger', () => {
  it('hashes with SHA-256, in lowercase hex', async () => {
    expect(await hashSecret('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('recognises a secret by its hash, and nothing else', async () => {
    const hash = await hashSecret('pi_1_secret_2');
    expect(await matchesHash('pi_1_secret_2', hash)).toBe(true);
    for (const other of ['pi_1_secret_3', 'pi_1_secret_2 ', '', hash])
      expect(await matchesHash(other, hash), other).toBe(false);
    for (const stored of [null, '', 'not a hash', hash.toUpperCase(), hash.slice(1)])
      expect(await matchesHash('pi_1_secret_2', stored), String(stored)).toBe(false);
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), async (a, b) => {
        expect(await sameSecret(a, b)).toBe(a === b);
      }),
    );
    expect(await sameSecret('x', null)).toBe(false);
  });

  it('makes unguessable tokens: 32 base64url characters, never the same twice', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newToken));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
