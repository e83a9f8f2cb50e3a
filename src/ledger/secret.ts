/**
 * Secrets the ledger must recognise without keeping: a SHA-256 hash is stored, and what a visitor
 * presents is hashed and compared in constant time.
 */

const encoder = new TextEncoder();
/** Each byte's two hex digits, made once: a hash written per payment and per receipt proof. */
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

const sha256 = (value: string) => crypto.subtle.digest('SHA-256', encoder.encode(value));

/** The SHA-256 of a UTF-8 string, in lowercase hex. */
export async function hashSecret(value: string): Promise<string> {
  let hex = '';
  for (const byte of new Uint8Array(await sha256(value))) hex += HEX[byte];
  return hex;
}

/** Whether `value` hashes to `hash` (hex SHA-256), in time that does not depend on where they differ. */
export async function matchesHash(value: string, hash: string | null): Promise<boolean> {
  if (!hash || !/^[0-9a-f]{64}$/.test(hash)) return false;
  return crypto.subtle.timingSafeEqual(
    encoder.encode(await hashSecret(value)),
    encoder.encode(hash),
  );
}

/** Whether two secrets are equal, in constant time (their hashes are compared: equal lengths). */
export async function sameSecret(value: string, known: string | null): Promise<boolean> {
  if (known === null) return false;
  const [a, b] = await Promise.all([sha256(value), sha256(known)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/** A new unguessable token: 24 random bytes, base64url (32 characters). */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
}
