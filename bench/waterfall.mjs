// The waterfall of one purchase in Chromium, Pay → receipt: every request the click sets off, when
// it started, how long it took, and (from the Server-Timing header of the checkout's responses) how
// much of it was the Worker's, D1's and Stripe's. Time-to-receipt is compared with the sum of the
// round trips no checkout can avoid: the browser's ConfirmationToken call to Stripe, the Worker's
// PaymentIntent create+confirm (Server-Timing `stripe` of POST /charge) and the receipt's ledger
// read (Server-Timing `d1` of GET /thank-you). Run with the simulator's latency set, so that those
// round trips weigh what they do against api.stripe.com. Time to receipt is what the customer
// sees: from the click event on Pay (the page's clock) to the receipt's first contentful paint
// (the receipt's clock; both are ms since the epoch), not Playwright's `click()` to its finding
// the text, which adds the driver's checks and input dispatch before and its polling after.
import { fileURLToPath } from 'node:url';
import { fillCheckout, waitForReceipt, withStackAndBrowser } from './browser.mjs';
import { parseServerTiming } from './server-timing.mjs';

/** The checkout's responses that must carry Server-Timing for the comparison. */
const TIMED = [
  { method: 'POST', path: '/charge' },
  { method: 'GET', path: '/thank-you' },
];

/**
 * Buys once and records the waterfall.
 * @param {import('playwright-core').Browser} browser
 * @param {{ checkout: string, sim: string }} origins
 * @returns {Promise<{ timeToReceiptMs: number | null, textFoundMs: number,
 *   beforeToken: { clickEventMs: number, tokenRequestMs: number | null },
 *   receipt: Awaited<ReturnType<typeof receiptRender>>,
 *   requests: { method: string, url: string,
 *   startMs: number, durationMs: number, status: number, serverTiming: Record<string, number | null> | null }[],
 *   missingServerTiming: string[], unavoidable: { confirmationTokenMs: number | null,
 *   paymentIntentMs: number | null, ledgerReadMs: number | null, sumMs: number | null },
 *   ratio: number | null }>}
 *   timeToReceiptMs: from the click event on Pay to the receipt's first contentful paint (null
 *   without a paint); textFoundMs: from Playwright's `click()` to the receipt's text found;
 *   startMs: from the click event; missingServerTiming: the timed requests without the header.
 */
export async function purchaseWaterfall(browser, { checkout, sim }) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const pay = await fillCheckout(page, checkout, 'bench+waterfall@example.com');

    const finished = [];
    page.on('requestfinished', (request) => finished.push(describe(request)));
    await page.evaluate(markClickAndToken);
    const clickedAt = Date.now();
    await pay.click({ noWaitAfter: true });
    await waitForReceipt(page, 'waterfall');
    const textFoundMs = Date.now() - clickedAt;
    const marks = await page.evaluate(() => ({
      click: Number(sessionStorage.getItem('bench:click')),
      token: Number(sessionStorage.getItem('bench:token')),
    }));
    if (!marks.click) throw new Error('waterfall: the click on Pay never reached the page');
    // Time runs from the click as the customer makes it: the click event's time on the page's
    // clock (Playwright's checks and input dispatch before it are the test driver's, not ours).
    const clickedOn = marks.click;
    const rendered = await receiptRender(page, clickedOn);
    const beforeToken = {
      clickEventMs: clickedOn - clickedAt,
      tokenRequestMs: marks.token ? marks.token - clickedOn : null,
    };
    // Pay → receipt as the customer sees it: the receipt's first contentful paint.
    const timeToReceiptMs = rendered.firstPaintMs;

    const requests = (await Promise.all(finished))
      .filter((entry) => entry.startedAt >= clickedAt)
      .map(({ startedAt, ...entry }) => ({ ...entry, startMs: startedAt - clickedOn }))
      .sort((a, b) => a.startMs - b.startMs);

    const find = (origin, method, path) =>
      requests.find((r) => r.method === method && r.url.startsWith(`${origin}${path}`));
    const timed = TIMED.map((t) => ({ ...t, request: find(checkout, t.method, t.path) }));
    const absent = timed.filter((t) => !t.request);
    if (absent.length > 0)
      throw new Error(
        `waterfall: no ${absent.map((t) => `${t.method} ${t.path}`).join(', ')} after the click`,
      );
    const missingServerTiming = timed
      .filter((t) => t.request.serverTiming === null)
      .map((t) => `${t.method} ${t.path}`);

    const token = find(sim, 'POST', '/v1/confirmation_tokens');
    const [charge, receipt] = timed.map((t) => t.request);
    const unavoidable = {
      confirmationTokenMs: token?.durationMs ?? null,
      paymentIntentMs: charge.serverTiming?.stripe ?? null,
      ledgerReadMs: receipt.serverTiming?.d1 ?? null,
    };
    const parts = Object.values(unavoidable);
    const sumMs = parts.every((ms) => typeof ms === 'number')
      ? parts.reduce((a, b) => a + b)
      : null;
    return {
      timeToReceiptMs,
      textFoundMs,
      beforeToken,
      receipt: rendered,
      requests,
      missingServerTiming,
      unavoidable: { ...unavoidable, sumMs },
      ratio: sumMs && timeToReceiptMs !== null ? timeToReceiptMs / sumMs : null,
    };
  } finally {
    await context.close();
  }
}

/**
 * Runs in the Checkout page: keeps (in sessionStorage, which outlives the navigation to the
 * receipt) when the click on Pay reached the page and when its ConfirmationToken request started,
 * in ms since the epoch, to split the time before that request between Playwright and the page.
 */
function markClickAndToken() {
  const keep = (name, ms) =>
    sessionStorage.setItem(`bench:${name}`, String(performance.timeOrigin + ms));
  document.addEventListener('click', (event) => keep('click', event.timeStamp), {
    capture: true,
    once: true,
  });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.name.includes('/v1/confirmation_tokens')) keep('token', entry.startTime);
  }).observe({ type: 'resource' });
}

/**
 * How the receipt page came to be shown, from the page's own Performance API, in ms from the click:
 * its navigation, its HTML's last byte, its stylesheets (render-blocking: the browser paints
 * nothing before them; fetched, revalidated or from the cache) and its first contentful paint.
 * Playwright does not report a request answered from the cache or revalidated, so these are here.
 * @param {import('playwright-core').Page} page on the receipt
 * @param {number} clickedAt the click event on Pay, ms since the epoch
 */
async function receiptRender(page, clickedAt) {
  await page
    .waitForFunction(
      () => performance.getEntriesByName('first-contentful-paint').length > 0,
      null,
      {
        timeout: 10_000,
      },
    )
    .catch(() => {}); // then firstPaintMs is null
  const timings = await page.evaluate(() => {
    const [navigation] = performance.getEntriesByType('navigation');
    return {
      origin: performance.timeOrigin,
      htmlEnd: navigation?.responseEnd ?? null,
      firstPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      stylesheets: performance
        .getEntriesByType('resource')
        .filter((r) => r.initiatorType === 'link' && new URL(r.name).pathname.endsWith('.css'))
        .map((r) => ({
          url: new URL(r.name).pathname + new URL(r.name).search,
          start: r.startTime,
          end: r.responseEnd,
          bytes: r.transferSize,
          blocking: r.renderBlockingStatus === 'blocking',
        })),
    };
  });
  const at = (ms) => (ms === null ? null : timings.origin - clickedAt + ms);
  return {
    navigationMs: at(0),
    htmlEndMs: at(timings.htmlEnd),
    firstPaintMs: at(timings.firstPaint),
    stylesheets: timings.stylesheets.map(({ url, start, end, bytes, blocking }) => ({
      url,
      startMs: at(start),
      endMs: at(end),
      blocking,
      // transferSize: 0 from the cache; the headers alone (a few hundred bytes) for a 304.
      how: bytes === 0 ? 'cache' : bytes < 400 ? 'revalidated' : 'fetched',
    })),
  };
}

/**
 * A URL as the report keeps it: without the receipt's proofs (its token, a client secret), which
 * let anyone read the receipt's personal data.
 */
const withoutProofs = (url) =>
  url.replace(/([?&](?:receipt_token|payment_intent_client_secret)=)[^&#]*/g, '$1…');

/** One finished request: timing from the browser, Server-Timing metrics from the response. */
async function describe(request) {
  const timing = request.timing();
  const response = await request.response();
  const metrics = parseServerTiming(await response?.headerValue('server-timing'));
  return {
    method: request.method(),
    url: withoutProofs(request.url()),
    status: response?.status() ?? 0,
    startedAt: timing.startTime,
    durationMs: timing.responseEnd >= 0 ? timing.responseEnd : null,
    serverTiming: metrics && Object.fromEntries([...metrics].map(([name, m]) => [name, m.dur])),
  };
}

/**
 * Buys `runs` times, each in a fresh browser profile, and returns the purchase of median ratio
 * (its waterfall is the one shown), with every purchase's time to receipt and ratio: one purchase
 * on a shared machine moves by a tenth either way.
 * @param {import('playwright-core').Browser} browser
 * @param {{ checkout: string, sim: string }} origins
 * @param {{ runs?: number, log?: (line: string) => void }} [options]
 */
export async function medianPurchase(browser, origins, { runs = 5, log } = {}) {
  const purchases = [];
  for (let run = 1; run <= runs; run++) {
    const purchase = await purchaseWaterfall(browser, origins);
    purchases.push(purchase);
    log?.(describeRun(run, purchase));
  }
  const byRatio = [...purchases].sort((a, b) => (a.ratio ?? Infinity) - (b.ratio ?? Infinity));
  const median = byRatio[Math.floor((byRatio.length - 1) / 2)];
  return {
    ...median,
    runs: purchases.map((p) => ({ timeToReceiptMs: p.timeToReceiptMs, ratio: p.ratio })),
  };
}

/** One purchase in a line: its time to receipt, what the receipt waited for, the click's path. */
function describeRun(run, result) {
  const ms = (value) => (value === null ? '?' : Math.round(value));
  const sheets = result.receipt.stylesheets.map(
    (s) => `${s.url.replace(/\?v=[^&]*/, '?v=…')} ${s.how} ${ms(s.endMs - s.startMs)} ms`,
  );
  const charge = result.requests.find((r) => r.method === 'POST' && /\/charge(\?|$)/.test(r.url));
  const timing = charge?.serverTiming;
  const { htmlEndMs, firstPaintMs } = result.receipt;
  return (
    `waterfall ${run}: ${ms(result.timeToReceiptMs)} ms ÷ ${ms(result.unavoidable.sumMs)} ms = ` +
    `${result.ratio?.toFixed(2) ?? '?'}× (click event → receipt's first paint); POST /charge ` +
    `${ms(charge?.durationMs ?? null)} ms (server ${timing?.total ?? '?'}, D1 ` +
    `${timing?.d1 ?? '?'}, Stripe ${timing?.stripe ?? '?'}); HTML end ${ms(htmlEndMs)} ms, ` +
    `first paint ${htmlEndMs === null || firstPaintMs === null ? '?' : ms(firstPaintMs - htmlEndMs)}` +
    ` ms after it; ${sheets.join(', ')}; Playwright: click event ` +
    `${ms(result.beforeToken.clickEventMs)} ms after click(), text found ${result.textFoundMs} ms ` +
    `after it; token request ${ms(result.beforeToken.tokenRequestMs)} ms after the click event`
  );
}

/**
 * `node bench/waterfall.mjs [--runs=N]`: only the waterfall, N purchases (default 5, as
 * `npm run bench` makes them) at the simulator's STRIPE_LATENCY_MS; prints each purchase, then
 * the median. For trying a change to what the receipt waits for without the whole bench.
 */
async function main() {
  const runs = Number(/^--runs=(\d+)$/.exec(process.argv[2] ?? '')?.[1] ?? 5);
  const { STRIPE_LATENCY_MS } = await import('./budgets.mjs');
  const { simulator } = await import('./requests.mjs');
  await withStackAndBrowser(async (stack, browser) => {
    const sim = simulator(stack.sim);
    await sim.setLatency(STRIPE_LATENCY_MS);
    const median = await medianPurchase(browser, stack, { runs, log: console.log });
    console.log(
      `median of ${runs}: time to receipt ${Math.round(median.timeToReceiptMs ?? NaN)} ms, ` +
        `${median.ratio?.toFixed(2) ?? '?'}× the unavoidable round trips`,
    );
    await sim.setLatency(0);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
