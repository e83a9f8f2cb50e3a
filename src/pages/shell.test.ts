import { afterEach, describe, expect, it } from 'vitest';
import { negotiate } from '../i18n';
import { SHOP } from '../identity';
import { modeNotice, shopHeader } from './shell';

/** The header's link to the shop, as written. */
const headerLink = async (reader: ReturnType<typeof negotiate>) =>
  /<a href="([^"]*)">/.exec(String(await shopHeader(reader)))?.[1];

describe('shopHeader', () => {
  const url = SHOP.url;
  afterEach(() => {
    SHOP.url = url;
  });

  it('keeps a language a link chose when the shop is this site (its url a path)', async () => {
    SHOP.url = '/';
    // An English browser reading French by a link: the checkout it leads to stays French.
    expect(await headerLink(negotiate('en-US', 'fr'))).toBe('/?lang=fr');
    // A French browser chooses French again by itself: the link stays plain.
    expect(await headerLink(negotiate('fr-FR', 'fr'))).toBe('/');
  });

  it("leaves the shop's own site as it is", async () => {
    SHOP.url = 'https://shop.example.com/';
    expect(await headerLink(negotiate('en-US', 'fr'))).toBe('https://shop.example.com/');
  });
});

describe('modeNotice', () => {
  const en = negotiate('en-US');
  const text = (notice: ReturnType<typeof modeNotice>) => String(notice);

  it('tells on the Checkout page the card to pay with, outside live mode', () => {
    expect(text(modeNotice('simulated', en))).toContain('Simulated payments: card 4242');
    expect(text(modeNotice('test', en))).toContain('Test payments: card 4242');
  });

  it('tells on a receipt that no money moved, outside live mode', () => {
    expect(text(modeNotice('simulated', en, 'receipt'))).toBe(
      '<p class="mode-notice">Simulated payment: no money moved.</p>',
    );
    expect(text(modeNotice('test', negotiate('de-DE'), 'receipt'))).toBe(
      '<p class="mode-notice">Testzahlung: Es wurde kein Geld bewegt.</p>',
    );
  });

  it('says nothing in live mode, on the page or a receipt', () => {
    expect(modeNotice('live', en)).toBe('');
    expect(modeNotice('live', en, 'receipt')).toBe('');
  });
});
