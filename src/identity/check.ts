/**
 * Whether a shop identity is one the pages can show: run by the test of the merchant's
 * (src/shop/identity.test.ts, also in `npm run check`) and of the tests' fixture. Not used at run
 * time: the identity is checked before it is deployed.
 */
import * as v from 'valibot';
import { isEmailAddress } from '../checkout/email';
import { isHexColor } from '../theme/contrast';
import type { ShopIdentity } from '.';

/**
 * A path of this site ("/", "/terms"): one leading "/", never "//" (protocol-relative: another
 * host) nor a backslash (browsers read "/\\evil.example" as "//evil.example"), no whitespace.
 */
const isSitePath = (value: string) => /^\/(?!\/)[^\s\\]*$/.test(value);

/** The path of a file in public/ ("/logo.svg"): a site path without "..", a query or a fragment. */
export const isPublicFile = (path: string) => isSitePath(path) && !/\.\.|[?#]/.test(path);

/** A path of this site or an https:// address. */
const isLink = (value: string) => {
  if (isSitePath(value)) return true;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
};

const link = (what: string) =>
  v.pipe(v.string(), v.check(isLink, `must be a path of this site ("/…") or an https:// ${what}`));

const pixels = v.pipe(v.number(), v.safeInteger('must be whole pixels'), v.minValue(1));

/** Stripe's rules for a statement descriptor (docs.stripe.com/get-started/account/statement-descriptors). */
const DESCRIPTOR = v.pipe(
  v.string(),
  v.check((s) => s.length >= 5 && s.length <= 22, 'must be 5 to 22 characters (Stripe)'),
  v.check(
    (s) => /^[\x20-\x7e]*$/.test(s),
    'must be Latin letters without accents, digits and punctuation',
  ),
  v.check((s) => /[A-Za-z]/.test(s), 'must contain at least one letter'),
  v.check((s) => !/[<>\\'"*]/.test(s), 'must not contain < > \\ \' " or *'),
);

const IdentitySchema = v.object({
  name: v.pipe(
    v.string(),
    v.trim(),
    v.nonEmpty('must not be empty'),
    v.maxLength(60, 'at most 60'),
  ),
  url: link('address'),
  logo: v.object({
    src: v.pipe(
      v.string(),
      v.check(
        (src) => src !== '/' && isPublicFile(src),
        'must be the path of a file in public/, such as "/logo.svg"',
      ),
    ),
    width: pixels,
    height: pixels,
  }),
  accent: v.pipe(v.string(), v.check(isHexColor, 'must be a #rrggbb colour, such as "#4f46e5"')),
  supportEmail: v.pipe(
    v.string(),
    v.check(isEmailAddress, 'must be an email address'),
    // Valid in an address, but the footer's mailto: link would end at "#" or "?" (a fragment, a
    // header), and "%" would start an escape: refused here rather than encoded in every page.
    v.check((email) => !/[#?%]/.test(email), 'must not contain #, ? or % (mailto: links)'),
  ),
  termsUrl: link('address'),
  privacyUrl: link('address'),
  statementDescriptor: DESCRIPTOR,
  receiptEmails: v.object({ stripe: v.boolean(), shop: v.boolean() }),
});

/**
 * The problems of an identity, one sentence each naming the field at fault (empty when it is
 * valid). `publicFile` says whether a path is a file in public/ (the logo).
 */
export function identityProblems(
  identity: ShopIdentity,
  publicFile: (path: string) => boolean,
): string[] {
  const result = v.safeParse(IdentitySchema, identity);
  if (!result.success)
    return result.issues.map((issue) => `${v.getDotPath(issue) ?? 'identity'}: ${issue.message}`);
  if (!publicFile(identity.logo.src))
    return [`logo.src: ${identity.logo.src} is not a file in public/`];
  return [];
}
