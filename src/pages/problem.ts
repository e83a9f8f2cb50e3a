import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { keepingLanguage, type Locale, type MessageKey, type Text } from '../i18n';
import { localeOf } from '../middleware/locale';
import { assetVersion } from '../assets/version';
import { layout } from './layout';

/** A failure the customer (or script) can act on. */
export interface Problem {
  code: string;
  /** What the reader is told, written in their language when answered. */
  message: Text;
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
  sentence: MessageKey;
  charged: false | 'unknown';
} {
  return openPayment
    ? { sentence: 'common.retrySafe', charged: 'unknown' }
    : { sentence: 'common.notCharged', charged: false };
}

/**
 * The Checkout page's address (with `query`, such as `new`), keeping the language a link chose
 * (`keepingLanguage`, docs/shop.md): the page it leads to speaks it too, whatever the browser says.
 */
export const checkoutLink = (reader: Locale, query = ''): string =>
  keepingLanguage(query ? `/?${query}` : '/', reader);

/** "Back to checkout", in the reader's language, to the page in that language. */
export const backToCheckout = (reader: Locale) =>
  html`<p><a class="button" href="${checkoutLink(reader)}">${reader.t('common.back')}</a></p>`;

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

const HEADINGS = [400, 401, 402, 403, 404, 409, 413, 415, 429, 500] as const;
/**
 * Codes whose status would misname them: a payment still being confirmed is no checkout to start
 * afresh (409), one Stripe may have taken is no "payment unavailable" (502), and a checkout closed
 * for its declines is not helped by waiting (429).
 */
const CODE_HEADINGS: Record<string, MessageKey> = {
  checkout_in_progress: 'problem.inProgress',
  payment_unconfirmed: 'problem.unconfirmed',
  too_many_declines: 'problem.tooManyDeclines',
};
const heading = (status: number, code: string): MessageKey =>
  Object.hasOwn(CODE_HEADINGS, code)
    ? CODE_HEADINGS[code]!
    : (HEADINGS as readonly number[]).includes(status)
      ? (`problem.${status}` as MessageKey)
      : 'problem.other';

/**
 * Answers a failure in the reader's language: `{ "error": { ... } }` to scripts, a friendly page
 * with a way back to forms and browsers. Same status either way.
 */
export function problem(
  c: Context,
  status: ContentfulStatusCode,
  body: Problem,
): Response | Promise<Response> {
  const reader = localeOf(c);
  const message = reader.t(body.message);
  if (!wantsHtml(c)) return c.json({ error: { ...body, message } }, status);
  const title = reader.t(heading(status, body.code));
  const notCharged = reader.t('common.notCharged');
  return c.html(
    layout(reader, assetVersion(c.env), {
      title,
      tone: 'problem',
      body: html`<h1>${title}</h1>
<p class="message" role="alert">${message}</p>
${body.charged === false && !message.includes(notCharged) ? html`<p>${notCharged}</p>` : ''}
${backToCheckout(reader)}`,
    }),
    status,
  );
}
