// Which language POST /charge is told a link chose, so that the Worker's ways back keep it
// (src/i18n, keepingLanguage: the bank's return after 3-D Secure, Stripe's hosted page's success
// and cancel URLs). Imported by the cart's chunk only, which lends it to the payment's chunk and
// hosted mode's: a module two chunks imported would be a third chunk to load.
import type { ByLanguage } from './messages';

/**
 * The page's language when the browser's own would not choose it: the page's requests say its
 * language as Accept-Language, so the Worker cannot tell. The `?lang=` of a link, or the page's
 * language when the browser prefers another (the address lost its `?lang=` on the way back from
 * the bank); none when the browser chooses it. `catalogues`: a chunk's messages, by language.
 */
function chosenLanguage(catalogues: ByLanguage): string | null {
  const { lang } = document.documentElement;
  const [page, ...own] = [lang, ...navigator.languages].map((tag) =>
    tag.split('-')[0]!.toLowerCase(),
  );
  const browser = own.find((language) => Object.hasOwn(catalogues, language)) ?? 'en';
  return new URLSearchParams(location.search).get('lang') ?? (page === browser ? null : lang);
}

/** POST /charge's path: with `?lang=` when the page's language is not the browser's choice. */
export function chargePath(catalogues: ByLanguage): string {
  const lang = chosenLanguage(catalogues);
  return lang ? `/charge?${new URLSearchParams({ lang })}` : '/charge';
}
