// `npm run screenshots`: the screenshots of docs/ and the README, docs/<screen>-<view>.png, of the
// shop as the merchant edited it (src/shop/): the Checkout page and the receipt of a purchase in
// simulated mode (and a declined card, in English and light), 1280 and 375 px wide, light and
// dark, English and German (SCREENSHOT_VIEWS). Starts the local stack, drives Debian's Chromium,
// and rewrites only the images that changed (what varies from one purchase to the next is
// masked). The browser tests take the same screens without saving them. Then, with
// CHECKOUT_UI=hosted, our page and Stripe's hosted page (the simulator's), 1280 px, light:
// docs/hosted-desktop.png, docs/hosted-stripe-desktop.png.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalStack } from './local-stack.mjs';
import { writeOutputs } from './write-atomic.mjs';
import { CHROMIUM_PATH, launchChromium } from '../test/browser/support/chromium.mjs';
import {
  DESKTOP,
  SCREENSHOT_VIEWS,
  hostedScreens,
  purchaseScreens,
} from '../test/browser/support/page.mjs';

const docs = fileURLToPath(new URL('../docs/', import.meta.url));

/** The local stack with the merchant's shop, and `vars`. */
async function start(vars = {}) {
  const logs = [];
  try {
    return await startLocalStack({ merchantShop: true, vars, log: (chunk) => logs.push(chunk) });
  } catch (error) {
    console.error(logs.join(''));
    throw error;
  }
}

/** Writes screens as docs/<screen>-<view>.png, saying which changed. */
function save(screens, view) {
  const written = writeOutputs(
    screens.map(({ screen, png }) => ({
      path: join(docs, `${screen}-${view}.png`),
      contents: png,
    })),
  );
  for (const { screen } of screens) {
    const name = `${screen}-${view}.png`;
    console.log(`docs/${name}: ${written.includes(join(docs, name)) ? 'updated' : 'unchanged'}`);
  }
}

let stack = await start();
let browser;
try {
  browser = await launchChromium().catch((error) => {
    throw new Error(
      `Chromium could not start from ${CHROMIUM_PATH}: ${error.message}\n` +
        'Install it with `sudo apt-get install -y chromium`, or set CHROMIUM_PATH.',
    );
  });
  for (const { name: view, options } of SCREENSHOT_VIEWS) {
    const context = await browser.newContext({ ...options, baseURL: stack.checkout });
    const declined = view === 'desktop' || view === 'phone';
    const screens = await purchaseScreens(await context.newPage(), { declined });
    await context.close();
    save(screens, view);
  }
  await stack.stop();
  stack = await start({ CHECKOUT_UI: 'hosted' });
  const context = await browser.newContext({ ...DESKTOP, baseURL: stack.checkout });
  save(await hostedScreens(await context.newPage()), 'desktop');
  await context.close();
} finally {
  await browser?.close();
  await stack.stop();
}
