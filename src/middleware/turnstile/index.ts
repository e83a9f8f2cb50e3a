/**
 * Optional bot check on POST /charge: when TURNSTILE_SECRET_KEY is set, the page's Turnstile token
 * is verified with siteverify before any Stripe call.
 *
 * Graduated friction: a customer is not challenged until there is a reason to. An attempt without
 * a token passes while neither its client network (in the last 24 hours, see ledger/declines.ts)
 * nor its checkout has had a declined attempt; after one, the check is required (403
 * `turnstile_required`, which tells the page to show the widget). A token that is sent is always
 * verified.
 *
 * A token verifies once. Cloudflare's `idempotency_key` makes a repeat of the same verification
 * return its first answer instead of "already spent", and the key here is derived from the
 * checkout, its attempt and the token. So the page's resend of a payment whose outcome is unknown
 * (same checkout, same attempt, same token) passes again; a new attempt after a decline (the
 * attempt number has moved on) needs a new token; and our own retry of a siteverify call that got
 * no answer cannot spend the token. The attempt the check was passed for goes to pay(), which
 * makes no Stripe call for any other (the decline may land between the check and the payment).
 * A checkout the ledger has settled (paid, refunded, canceled) is answered from the ledger with no
 * Stripe call, so it needs no check.
 *
 * A pass counts only for a challenge solved on this host (siteverify's `hostname`, which Cloudflare
 * advises checking): a site key may serve several hostnames, and a token solved on another of them
 * (or on a page that borrowed the key) is refused as a failed check.
 *
 * Cloudflare's test secrets are published (docs/security.md): with one, every token passes (or
 * none does), so they serve a loopback address only, as the simulator's STRIPE_API_BASE and
 * webhook secret do. A Worker reached at any other address with one refuses every payment as the
 * check unavailable (503), and its log line says why, never the secret.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { SITEVERIFY_ATTEMPTS, SITEVERIFY_TIMEOUT_MS } from '../../budget';
import { isLoopback, readVar } from '../../config';
import { isOpen, isSettled } from '../../ledger/status';
import { problem, refusalOutcome, type Problem } from '../../pages/problem';
import type { AppEnv } from '../../types';
import { requestUrl } from '../request-url';
import { standingOf } from '../decline-cap';
import { clientIp } from '../rate-limit';

/** Cloudflare's server-side check of a Turnstile token. */
const SITEVERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

/** Namespace of the siteverify idempotency keys (a UUID of our own, RFC 9562 version 5). */
const KEY_NAMESPACE = '6f0c3c0e-8d2a-4b7e-9a51-3e2f4c8b1d70';

/**
 * The idempotency_key of one check: a name-based UUID (version 5) of checkout, attempt and token,
 * so that the same check always has the same key and any other check another one.
 */
async function siteverifyKey(checkoutId: string, attempt: number, token: string): Promise<string> {
  const namespace = Uint8Array.from(KEY_NAMESPACE.replaceAll('-', '').match(/../g)!, (byte) =>
    parseInt(byte, 16),
  );
  const name = new TextEncoder().encode(`${checkoutId}/${attempt}/${token}`);
  const bytes = new Uint8Array(
    await crypto.subtle.digest('SHA-1', new Uint8Array([...namespace, ...name])),
  ).slice(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

type Verdict = 'pass' | 'fail' | 'unavailable';

/**
 * Cloudflare's test secret keys (1x always passes, 2x fails, 3x answers "already spent"): their
 * answers name `example.com` as the host, whatever page the token came from.
 */
const TEST_SECRET = /^[123]x0{31}AA$/;
const TEST_HOSTNAME = 'example.com';

/** Why a test secret is refused here, for the log (it names the variable, never its value). */
const TEST_SECRET_REFUSED =
  "TURNSTILE_SECRET_KEY is one of Cloudflare's public test secrets, which only serve a loopback " +
  "address: set the widget's own secret";

/** Whether siteverify's `hostname` is the host this check is for (or a test key's example.com). */
function solvedHere(hostname: unknown, host: string, secret: string): boolean {
  return hostname === host || (TEST_SECRET.test(secret) && hostname === TEST_HOSTNAME);
}

/**
 * Asks siteverify, each attempt bounded by SITEVERIFY_TIMEOUT_MS; no answer, a 5xx or Cloudflare's
 * `internal-error` is tried again with the same key (src/budget.ts).
 */
async function siteverify(
  form: { secret: string; response: string; remoteip: string; idempotency_key: string },
  host: string,
  note: (error: unknown) => void,
): Promise<Verdict> {
  for (let attempt = 0; attempt < SITEVERIFY_ATTEMPTS; attempt++) {
    try {
      const body = new FormData();
      for (const [name, value] of Object.entries(form)) body.append(name, value);
      const answer = await fetch(SITEVERIFY_URL, {
        method: 'POST',
        body,
        signal: AbortSignal.timeout(SITEVERIFY_TIMEOUT_MS),
      });
      if (!answer.ok) throw new Error(`siteverify answered ${answer.status}`);
      const result = (await answer.json()) as {
        success?: unknown;
        'error-codes'?: unknown;
        hostname?: unknown;
      };
      if (result.success === true) {
        if (solvedHere(result.hostname, host, form.secret)) return 'pass';
        note(`siteverify: solved on another host (${String(result.hostname)})`);
        return 'fail';
      }
      const codes = Array.isArray(result['error-codes']) ? result['error-codes'] : [];
      if (!codes.includes('internal-error')) return 'fail';
      throw new Error('siteverify answered internal-error');
    } catch (error) {
      note(error);
    }
  }
  return 'unavailable';
}

/**
 * What a refused check answers. A checkout with an open payment (pending, or waiting for 3-D
 * Secure) may have been charged by an earlier attempt: it never reads "not charged".
 */
export function turnstileProblem(
  kind: 'required' | 'failed' | 'unavailable',
  openPayment: boolean,
): [403 | 503, Problem] {
  const { sentence: outcome, charged } = refusalOutcome(openPayment);
  switch (kind) {
    case 'required':
      return [
        403,
        {
          code: 'turnstile_required',
          param: 'turnstile_token',
          message: { key: 'error.checkRequired', params: { outcome: { ref: outcome } } },
          charged,
        },
      ];
    case 'failed':
      return [
        403,
        {
          code: 'turnstile_failed',
          param: 'turnstile_token',
          message: { key: 'error.checkFailed', params: { outcome: { ref: outcome } } },
          charged,
        },
      ];
    case 'unavailable':
      return [
        503,
        {
          code: 'turnstile_unavailable',
          message: { key: 'error.checkUnavailable', params: { outcome: { ref: outcome } } },
          charged,
        },
      ];
  }
}

/** The Turnstile check of POST /charge (after decline-cap); sets c.var.checkedAttempt. */
export function turnstile(): MiddlewareHandler<AppEnv> {
  return async function turnstile(c: Context<AppEnv>, next) {
    const secret = readVar(c.env, 'TURNSTILE_SECRET_KEY');
    if (!secret) return next();
    const { checkoutId, turnstileToken } = c.get('charge');
    const { order, declines } = await standingOf(c);
    if (order && isSettled(order.status)) return next();
    const openPayment = order !== null && isOpen(order.status);
    const refuse = (kind: 'required' | 'failed' | 'unavailable', detail?: string) => {
      Object.assign(c.get('log'), { problem: `turnstile.${kind}`, ...(detail && { detail }) });
      return problem(c, ...turnstileProblem(kind, openPayment));
    };
    const url = requestUrl(c);
    // A deployed Worker with a published secret: a check anyone passes is no check.
    if (TEST_SECRET.test(secret) && !isLoopback(url.hostname))
      return refuse('unavailable', TEST_SECRET_REFUSED);
    if (!turnstileToken) {
      // Graduated friction: no challenge until a decline, from this network or on this checkout.
      if (declines.day === 0 && (order?.declines ?? 0) === 0) return next();
      return refuse('required');
    }

    const attempt = order?.attempt ?? 1;
    const verdict = await siteverify(
      {
        secret,
        response: turnstileToken,
        remoteip: clientIp(c),
        idempotency_key: await siteverifyKey(checkoutId, attempt, turnstileToken),
      },
      url.hostname,
      (error) => Object.assign(c.get('log'), { turnstile_error: String(error) }),
    );
    if (verdict !== 'pass') return refuse(verdict === 'fail' ? 'failed' : 'unavailable');
    c.set('checkedAttempt', attempt);
    await next();
  };
}
