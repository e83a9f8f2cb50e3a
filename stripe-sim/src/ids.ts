import { simulatedNow } from './clock';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` random alphanumerics from a cryptographic source (ids and client secrets must not be guessable). */
export function randomString(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  // 256 % 62 != 0 leaves a slight bias, which is harmless for ids.
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** `length` random upper-case letters and digits, as Stripe generates coupon ids and codes. */
export function randomCode(length: number): string {
  return randomString(length * 2)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .padEnd(length, '0')
    .slice(0, length);
}

/** A Stripe-looking id such as `pi_3Pq...` (prefix, underscore, 24 alphanumerics). */
export function newId(prefix: string): string {
  return `${prefix}_${randomString(24)}`;
}

/** A Stripe-looking request id (`req_` and 14 alphanumerics). */
export function newRequestId(): string {
  return `req_${randomString(14)}`;
}

/** The simulator's Unix time in seconds (see clock.ts), as Stripe's `created` fields. */
export function unixNow(): number {
  return Math.floor(simulatedNow() / 1000);
}
