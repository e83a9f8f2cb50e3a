/** The console API's refusals: `{ "error": { "code", "message", … } }`, JSON always. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Answers a refusal; `extra` adds machine-readable details (`param`, `remaining`…). */
export function refuse(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): Response {
  Object.assign(c.get('log'), { problem: code });
  return c.json({ error: { code, message, ...extra } }, status);
}
