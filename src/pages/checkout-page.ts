/**
 * The Checkout page as the customer gets it: public/index.html is its template, which the Worker
 * (src/assets) fills for each request with the shop's shell (./shell.ts) and the reader's words.
 * `{{page.total}}` is a catalogue message (escaped), `{{head}}`, `{{header}}` (with the mode's
 * notice) and `{{footer}}` are the shell's HTML, `{{messages}}` the script's messages as JSON (only the
 * reader's locale), `{{lang}}` and `{{title}}` what they say, `{{script}}` and `{{receipt}}` the
 * addresses of the page's script and of the receipt's stylesheet it prefetches. Pure, so that the page's weight can
 * be measured as served (bench/).
 */
// .js: bench/ and the browser tests type-check this file with Node's module resolution.
import type { Mode } from '../config/index.js';
import { en } from '../i18n/messages/en.js';
import { scriptMessages, type Locale, type MessageKey } from '../i18n/index.js';
import { versioned } from '../assets/version.js';
import { headLinks, modeNotice, pageTitle, shopFooter, shopHeader } from './shell.js';

const SLOT = /\{\{([\w.-]+)\}\}/g;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );

/** JSON that cannot end its <script> element ("</script>") or open a comment. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The page for a reader, in a mode. Throws on a slot that is neither the shell's nor a catalogue
 * message: a template mistake must fail the tests, not reach a customer.
 */
export function renderCheckoutPage(
  template: string,
  reader: Locale,
  mode: Mode,
  version: string,
): string {
  const slots: Record<string, () => string> = {
    lang: () => escapeHtml(reader.tag),
    title: () => escapeHtml(pageTitle(reader.t('shell.checkout'))),
    head: () => String(headLinks(version)),
    script: () => escapeHtml(versioned('/checkout.js', version)),
    // The receipt's own stylesheet, fetched while the customer fills the form: the receipt then
    // renders without waiting for it (kept for good at this version: src/assets/version.ts).
    receipt: () => escapeHtml(versioned('/receipt.css', version)),
    header: () => String(shopHeader(modeNotice(mode, reader))),
    footer: () => String(shopFooter(reader)),
    messages: () => scriptJson(scriptMessages(reader)),
  };
  return template.replace(SLOT, (_, name: string) => {
    const slot = slots[name];
    if (slot) return slot();
    if (Object.hasOwn(en, name)) return escapeHtml(reader.t(name as MessageKey));
    throw new Error(`public/index.html: no slot or message named {{${name}}}`);
  });
}
