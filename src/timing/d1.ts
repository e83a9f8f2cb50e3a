/**
 * A D1 binding that reports each of its calls (a query, a batch, an exec) with the SQL it ran and
 * how long it waited; results, errors and everything else are D1's own. Server-Timing gives each
 * request one (middleware/server-timing), so every D1 call of a route (the ledger, or any code
 * given c.env.DB) is timed without being passed a tally; a test uses one to read the SQL a
 * request runs (test/integration/same-io.test.ts).
 */
import { timed } from '.';

/** One round trip to D1: the SQL of its statements (one, or a batch's) and its wait in ms. */
export interface D1Call {
  statements: string[];
  ms: number;
}

type Report = (call: D1Call) => void;

/** A statement made through an observed binding. `inner` is D1's own, which a batch is given. */
class ObservedStatement implements D1PreparedStatement {
  constructor(
    readonly inner: D1PreparedStatement,
    readonly sql: string,
    private readonly report: Report,
  ) {}

  private call<T>(run: () => Promise<T>): Promise<T> {
    return timed(run, (ms) => this.report({ statements: [this.sql], ms }));
  }

  bind(...values: unknown[]): D1PreparedStatement {
    return new ObservedStatement(this.inner.bind(...values), this.sql, this.report);
  }

  first<T = unknown>(colName: string): Promise<T | null>;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  first<T>(colName?: string): Promise<T | null> {
    return this.call(() =>
      colName === undefined ? this.inner.first<T>() : this.inner.first<T>(colName),
    );
  }

  run<T = Record<string, unknown>>(): Promise<D1Result<T>> {
    return this.call(() => this.inner.run<T>());
  }

  all<T = Record<string, unknown>>(): Promise<D1Result<T>> {
    return this.call(() => this.inner.all<T>());
  }

  raw<T = unknown[]>(options: { columnNames: true }): Promise<[string[], ...T[]]>;
  raw<T = unknown[]>(options?: { columnNames?: false }): Promise<T[]>;
  raw<T = unknown[]>(options?: { columnNames?: boolean }): Promise<[string[], ...T[]] | T[]> {
    return this.call<[string[], ...T[]] | T[]>(() =>
      options?.columnNames
        ? this.inner.raw<T>({ columnNames: true })
        : this.inner.raw<T>({ columnNames: false }),
    );
  }
}

/** What a database and a session have in common: statements, and batches of them. */
class ObservedQueries<Inner extends D1Database | D1DatabaseSession> {
  constructor(
    protected readonly inner: Inner,
    protected readonly report: Report,
  ) {}

  prepare(query: string): D1PreparedStatement {
    return new ObservedStatement(this.inner.prepare(query), query, this.report);
  }

  batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    const observed = statements.map((s) => (s instanceof ObservedStatement ? s : null));
    const own = statements.map((s, i) => observed[i]?.inner ?? s);
    const sql = observed.map((s) => s?.sql ?? '(a statement made without this binding)');
    return timed(
      () => this.inner.batch<T>(own),
      (ms) => this.report({ statements: sql, ms }),
    );
  }
}

class ObservedSession extends ObservedQueries<D1DatabaseSession> implements D1DatabaseSession {
  getBookmark(): D1SessionBookmark | null {
    return this.inner.getBookmark();
  }
}

class ObservedDatabase extends ObservedQueries<D1Database> implements D1Database {
  exec(query: string): Promise<D1ExecResult> {
    return timed(
      () => this.inner.exec(query),
      (ms) => this.report({ statements: [query], ms }),
    );
  }

  withSession(constraintOrBookmark?: D1SessionBookmark | D1SessionConstraint): D1DatabaseSession {
    return new ObservedSession(this.inner.withSession(constraintOrBookmark), this.report);
  }

  dump(): Promise<ArrayBuffer> {
    return timed(
      () => this.inner.dump(),
      (ms) => this.report({ statements: [], ms }),
    );
  }
}

/** `db`, reporting each of its calls to `report` once the call is over (failed or not). */
export function observedD1(db: D1Database, report: Report): D1Database {
  return new ObservedDatabase(db, report);
}
