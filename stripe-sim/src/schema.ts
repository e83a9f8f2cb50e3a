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
  /** The first response to each Idempotency-Key, replayed for later requests with that key. */
  idempotency_keys: `CREATE TABLE IF NOT EXISTS idempotency_keys (
    key TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    request_id TEXT NOT NULL
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
];

/** Columns added after their table first shipped, for state kept by `wrangler dev` since then. */
const ADDED_COLUMNS: ReadonlyArray<readonly [table: keyof typeof TABLES, column: string]> = [
  ['webhook_deliveries', 'endpoint_id TEXT'],
];

/** Creates the tables that do not exist yet. */
export function migrate(sql: SqlStorage): void {
  for (const ddl of Object.values(TABLES)) sql.exec(ddl);
  for (const [table, column] of ADDED_COLUMNS) {
    const name = column.split(' ')[0];
    const columns = sql.exec<{ name: string }>(`PRAGMA table_info(${table})`).toArray();
    if (!columns.some((c) => c.name === name))
      sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column}`);
  }
  for (const ddl of INDEXES) sql.exec(ddl);
}

/** Deletes every row of every table. */
export function clearAll(sql: SqlStorage): void {
  for (const table of Object.keys(TABLES)) sql.exec(`DELETE FROM ${table}`);
}
