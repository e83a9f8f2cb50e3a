// Debian's Chromium (`apt-get install chromium`), driven by playwright-core: never a browser
// download. Shared by the browser tests and `npm run screenshots`.
import { chromium } from 'playwright-core';

/** Chromium's executable; CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Headless, offline and quiet: no background traffic, no first-run or sync, no GPU. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

/** Launches Chromium with a fresh profile. */
export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
