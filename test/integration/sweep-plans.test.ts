/**
 * What the 5-minute cron reads (src/cron.ts: the reconciliation sweep and the jobs beside it).
 * Every statement a run prepares is recorded with its bindings and the rows D1 says it read.
 * SQLite's plan of each (EXPLAIN QUERY PLAN, through D1) must reach orders by a key or through a
 * partial index, in the order the statement asks for: a full scan, or a sort in a temporary
 * B-tree (which reads every matching row before LIMIT), reads the whole ledger 288 times a day,
 * and on Workers Free D1's 5 million rows read a day are then spent by a shop of some thousands
 * of orders, after which every payment is refused until midnight UTC. A later edit of a query that
 * loses its index (migrations/0023_sweep_indexes.sql) fails here.
 */
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { housekeeping } from '../../src/cron';
import { MAX_DECLINES_PER_CHECKOUT } from '../../src/limits';
import { resetAll } from '../support/checkout';

beforeEach(resetAll);

interface Statement {
  sql: string;
  params: unknown[];
  rowsRead: number;
}

/**
 * A D1 binding that runs the real statements and keeps, for each one prepared, its SQL, its
 * bindings and the rows D1 reports read (`first` runs as `all`, whose result carries them).
 */
function recording(db: D1Database, statements: Statement[]): D1Database {
  const records = new WeakMap<object, [D1PreparedStatement, Statement]>();
  const count = async <T extends D1Result>(record: Statement, result: Promise<T>) => {
    const done = await result;
    record.rowsRead += done.meta.rows_read;
    return done;
  };
  const wrap = (statement: D1PreparedStatement, record: Statement): D1PreparedStatement => {
    const wrapped = {
      bind: (...params: unknown[]) => {
        record.params = params;
        return wrap(statement.bind(...params), record);
      },
      all: () => count(record, statement.all()),
      run: () => count(record, statement.run()),
      first: async (column?: string) => {
        const row = (await count(record, statement.all<Record<string, unknown>>())).results[0];
        return (column === undefined ? row : row?.[column]) ?? null;
      },
      raw: () => {
        throw new Error('raw() is not recorded');
      },
    } as unknown as D1PreparedStatement;
    records.set(wrapped, [statement, record]);
    return wrapped;
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === 'prepare')
        return (sql: string) => {
          const record: Statement = { sql, params: [], rowsRead: 0 };
          statements.push(record);
          return wrap(target.prepare(sql), record);
        };
      if (property === 'batch')
        return async (list: D1PreparedStatement[]) => {
          const known = list.map((statement) => records.get(statement));
          const results = await target.batch(list.map((s, i) => known[i]?.[0] ?? s));
          results.forEach((result, i) => {
            const record = known[i]?.[1];
            if (record) record.rowsRead += result.meta.rows_read;
          });
          return results;
        };
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** One cron run as the trigger starts it, with every statement it prepared. */
async function cronRun(): Promise<Statement[]> {
  const statements: Statement[] = [];
  await housekeeping({ ...env, DB: recording(env.DB, statements) });
  return statements;
}

/** SQLite's plan of one statement, one line per step. */
async function plan({ sql, params }: Statement): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return results.map((row) => row.detail);
}

const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim();

/**
 * Orders no step of the cron has anything to do with, `count` of each kind: paid and fulfilled
 * (without Stripe Tax), refunded, failed with and without a PaymentIntent, failed at the decline
 * cap by POST /charge (no client secret handed out: nothing to cancel), hosted checkouts that
 * ended, and own-page orders whose create never answered, older than the link step looks (3 days).
 */
async function settledOrders(count: number): Promise<number> {
  const days = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
  const kinds = [
    { status: 'paid', pi: true, hosted: 0, fulfilled: true },
    { status: 'refunded', pi: true, hosted: 0, fulfilled: true },
    { status: 'failed', pi: true, hosted: 0 },
    { status: 'failed', pi: false, hosted: 0 },
    { status: 'failed', pi: true, hosted: 0, declines: MAX_DECLINES_PER_CHECKOUT },
    // Failed after 3-D Secure (its secret handed out), without a code: nothing holds or waits.
    { status: 'failed', pi: true, hosted: 0, secret: 1 },
    { status: 'canceled', pi: false, hosted: 1, session: true },
    { status: 'canceled', pi: false, hosted: 1 },
    { status: 'pending', pi: false, hosted: 0 },
  ];
  const statements = kinds.flatMap((kind, k) =>
    Array.from({ length: count }, (_, i) => {
      const n = `${k}${i.toString().padStart(6, '0')}`;
      return env.DB.prepare(
        `INSERT INTO orders (id, checkout_id, product_id, quantity, amount, currency, email, status,
           payment_intent_id, hosted, checkout_session_id, fulfilled_at, created_at, updated_at,
           declines, secret_handed_out)
         VALUES (?, ?, 'support-5', 1, 500, 'usd', 'buyer@example.org', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).bind(
        `ord_settled_${n}`,
        crypto.randomUUID(),
        kind.status,
        kind.pi ? `pi_settled_${n}` : null,
        kind.hosted,
        kind.session ? `cs_settled_${n}` : null,
        kind.fulfilled ? days(4) : null,
        days(4 + i / count),
        days(4),
        kind.declines ?? 0,
        kind.secret ?? 0,
      );
    }),
  );
  for (let i = 0; i < statements.length; i += 100) await env.DB.batch(statements.slice(i, i + 100));
  return statements.length;
}

describe('a cron run', () => {
  it('reaches orders by key or through partial indexes, in order, never sorting them', async () => {
    const partial = new Set(
      (
        await env.DB.prepare(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '% WHERE %'",
        ).all<{ name: string }>()
      ).results.map((row) => row.name),
    );
    const statements = (await cronRun()).filter((statement) => /\borders\b/.test(statement.sql));
    // One per index of migrations/0023 (the ended-hosted sweep's in two), and the refunds' join.
    expect(statements.length).toBeGreaterThanOrEqual(9);
    const unbounded: string[] = [];
    for (const statement of statements) {
      const bad = (await plan(statement)).filter((step) => {
        if (step.startsWith('USE TEMP B-TREE')) return true;
        const scan = /^SCAN orders(?: USING (?:COVERING )?INDEX (\w+))?/.exec(step);
        return scan !== null && !(scan[1] && partial.has(scan[1]));
      });
      if (bad.length) unbounded.push(`${oneLine(statement.sql)}\n  ${bad.join('\n  ')}`);
    }
    expect(unbounded).toEqual([]);
  });

  it("reads open orders through the indexes of migrations/0023, none through 0007's orders_open", async () => {
    const used = new Set<string>();
    for (const statement of await cronRun())
      for (const step of await plan(statement)) {
        const index = /USING (?:COVERING )?INDEX (\w+)/.exec(step)?.[1];
        if (index) used.add(index);
      }
    expect([...used].filter((name) => name.startsWith('orders_open')).sort()).toEqual([
      'orders_open_linked',
      'orders_open_sessions',
    ]);
    // Dropped (migrations/0026): no query used it, and every change of an open order wrote it.
    const indexes = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'orders'",
    ).all<{ name: string }>();
    expect(indexes.results.map((row) => row.name)).not.toContain('orders_open');
  });

  it('reads no more of the ledger with 360 orders it has nothing to do with than with none', async () => {
    const readByStatement = async () => {
      const read = new Map<string, number>();
      for (const { sql, rowsRead } of await cronRun())
        if (/\borders\b/.test(sql))
          read.set(oneLine(sql), (read.get(oneLine(sql)) ?? 0) + rowsRead);
      return read;
    };
    const empty = await readByStatement();
    expect(await settledOrders(40)).toBe(360);
    const settled = await readByStatement();
    expect([...settled.keys()]).toEqual([...empty.keys()]);
    const more = [...settled].filter(([sql, rows]) => rows > empty.get(sql)!);
    expect(more.map(([sql, rows]) => `${rows} rows (${empty.get(sql)} before): ${sql}`)).toEqual(
      [],
    );
  });
});
