/**
 * Reads POST /charge's body (JSON, or a classic form) and validates it with the checkout schema
 * into c.var.charge: 400 naming the field, 415 for other content types. Nothing is written before.
 */
import type { MiddlewareHandler } from 'hono';
import { readBody } from '../../checkout/body';
import { isFieldError, parseChargeRequest, parseHostedRequest } from '../../checkout/schema';
import { problem } from '../../pages/problem';
import type { AppEnv } from '../../types';

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
