/**
 * The reader's locale (src/i18n: `?lang=`, else Accept-Language, else English) in c.var.locale,
 * for every route that writes words; pages and answers in it say so (Content-Language), and
 * caches keep one copy per language (Vary: Accept-Language).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ENGLISH, negotiate, type Locale } from '../../i18n';
import type { AppEnv } from '../../types';

export function locale(): MiddlewareHandler<AppEnv> {
  return async function locale(c, next) {
    const reader = negotiate(c.req.header('accept-language'), c.req.query('lang'));
    c.set('locale', reader);
    await next();
    const type = c.res.headers.get('content-type') ?? '';
    if (type.startsWith('text/html') || type.startsWith('application/json')) {
      c.res.headers.set('Content-Language', reader.tag);
      c.res.headers.append('Vary', 'Accept-Language');
    }
  };
}

/** The request's locale; English before the middleware has run (an error in an earlier one). */
export const localeOf = (c: Context): Locale => (c.get('locale') as Locale | undefined) ?? ENGLISH;
