/**
 * Countries in the reader's language, named by Intl (never a hand-written list): one country
 * ("DE" → "Deutschland" in German), or several ("Vereinigte Staaten, Deutschland und Frankreich").
 */
// .js: bench/ and the browser tests type-check src/i18n with Node's module resolution.
import { memo } from '../memo.js';

// Built once per locale, like money's formatters; bounded: the tag comes from Accept-Language.
const regions = memo(
  100,
  (tag: string) => new Intl.DisplayNames([tag], { type: 'region', fallback: 'code' }),
);
const lists = memo(100, (tag: string) => new Intl.ListFormat(tag, { type: 'conjunction' }));

/** A country's name in a locale, from its ISO 3166-1 alpha-2 code (the code if Intl has none). */
export const countryName = (code: string, tag: string): string => regions(tag).of(code) ?? code;

/** Countries named in a locale, as one list ("A, B and C"). */
export const countryList = (codes: readonly string[], tag: string): string =>
  lists(tag).format(codes.map((code) => countryName(code, tag)));
