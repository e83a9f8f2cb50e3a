// What the Checkout page says: its messages in the reader's language, which the Worker put into
// the page (#message's data-* attributes: src/i18n's script.* without the prefix, only that
// language's, and only those the page itself uses), filled with what varies. A chunk brings its
// own messages in every language; the page learns its reader's. Amounts arrive formatted for the
// reader; the server's own messages (refusals, declines) come with its answers, in the same
// language, and are shown as they are.
import type { MessageKey, ScriptKey } from '../src/i18n';
import { fill } from '../src/i18n/format';

/**
 * A message's name: a script.* one without its prefix ('pay' for script.pay), or a page.* (or
 * receipt.*, common.*) one that a chunk brings for the parts of the page it makes, or a decline.*
 * one the payment's chunk says as POST /charge would.
 */
export type Key =
  | (ScriptKey extends `script.${infer Name}` ? Name : never)
  | Extract<
      MessageKey,
      `page.${string}` | `receipt.${string}` | `common.${string}` | `decline.${string}`
    >;
/** A chunk's messages, by language (src/i18n's chunkMessages, named as `Key`s). */
export type ByLanguage = Record<string, Record<string, string>>;

// data-load-failed is loadFailed (script.loadFailed); a copy, as chunks' page.* names are no
// attribute's.
const known = { ...document.getElementById('message')!.dataset };

/** A message in the page's language, its `{name}` placeholders filled. */
export const t = (key: Key, params: Record<string, string> = {}) => fill(known[key]!, params);

/** Learns a chunk's messages in the page's language (its catalogue's: "de" for de-CH). */
export const learn = (messages: ByLanguage) =>
  Object.assign(
    known,
    messages[document.documentElement.lang.split('-')[0]!.toLowerCase()] ?? messages.en,
  );
