/**
 * The reader's locale (src/i18n: `?lang=`, else Accept-Language, else English) in c.var.locale,
 * for every route that writes words; pages and answers in it say so (Content-Language), and
 * caches keep one copy per language (Vary: Accept-Language), with `?lang=` too: whether a link
 * chose it (the links the answer writes) depends on Accept-Language.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ENGLISH, negotiate, type Locale } from '../../i18n';
import type { AppEnv } from '../../types';
import { requestUrl } from '../request-url';

export function locale(): MiddlewareHandler<AppEnv> {
  return async function locale(c, next) {
    // `?lang=` from the request's URL, parsed once for every middleware that asks (request-url).
    const lang = requestUrl(c).searchParams.get('lang') ?? undefined;
    const reader = negotiate(c.req.header('accept-language'), lang);
    c.set('locale', reader);
    await next();
    writeLanguageHeaders(c.res.headers, reader);
  };
}

/** Says a page's or an answer's language, and that it depends on Accept-Language (always). */
export function writeLanguageHeaders(headers: Headers, reader: Locale): void {
  const type = headers.get('content-type') ?? '';
  if (type.startsWith('text/html') || type.startsWith('application/json')) {
    headers.set('Content-Language', reader.tag);
    headers.append('Vary', 'Accept-Language');
  }
}

/** The request's locale; English before the middleware has run (an error in an earlier one). */
export const localeOf = (c: Context): Locale => (c.get('locale') as Locale | undefined) ?? ENGLISH;
