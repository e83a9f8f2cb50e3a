/**
 * Application tokens as Access mints them for a signed-in person: RS256 with the team's current
 * key, `iss` the team domain, `aud` [the application's AUD tag], `email`, `sub`, `type: "app"`,
 * valid for an hour (Access's default is the application's session duration, 24 h at most).
 */
import { SignJWT } from 'jose';
import { keyringOf } from './keys';

/** Lifetime of a token, in seconds. */
const TOKEN_TTL_SECONDS = 3600;

interface TokenRequest {
  email: string;
  aud: string;
  /** Claim overrides, for tests of tokens wrong in one way only (times in Unix seconds). */
  iss?: string;
  /** In place of the email's own id; "" leaves `sub` out. */
  sub?: string;
  iat?: number;
  nbf?: number;
  exp?: number;
}

/**
 * A stable user id per team and email, shaped like Access's (a UUID): the same person keeps the
 * same `sub` across sign-ins, as at Access.
 */
async function subjectOf(origin: string, email: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${origin}\n${email}`)),
  );
  const hex = [...digest.slice(0, 16)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Signs a token for `request.email` as the team at `origin`. */
export async function mintToken(origin: string, request: TokenRequest): Promise<string> {
  const { current } = await keyringOf(origin);
  const now = Math.floor(Date.now() / 1000);
  const iat = request.iat ?? now;
  const email = request.email.toLowerCase();
  const sub = request.sub ?? (await subjectOf(origin, email));
  const token = new SignJWT({ email, type: 'app' })
    .setProtectedHeader({ alg: 'RS256', kid: current.kid, typ: 'JWT' })
    .setIssuer(request.iss ?? origin)
    .setAudience([request.aud]);
  if (sub) token.setSubject(sub);
  return token
    .setIssuedAt(iat)
    .setNotBefore(request.nbf ?? iat)
    .setExpirationTime(request.exp ?? iat + TOKEN_TTL_SECONDS)
    .sign(current.privateKey);
}
