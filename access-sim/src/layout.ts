/** The stand-in's pages (sign-in, signed out): one plain, accessible shell. */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** The page to go back to, if it is an http(s) page on this machine. */
export function loopbackPage(value: string | undefined): URL | null {
  try {
    const url = new URL(value ?? '');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const loopback = host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
    return loopback && (url.protocol === 'http:' || url.protocol === 'https:') ? url : null;
  } catch {
    return null;
  }
}

/** A page titled "<title> · Cloudflare Access (local stand-in)" around `body`. */
export function layout(title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Cloudflare Access (local stand-in)</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d1f20; }
  main { max-width: 26rem; margin: 4rem auto; padding: 2rem; background: #fff; border-radius: 8px; }
  h1 { font-size: 1.5rem; margin: 0 0 1rem; }
  label { display: block; font-weight: 600; margin-top: 1.5rem; }
  input { box-sizing: border-box; width: 100%; font: inherit; padding: .5rem; margin-top: .25rem;
    border: 1px solid #6b6f73; border-radius: 4px; }
  input[aria-invalid="true"] { border-color: #b3261e; }
  .error { color: #b3261e; margin: .25rem 0 0; }
  button, .button { display: inline-block; margin-top: 1.5rem; font: inherit; font-weight: 600;
    padding: .6rem 1.2rem; border: 0; border-radius: 4px; background: #1a4fa3; color: #fff;
    cursor: pointer; text-decoration: none; }
  :focus-visible { outline: 3px solid #1a4fa3; outline-offset: 2px; }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}
