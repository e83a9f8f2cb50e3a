/**
 * What the checkout accepts as a receipt email address: one rule, used by the page (client/,
 * bundled by esbuild) before it sends and by the Worker (./schema.ts) before anything is written.
 *
 * It is the browser's own `type=email` rule (WHATWG: atext and dots, `@`, LDH labels), which is
 * what the customer's browser already accepted, narrowed to what can be a deliverable address:
 * - RFC 5321 lengths: at most 64 characters before the `@`, 254 in all, 63 per domain label;
 * - RFC 5322's dot-atom before the `@`: no leading, trailing or doubled dot;
 * - a domain of at least two labels whose last is not all digits (an Internet host name).
 * So `o'brien@example.com`, `jane+tag@mail.example.co.uk` and `a@xn--bcher-kva.de` (an
 * internationalised domain, as browsers submit it: in punycode) are accepted. Quoted local parts
 * (`"jane doe"@example.com`), address literals (`jane@[192.0.2.1]`) and non-ASCII addresses are
 * refused, as browsers refuse them: nobody can type them into the page.
 */

/** Longest address (RFC 5321: a 256-octet path, less its angle brackets). */
export const EMAIL_MAX_LENGTH = 254;

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Whether `address` (already trimmed) can be a customer's email address. */
export function isEmailAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const labels = address.slice(at + 1).split('.');
  return (
    at > 0 &&
    address.length <= EMAIL_MAX_LENGTH &&
    local.length <= 64 &&
    LOCAL.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label)) &&
    !/^\d+$/.test(labels[labels.length - 1]!)
  );
}
