/**
 * The body of a POST the checkout reads (POST /charge and POST /quote): a JSON object, or a
 * classic form's fields, at most MAX_BODY_BYTES (each route's bodyLimit).
 */
import type { Context } from 'hono';
import type { MessageKey } from '../i18n';
import type { AppEnv } from '../types';

/** Largest body accepted: a checkout or a cart is a handful of short fields. */
export const MAX_BODY_BYTES = 8 * 1024;

type BodyResult =
  { ok: true; body: unknown } | { ok: false; status: 400 | 415; message: MessageKey };

/** A request's body: a JSON object, or a form's fields; or why it cannot be read. */
export async function readBody(c: Context<AppEnv>): Promise<BodyResult> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    try {
      // The runtime's own JSON reading: hono's c.req.json() reads text, then parses it in a
      // promise of its own, for a cache no other reader of these routes uses.
      const body: unknown = await c.req.raw.json();
      if (typeof body === 'object' && body !== null && !Array.isArray(body))
        return { ok: true, body };
    } catch {
      // fall through to the same answer as a non-object
    }
    return { ok: false, status: 400, message: 'api.json' };
  }
  if (
    type.startsWith('application/x-www-form-urlencoded') ||
    type.startsWith('multipart/form-data')
  ) {
    try {
      return { ok: true, body: await c.req.parseBody() };
    } catch {
      return { ok: false, status: 400, message: 'api.form' };
    }
  }
  return { ok: false, status: 415, message: 'api.type' };
}
