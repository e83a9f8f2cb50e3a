import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** URL of the stylesheet of the simulator's own pages (served by routes/pages.ts). */
export const PAGE_CSS_PATH = '/_sim/assets/page.css';

/**
 * The simulator's pages: accessible (landmarks, labelled controls, visible focus, sufficient contrast,
 * reduced motion honoured) and free of inline script and style, so a strict CSP applies to them.
 */
export const PAGE_CSS = `:root { color-scheme: light; font: 16px/1.5 system-ui, sans-serif; color: #1a1f36;
  background: #f6f8fa; }
body { margin: 0; }
main { max-width: 32rem; margin: 3rem auto; padding: 2rem; background: #fff; border: 1px solid #d5dbe1;
  border-radius: 8px; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
.banner { margin: 0 0 1.5rem; padding: .75rem 1rem; background: #fff4d6; border: 1px solid #8a6100;
  border-radius: 6px; color: #5c4000; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; margin-top: 1.5rem; }
button { min-height: 44px; padding: .5rem 1.25rem; font: inherit; font-weight: 600; border-radius: 6px;
  border: 2px solid #3c4257; cursor: pointer; }
button.primary { background: #3d2bd9; border-color: #3d2bd9; color: #fff; }
button.secondary { background: #fff; color: #1a1f36; }
button:focus-visible { outline: 3px solid #0b5cad; outline-offset: 2px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
a { color: #0b5cad; }
a:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #0b5cad; outline-offset: 2px; }
a.back { display: inline-flex; align-items: center; gap: .375rem; min-height: 44px; }
section { margin-top: 1.75rem; }
h2 { font-size: 1.125rem; margin: 0 0 .5rem; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
input[type=text], input[type=email], input[type=tel], select { box-sizing: border-box; width: 100%;
  min-height: 44px; padding: .5rem .75rem; font: inherit; color: inherit; background: #fff;
  border: 1px solid #6b7385; border-radius: 6px; }
input[readonly] { background: #f6f8fa; }
input[aria-invalid=true], select[aria-invalid=true] { border: 2px solid #b3261e; }
label.choice { display: flex; align-items: center; gap: .75rem; min-height: 44px; margin: .25rem 0;
  font-weight: 400; cursor: pointer; }
label.choice input { width: 1.25rem; height: 1.25rem; margin: 0; flex: none; }
fieldset { margin: 1rem 0; padding: .5rem 1rem 1rem; border: 1px solid #d5dbe1; border-radius: 6px; }
legend { padding: 0 .25rem; font-weight: 600; }
.hint, small, .optional { color: #4f566b; }
.hint { margin: .25rem 0; font-size: .9375rem; }
.field-error { margin: .25rem 0 0; color: #b3261e; font-weight: 600; }
.alert { margin: 1rem 0; padding: .75rem 1rem; background: #fdecea; border: 2px solid #b3261e;
  border-radius: 6px; color: #5f1410; }
.alert a { color: #5f1410; }
.alert p, .alert ul { margin: .25rem 0; }
table { width: 100%; border-collapse: collapse; }
th, td { padding: .5rem .25rem; text-align: left; vertical-align: top; border-bottom: 1px solid #e3e8ee; }
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

/** A whole page: title, the "simulated" banner, and the content. */
export function layout(title: string, content: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} – Stripe simulator</title>
    <link rel="stylesheet" href="${PAGE_CSS_PATH}" />
  </head>
  <body>
    <main>
      <p class="banner" role="note">Stripe test-mode simulator: payments here are simulated.
No real card is charged and no bank is contacted.</p>
      ${content}
    </main>
  </body>
</html>`;
}

/** An amount in the currency's smallest unit, formatted for people (1099 usd → "$10.99"). */
export function formatAmount(amount: number, currency: string): string {
  const format = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: currency.toUpperCase(),
  });
  return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}
