// The requests `npm run bench` and `npm run load` send, and autocannon runs that check every answer.
// POST /charge is sent the way the page sends it: JSON, from the checkout's own origin (the Worker
// refuses cross-origin posts), one fresh checkout_id per payment, and each from its own client IP
// (CF-Connecting-IP), because the per-IP rate limit (30 a minute) is part of the Worker and would
// otherwise answer 429 after the 30th request.
import autocannon from 'autocannon';

/** The product the local stack sells (the tests' catalog, test/fixtures/shop/), $5.00. */
export const PRODUCT = 'support-5';

let ipCounter = 0;
/** A client IP never used before in this process (10.0.0.1, 10.0.0.2, ...). */
export function nextIp() {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

/**
 * The JSON body of one POST /charge, paid with a simulator PaymentMethod (no browser needed).
 * @param {{ checkoutId?: string, paymentMethod?: string }} [options] paymentMethod: pm_card_visa unless given.
 */
export function chargeBody(options = {}) {
  return {
    checkout_id: options.checkoutId ?? crypto.randomUUID(),
    product: PRODUCT,
    quantity: 1,
    email: 'bench@example.com',
    payment_method: options.paymentMethod ?? 'pm_card_visa',
  };
}

/**
 * The headers of a POST /charge from the checkout page at `origin`, from a fresh client IP.
 * @param {string} origin e.g. http://127.0.0.1:8787
 */
export function chargeHeaders(origin) {
  return { 'content-type': 'application/json', origin, 'cf-connecting-ip': nextIp() };
}

/**
 * One POST /charge with fetch.
 * @param {string} checkout the checkout's origin
 * @param {Parameters<typeof chargeBody>[0]} [options]
 * @returns {Promise<{ status: number, body: any, checkoutId: string }>}
 */
export async function postCharge(checkout, options = {}) {
  const body = chargeBody(options);
  const response = await fetch(`${checkout}/charge`, {
    method: 'POST',
    headers: chargeHeaders(checkout),
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: await response.json().catch(() => null),
    checkoutId: body.checkout_id,
  };
}

/** The PaymentIntent id in a /charge answer's redirect (`/thank-you?payment_intent=pi_...`), or null. */
export function paymentIntentOf(answer) {
  return /payment_intent=(pi_[A-Za-z0-9]+)/.exec(answer?.redirect ?? '')?.[1] ?? null;
}

/**
 * An autocannon setupRequest that posts `body()` as the page does: JSON, from `origin`, each
 * request from its own client IP.
 * @param {string} origin
 * @param {() => object} body
 */
const asThePage = (origin, body) => (request) => ({
  ...request,
  headers: { ...request.headers, ...chargeHeaders(origin) },
  body: JSON.stringify(body()),
});

/**
 * An autocannon route for POST /charge: every request gets a fresh body and client IP; answers
 * other than 200 {"status":"succeeded"} count as errors, and the PaymentIntent ids are kept (for
 * GET /thank-you) in `paymentIntents`.
 * @param {string} checkout the checkout's origin
 * @param {{ paymentIntents?: string[], failures?: Map<string, number>,
 *   serverTimings?: (string | null)[] }} [sink] serverTimings: each answer's Server-Timing header.
 * @param {string} [path] the same-I/O worker's /charge/fetch instead
 */
export function chargeRoute(checkout, sink = {}, path = '/charge') {
  return {
    method: 'POST',
    path,
    setupRequest: asThePage(checkout, chargeBody),
    onResponse: (status, body, _context, headers) => {
      sink.serverTimings?.push(headerOf(headers, 'server-timing'));
      let answer = null;
      try {
        answer = JSON.parse(body);
      } catch {
        // counted below
      }
      const paymentIntent = paymentIntentOf(answer);
      if (status === 200 && answer?.status === 'succeeded' && paymentIntent)
        sink.paymentIntents?.push(paymentIntent);
      else
        count(
          sink.failures,
          `${status} ${answer?.error?.code ?? answer?.status ?? `not JSON: ${String(body).slice(0, 80)}`}`,
        );
    },
  };
}

/**
 * An autocannon route of POST /quote as the page sends it when it opens: JSON, one product, no
 * promotion code, from the checkout's own origin and each from its own client IP (the per-network
 * limit, 60 a minute, is part of the Worker). Every answer but a quote (a total) is a failure.
 * @param {string} origin the Worker's origin
 * @param {{ failures?: Map<string, number> }} [sink]
 */
export function quoteRoute(origin, sink = {}) {
  return {
    method: 'POST',
    path: '/quote',
    setupRequest: asThePage(origin, () => ({ items: [{ product: PRODUCT, quantity: 1 }] })),
    onResponse: (status, body) => {
      if (status !== 200 || !/"total":\d+/.test(body))
        count(sink.failures, `${status} not a quote: ${String(body).slice(0, 80)}`);
    },
  };
}

/**
 * An autocannon route for GET /thank-you, cycling through paid PaymentIntents; a page without
 * "Thanks for your payment!" counts as an error.
 * @param {string[]} paymentIntents
 * @param {{ failures?: Map<string, number> }} [sink]
 */
export function thankYouRoute(paymentIntents, sink = {}) {
  let next = 0;
  return {
    method: 'GET',
    setupRequest: (request) => ({
      ...request,
      path: `/thank-you?payment_intent=${paymentIntents[next++ % paymentIntents.length]}`,
    }),
    onResponse: (status, body) => {
      if (status !== 200 || !body.includes('Thanks for your payment!'))
        count(sink.failures, `${status} not a thank-you page`);
    },
  };
}

/** A header from autocannon's key-value object, whatever the case of its name; null without it. */
function headerOf(headers, name) {
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? null : headers[key];
  return Array.isArray(value) ? value.join(', ') : (value ?? null);
}

function count(map, key) {
  map?.set(key, (map.get(key) ?? 0) + 1);
}

/**
 * Runs autocannon (its Node API) and resolves with its result and an error count: socket errors,
 * timeouts, non-2xx/3xx answers and failures the routes recorded (wrong bodies).
 * @param {import('autocannon').Options} options
 * @param {{ failures?: Map<string, number> }} [sink] the failures map given to the routes, if any.
 * @returns {Promise<{ result: import('autocannon').Result, errors: number, errorDetail: Record<string, number> }>}
 */
export function cannon(options, sink = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: 4, timeout: 30, ...options }, (error, result) => {
      if (error) return reject(error);
      const detail = {};
      for (const [code, { count: n }] of Object.entries(result.statusCodeStats ?? {})) {
        if (Number(code) >= 400 || Number(code) < 200) detail[`HTTP ${code}`] = Number(n);
      }
      if (result.errors) detail['socket errors'] = result.errors;
      if (result.timeouts) detail.timeouts = result.timeouts;
      for (const [key, n] of sink.failures ?? []) detail[key] = n;
      // statusCodeStats and route failures describe the same non-2xx answers; count each request once.
      const httpErrors = Object.entries(result.statusCodeStats ?? {}).reduce(
        (sum, [code, { count: n }]) =>
          sum + (Number(code) >= 400 || Number(code) < 200 ? Number(n) : 0),
        0,
      );
      const routeFailures = [...(sink.failures?.values() ?? [])].reduce((sum, n) => sum + n, 0);
      resolve({
        result,
        errors: Math.max(httpErrors, routeFailures) + (result.errors ?? 0) + (result.timeouts ?? 0),
        errorDetail: detail,
      });
    });
  });
}

/**
 * The simulator's control API (stripe-sim/src/routes/control.ts), for counting Stripe round trips,
 * settling webhooks between measurements and simulating Stripe's latency.
 * @param {string} sim the simulator's origin
 */
export function simulator(sim) {
  const json = async (path, init) => {
    const response = await fetch(`${sim}${path}`, init);
    if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: HTTP ${response.status}`);
    return response.json();
  };
  return {
    /**
     * @returns {Promise<{ method: string, path: string, idempotency_key: string | null, status: number,
     *   replayed: boolean, auth: 'secret' | 'publishable' | null }[]>} every /v1 request, in order
     */
    requests: () => json('/_sim/requests'),
    /**
     * @returns {Promise<{ event_type: string, status: string, attempts: { at: string }[] }[]>}
     *   every webhook delivery, oldest first
     */
    webhooks: () => json('/_sim/webhooks'),
    /** Delivers every pending webhook now and waits for them (again while any is left pending, up to 5 times). */
    async flushWebhooks() {
      let counts;
      for (let i = 0; i < 5; i++) {
        counts = await json('/_sim/webhooks/flush', { method: 'POST' });
        if (counts.pending === 0) break;
      }
      return counts;
    },
    /** Makes every later /v1 request wait `ms` first (stripe-sim/src/latency.ts); 0 for none. */
    setLatency: (ms) =>
      json('/_sim/latency', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ms }),
      }),
    /** Answers the 3-D Secure challenge of a PaymentIntent, as the customer would on the bank's page. */
    completeThreeDSecure: (paymentIntent) =>
      json(`/_sim/3ds/${paymentIntent}`, {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'outcome=complete',
      }),
  };
}
