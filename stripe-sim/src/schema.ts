import { SIMULATED_ACCOUNT } from './routes/account';

/**
 * Every table of the simulator's state, in the Durable Object's SQLite storage. `POST /_sim/reset`
 * empties them all.
 */
const TABLES = {
  /** Stripe objects as their JSON; `seq` orders lists newest first. */
  objects: `CREATE TABLE IF NOT EXISTS objects (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    data TEXT NOT NULL
  )`,
  /**
   * What the simulator remembers about objects that Stripe keeps out of the API: a PaymentIntent
   * whose payment method passed 3-D Secure, a card set up for later off-session payments.
   */
  marks: `CREATE TABLE IF NOT EXISTS marks (key TEXT PRIMARY KEY)`,
  /**
   * The first response to each account's Idempotency-Key, replayed for later requests with that key
   * until it is 24 hours old (`created`: the simulator's Unix time of its first use).
   */
  idempotency_keys: `CREATE TABLE IF NOT EXISTS idempotency_keys (
    account TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    request_id TEXT NOT NULL,
    created INTEGER NOT NULL,
    PRIMARY KEY (account, key)
  )`,
  /** Every /v1 request since the last reset (GET /_sim/requests). */
  requests: `CREATE TABLE IF NOT EXISTS requests (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    idempotency_key TEXT,
    status INTEGER NOT NULL,
    replayed INTEGER NOT NULL,
    auth TEXT,
    fault TEXT
  )`,
  /** The armed fault, if any (POST /_sim/faults). */
  faults: `CREATE TABLE IF NOT EXISTS faults (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    mode TEXT NOT NULL,
    status INTEGER NOT NULL,
    delay_ms INTEGER NOT NULL,
    remaining INTEGER NOT NULL
  )`,
  /** How far the simulator's clock runs ahead of real time (POST /_sim/clock). */
  clock: `CREATE TABLE IF NOT EXISTS clock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    offset_seconds INTEGER NOT NULL
  )`,
  /** The latency set with POST /_sim/latency, if any (else LATENCY_MS applies). */
  latency: `CREATE TABLE IF NOT EXISTS latency (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    ms INTEGER NOT NULL
  )`,
  /** One row per (event, endpoint): its state, attempts and when to try next. */
  webhook_deliveries: `CREATE TABLE IF NOT EXISTS webhook_deliveries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    url TEXT NOT NULL,
    endpoint_id TEXT,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts TEXT NOT NULL,
    next_attempt_at INTEGER NOT NULL
  )`,
  /** The signing secret of each endpoint created through the API (shown only at its creation). */
  webhook_endpoint_secrets: `CREATE TABLE IF NOT EXISTS webhook_endpoint_secrets (
    endpoint_id TEXT PRIMARY KEY,
    secret TEXT NOT NULL
  )`,
  /** Refunds of a refund-failing test card, and when each fails (refund-failures.ts). */
  refund_failures: `CREATE TABLE IF NOT EXISTS refund_failures (
    refund_id TEXT PRIMARY KEY,
    fails_at INTEGER NOT NULL
  )`,
  /** Switches set through the control API, such as paused webhook deliveries. */
  settings: `CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  )`,
} as const;

/**
 * The lookups that run on every request or event, so that none reads the whole table: its cost
 * would grow with every payment made since the last reset (measured with `npm run load`).
 */
const INDEXES = [
  /** Objects of one type, in list order: lists, webhook endpoints, open Checkout Sessions. */
  'CREATE INDEX IF NOT EXISTS objects_by_type ON objects (type, seq)',
  /** The deliveries due next (the alarm, the flush). */
  'CREATE INDEX IF NOT EXISTS deliveries_by_status ON webhook_deliveries (status, next_attempt_at)',
  /** An event's deliveries (its `pending_webhooks`). */
  'CREATE INDEX IF NOT EXISTS deliveries_by_event ON webhook_deliveries (event_id)',
  /** The idempotency keys 24 hours old, pruned before each lookup. */
  'CREATE INDEX IF NOT EXISTS idempotency_keys_by_age ON idempotency_keys (created)',
];

/** Columns added after their table first shipped, for state kept by `wrangler dev` since then. */
const ADDED_COLUMNS: ReadonlyArray<readonly [table: keyof typeof TABLES, column: string]> = [
  ['webhook_deliveries', 'endpoint_id TEXT'],
];

/** Creates the tables that do not exist yet. */
export function migrate(sql: SqlStorage): void {
  const unscopedKeys =
    hasTable(sql, 'idempotency_keys') && !hasColumn(sql, 'idempotency_keys', 'account');
  if (unscopedKeys) sql.exec('ALTER TABLE idempotency_keys RENAME TO idempotency_keys_unscoped');
  for (const ddl of Object.values(TABLES)) sql.exec(ddl);
  if (unscopedKeys) scopeIdempotencyKeys(sql);
  for (const [table, column] of ADDED_COLUMNS) {
    if (!hasColumn(sql, table, column.split(' ')[0]!))
      sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column}`);
  }
  for (const ddl of INDEXES) sql.exec(ddl);
}

const hasTable = (sql: SqlStorage, table: string) =>
  sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", table).toArray()
    .length > 0;

const hasColumn = (sql: SqlStorage, table: string, column: string) =>
  sql
    .exec<{ name: string }>(`PRAGMA table_info(${table})`)
    .toArray()
    .some((c) => c.name === column);

/**
 * Keys saved before they were scoped and aged (state kept by `wrangler dev` since then) belong to
 * the simulator's account, and count as first used now: none is lost, each lives 24 hours more.
 */
function scopeIdempotencyKeys(sql: SqlStorage): void {
  sql.exec(
    'INSERT INTO idempotency_keys (account, key, fingerprint, status, body, request_id, created) ' +
      'SELECT ?, key, fingerprint, status, body, request_id, ' +
      "CAST(strftime('%s', 'now') AS INTEGER) + " +
      'COALESCE((SELECT offset_seconds FROM clock WHERE id = 1), 0) FROM idempotency_keys_unscoped',
    SIMULATED_ACCOUNT.id,
  );
  sql.exec('DROP TABLE idempotency_keys_unscoped');
}

/** Deletes every row of every table. */
export function clearAll(sql: SqlStorage): void {
  for (const table of Object.keys(TABLES)) sql.exec(`DELETE FROM ${table}`);
}
