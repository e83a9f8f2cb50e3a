// @ts-check
// What the Worker at an address says about itself: its GET /config names its mode and its
// publishable key, or answers this checkout's 503 while its keys are missing or wrong. This
// machine's state file may not know the Worker (another machine, a fresh clone, CI); the Worker
// does, and an address that does not answer like this checkout is not the Worker setup deploys.

/** How long the Worker gets to answer: a first run's address may not answer at all. */
export const CONFIG_TIMEOUT_MS = 5000;

/**
 * What GET <worker>/config answered:
 * - `checkout`: this checkout, taking payments in `mode` with `publishableKey`;
 * - `unconfigured`: this checkout, refusing payments (503) because its keys are missing or wrong;
 * - `other`: something else answers there (`detail` says what), e.g. Cloudflare's page for a
 *   Worker not deployed yet, or another site;
 * - `none`: nothing answers (no such host, unreachable, too slow).
 * @typedef {object} WorkerAnswer
 * @property {'checkout' | 'unconfigured' | 'other' | 'none'} kind
 * @property {'live' | 'test' | 'simulated'} [mode]
 * @property {string} [publishableKey]
 * @property {string} [detail]
 */

/** @param {unknown} value @returns {value is Record<string, unknown>} */
const isObject = (value) => typeof value === 'object' && value !== null;

/**
 * Asks the Worker at `origin` for its GET /config. Never throws: not answering is an answer.
 * @param {string} origin the Worker's address, e.g. https://edge-checkout.you.workers.dev
 * @param {typeof fetch} fetchImpl
 * @param {number} [timeoutMs]
 * @returns {Promise<WorkerAnswer>}
 */
export async function deployedConfig(origin, fetchImpl, timeoutMs = CONFIG_TIMEOUT_MS) {
  let response;
  try {
    response = await fetchImpl(`${origin}/config`, {
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { kind: 'none', detail: error instanceof Error ? error.message : String(error) };
  }
  const type = response.headers.get('Content-Type')?.split(';')[0] ?? 'no content type';
  const other = {
    kind: /** @type {const} */ ('other'),
    detail: `HTTP ${response.status}, ${type}`,
  };
  let body;
  try {
    body = await response.json();
  } catch {
    return other;
  }
  if (response.ok && isObject(body)) {
    const { mode, publishableKey } = body;
    if (
      (mode === 'live' || mode === 'test' || mode === 'simulated') &&
      typeof publishableKey === 'string'
    )
      return { kind: 'checkout', mode, publishableKey };
  }
  // src/middleware/payment-config's answer while the Worker cannot take payments.
  if (
    response.status === 503 &&
    isObject(body) &&
    isObject(body.error) &&
    body.error.code === 'payments_not_configured'
  )
    return { kind: 'unconfigured' };
  return other;
}

/** True when the answer is this checkout's, whether or not it can take payments yet. */
export const isCheckout = (/** @type {WorkerAnswer} */ answer) =>
  answer.kind === 'checkout' || answer.kind === 'unconfigured';

/**
 * What the answer was, for a message.
 * @param {WorkerAnswer} answer
 */
export function describeAnswer(answer) {
  if (answer.kind === 'none') return `no answer (${answer.detail})`;
  if (answer.kind === 'other') return `${answer.detail}, not this checkout's JSON`;
  if (answer.kind === 'unconfigured') return "503, this checkout's: its Stripe keys are not usable";
  return `this checkout in ${answer.mode} mode`;
}

/**
 * Whether the Worker at `origin` refuses every webhook delivery for want of a usable secret:
 * src/middleware/stripe-signature answers an unsigned POST /webhook with 503 "Webhooks are not
 * configured." when STRIPE_WEBHOOK_SECRET is empty or only the simulator's public placeholder
 * (which the Deploy to Cloudflare button gives every Worker), and with 400 once it has a real
 * one. setup cannot read a secret's value; this is how it tells the placeholder from a secret
 * rolled in the Dashboard. Nothing is changed by the request. Never throws: any other answer,
 * or none, is false (not known to refuse).
 * @param {string} origin
 * @param {typeof fetch} fetchImpl
 * @param {number} [timeoutMs]
 */
export async function webhookRefusesAll(origin, fetchImpl, timeoutMs = CONFIG_TIMEOUT_MS) {
  try {
    const response = await fetchImpl(`${origin}/webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status !== 503) return false;
    const body = await response.json();
    return (
      isObject(body) && isObject(body.error) && /not configured/i.test(`${body.error.message}`)
    );
  } catch {
    return false;
  }
}
