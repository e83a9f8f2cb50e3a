/**
 * The stylesheet of /theme.css (./route.ts) for the shop's accent, and the address pages link it
 * at: versioned by its content, so that a browser keeps it until the accent changes.
 */
// .js: bench/ and the browser tests type-check this file with Node's module resolution.
import { versioned } from '../assets/version.js';
import { SHOP } from '../identity/index.js';
import { themeCss } from './index.js';

let built: { css: string; version: string } | undefined;

/** The stylesheet and its version (FNV-1a of its text), made on first use. */
export function theme(): { css: string; version: string } {
  if (!built) {
    const css = themeCss(SHOP.accent);
    let hash = 0x811c9dc5;
    for (let i = 0; i < css.length; i++) hash = Math.imul(hash ^ css.charCodeAt(i), 0x01000193);
    built = { css, version: (hash >>> 0).toString(36) };
  }
  return built;
}

/** The address pages link the theme at. */
export const themeHref = () => versioned('/theme.css', theme().version);
