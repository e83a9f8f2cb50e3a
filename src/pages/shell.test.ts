import { afterEach, describe, expect, it } from 'vitest';
import { negotiate } from '../i18n';
import { SHOP } from '../identity';
import { shopHeader } from './shell';

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
