import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMAIL_MAX_LENGTH, isEmailAddress } from './email';

/** The browser's `type=email` rule, as the HTML standard writes it (a "valid email address"). */
const WHATWG_LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
const WHATWG = new RegExp(
  `^[a-zA-Z0-9.!#$%&'*+/=?^_\`{|}~-]+@${WHATWG_LABEL}(?:\\.${WHATWG_LABEL})*$`,
);

const ATEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-";
const LDH = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-';
const chars = (set: string, minLength: number, maxLength: number) =>
  fc.array(fc.constantFrom(...set), { minLength, maxLength }).map((list) => list.join(''));
/** A dot-atom of RFC 5322, at most 64 characters. */
const local = fc
  .array(chars(ATEXT, 1, 20), { minLength: 1, maxLength: 4 })
  .map((atoms) => atoms.join('.'))
  .filter((text) => text.length <= 64);
/** A label of RFC 1034: letters, digits and inner hyphens, 1 to 63 characters. */
const label = chars(LDH, 1, 63).filter((text) => !text.startsWith('-') && !text.endsWith('-'));
const domain = fc
  .tuple(
    fc.array(label, { minLength: 1, maxLength: 4 }),
    chars('abcdefghijklmnopqrstuvwxyz', 2, 10),
  )
  .map(([labels, tld]) => [...labels, tld].join('.'));
/** Every address the rule must accept. */
const address = fc
  .tuple(local, domain)
  .map(([l, d]) => `${l}@${d}`)
  .filter((text) => text.length <= EMAIL_MAX_LENGTH);

describe('isEmailAddress', () => {
  it.each([
    "o'brien@example.com",
    'a@xn--bcher-kva.de',
    'jane+receipts@example.com',
    'jane.doe@mail.sub.example.co.uk',
    'x@example.io',
    "#!$%&'*+-/=?^_`{}|~@example.org",
    '1@2.example',
    `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`,
  ])('accepts %s', (text) => {
    expect(text.length).toBeLessThanOrEqual(EMAIL_MAX_LENGTH);
    expect(isEmailAddress(text)).toBe(true);
  });

  it.each([
    ['no @', 'jane.example.com'],
    ['nothing before the @', '@example.com'],
    ['nothing after the @', 'jane@'],
    ['two @', 'jane@doe@example.com'],
    ['a space', 'jane doe@example.com'],
    ['a space in the domain', 'jane@exam ple.com'],
    ['an empty label', 'jane@example..com'],
    ['a trailing dot', 'jane@example.com.'],
    ['a leading dot in the domain', 'jane@.example.com'],
    ['a label of 64', `jane@${'a'.repeat(64)}.com`],
    ['a label starting with a hyphen', 'jane@-example.com'],
    ['a label ending with a hyphen', 'jane@example-.com'],
    ['a local part of 65', `${'a'.repeat(65)}@example.com`],
    [
      '255 characters',
      `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`,
    ],
    ['a doubled dot before the @', 'jane..doe@example.com'],
    ['a leading dot before the @', '.jane@example.com'],
    ['a trailing dot before the @', 'jane.@example.com'],
    ['no dot in the domain', 'jane@localhost'],
    ['an IPv4 address', 'jane@192.0.2.1'],
    ['an address literal', 'jane@[192.0.2.1]'],
    ['a quoted local part', '"jane doe"@example.com'],
    ['a non-ASCII local part', 'jöran@example.com'],
    ['a non-ASCII domain (browsers send it in punycode)', 'a@bücher.de'],
    ['an underscore in the domain', 'jane@exa_mple.com'],
    ['a display name', 'Jane <jane@example.com>'],
    ['a comma-separated list', 'a@example.com,b@example.com'],
    ['nothing', ''],
  ])('refuses %s', (_, text) => {
    expect(isEmailAddress(text)).toBe(false);
  });

  it('is narrower than the browser only where an address cannot be delivered', () => {
    for (const text of ['jane..doe@example.com', 'jane@localhost', 'jane@192.0.2.1'])
      expect([WHATWG.test(text), isEmailAddress(text)], text).toEqual([true, false]);
    expect(WHATWG.test('jane doe@example.com')).toBe(false);
  });

  it('accepts every dot-atom address within RFC 5321 lengths, as the browser does', () => {
    fc.assert(
      fc.property(address, (text) => {
        expect(isEmailAddress(text)).toBe(true);
        expect(WHATWG.test(text)).toBe(true);
      }),
    );
  });

  it('never accepts what the browser refuses, so the page and the Worker agree', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), address, fc.emailAddress()),
        (text) => {
          if (isEmailAddress(text)) expect(WHATWG.test(text)).toBe(true);
        },
      ),
    );
  });

  it('refuses an address broken by a space, a missing @, an empty label or a trailing dot', () => {
    const broken = fc.oneof(
      fc.tuple(address, fc.nat(), fc.constantFrom(' ', '\t', '\n')).map(([text, at, space]) => {
        const i = at % (text.length + 1);
        return text.slice(0, i) + space + text.slice(i);
      }),
      address.map((text) => text.replace('@', '')),
      address.map((text) => `${text}.`),
      address.map((text) => text.replace(/@([^.]+)\./, '@$1..')),
      address.map((text) => text.replace('@', '@.')),
    );
    fc.assert(
      fc.property(broken, (text) => {
        expect(isEmailAddress(text)).toBe(false);
      }),
    );
  });
});
