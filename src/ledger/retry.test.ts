import { describe, expect, it } from 'vitest';
import {
  claimUnfulfilled,
  findOrder,
  forgetOldEvents,
  markFulfilled,
  openOrder,
  recordIgnoredEvent,
  transition,
} from '.';

/** D1's retryable errors, as its documentation words them. */
const RETRYABLE = [
  'D1_ERROR: Network connection lost.',
  'D1_ERROR: Internal error while starting up D1 DB storage caused object to be reset.',
  'D1_ERROR: D1 DB reset because its code was updated.',
];

/** A D1 stand-in whose next queries fail with `failures`, then answer with one order row. */
function fakeD1(...failures: string[]) {
  let queries = 0;
  const row = { id: 'ord_1', status: 'paid' };
  const answer = async <T>(value: T): Promise<T> => {
    queries++;
    const failure = failures.shift();
    if (failure) throw new Error(failure);
    return value;
  };
  const statement = {
    bind: () => statement,
    first: () => answer(row),
    run: () => answer({ meta: { changes: 1 } }),
    all: () => answer({ results: [row] }),
  };
  const db = {
    prepare: () => statement,
    batch: (statements: unknown[]) => answer(statements.map(() => ({ results: [row] }))),
  };
  return { db: db as unknown as D1Database, queries: () => queries };
}

const cause = { source: 'request', route: 'POST /charge', requestId: 'r' } as const;
const event = { source: 'webhook', event: { id: 'evt_1', type: 'x' } } as const;

const draft = {
  checkoutId: 'c',
  lines: [{ product: 'p', quantity: 1, unit_amount: 500, discount: 0, amount: 500 }],
  amount: 500,
  currency: 'usd',
  email: 'ledger@example.com',
  promotion: null,
};

describe('transient D1 errors', () => {
  it.each(RETRYABLE)('retries a read once after "%s"', async (message) => {
    const { db, queries } = fakeD1(message);
    expect(await findOrder(db, 'ord_1')).toMatchObject({ id: 'ord_1' });
    expect(queries()).toBe(2);
  });

  it('retries once only', async () => {
    const { db, queries } = fakeD1(RETRYABLE[0]!, RETRYABLE[0]!);
    await expect(findOrder(db, 'ord_1')).rejects.toThrow('Network connection lost');
    expect(queries()).toBe(2);
  });

  it('never retries any other error', async () => {
    for (const message of [
      'D1_ERROR: UNIQUE constraint failed: orders.checkout_id: SQLITE_CONSTRAINT',
      'D1_ERROR: no such table: orders: SQLITE_ERROR',
      'D1_ERROR: D1 DB is overloaded. Too many requests queued.',
    ]) {
      const { db, queries } = fakeD1(message);
      await expect(findOrder(db, 'ord_1')).rejects.toThrow(message);
      expect(queries()).toBe(1);
    }
  });

  it('retries the writes whose repeat changes nothing', async () => {
    const writes: ((db: D1Database) => Promise<unknown>)[] = [
      (db) => openOrder(db, draft, cause),
      (db) => transition(db, 'ord_1', { status: 'paid' }, event),
      (db) => markFulfilled(db, 'ord_1'),
      (db) => recordIgnoredEvent(db, 'evt_1', 'customer.created'),
      (db) => forgetOldEvents(db),
    ];
    for (const write of writes) {
      const { db, queries } = fakeD1(RETRYABLE[0]!);
      await write(db);
      expect(queries(), String(write)).toBe(2);
    }
  });

  it('does not retry the fulfilment claim: a repeat after a claim that committed would find nothing', async () => {
    const { db, queries } = fakeD1(RETRYABLE[0]!);
    await expect(claimUnfulfilled(db, 10, 1, 5)).rejects.toThrow('Network connection lost');
    expect(queries()).toBe(1);
  });
});
