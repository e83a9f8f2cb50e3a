import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { layout } from './layout';

/** A failure the customer (or script) can act on. */
export interface Problem {
  code: string;
  message: string;
  /** The request field at fault, for 400s. */
  param?: string;
  decline_code?: string;
  /** false: certainly not charged. "unknown": a response was lost; retrying is safe. */
  charged?: false | 'unknown';
  /** The order's price as it now stands, when it changed (a promotion code stopped applying). */
  quote?: object;
}

/**
 * How a refusal made before any Stripe call ends: "not charged", unless the checkout has an open
 * payment (pending, or waiting for 3-D Secure) that an earlier attempt may have charged, when what
 * is true is that retrying is safe.
 */
export function refusalOutcome(openPayment: boolean): {
  sentence: string;
  charged: false | 'unknown';
} {
  return openPayment
    ? {
        sentence: 'Trying again is safe: this checkout can never be charged twice.',
        charged: 'unknown',
      }
    : { sentence: 'You have not been charged.', charged: false };
}

/** Whether the client is a browser form or page (HTML answers) rather than fetch() (JSON answers). */
export function wantsHtml(c: Context): boolean {
  const type = c.req.header('content-type') ?? '';
  if (
    type.startsWith('application/x-www-form-urlencoded') ||
    type.startsWith('multipart/form-data')
  )
    return true;
  if (type.startsWith('application/json')) return false;
  return c.req.method === 'GET' && (c.req.header('accept') ?? '').includes('text/html');
}

const HEADINGS: Record<number, string> = {
  400: 'Please check your details',
  401: 'Please sign in',
  402: 'Your payment did not go through',
  403: 'This request was refused',
  404: 'Page not found',
  409: 'This checkout needs a fresh start',
  413: 'This request is too large',
  415: 'This request could not be read',
  429: 'Please wait a moment',
};

/**
 * Answers a failure: `{ "error": { ... } }` to scripts, a friendly page with a way back to forms
 * and browsers. Same status either way.
 */
export function problem(
  c: Context,
  status: ContentfulStatusCode,
  body: Problem,
): Response | Promise<Response> {
  if (!wantsHtml(c)) return c.json({ error: body }, status);
  const heading = HEADINGS[status] ?? 'Payment unavailable';
  const notCharged = body.charged === false && !body.message.includes('not been charged');
  return c.html(
    layout({
      title: `${heading} · Checkout`,
      tone: 'problem',
      body: html`<h1>${heading}</h1>
<p class="message" role="alert">${body.message}</p>
${notCharged ? html`<p>You have not been charged.</p>` : ''}
<p><a class="button" href="/">Back to checkout</a></p>`,
    }),
    status,
  );
}
