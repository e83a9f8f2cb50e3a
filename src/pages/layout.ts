import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Locale } from '../i18n';
import { versioned } from '../assets/version';
import { headLinks, type modeNotice, pageTitle, shopFooter, shopHeader } from './shell';

type Content = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface LayoutProps {
  title: string;
  body: Content;
  /**
   * A payment still being confirmed: the page checks again by itself for a while (client/recheck.ts),
   * never reloading, and offers "Check again" (view.ts).
   */
  recheck?: boolean;
  /**
   * A payment received, of this checkout id: the page ends the checkout the tab keeps if it is
   * this one (client/ended.ts), for Stripe's hosted page sends its customer here without the
   * Checkout page's own end of it. Another checkout kept (a receipt opened in its tab) is left.
   */
  ended?: string;
  /** A round mark above the heading: a tick for a payment received, "!" for a problem. */
  tone?: 'success' | 'problem';
  /** Beside the shop's name: the mode's notice of a receipt outside live mode (./shell.ts). */
  notice?: ReturnType<typeof modeNotice>;
}

/**
 * The HTML shell of every server-rendered page, in the reader's language: the shop's header and
 * footer around the content (./shell.ts), the same stylesheets and favicon as the Checkout page.
 * `version` is the static files' (src/assets/version.ts). Every interpolated value is escaped by
 * hono/html.
 */
export function layout(
  reader: Locale,
  version: string,
  { title, body, recheck, ended, tone, notice }: LayoutProps,
): Content {
  return html`<!doctype html>
<html lang="${reader.tag}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${pageTitle(title)}</title>
${headLinks(version)}
<link rel="stylesheet" href="${versioned('/receipt.css', version)}">
${recheck ? html`<script type="module" src="${versioned('/recheck.js', version)}"></script>` : ''}
${
  ended
    ? html`<meta name="checkout" content="${ended}">
<script type="module" src="${versioned('/ended.js', version)}"></script>`
    : ''
}
</head>
<body>
${shopHeader(reader, notice, version)}
<main class="panel${tone ? ` ${tone}` : ''}">
${body}
</main>
${shopFooter(reader)}
</body>
</html>`;
}
