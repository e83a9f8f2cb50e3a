/**
 * Verifies a Cloudflare Access application token (a JWT) with jose, against the team's keys.
 *
 * Keys: one remote key set per team, kept for the life of the isolate (module scope), so that a
 * busy isolate fetches them once every CACHE_MAX_AGE_MS, not once a request. Access rotates its
 * signing key every 6 weeks and keeps the previous one in the set for 7 days: a token whose `kid`
 * is not in the cached set makes jose fetch the set again, at most once every COOLDOWN_MS, so
 * tokens signed with a new key are accepted within that time and a flood of made-up `kid`s cannot
 * become a flood of requests to the team domain.
 */
// By subpath, and the error classes by name: `errors` from 'jose' is a namespace object, which
// keeps every error class of jose in the bundle (about 0.2 KiB gzip).
import { JOSEError, JWKSInvalid, JWKSTimeout } from 'jose/errors';
import { createRemoteJWKSet, type RemoteJWKSet } from 'jose/jwks/remote';
import { jwtVerify } from 'jose/jwt/verify';
// .js: bench/same-io type-checks this file with Node's module resolution (its constants).
import type { AccessConfig } from './config.js';

/** How long one fetch of the team's keys may take before the request is refused (503). */
const JWKS_TIMEOUT_MS = 3_000;
/** Keys older than this are fetched again before use. */
const CACHE_MAX_AGE_MS = 10 * 60_000;
/** Least time between two fetches triggered by an unknown `kid`. */
export const COOLDOWN_MS = 30_000;
/** Clock skew allowed on `exp` and `nbf`, in seconds. */
export const CLOCK_TOLERANCE_SECONDS = 30;

interface AccessIdentity {
  ok: true;
  /** The signed-in person's email, verified by the team's identity provider. */
  email: string;
  /**
   * Their Access user id (`sub`): stable across sign-ins and no personal data in itself, so what
   * logs name an admin by (Zero Trust → Users says whose it is).
   */
  id: string;
  /** The token's `exp` (Unix seconds). */
  expiresAt: number;
}

export interface AccessRefusal {
  ok: false;
  /** `invalid`: the token is not good for this application. `unavailable`: keys could not be read. */
  reason: 'invalid' | 'unavailable';
  /** For the log: jose's error code (and the claim at fault), never the token. */
  detail: string;
}

const keySets = new Map<string, RemoteJWKSet>();

/** The team's remote key set, one per isolate and team (bench/same-io verifies with it too). */
export function keySetOf(certsUrl: string): RemoteJWKSet {
  let keySet = keySets.get(certsUrl);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(certsUrl), {
      timeoutDuration: JWKS_TIMEOUT_MS,
      cacheMaxAge: CACHE_MAX_AGE_MS,
      cooldownDuration: COOLDOWN_MS,
    });
    keySets.set(certsUrl, keySet);
  }
  return keySet;
}

/** Errors that say the team's keys could not be had (not that the token is bad). */
function keysUnavailable(error: unknown): boolean {
  if (!(error instanceof JOSEError)) return true; // fetch() itself failed
  // JOSEError itself: a non-200 or unreadable key set response.
  return (
    error instanceof JWKSTimeout || error instanceof JWKSInvalid || error.code === JOSEError.code
  );
}

/**
 * Verifies `token` for the application of `config`: RS256 only, signed by a key of the team,
 * `iss` the team domain, `aud` including ACCESS_AUD, `exp` present and not past, `nbf` not ahead,
 * an `email` (a person signed in; service tokens have none and are refused) and a `sub`.
 */
export async function verifyAccessToken(
  token: string,
  config: AccessConfig,
): Promise<AccessIdentity | AccessRefusal> {
  try {
    const { payload } = await jwtVerify(token, keySetOf(config.certsUrl), {
      algorithms: ['RS256'],
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ['exp'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
    const email = payload['email'];
    if (typeof email !== 'string' || !email.includes('@'))
      return { ok: false, reason: 'invalid', detail: 'no email claim (not a signed-in person)' };
    // Access always sends one: a token without it is not Access's.
    if (typeof payload.sub !== 'string' || payload.sub === '')
      return { ok: false, reason: 'invalid', detail: 'no sub claim' };
    return { ok: true, email, id: payload.sub, expiresAt: payload.exp ?? 0 };
  } catch (error) {
    if (keysUnavailable(error))
      return {
        ok: false,
        reason: 'unavailable',
        detail: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown',
      };
    const jose = error as JOSEError;
    // JWTClaimValidationFailed and JWTExpired name the claim at fault.
    const claim = 'claim' in jose && typeof jose.claim === 'string' ? ` (${jose.claim})` : '';
    return { ok: false, reason: 'invalid', detail: `${jose.code}${claim}` };
  }
}
