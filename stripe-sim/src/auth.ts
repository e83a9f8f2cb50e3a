import { createMiddleware } from 'hono/factory';
import type { SimEnv } from './context';
import { ApiError, authenticationError } from './errors';
import { lackedPermission } from './restricted-keys';
import { SIMULATED_ACCOUNT } from './routes/account';

/** The API routes Stripe.js calls, which therefore accept a publishable key. */
const PUBLISHABLE_ROUTES: ReadonlyArray<readonly [method: string, path: RegExp]> = [
  ['POST', /^\/v1\/confirmation_tokens$/],
  ['POST', /^\/v1\/payment_methods$/],
  ['GET', /^\/v1\/payment_intents\/[^/]+$/],
  ['POST', /^\/v1\/payment_intents\/[^/]+\/confirm$/],
];

/** The key from `Authorization: Bearer <key>` or basic auth with the key as user name (`curl -u sk_test_...:`). */
export function readApiKey(authorization: string | undefined): string | undefined {
  const [scheme, credentials] = authorization?.trim().split(/\s+/) ?? [];
  if (!credentials) return undefined;
  if (/^bearer$/i.test(scheme ?? '')) return credentials;
  if (/^basic$/i.test(scheme ?? '')) {
    try {
      return atob(credentials).split(':')[0] || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * 'secret' for sk_test_ keys and restricted rk_test_ ones (secret keys with fewer permissions),
 * 'publishable' for pk_test_ keys, null for anything else.
 */
export function keyKind(key: string | undefined): 'secret' | 'publishable' | null {
  if (/^(sk|rk)_test_\w+$/.test(key ?? '')) return 'secret';
  if (/^pk_test_\w+$/.test(key ?? '')) return 'publishable';
  return null;
}

const redact = (key: string) =>
  key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}` : key;

/** Stripe's 403 for a restricted key without the permission a request needs. */
const permissionError = (key: string, permission: string) =>
  new ApiError(403, {
    type: 'invalid_request_error',
    message:
      `The provided key '${redact(key)}' does not have the required permissions for this ` +
      `endpoint on account '${SIMULATED_ACCOUNT.id}'. Having the '${permission}' permission ` +
      'would allow this request to continue.',
  });

/**
 * Authenticates an API request as Stripe does: a test secret key anywhere, a restricted one where
 * it has the permission (restricted-keys.ts), a test publishable key on Stripe.js's routes only.
 * Live keys are refused outright: the simulator never touches real money.
 */
export const authenticate = createMiddleware<SimEnv>(async (c, next) => {
  const key = readApiKey(c.req.header('Authorization'));
  if (!key) {
    throw authenticationError(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  if (/^(sk|pk|rk)_live_/.test(key)) {
    throw authenticationError(
      'This is the Stripe test-mode simulator: it runs in test mode only and never touches real money, ' +
        `so it refuses live keys (${redact(key)}). Use a test key, such as sk_test_123.`,
    );
  }
  const kind = keyKind(key);
  if (!kind) throw authenticationError(`Invalid API Key provided: ${redact(key)}`);
  if (
    kind === 'publishable' &&
    !PUBLISHABLE_ROUTES.some(([method, path]) => method === c.req.method && path.test(c.req.path))
  ) {
    throw authenticationError(
      'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
      'secret_key_required',
    );
  }
  if (key.startsWith('rk_')) {
    const lacked = lackedPermission(c.var.sim.store, key, c.req.method, c.req.path);
    if (lacked) throw permissionError(key, lacked);
  }
  c.set('keyKind', kind);
  await next();
});
