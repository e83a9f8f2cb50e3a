import { createMiddleware } from 'hono/factory';
import { keyKind, readApiKey } from './auth';
import type { SimEnv } from './context';
import { newRequestId } from './ids';

/** One /v1 request, as GET /_sim/requests lists it. */
export interface LoggedRequest {
  request_id: string;
  method: string;
  path: string;
  idempotency_key: string | null;
  status: number;
  livemode: false;
  /** Answered from a saved idempotent response. */
  replayed: boolean;
  /** The kind of key the request carried (null: none, or not a test key). */
  auth: 'secret' | 'publishable' | null;
  /** The fault injected into it, if any. */
  fault: string | null;
}

type Row = Omit<LoggedRequest, 'livemode' | 'replayed'> & { replayed: number } & Record<
    string,
    SqlStorageValue
  >;

/** Every /v1 request since the last reset, in order: lets tests count Stripe round trips. */
export class RequestLog {
  constructor(private readonly sql: SqlStorage) {}

  record(entry: Omit<LoggedRequest, 'livemode'>): void {
    this.sql.exec(
      'INSERT INTO requests (request_id, method, path, idempotency_key, status, replayed, auth, fault) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      entry.request_id,
      entry.method,
      entry.path,
      entry.idempotency_key,
      entry.status,
      entry.replayed ? 1 : 0,
      entry.auth,
      entry.fault,
    );
  }

  list(): LoggedRequest[] {
    return this.sql
      .exec<Row>(
        'SELECT request_id, method, path, idempotency_key, status, replayed, auth, fault FROM requests ORDER BY seq',
      )
      .toArray()
      .map((row) => ({ ...row, livemode: false, replayed: row.replayed === 1 }));
  }
}

/** Gives each /v1 request its `Request-Id` header and records it in the request log. */
export const recordRequests = createMiddleware<SimEnv>(async (c, next) => {
  const requestId = newRequestId();
  c.set('requestId', requestId);
  await next();
  c.res.headers.set('Request-Id', requestId);
  c.var.sim.requests.record({
    request_id: requestId,
    method: c.req.method,
    path: c.req.path,
    idempotency_key: c.req.header('Idempotency-Key') ?? null,
    status: c.res.status,
    replayed: c.res.headers.get('Idempotent-Replayed') === 'true',
    auth: keyKind(readApiKey(c.req.header('Authorization'))),
    fault: c.get('fault') ?? null,
  });
});
