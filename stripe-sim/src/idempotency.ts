import { createMiddleware } from 'hono/factory';
import { simulatedNow } from './clock';
import type { SimContext, SimEnv } from './context';
import { ApiError, invalidRequest, isValidationError } from './errors';
import { crashResponse, heldRequest } from './faults';
import type { FormHash } from './form';
import { SIMULATED_ACCOUNT } from './routes/account';

interface SavedResponse extends Record<string, SqlStorageValue> {
  fingerprint: string;
  status: number;
  body: string;
  request_id: string;
}

/**
 * How long Stripe keeps a key: "eligible to be removed ... after they're at least 24 hours old"
 * (https://docs.stripe.com/api/idempotent_requests). The simulator removes it exactly then, on its
 * own clock, so that a retry a day later can be tested by moving the clock.
 */
export const KEY_LIFETIME_SECONDS = 24 * 3600;

/**
 * Where a key lives: the account the request acts as. Every test key of the simulator belongs to its
 * one account, so two of its keys share their Idempotency-Keys; a request made as a connected
 * account (`Stripe-Account`) has that account's. Live mode is refused, so the mode is always test.
 */
type KeyScope = string;

/**
 * Saved first responses per account and Idempotency-Key, for 24 hours on the simulator's clock
 * (KEY_LIFETIME_SECONDS), plus the keys whose first request is still running, so that a concurrent
 * request with one of them is refused (409 `idempotency_key_in_use`) instead of creating twice.
 */
export class Idempotency {
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly sql: SqlStorage) {}

  /** The first response to this key, unless it is 24 hours old: then it is forgotten, as at Stripe. */
  saved(scope: KeyScope, key: string): SavedResponse | undefined {
    this.prune();
    return this.sql
      .exec<SavedResponse>(
        'SELECT fingerprint, status, body, request_id FROM idempotency_keys ' +
          'WHERE account = ? AND key = ?',
        scope,
        key,
      )
      .toArray()[0];
  }

  /** Remembers the first response to this key, from now on the simulator's clock. */
  save(scope: KeyScope, key: string, response: SavedResponse): void {
    this.sql.exec(
      'INSERT INTO idempotency_keys (account, key, fingerprint, status, body, request_id, ' +
        'created) VALUES (?, ?, ?, ?, ?, ?, ?)',
      scope,
      key,
      response.fingerprint,
      response.status,
      response.body,
      response.request_id,
      nowSeconds(),
    );
  }

  /** Forgets every key at least 24 hours old (one indexed DELETE: the table stays a day's size). */
  private prune(): void {
    this.sql.exec(
      'DELETE FROM idempotency_keys WHERE created <= ?',
      nowSeconds() - KEY_LIFETIME_SECONDS,
    );
  }

  /** A request with this key is still running. */
  inUse(scope: KeyScope, key: string): boolean {
    return this.running.has(runningKey(scope, key));
  }

  /** Marks the key as running; call the returned function when its request is done. */
  begin(scope: KeyScope, key: string): () => void {
    const id = runningKey(scope, key);
    let done!: () => void;
    this.running.set(id, new Promise<void>((resolve) => (done = resolve)));
    return () => {
      this.running.delete(id);
      done();
    };
  }

  clear(): void {
    this.running.clear();
  }
}

const nowSeconds = () => Math.floor(simulatedNow() / 1000);

const runningKey = (scope: KeyScope, key: string) => JSON.stringify([scope, key]);

/** The account a request acts as: the connected account it names, else the simulator's own. */
const keyScope = (c: SimContext): KeyScope =>
  c.req.header('Stripe-Account') || SIMULATED_ACCOUNT.id;

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
 * Idempotency-Key the account used in the last 24 hours replays the first response, errors included, with
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
  const scope = keyScope(c);
  const fingerprint = `${c.req.method} ${c.req.path} ${canonical(c.var.form)}`;
  if (keys.inUse(scope, key)) {
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
  const saved = keys.saved(scope, key);
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

  const done = keys.begin(scope, key);
  try {
    await c.var.sim.held.wait(c.var.delayMs, heldRequest(c, key));
    // A `fail` fault: the request began, failed before any effect, and the key saves the 500.
    if (c.var.fault === 'fail') c.res = crashResponse();
    else await next();
    // A `crash` fault: carried out, then a 500, which is what the key remembers.
    if (c.var.fault === 'crash') c.res = crashResponse();
    if (!(c.error instanceof ApiError && isValidationError(c.error))) {
      keys.save(scope, key, {
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
