/**
 * Reads POST /charge's body (JSON, or a classic form) and validates it with the checkout schema
 * into c.var.charge: 400 naming the field, 415 for other content types. Nothing is written before.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { MessageKey } from '../../i18n';
import { isFieldError, parseChargeRequest, parseHostedRequest } from '../../checkout/schema';
import { problem } from '../../pages/problem';
import type { AppEnv } from '../../types';

type BodyResult =
  { ok: true; body: unknown } | { ok: false; status: 400 | 415; message: MessageKey };

/** A request's body: a JSON object, or a form's fields; or why it cannot be read. */
export async function readBody(c: Context<AppEnv>): Promise<BodyResult> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    try {
      const body: unknown = await c.req.json();
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

/** The validated checkout request, in c.var.charge: for our page, or Stripe's (CHECKOUT_UI). */
export function validCharge(): MiddlewareHandler<AppEnv> {
  return async function validCharge(c, next) {
    const body = await readBody(c);
    if (!body.ok)
      return problem(c, body.status, {
        code: 'invalid_request',
        message: body.message,
        charged: false,
      });
    const hosted = c.get('payment').ui === 'hosted';
    const request = hosted ? parseHostedRequest(body.body) : parseChargeRequest(body.body);
    if (isFieldError(request))
      return problem(c, 400, {
        code: 'invalid_request',
        param: request.param,
        message: request.message,
        charged: false,
      });
    c.set('charge', request);
    await next();
  };
}
