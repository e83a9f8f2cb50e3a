import { describe, expect, it } from 'vitest';
import { SHOP } from '.';
import { identityProblems } from './check';

const anyFile = () => true;

describe('identityProblems', () => {
  it("finds none in the tests' own identity", () => {
    expect(identityProblems(SHOP, anyFile)).toEqual([]);
  });

  it('accepts site paths for the links and a descriptor at its limits', () => {
    const shop = {
      ...SHOP,
      url: '/',
      termsUrl: '/terms',
      statementDescriptor: 'ABCDEFGHIJKLMNOPQRSTUV',
    };
    expect(identityProblems(shop, anyFile)).toEqual([]);
  });

  it.each([
    ['an empty name', { name: ' ' }, /^name: must not be empty/],
    ['a plain-http link', { termsUrl: 'http://example.com/terms' }, /^termsUrl: must be a path/],
    ['a protocol-relative link', { privacyUrl: '//example.com' }, /^privacyUrl: must be a path/],
    ['a script link', { url: 'javascript:alert(1)' }, /^url: must be a path/],
    // Browsers read "\\" as "/" in a link: "/\\evil.example" is "//evil.example", another site.
    ['a backslash link', { termsUrl: '/\\evil.example/terms' }, /^termsUrl: must be a path/],
    ['a backslash later', { url: '/help\\terms' }, /^url: must be a path/],
    [
      'a backslash logo',
      { logo: { ...SHOP.logo, src: '/\\evil.example/l.svg' } },
      /^logo\.src: must be the path/,
    ],
    // The footer's mailto: link would end at "#" or "?", and "%" starts an escape.
    ['an email with "#"', { supportEmail: 'sales#1@example.com' }, /^supportEmail: must not/],
    ['an email with "?"', { supportEmail: 'sales?1@example.com' }, /^supportEmail: must not/],
    ['an email with "%"', { supportEmail: 'sales%41@example.com' }, /^supportEmail: must not/],
    ['a colour name', { accent: 'indigo' }, /^accent: must be a #rrggbb colour/],
    ['a short hex colour', { accent: '#abc' }, /^accent: must be a #rrggbb colour/],
    ['an invalid email', { supportEmail: 'support' }, /^supportEmail: must be an email/],
    [
      'a short descriptor',
      { statementDescriptor: 'ABCD' },
      /^statementDescriptor: must be 5 to 22/,
    ],
    ['a long descriptor', { statementDescriptor: 'A'.repeat(23) }, /must be 5 to 22/],
    ['a descriptor without letters', { statementDescriptor: '12345' }, /at least one letter/],
    ['a descriptor with a quote', { statementDescriptor: "JOE'S SHOP" }, /must not contain/],
    ['a descriptor with an asterisk', { statementDescriptor: 'SHOP*ONE' }, /must not contain/],
    ['an accented descriptor', { statementDescriptor: 'CAFÉ NOËL' }, /Latin letters/],
    ['a logo URL', { logo: { ...SHOP.logo, src: 'https://cdn.example.com/l.svg' } }, /^logo\.src:/],
    ['a logo outside public/', { logo: { ...SHOP.logo, src: '/../secret' } }, /^logo\.src:/],
    ['a logo of no size', { logo: { ...SHOP.logo, height: 0 } }, /^logo\.height:/],
  ])('refuses %s', (_what, change, problem) => {
    const problems = identityProblems({ ...SHOP, ...change }, anyFile);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it('refuses a logo that is not in public/', () => {
    expect(identityProblems(SHOP, () => false)).toEqual([
      `logo.src: ${SHOP.logo.src} is not a file in public/`,
    ]);
  });
});
