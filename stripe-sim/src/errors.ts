import type Stripe from 'stripe';

/** The `error` object of a Stripe API error response (stripe-node's raw error without transport fields). */
type WireError = Omit<
  Stripe.StripeRawError,
  'headers' | 'statusCode' | 'requestId' | 'detail' | 'exception'
> & {
  type: NonNullable<Stripe.StripeRawError['type']>;
  message: string;
};

/** An API error: thrown anywhere in a handler, answered as Stripe answers it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: WireError,
    /** Extra response headers, such as Stripe-Should-Retry. */
    readonly headers: Record<string, string> = {},
  ) {
    super(error.message);
  }

  /**
   * Raised while validating the request, before anything was carried out: Stripe saves no
   * idempotent result for it (set by `validated`, read by `isValidationError`).
   */
  validation = false;

  /** The JSON body Stripe sends: `{"error": {...}}`, with a doc_url for errors that have a code. */
  body(): { error: WireError } {
    const { code } = this.error;
    const docUrl = code
      ? `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`
      : undefined;
    return { error: { ...this.error, ...(docUrl && { doc_url: docUrl }) } };
  }
}

interface InvalidRequestOptions {
  param?: string;
  code?: string;
  status?: number;
  /** The PaymentIntent the error is about, included as Stripe does. */
  paymentIntent?: Stripe.PaymentIntent;
}

/** 400 `invalid_request_error` (or another status for the same type). */
export function invalidRequest(
  message: string,
  { param, code, status = 400, paymentIntent }: InvalidRequestOptions = {},
): ApiError {
  return new ApiError(status, {
    type: 'invalid_request_error',
    message,
    ...(code && { code }),
    ...(param && { param }),
    ...(paymentIntent && { payment_intent: paymentIntent }),
  });
}

/**
 * Runs a request's checks (parameters, their combinations): an ApiError they raise is a
 * validation error, for which Stripe saves no idempotent result.
 */
export function validated<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof ApiError) err.validation = true;
    throw err;
  }
}

export const unknownParameter = (param: string) =>
  invalidRequest(`Received unknown parameter: ${param}`, { param, code: 'parameter_unknown' });

export const missingParameter = (param: string) =>
  invalidRequest(`Missing required param: ${param}.`, { param, code: 'parameter_missing' });

/**
 * `resource_missing`, worded as Stripe words it: 404 for an id in the URL, 400 for an id given as a
 * parameter (`param`).
 */
export const resourceMissing = (objectName: string, id: string, param?: string) =>
  invalidRequest(`No such ${objectName}: '${id}'`, {
    code: 'resource_missing',
    ...(param ? { param } : { param: 'id', status: 404 }),
  });

/**
 * 401: a missing, malformed or refused API key. Stripe's error `type` for these is
 * `invalid_request_error`; the 401 is what makes stripe-node raise StripeAuthenticationError.
 */
export const authenticationError = (message: string, code?: string) =>
  new ApiError(401, { type: 'invalid_request_error', message, ...(code && { code }) });

/**
 * True for errors raised while validating a request, before anything was carried out: Stripe saves no
 * idempotent result for those, so a corrected retry with the same key is carried out. Those are the
 * errors marked so (parseParams, the routes' checks) and, whoever raised them, a refused key, an
 * unknown id and the `parameter_*` codes.
 */
export function isValidationError(err: ApiError): boolean {
  const code = err.error.code ?? '';
  return (
    err.validation ||
    err.status === 401 ||
    err.status === 404 ||
    code === 'resource_missing' ||
    code.startsWith('parameter')
  );
}
