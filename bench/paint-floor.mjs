// How long Chromium takes from a page's last HTML byte to its first contentful paint, when the
// customer leaves the Checkout page for it, as for the receipt after Pay: (a) a paid order's
// receipt from the Worker, (b) the same receipt's HTML served statically, (c) a minimal page with
// the receipt's three (cached) stylesheets, (d) the minimal page without them; then (d) again,
// left from (e) the Checkout page's HTML without its scripts and (f) the minimal page, to tell
// what leaving the Checkout page costs. All are served from one origin (a proxy in front of the
// local stack's checkout, which serves b–f itself), so that each navigation is the same kind;
// each visit loads the page left afresh in a new browser profile, and each round visits the
// variants in a rotated order. What (a) takes beyond (d) is the receipt's own; (d) beyond (e) is
// the Checkout page's scripts'; (f) is Chromium's floor on this machine.
//
// `node bench/paint-floor.mjs [--rounds=N]` (default 8): prints each variant's median and range.
import { createServer, request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { fillCheckout, waitForReceipt, withStackAndBrowser } from './browser.mjs';
import { median } from './measure.mjs';

/**
 * The variants: the page visited (the receipt's own link, or a path the proxy serves), and the
 * page left for it (the Checkout page filled in, or the minimal page: what leaving it costs).
 */
const VARIANTS = [
  'receipt',
  'copy',
  'stylesheets',
  'bare',
  'bare from the page without scripts',
  'bare from minimal',
];

/** A minimal page: a heading and a paragraph, as much text as a receipt's lead. */
const minimal = (links) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Paint floor</title>
${links}
</head><body><main class="panel"><h1>Thanks for your payment!</h1>
<p class="lead">A receipt is on its way to you.</p></main></body></html>`;

/** A page's HTML without its scripts (the Checkout page's: its form, stylesheets and logo). */
const withoutScripts = (html) => html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, '');

/**
 * Serves the static variants and passes everything else to the checkout, as if it were the
 * checkout (its Origin and Referer rewritten), so that the pages share one origin.
 * @param {string} checkout the checkout's origin
 * @param {Record<string, string>} pages path → HTML
 */
function proxy(checkout, pages) {
  const target = new URL(checkout);
  const server = createServer((req, res) => {
    const page = pages[req.url ?? ''];
    if (page) {
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      return res.end(page);
    }
    const headers = { ...req.headers, host: target.host };
    const own = `http://${req.headers.host}`;
    for (const name of ['origin', 'referer'])
      if (typeof headers[name] === 'string') headers[name] = headers[name].replace(own, checkout);
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => server.close() });
    }),
  );
}

/**
 * Leaves a freshly loaded Checkout page for `path` and reads, on the page arrived at, its HTML's
 * last byte and its first contentful paint (ms from its navigation's start).
 * @param {import('playwright-core').Browser} browser
 * @param {string} origin the proxy's
 * @param {string} path
 */
async function visit(browser, origin, { path, from }) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // Filled in as before Pay: the page left is the one a customer leaves, Stripe.js's form in it.
    if (from === 'checkout') await fillCheckout(page, origin, 'bench+paint@example.com');
    else await page.goto(`${origin}${from}`, { waitUntil: 'load' });
    await page.evaluate((to) => (location.href = to), path);
    await page.waitForURL((url) => url.pathname + url.search === path, { waitUntil: 'commit' });
    await page.waitForFunction(
      () => performance.getEntriesByName('first-contentful-paint').length > 0,
      null,
      { timeout: 10_000, polling: 20 },
    );
    return await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType('navigation');
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      return {
        htmlEnd: navigation.responseEnd,
        unload: navigation.unloadEventEnd - navigation.unloadEventStart,
        interactive: navigation.domInteractive,
        paint: paint.startTime,
      };
    });
  } finally {
    await context.close();
  }
}

async function main() {
  const rounds = Number(/^--rounds=(\d+)$/.exec(process.argv[2] ?? '')?.[1] ?? 8);
  await withStackAndBrowser(async (stack, browser, cleanup) => {
    // One purchase, for a paid order's receipt link (with its proof) and its HTML.
    const context = await browser.newContext();
    const first = await context.newPage();
    await (await fillCheckout(first, stack.checkout, 'bench+paint@example.com')).click();
    await waitForReceipt(first, 'paint floor');
    const receipt = new URL(first.url());
    await context.close();
    const html = await (await fetch(receipt)).text();
    const links = [...html.matchAll(/<link rel="stylesheet" href="[^"]+">/g)].map((m) => m[0]);
    if (links.length !== 3) throw new Error(`the receipt links ${links.length} stylesheets, not 3`);
    const from = 'checkout';
    const visits = {
      receipt: { path: receipt.pathname + receipt.search, from },
      copy: { path: '/__paint/copy', from },
      stylesheets: { path: '/__paint/stylesheets', from },
      bare: { path: '/__paint/bare', from },
      'bare from the page without scripts': { path: '/__paint/bare', from: '/__paint/page' },
      'bare from minimal': { path: '/__paint/bare?again', from: '/__paint/bare' },
    };
    const server = await proxy(stack.checkout, {
      [visits.copy.path]: html,
      [visits.stylesheets.path]: minimal(links.join('\n')),
      [visits.bare.path]: minimal(''),
      [visits['bare from minimal'].path]: minimal(''),
      '/__paint/page': withoutScripts(await (await fetch(`${stack.checkout}/`)).text()),
    });
    cleanup.add(server.close);

    /** @type {Record<string, number[]>} */
    const gaps = Object.fromEntries(VARIANTS.map((v) => [v, []]));
    /** @type {Record<string, { unload: number, parsed: number }[]>} */
    const parts = Object.fromEntries(VARIANTS.map((v) => [v, []]));
    for (let round = 0; round < rounds; round++) {
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]);
      for (const variant of order) {
        const { htmlEnd, unload, interactive, paint } = await visit(
          browser,
          server.origin,
          visits[variant],
        );
        gaps[variant].push(paint - htmlEnd);
        parts[variant].push({ unload, parsed: interactive - htmlEnd });
      }
      console.log(
        `round ${round + 1}: ` +
          VARIANTS.map((v) => `${v} ${Math.round(gaps[v].at(-1))} ms`).join(', '),
      );
    }
    for (const variant of VARIANTS) {
      const all = gaps[variant];
      console.log(
        `${variant}: HTML's last byte → first contentful paint, median ${Math.round(median(all))} ms ` +
          `(${Math.round(Math.min(...all))}–${Math.round(Math.max(...all))}, ${all.length} visits); ` +
          `the page left's unload handlers ${Math.round(median(parts[variant].map((p) => p.unload)))} ms, ` +
          `last byte → DOM parsed ${Math.round(median(parts[variant].map((p) => p.parsed)))} ms`,
      );
    }
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
