// Browser measurements, in Debian's Chromium through playwright-core: whether the Checkout page
// paints before Stripe.js arrives, and the time from the click on Pay to the thank-you page in
// simulated mode. They need the simulated Stripe.js that the simulator serves at /v3/, which
// renders "Card number", "Expiration date" and "Security code" inputs in #payment-element.
import { launchChromium } from '../test/browser/support/chromium.mjs';
import { median } from './measure.mjs';

/**
 * Launches Debian's Chromium as the browser tests do (quiet and offline: no background traffic to
 * compete for the CPU being measured), with a fresh profile each launch.
 */
export const launchBrowser = launchChromium;

/**
 * Loads the Checkout page and compares first-contentful-paint with the end of the Stripe.js
 * download (resource timing of the URL ending in /v3/). The page is expected to paint its own
 * HTML and CSS first and load Stripe.js afterwards. When the timings do not both arrive, the error
 * lists the requests still pending and the entries recorded, so that a stall can be told apart
 * from a page that never paints.
 * @param {import('playwright-core').Browser} browser
 * @param {string} checkout the checkout's origin
 * @returns {Promise<{ firstContentfulPaintMs: number, stripeJsResponseEndMs: number, paintsFirst: boolean }>}
 */
export async function paintBeforeStripeJs(browser, checkout) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const pending = new Set();
    page.on('request', (request) => pending.add(request));
    page.on('requestfinished', (request) => pending.delete(request));
    page.on('requestfailed', (request) => pending.delete(request));
    // Nothing to wait for but the two timings themselves ('load' would also wait for Stripe.js).
    await page.goto(`${checkout}/`, { waitUntil: 'commit', timeout: 60_000 });
    const timings = () => {
      const paint = performance
        .getEntriesByType('paint')
        .find((e) => e.name === 'first-contentful-paint');
      const stripeJs = performance
        .getEntriesByType('resource')
        .find((e) => /\/v3\/?$/.test(new URL(e.name).pathname) && e.responseEnd > 0);
      return {
        paint: paint?.startTime ?? null,
        stripeJs: stripeJs?.responseEnd ?? null,
        entries: performance
          .getEntriesByType('resource')
          .map((e) => `${new URL(e.name).pathname} ${Math.round(e.responseEnd)}`),
      };
    };
    try {
      // Polled on a timer: the default (requestAnimationFrame) may not run in a headless page.
      await page.waitForFunction(
        () => {
          const painted = performance
            .getEntriesByType('paint')
            .some((e) => e.name === 'first-contentful-paint');
          return (
            painted &&
            performance
              .getEntriesByType('resource')
              .some((e) => /\/v3\/?$/.test(new URL(e.name).pathname) && e.responseEnd > 0)
          );
        },
        undefined,
        { timeout: 60_000, polling: 100 },
      );
    } catch (error) {
      const seen = await page.evaluate(timings).catch(() => null);
      const waiting = [...pending].map((r) => r.url()).join(', ') || 'none';
      throw new Error(
        `${error.message.split('\n')[0]}; FCP ${seen?.paint ?? 'none'}, ` +
          `Stripe.js ${seen?.stripeJs ?? 'not loaded'}; resources: ${seen?.entries.join(', ') ?? '?'}; ` +
          `pending: ${waiting}`,
        { cause: error },
      );
    }
    const { paint, stripeJs } = await page.evaluate(timings);
    return {
      firstContentfulPaintMs: paint,
      stripeJsResponseEndMs: stripeJs,
      paintsFirst: paint < stripeJs,
    };
  } finally {
    await context.close();
  }
}

/**
 * Runs `use` with the local stack (scripts/local-stack.mjs) and Chromium, both stopped after it
 * (also on Ctrl-C), with the cleanup list for what `use` starts: for the scripts that measure in
 * the browser alone (bench/waterfall.mjs, bench/paint-floor.mjs).
 * @template T
 * @param {(stack: Awaited<ReturnType<typeof import('../scripts/local-stack.mjs').startLocalStack>>,
 *   browser: import('playwright-core').Browser,
 *   cleanup: ReturnType<typeof import('./servers.mjs').cleanupOnExit>) => Promise<T>} use
 * @returns {Promise<T>}
 */
export async function withStackAndBrowser(use) {
  const { startLocalStack } = await import('../scripts/local-stack.mjs');
  const { cleanupOnExit } = await import('./servers.mjs');
  const cleanup = cleanupOnExit();
  try {
    const stack = await startLocalStack();
    cleanup.add(stack.stop);
    const browser = await launchBrowser();
    cleanup.add(() => browser.close());
    return await use(stack, browser, cleanup);
  } finally {
    await cleanup.run();
  }
}

/**
 * Opens the Checkout page and fills it in with the 4242 card, as a customer would.
 * @param {import('playwright-core').Page} page
 * @param {string} checkout the checkout's origin
 * @param {string} email
 * @returns {Promise<import('playwright-core').Locator>} the Pay button, once enabled
 */
export async function fillCheckout(page, checkout, email) {
  await page.goto(`${checkout}/`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.getByLabel('Email for your receipt').fill(email);
  const element = page.locator('#payment-element');
  await element.getByLabel('Card number').fill('4242 4242 4242 4242');
  await element.getByLabel('Expiration date').fill('12 / 34');
  await element.getByLabel('Security code').fill('123');
  // Pay is enabled once Stripe.js's form is ready; clicking earlier would time the wait for it.
  const pay = page.getByRole('button', { name: /^Pay/, disabled: false });
  await pay.waitFor({ timeout: 30_000 });
  return pay;
}

/**
 * Waits for the thank-you page after a click on Pay; when it does not come, says why (the page shows
 * the server's or Stripe.js's message when a payment fails).
 * @param {import('playwright-core').Page} page
 * @param {string} what names the attempt in the error
 */
export async function waitForReceipt(page, what) {
  try {
    await page.waitForURL(/\/thank-you/, { timeout: 30_000, waitUntil: 'commit' });
    await page.getByText('Thanks for your payment!').first().waitFor({ timeout: 30_000 });
  } catch (error) {
    const shown = await page
      .locator('#message')
      .textContent({ timeout: 1_000 })
      .catch(() => null);
    const says = shown ? `, the page says: "${shown}"` : '';
    throw new Error(
      `${what}: no thank-you page (${page.url()}${says}): ${error.message.split('\n')[0]}`,
      { cause: error },
    );
  }
}

/**
 * Pays with the 4242 card `runs` times, each in a fresh page, and times the click on Pay to the
 * thank-you page ("Thanks for your payment!").
 * @param {import('playwright-core').Browser} browser
 * @param {string} checkout the checkout's origin
 * @param {{ runs?: number, log?: (line: string) => void }} [options]
 * @returns {Promise<{ runs: number, samplesMs: number[], medianMs: number, minMs: number, maxMs: number }>}
 */
export async function timeToPaid(browser, checkout, options = {}) {
  const runs = options.runs ?? 10;
  const samplesMs = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const pay = await fillCheckout(page, checkout, `bench+${i}@example.com`);
      const clicked = performance.now();
      await pay.click({ noWaitAfter: true });
      await waitForReceipt(page, `run ${i + 1}`);
      samplesMs.push(performance.now() - clicked);
      options.log?.(`time to paid ${i + 1}/${runs}: ${samplesMs.at(-1).toFixed(0)} ms`);
    } finally {
      await context.close();
    }
  }
  return {
    runs,
    samplesMs,
    medianMs: median(samplesMs),
    minMs: Math.min(...samplesMs),
    maxMs: Math.max(...samplesMs),
  };
}
