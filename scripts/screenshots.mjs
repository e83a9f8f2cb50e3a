// `npm run screenshots`: the README's screenshots, docs/<screen>-<device>.png, of the shop as the
// merchant edited it (src/shop/): the Checkout page, a declined card and the receipt of one
// purchase in simulated mode, on a desktop and on a phone. Starts the local stack, drives Debian's
// Chromium, and rewrites only the images that changed (what varies from one purchase to the next
// is masked). The browser tests take the same screens without saving them.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalStack } from './local-stack.mjs';
import { writeOutputs } from './write-atomic.mjs';
import { CHROMIUM_PATH, launchChromium } from '../test/browser/support/chromium.mjs';
import { README_DEVICES, purchaseScreens } from '../test/browser/support/page.mjs';

const docs = fileURLToPath(new URL('../docs/', import.meta.url));

const logs = [];
let stack;
try {
  stack = await startLocalStack({ merchantShop: true, log: (chunk) => logs.push(chunk) });
} catch (error) {
  console.error(logs.join(''));
  throw error;
}
let browser;
try {
  browser = await launchChromium().catch((error) => {
    throw new Error(
      `Chromium could not start from ${CHROMIUM_PATH}: ${error.message}\n` +
        'Install it with `sudo apt-get install -y chromium`, or set CHROMIUM_PATH.',
    );
  });
  for (const [device, options] of Object.entries(README_DEVICES)) {
    const context = await browser.newContext({ ...options, baseURL: stack.checkout });
    const screens = await purchaseScreens(await context.newPage());
    await context.close();
    const written = writeOutputs(
      screens.map(({ screen, png }) => ({
        path: join(docs, `${screen}-${device}.png`),
        contents: png,
      })),
    );
    for (const { screen } of screens) {
      const name = `${screen}-${device}.png`;
      console.log(`docs/${name}: ${written.includes(join(docs, name)) ? 'updated' : 'unchanged'}`);
    }
  }
} finally {
  await browser?.close();
  await stack.stop();
}
