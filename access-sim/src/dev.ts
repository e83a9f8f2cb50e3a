/**
 * The stand-in's controls, for scripts and tests (none of this exists at Access):
 *
 *   POST /_dev/token   {"email", "aud"?, "iss"?, "sub"?, "iat"?, "nbf"?, "exp"?}  → {"token"}
 *   POST /_dev/rotate                                                   → {"kid"}: the new key
 *   POST /_dev/faults  {"certs": "error" | "stall" | null}              → {"certs"}
 *   GET  /_dev/stats                                                    → {"certs_fetches"}
 *
 * Each applies to the team at the request's origin (its `iss`). `aud` defaults to ACCESS_AUD; the
 * other claims of /_dev/token are for tests that need a token gone wrong in one way only.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { certsFetches, setCertsFault } from './certs';
import type { Env } from './env';
import { rotate } from './keys';
import { mintToken } from './token';

const seconds = v.optional(v.pipe(v.number(), v.integer()));

export const TokenBody = v.object({
  email: v.pipe(v.string(), v.trim(), v.email('email must be an email address')),
  aud: v.optional(v.pipe(v.string(), v.minLength(1))),
  iss: v.optional(v.pipe(v.string(), v.url())),
  /** "": a token without `sub` (Access always sends one). */
  sub: v.optional(v.string()),
  iat: seconds,
  nbf: seconds,
  exp: seconds,
});

const FaultsBody = v.object({ certs: v.nullable(v.picklist(['error', 'stall'])) });

/** The JSON body of `c`, checked against `schema`: the value, or the first issue's message. */
async function body<T extends v.GenericSchema>(
  request: Request,
  schema: T,
): Promise<{ ok: true; value: v.InferOutput<T> } | { ok: false; message: string }> {
  const json: unknown = await request.json().catch(() => undefined);
  const result = v.safeParse(schema, json);
  if (result.success) return { ok: true, value: result.output };
  const issue = result.issues[0];
  const path = issue.path?.map((item) => String(item.key)).join('.');
  return { ok: false, message: path ? `${path}: ${issue.message}` : issue.message };
}

export const dev = new Hono<{ Bindings: Env }>()
  .post('/token', async (c) => {
    const parsed = await body(c.req.raw, TokenBody);
    if (!parsed.ok) return c.json({ error: parsed.message }, 400);
    const aud = parsed.value.aud ?? c.env.ACCESS_AUD;
    if (!aud) return c.json({ error: 'aud: give one, or set ACCESS_AUD' }, 400);
    const token = await mintToken(new URL(c.req.url).origin, { ...parsed.value, aud });
    return c.json({ token });
  })
  .post('/rotate', async (c) => {
    const { current } = await rotate(new URL(c.req.url).origin);
    return c.json({ kid: current.kid });
  })
  .post('/faults', async (c) => {
    const parsed = await body(c.req.raw, FaultsBody);
    if (!parsed.ok) return c.json({ error: parsed.message }, 400);
    setCertsFault(new URL(c.req.url).origin, parsed.value.certs);
    return c.json(parsed.value);
  })
  .get('/stats', (c) => c.json({ certs_fetches: certsFetches(new URL(c.req.url).origin) }));
