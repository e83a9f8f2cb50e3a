// Customers paying as the Checkout page makes them pay, for `npm run load`: each one, in a loop,
// has Stripe.js create a ConfirmationToken from the card (the simulator's POST
// /v1/confirmation_tokens with the publishable key, as the page's createConfirmationToken does),
// then posts /charge as the page does (JSON from the checkout's origin, a new checkout, the cart,
// the email, the token), waits for the answer and starts again. So each payment costs what a real
// one costs the stack, and the /charge latency is the customer's wait after Pay's token.
import { Agent, request } from 'node:http';
import { percentile } from './measure.mjs';
import { chargeHeaders, paymentIntentOf, PRODUCT } from './requests.mjs';

/** The card every customer pays with: Stripe's succeeding test Visa. */
const CARD = [
  ['payment_method_data[type]', 'card'],
  ['payment_method_data[card][number]', '4242424242424242'],
  ['payment_method_data[card][exp_month]', '12'],
  ['payment_method_data[card][exp_year]', String(new Date().getUTCFullYear() + 3)],
  ['payment_method_data[card][cvc]', '123'],
];

/** No answer in this long is a timeout (an error). */
const TIMEOUT_MS = 30_000;

/**
 * Connections kept open between payments, as a browser keeps its own, and closed after 4 s idle:
 * workerd closes them after 5 s (see `post` for a request sent on one as it closes).
 */
const agent = new Agent({ keepAlive: true, timeout: 4_000 });

/**
 * Errors of a request on a kept-alive connection that the server closed before answering: workerd
 * closes a connection 5 s after its last answer unless it has read a new request, and a busy
 * workerd can be more than a second late to read one that came before then. The request was not
 * seen: a browser sends it again by itself on another connection (Chromium does so for a reused
 * connection reset before any answer, POST too), and so does the driver, once.
 */
const CLOSED_UNDER_IT = new Set(['ECONNRESET', 'EPIPE']);

/**
 * One POST with node:http (a fraction of fetch's CPU, which would otherwise be a sizeable part of
 * the run's): its status, Server-Timing and body. Sent again once when the kept-alive connection
 * it went out on was closed under it (CLOSED_UNDER_IT), and `onResend` is told.
 * @param {string} url
 * @param {Record<string, string>} headers
 * @param {string} body
 * @param {() => void} onResend
 * @param {boolean} [resent] whether this is the request sent again
 * @returns {Promise<{ status: number, serverTiming: string | null, text: string }>}
 */
function post(url, headers, body, onResend, resent = false) {
  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = request(url, { method: 'POST', headers, agent }, (response) => {
      answered = true;
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          serverTiming: response.headers['server-timing'] ?? null,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    outgoing.setTimeout(TIMEOUT_MS, () => outgoing.destroy(new TimeoutError()));
    outgoing.on('error', (error) => {
      if (!resent && !answered && outgoing.reusedSocket && CLOSED_UNDER_IT.has(error.code)) {
        onResend();
        resolve(post(url, headers, body, onResend, true));
      } else reject(Object.assign(error, { path: new URL(url).pathname }));
    });
    outgoing.end(body);
  });
}

class TimeoutError extends Error {
  name = 'TimeoutError';
}

/** The JSON of a body, or null. */
function jsonOf(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Where the page's Stripe.js calls and with which key, read from the checkout's GET /config as the
 * page reads it (the simulator's Stripe.js is served from the simulator's origin).
 * @param {string} checkout
 */
async function stripeJsOf(checkout) {
  const config = await (await fetch(`${checkout}/config`)).json();
  if (!config.publishableKey || !config.stripeJs)
    throw new Error(`GET /config has no Stripe.js settings: ${JSON.stringify(config)}`);
  return { origin: new URL(config.stripeJs).origin, key: config.publishableKey };
}

/**
 * Runs `customers` customers paying in a loop for `seconds` (a payment under way at the end
 * finishes and is counted).
 * @param {{ checkout: string, customers: number, seconds: number }} options
 * @returns {Promise<{ payments: number, succeeded: number, perSecond: number, seconds: number,
 *   latencyMs: { p50: number, p90: number, p99: number, max: number } | null,
 *   tokenMs: { p50: number, p99: number } | null, serverTimings: (string | null)[],
 *   errors: number, errorDetail: Record<string, number>, resent: number }>}
 *   payments: the answers to POST /charge; succeeded: those saying the payment succeeded;
 *   latencyMs: POST /charge's, from its request to its whole answer; tokenMs: the
 *   ConfirmationToken's; errorDetail: each kind of failure (a token or a /charge refused, a
 *   /charge not succeeded, a network error, a timeout) and how often; resent: requests sent again
 *   because their kept-alive connection was closed under them (`post`), not errors.
 */
export async function payInLoops({ checkout, customers, seconds }) {
  const stripeJs = await stripeJsOf(checkout);
  const charges = [];
  const tokens = [];
  const serverTimings = [];
  const errorDetail = {};
  let succeeded = 0;
  let resent = 0;
  const resend = () => resent++;
  const fail = (kind) => (errorDetail[kind] = (errorDetail[kind] ?? 0) + 1);

  const createToken = async () => {
    const started = performance.now();
    const response = await post(
      `${stripeJs.origin}/v1/confirmation_tokens`,
      {
        Authorization: `Bearer ${stripeJs.key}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      new URLSearchParams(CARD).toString(),
      resend,
    );
    tokens.push(performance.now() - started);
    const token = jsonOf(response.text);
    if (response.status !== 200 || !token?.id?.startsWith('ctoken_')) {
      fail(`ConfirmationToken: HTTP ${response.status} ${token?.error?.code ?? ''}`.trim());
      return null;
    }
    return token.id;
  };

  const pay = async (confirmationToken) => {
    const body = {
      checkout_id: crypto.randomUUID(),
      items: [{ product: PRODUCT, quantity: 1 }],
      email: 'load@example.com',
      confirmation_token: confirmationToken,
    };
    const started = performance.now();
    const response = await post(
      `${checkout}/charge`,
      chargeHeaders(checkout),
      JSON.stringify(body),
      resend,
    );
    charges.push(performance.now() - started);
    serverTimings.push(response.serverTiming);
    const answer = jsonOf(response.text);
    if (response.status === 200 && answer?.status === 'succeeded' && paymentIntentOf(answer))
      succeeded++;
    else
      fail(
        `/charge: HTTP ${response.status} ` +
          `${answer?.error?.code ?? answer?.status ?? `not JSON: ${response.text.slice(0, 80)}`}`,
      );
  };

  const started = performance.now();
  const deadline = started + seconds * 1000;
  const customer = async () => {
    while (performance.now() < deadline) {
      try {
        const token = await createToken();
        if (token) await pay(token);
      } catch (error) {
        const on = error?.path ? ` on ${error.path}` : '';
        fail(
          error?.name === 'TimeoutError' ? `timeout${on}` : `network: ${error?.code ?? error}${on}`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: customers }, customer));
  const elapsed = (performance.now() - started) / 1000;

  const spread = (values) =>
    values.length
      ? {
          p50: percentile(values, 50),
          p90: percentile(values, 90),
          p99: percentile(values, 99),
          max: Math.max(...values),
        }
      : null;
  return {
    payments: charges.length,
    succeeded,
    perSecond: charges.length / elapsed,
    seconds: elapsed,
    latencyMs: spread(charges),
    tokenMs: spread(tokens),
    serverTimings,
    errors: Object.values(errorDetail).reduce((sum, n) => sum + n, 0),
    errorDetail,
    resent,
  };
}
