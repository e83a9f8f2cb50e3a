import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { simWords, type SimWords } from '../../stripe-js/messages';

/** URL of the stylesheet of the simulator's own pages (served by routes/pages.ts). */
const PAGE_CSS_PATH = '/_sim/assets/page.css';

/**
 * The simulator's pages: accessible (landmarks, labelled controls, visible focus, sufficient contrast
 * in light and dark mode, reduced motion honoured) and free of inline script and style, so a strict
 * CSP applies to them.
 */
export const PAGE_CSS = `:root { color-scheme: light dark; font: 16px/1.5 system-ui, sans-serif;
  --text: #1a1f36; --bg: #f6f8fa; --surface: #fff; --line: #d5dbe1; --border: #6b7385; --muted: #4f566b;
  --link: #0b5cad; --primary: #3d2bd9; --on-primary: #fff; --note-bg: #fff4d6; --note-line: #8a6100;
  --note-text: #5c4000; --bad: #b3261e; --alert-bg: #fdecea; --alert-text: #5f1410; --readonly: #f6f8fa;
  color: var(--text); background: var(--bg); }
@media (prefers-color-scheme: dark) { :root { --text: #e7e9ee; --bg: #0e1117; --surface: #171b24;
  --line: #2e3441; --border: #8a93a6; --muted: #b0b8c6; --link: #7ab7ff; --primary: #aaa4ff;
  --on-primary: #0e1117; --note-bg: #30260f; --note-line: #d9a441; --note-text: #f4dca6; --bad: #ffa49b;
  --alert-bg: #3b1f1d; --alert-text: #ffd9d4; --readonly: #1f2430; } }
body { margin: 0; }
main { max-width: 32rem; margin: 3rem auto; padding: 2rem; background: var(--surface);
  border: 1px solid var(--line); border-radius: 8px; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
.banner { margin: 0 0 1.5rem; padding: .75rem 1rem; background: var(--note-bg); border: 1px solid var(--note-line);
  border-radius: 6px; color: var(--note-text); }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; margin-top: 1.5rem; }
button { min-height: 44px; padding: .5rem 1.25rem; font: inherit; font-weight: 600; border-radius: 6px;
  border: 2px solid var(--border); cursor: pointer; }
button.primary { background: var(--primary); border-color: var(--primary); color: var(--on-primary); }
button.secondary { background: var(--surface); color: var(--text); }
button:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
a { color: var(--link); }
a:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
a.back { display: inline-flex; align-items: center; gap: .375rem; min-height: 44px; }
section { margin-top: 1.75rem; }
h2 { font-size: 1.125rem; margin: 0 0 .5rem; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
input[type=text], input[type=email], input[type=tel], select { box-sizing: border-box; width: 100%;
  min-height: 44px; padding: .5rem .75rem; font: inherit; color: inherit; background: var(--surface);
  border: 1px solid var(--border); border-radius: 6px; }
input[readonly] { background: var(--readonly); }
input[aria-invalid=true], select[aria-invalid=true] { border: 2px solid var(--bad); }
label.choice { display: flex; align-items: center; gap: .75rem; min-height: 44px; margin: .25rem 0;
  font-weight: 400; cursor: pointer; }
label.choice input { width: 1.25rem; height: 1.25rem; margin: 0; flex: none; }
fieldset { margin: 1rem 0; padding: .5rem 1rem 1rem; border: 1px solid var(--line); border-radius: 6px; }
legend { padding: 0 .25rem; font-weight: 600; }
.hint, small, .optional { color: var(--muted); }
.hint { margin: .25rem 0; font-size: .9375rem; }
.field-error { margin: .25rem 0 0; color: var(--bad); font-weight: 600; }
.alert { margin: 1rem 0; padding: .75rem 1rem; background: var(--alert-bg); border: 2px solid var(--bad);
  border-radius: 6px; color: var(--alert-text); }
.alert a { color: var(--alert-text); }
.alert p, .alert ul { margin: .25rem 0; }
table { width: 100%; border-collapse: collapse; }
th, td { padding: .5rem .25rem; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); }
td.num, th.num { text-align: right; white-space: nowrap; }
tfoot th { font-weight: 400; }
tr.total th, tr.total td { font-weight: 700; font-size: 1.125rem; border-bottom: 0; }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }`;

/** Security headers of the simulator's pages: no script at all, styles from the simulator only. */
export const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** The words of a page for a request's Accept-Language (the simulated Stripe.js's, ../../stripe-js). */
export function pageWords(acceptLanguage: string | undefined): SimWords {
  const languages = (acceptLanguage ?? '').split(',').map((part) => part.split(';')[0]!.trim());
  return simWords(undefined, languages.filter(Boolean));
}

/** A whole page: title, the "simulated" banner, and the content, in `words`' language. */
export function layout(
  title: string,
  content: HtmlEscapedString | Promise<HtmlEscapedString>,
  words: SimWords = simWords('en'),
) {
  return html`<!doctype html>
<html lang="${words.tag}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} – Stripe simulator</title>
    <link rel="stylesheet" href="${PAGE_CSS_PATH}" />
  </head>
  <body>
    <main>
      <p class="banner" role="note">${words.t('banner')}</p>
      ${content}
    </main>
  </body>
</html>`;
}

// The pages' formatter lives with Stripe's table, where the simulated Stripe.js imports it too.
export { formatAmount } from '../amounts';
