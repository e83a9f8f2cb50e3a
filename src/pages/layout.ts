import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

type Content = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface LayoutProps {
  title: string;
  body: Content;
  /** Seconds until the page reloads itself (for payments still being confirmed). */
  refreshSeconds?: number;
  /** A round mark above the heading: a tick for a payment received, "!" for a problem. */
  tone?: 'success' | 'problem';
}

/**
 * The HTML shell of every server-rendered page: same stylesheet and favicon as the Checkout page.
 * Every interpolated value is escaped by hono/html.
 */
export function layout({ title, body, refreshSeconds, tone }: LayoutProps): Content {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/checkout.css">
<link rel="stylesheet" href="/receipt.css">
${refreshSeconds ? html`<meta http-equiv="refresh" content="${refreshSeconds}">` : ''}
</head>
<body>
<main class="panel${tone ? ` ${tone}` : ''}">
${body}
</main>
</body>
</html>`;
}
