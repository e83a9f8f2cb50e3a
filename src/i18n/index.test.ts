import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CATALOGUES,
  chunkMessages,
  ENGLISH,
  keepingLanguage,
  LANGUAGES,
  negotiate,
  scriptMessages,
  type MessageKey,
} from '.';
import { fill, placeholders } from './format';
import { en } from './messages/en';

const ENGLISH_ONLY = /^(api|console)\./;
const KEYS = Object.keys(en) as MessageKey[];
const TRANSLATED = KEYS.filter((key) => !ENGLISH_ONLY.test(key));

describe('the catalogues', () => {
  it.each(LANGUAGES)('%s has every message customers read, and nothing else', (language) => {
    const messages: Record<string, string> = CATALOGUES[language];
    const expected = language === 'en' ? KEYS : TRANSLATED;
    expect(
      TRANSLATED.filter((key) => !(key in messages)),
      'missing',
    ).toEqual([]);
    expect(Object.keys(messages).filter((key) => !expected.includes(key as MessageKey))).toEqual(
      [],
    );
    for (const key of expected) expect(messages[key]!.trim(), key).not.toBe('');
  });

  it.each(LANGUAGES)("%s keeps every message's placeholders", (language) => {
    const messages: Record<string, string> = CATALOGUES[language];
    for (const key of TRANSLATED)
      expect(placeholders(messages[key]!).sort(), `${language} ${key}`).toEqual(
        placeholders(en[key]).sort(),
      );
  });

  it('refers only to messages that exist', () => {
    const references = KEYS.flatMap((key) => placeholders(en[key])).filter((name) =>
      name.includes('.'),
    );
    expect(references.length).toBeGreaterThan(0);
    expect(references.filter((name) => !(name in en))).toEqual([]);
  });

  it.each(LANGUAGES.filter((language) => language !== 'en'))(
    '%s writes the money sentences in its own words (no English left in)',
    (language) => {
      const reader = negotiate(undefined, language);
      expect(reader.t('decline.insufficient_funds')).not.toBe(
        ENGLISH.t('decline.insufficient_funds'),
      );
      expect(reader.t('decline.insufficient_funds')).toContain(reader.t('common.notCharged'));
    },
  );
});

describe('a Locale', () => {
  it('writes references to other messages, and the parameters given', () => {
    expect(ENGLISH.t('error.failed')).toBe(
      'Your payment did not go through. You have not been charged.',
    );
    expect(ENGLISH.t({ key: 'receipt.cardEnding', params: { brand: 'Visa', last4: '4242' } })).toBe(
      'Visa ending in 4242',
    );
    expect(
      negotiate('de').t({
        key: 'error.checkFailed',
        params: { outcome: { ref: 'common.notCharged' } },
      }),
    ).toBe(
      'Die Sicherheitsprüfung war nicht erfolgreich. Bitte führen Sie sie erneut durch. ' +
        'Ihnen wurde nichts berechnet.',
    );
  });

  it('writes English for what only developers read, in every locale', () => {
    expect(negotiate('fr').t('api.form')).toBe('The form could not be read.');
  });

  it("leaves the script's own placeholders for the page to fill", () => {
    const script = scriptMessages(negotiate('de'));
    // Pay's label changes with the cart once touched: its words travel with the cart's chunk.
    const pay = chunkMessages('cart').de['script.pay']!;
    expect(pay).toBe('{amount} bezahlen');
    expect(fill(pay, { amount: '5,00 $' })).toBe('5,00 $ bezahlen');
    expect(script).not.toHaveProperty('script.pay');
    expect(script['script.loadFailed']).toContain('neu');
    // The payment's words travel with its chunk, filled all the same.
    expect(script).not.toHaveProperty('script.noAnswer');
    expect(chunkMessages('pay').de['script.noAnswer']).toContain('nie doppelt etwas berechnet');
    // A decline after the bank's step, in POST /charge's words, "not charged" filled in.
    expect(chunkMessages('pay').de['decline.insufficient_funds']).toBe(
      negotiate('de').t('decline.insufficient_funds'),
    );
    expect(chunkMessages('pay').de['decline.insufficient_funds']).toContain('nichts berechnet');
    expect(Object.keys(script).every((key) => key.startsWith('script.'))).toBe(true);
  });
});

describe('negotiate', () => {
  it.each([
    [undefined, undefined, 'en', 'en'],
    ['', undefined, 'en', 'en'],
    ['de-DE,de;q=0.9,en;q=0.8', undefined, 'de', 'de-DE'],
    ['de-ch', undefined, 'de', 'de-CH'],
    ['fr-CA;q=0.5, es;q=0.9', undefined, 'es', 'es'],
    ['ja, fr;q=0.1', undefined, 'fr', 'fr'],
    ['ja, zh;q=0.9', undefined, 'en', 'en'],
    ['*', undefined, 'en', 'en'],
    ['de;q=0, fr', undefined, 'fr', 'fr'],
    ['not a tag!, es', undefined, 'es', 'es'],
    ['de-DE', 'fr', 'fr', 'fr'],
    ['de-DE', 'es-MX', 'es', 'es-MX'],
    ['de-DE', 'xx', 'de', 'de-DE'],
    ['de-DE', '<script>', 'de', 'de-DE'],
  ])('Accept-Language %j, ?lang=%j: %s (%s)', (header, lang, language, tag) => {
    const reader = negotiate(header, lang);
    expect([reader.language, reader.tag]).toEqual([language, tag]);
  });

  it('gives a header it has seen the same locale, and still reads a longer header', () => {
    expect(negotiate('fr-CA,fr;q=0.9')).toBe(negotiate('fr-CA,fr;q=0.9'));
    const long = `${'xx-unknown;q=0.1,'.repeat(19)}es-MX`;
    expect(long.length).toBeGreaterThan(256);
    expect([negotiate(long).language, negotiate(long).tag]).toEqual(['es', 'es-MX']);
  });

  it('reads a bounded number of ranges', () => {
    const header = `${Array.from({ length: 50 }, (_, i) => `x${i}`).join(',')},de`;
    expect(negotiate(header).language).toBe('en');
  });
});

describe('negotiate: whether a link chose the language (byLink)', () => {
  it.each([
    ['the same language', 'de-DE,de;q=0.9', 'de', false],
    ['the same language, another region', 'de-CH', 'de-DE', false],
    ["the browser's later choice", 'ja,fr;q=0.5,de;q=0.4', 'fr-FR', false],
    ['another language', 'en-US,en;q=0.9', 'de', true],
    ['English, the browser preferring German', 'de-DE', 'en', true],
    ['no Accept-Language: English is the default', '', 'en-GB', false],
    ['no Accept-Language: German', '', 'de', true],
    ['none a catalogue speaks: English is the default', 'ja-JP', 'en', false],
    ['none a catalogue speaks, German', 'ja-JP', 'de', true],
    ['no ?lang=', 'en-US', '', false],
    ['a ?lang= no catalogue speaks', 'en-US', 'ja', false],
  ])('?lang= in %s (Accept-Language %j, ?lang=%j): %s', (_, header, lang, byLink) => {
    expect(negotiate(header, lang).byLink ?? false).toBe(byLink);
  });

  it("is ?lang='s language differing from the one Accept-Language alone gives", () => {
    const tag = fc.constantFrom('en', 'en-US', 'de', 'de-CH', 'fr-CA', 'es-MX', 'ja', 'xx', '*');
    const header = fc
      .array(fc.tuple(tag, fc.constantFrom('', ';q=0.5', ';q=0')), { maxLength: 4 })
      .map((ranges) => ranges.map(([range, q]) => range + q).join(','));
    fc.assert(
      fc.property(header, tag, (acceptLanguage, lang) => {
        const reader = negotiate(acceptLanguage, lang);
        const browser = negotiate(acceptLanguage);
        const named = negotiate('', lang);
        // The reader's language is ?lang='s when a catalogue speaks it, else the browser's.
        const spoken = lang === named.tag;
        expect(reader.language).toBe(spoken ? named.language : browser.language);
        expect(reader.byLink ?? false).toBe(spoken && named.language !== browser.language);
        expect(browser.byLink).toBeUndefined();
      }),
    );
  });
});

describe('keepingLanguage', () => {
  const RETURN = 'https://shop.example/thank-you';
  // A customer's browser (its own Accept-Language) and the `?lang=` of the page's address.
  it.each([
    ['en: no language stated', '', '', RETURN],
    ['en-US by the browser', 'en-US,en;q=0.9', '', RETURN],
    ['de by the browser', 'de-DE,de;q=0.9,en;q=0.8', '', RETURN],
    ['de by a link', 'en-US,en;q=0.9', 'de', `${RETURN}?lang=de`],
    ['de by a link, with a German browser', 'de-DE,de;q=0.9', 'de', RETURN],
    ['fr by a link, with a German browser', 'de-DE,de;q=0.9', 'fr', `${RETURN}?lang=fr`],
    ['en by a link, with a German browser', 'de-DE,de;q=0.9', 'en', `${RETURN}?lang=en`],
    ['en by a link, with no language stated', '', 'en', RETURN],
    ['no catalogue for the link, de by the browser', 'de-DE', 'ja', RETURN],
  ])('%s', (_, browser, lang, link) => {
    const page = negotiate(browser, lang);
    // POST /charge as the page sends it: the browser's Accept-Language, the page's language as
    // `?lang=` (client/cart.ts).
    const reader = negotiate(browser, page.tag);
    expect(keepingLanguage(RETURN, reader)).toBe(link);
    // The browser opens the link with its own Accept-Language: the page speaks the customer's
    // language (in the browser's region when it chose that language: de-DE for ?lang=de).
    const back = negotiate(browser, new URL(link).searchParams.get('lang') ?? '');
    expect(back.language).toBe(page.language);
  });

  it('replaces a language the link had, and keeps a path a path and a flag a flag', () => {
    const french = negotiate('de', 'fr');
    expect(keepingLanguage(`${RETURN}?lang=es#total`, french)).toBe(`${RETURN}?lang=fr#total`);
    expect(keepingLanguage('/?new', french)).toBe('/?new&lang=fr');
    expect(keepingLanguage('/', french)).toBe('/?lang=fr');
    expect(keepingLanguage('/?new', negotiate('fr'))).toBe('/?new');
  });

  it('leaves the link alone for a reader who stated no language a catalogue speaks', () => {
    expect(keepingLanguage(RETURN, negotiate('ja', 'xx'))).toBe(RETURN);
    expect(keepingLanguage(RETURN, ENGLISH)).toBe(RETURN);
  });
});
