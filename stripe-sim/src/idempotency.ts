import { createMiddleware } from 'hono/factory';
import type { SimEnv } from './context';
import { ApiError, invalidRequest, isValidationError } from './errors';
import { crashResponse, heldRequest } from './faults';
import type { FormHash } from './form';

interface SavedResponse extends Record<string, SqlStorageValue> {
  fingerprint: string;
  status: number;
  body: string;
  request_id: string;
}

/**
 * Saved first responses per Idempotency-Key, plus the keys whose first request is still running, so
 * that a concurrent request with one of them is refused (409 `idempotency_key_in_use`) instead of
 * creating twice.
 */
export class Idempotency {
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly sql: SqlStorage) {}

  saved(key: string): SavedResponse | undefined {
    return this.sql
      .exec<SavedResponse>(
        'SELECT fingerprint, status, body, request_id FROM idempotency_keys WHERE key = ?',
        key,
      )
      .toArray()[0];
  }

  save(key: string, response: SavedResponse): void {
    this.sql.exec(
      'INSERT INTO idempotency_keys (key, fingerprint, status, body, request_id) VALUES (?, ?, ?, ?, ?)',
      key,
      response.fingerprint,
      response.status,
      response.body,
      response.request_id,
    );
  }

  /** A request with this key is still running. */
  inUse(key: string): boolean {
    return this.running.has(key);
  }

  /** Marks the key as running; call the returned function when its request is done. */
  begin(key: string): () => void {
    let done!: () => void;
    this.running.set(key, new Promise<void>((resolve) => (done = resolve)));
    return () => {
      this.running.delete(key);
      done();
    };
  }

  clear(): void {
    this.running.clear();
  }
}

/** The parameters in a canonical order, so that one request encoded two ways matches itself. */
function canonical(form: FormHash): string {
  return JSON.stringify(form, (_key, value: unknown) =>
    value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
}

/**
 * Stripe's idempotent requests (https://docs.stripe.com/api/idempotent_requests): a POST with an
 * Idempotency-Key already seen replays the first response, errors included, with
 * `Idempotent-Replayed: true`; the same key with other parameters is a 400 `idempotency_error`, and
 * a request whose key is held by one still running gets 409 `idempotency_key_in_use`. Requests that
 * failed validation save nothing, as at Stripe, so a corrected request can reuse the key.
 */
export const idempotency = createMiddleware<SimEnv>(async (c, next) => {
  const key = c.req.header('Idempotency-Key');
  if (c.req.method !== 'POST' || key === undefined) return next();
  if (key === '' || key.length > 255)
    throw invalidRequest('Idempotency-Key must be between 1 and 255 characters long.', {
      param: 'Idempotency-Key',
    });

  const keys = c.var.sim.idempotency;
  const fingerprint = `${c.req.method} ${c.req.path} ${canonical(c.var.form)}`;
  if (keys.inUse(key)) {
    throw new ApiError(
      409,
      {
        type: 'invalid_request_error',
        code: 'idempotency_key_in_use',
        message:
          'There is currently another in-progress request using this Idempotent Key (that probably means ' +
          `you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
      },
      { 'Stripe-Should-Retry': 'true' },
    );
  }
  const saved = keys.saved(key);
  if (saved) {
    if (saved.fingerprint !== fingerprint) {
      // A 400 at Stripe (stripe-node: StripeIdempotencyError), never retried: 409 is only for a key
      // held by a request still running (above).
      throw new ApiError(400, {
        type: 'idempotency_error',
        message:
          'Keys for idempotent requests can only be used with the same parameters they were first used with. ' +
          `Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    }
    return c.body(saved.body, saved.status as 200, {
      'Content-Type': 'application/json',
      'Idempotency-Key': key,
      'Idempotent-Replayed': 'true',
      'Original-Request': saved.request_id,
    });
  }

  const done = keys.begin(key);
  try {
    await c.var.sim.held.wait(c.var.delayMs, heldRequest(c, key));
    await next();
    // A `crash` fault: carried out, then a 500, which is what the key remembers.
    if (c.var.fault === 'crash') c.res = crashResponse();
    if (!(c.error instanceof ApiError && isValidationError(c.error))) {
      keys.save(key, {
        fingerprint,
        status: c.res.status,
        body: await c.res.clone().text(),
        request_id: c.var.requestId,
      });
    }
    c.res.headers.set('Idempotency-Key', key);
  } finally {
    done();
  }
});
