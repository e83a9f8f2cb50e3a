/**
 * What every page shows around its content, from the shop's identity (src/identity) in the
 * reader's language: the title, the header (logo and name, leading to the shop), the footer
 * (contact, terms, privacy), the theme's stylesheet, and the simulated/test-mode notice.
 * Used by the server-rendered pages (./layout.ts) and the Checkout page (./checkout-page.ts).
 */
// .js: bench/ and the browser tests type-check this file with Node's module resolution.
import { html } from 'hono/html';
import type { Mode } from '../config/index.js';
import { SHOP } from '../identity/index.js';
import { keepingLanguage, type Locale } from '../i18n/index.js';
import { themeHref } from '../theme/stylesheet.js';
import { versioned } from '../assets/version.js';

/** A page's title: what it is, then whose it is. */
export const pageTitle = (title: string) => `${title} · ${SHOP.name}`;

/**
 * The link to the shop, with its logo (decorative: the name beside it says whose it is), and on
 * the Checkout page the mode's notice beside it, where it costs the page no height. With the
 * static files' `version`, the logo is linked at its versioned address (kept for good, so a
 * receipt never waits to revalidate it). A shop on this site (a path, such as "/", the checkout)
 * is linked in the reader's language as every link the Worker writes (`keepingLanguage`).
 */
export function shopHeader(
  reader: Locale,
  notice: ReturnType<typeof modeNotice> = '',
  version?: string,
) {
  const { name, logo } = SHOP;
  // The merchant's own site (https://) is not this Worker's: ?lang= means nothing there.
  const url = SHOP.url.startsWith('/') ? keepingLanguage(SHOP.url, reader) : SHOP.url;
  const src = version === undefined ? logo.src : versioned(logo.src, version);
  return html`<header class="shop"><a href="${url}">
<img src="${src}" alt="" width="${logo.width}" height="${logo.height}">
<span>${name}</span></a>${notice}</header>`;
}

/** Contact, terms and privacy. */
export function shopFooter(reader: Locale) {
  return html`<footer class="shop">
<a href="mailto:${SHOP.supportEmail}">${reader.t('shell.contact')}</a>
<a href="${SHOP.termsUrl}">${reader.t('shell.terms')}</a>
<a href="${SHOP.privacyUrl}">${reader.t('shell.privacy')}</a>
</footer>`;
}

/** The notice's words by where it stands and the mode (none in live mode). */
const NOTICES = {
  page: { simulated: 'shell.simulated', test: 'shell.test' },
  receipt: { simulated: 'shell.simulatedReceipt', test: 'shell.testReceipt' },
} as const;

/**
 * The one notice that no money moves, outside live mode: on the Checkout page, with the card to
 * pay with; on a receipt, that the payment it shows moved none (so that nobody takes it for one).
 */
export function modeNotice(mode: Mode, reader: Locale, on: keyof typeof NOTICES = 'page') {
  if (mode === 'live') return '';
  return html`<p class="mode-notice">${reader.t(NOTICES[on][mode])}</p>`;
}

/**
 * The head's links common to every page: favicon, the theme, the base stylesheet (the favicon
 * and the stylesheet at the Worker version's address: src/assets/version.ts). The favicon's type
 * is the one it is served with (image/svg+xml), without a `type` hint in every page.
 */
export const headLinks = (version: string) =>
  html`<meta name="color-scheme" content="light dark">
<link rel="icon" href="${versioned('/favicon.svg', version)}">
<link rel="stylesheet" href="${themeHref()}">
<link rel="stylesheet" href="${versioned('/checkout.css', version)}">`;
