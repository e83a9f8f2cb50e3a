import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { observedD1, type D1Call } from './d1';

afterEach(() => vi.restoreAllMocks());

describe('observedD1', () => {
  it('answers as D1 does, and reports each call with its SQL and its wait', async () => {
    // A clock that moves 1 ms per reading: each call, read before and after, waits 1 ms.
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => ++now);
    const calls: D1Call[] = [];
    const db = observedD1(env.DB, (call) => calls.push(call));
    const pair = 'SELECT ?1 AS n, ?2 AS label';
    const one = db.prepare(pair);

    expect(await one.bind(7, 'a').first()).toEqual({ n: 7, label: 'a' });
    expect(await one.bind(8, 'b').first('n')).toBe(8);
    expect((await one.bind(9, 'c').all()).results).toEqual([{ n: 9, label: 'c' }]);
    expect((await one.bind(1, 'd').run()).success).toBe(true);
    expect(await one.bind(2, 'e').raw()).toEqual([[2, 'e']]);
    expect(await one.bind(3, 'f').raw({ columnNames: true })).toEqual([
      ['n', 'label'],
      [3, 'f'],
    ]);
    // A batch takes the binding's statements and D1's own alike: one call, one transaction.
    const [mine, own] = await db.batch([one.bind(4, 'g'), env.DB.prepare('SELECT 5 AS n')]);
    expect([mine?.results, own?.results]).toEqual([[{ n: 4, label: 'g' }], [{ n: 5 }]]);
    expect((await db.exec('SELECT 1')).count).toBe(1);
    expect(await db.withSession('first-primary').prepare('SELECT 6 AS n').first('n')).toBe(6);
    // A failed call is D1's error, and it is reported too.
    const missing = 'SELECT * FROM no_such_table';
    await expect(db.prepare(missing).first()).rejects.toThrow(/no such table/);

    expect(calls).toEqual([
      ...Array.from({ length: 6 }, () => ({ statements: [pair], ms: 1 })),
      { statements: [pair, '(a statement made without this binding)'], ms: 1 },
      { statements: ['SELECT 1'], ms: 1 },
      { statements: ['SELECT 6 AS n'], ms: 1 },
      { statements: [missing], ms: 1 },
    ]);
  });
});
