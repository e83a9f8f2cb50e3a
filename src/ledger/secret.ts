/**
 * Secrets the ledger must recognise without keeping: a SHA-256 hash is stored, and what a visitor
 * presents is hashed and compared in constant time.
 */

/** The SHA-256 of a UTF-8 string, in lowercase hex. */
export async function hashSecret(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Whether `value` hashes to `hash` (hex SHA-256), in time that does not depend on where they differ. */
export async function matchesHash(value: string, hash: string | null): Promise<boolean> {
  if (!hash || !/^[0-9a-f]{64}$/.test(hash)) return false;
  const encoder = new TextEncoder();
  return crypto.subtle.timingSafeEqual(
    encoder.encode(await hashSecret(value)),
    encoder.encode(hash),
  );
}

/** Whether two secrets are equal, in constant time (both are hashed first: equal lengths). */
export async function sameSecret(value: string, known: string | null): Promise<boolean> {
  return known !== null && matchesHash(value, await hashSecret(known));
}

/** A new unguessable token: 24 random bytes, base64url (32 characters). */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
}
