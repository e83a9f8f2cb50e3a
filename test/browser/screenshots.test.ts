/**
 * The screenshots of a purchase (the Checkout page, a declined card, the receipt) in every view
 * `npm run screenshots` takes for docs/: 1280 and 375 px wide, light and dark, English and German.
 * Each screen shows the shop's name, its drawn logo, the footer's links and the order, in the
 * view's language and scheme. Here they are only checked, never saved: tests write no tracked file.
 */
import { SHOP } from '../fixtures/shop/identity.ts';
import { CHROMIUM } from './support/checkout-page.ts';
import { describe, expect, test } from './support/fixtures.ts';
import { SCREENSHOT_VIEWS, purchaseScreens } from './support/page.mjs';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BACKGROUND = { light: 'rgb(246, 248, 250)', dark: 'rgb(14, 17, 23)' };
const WORDS = {
  en: { heading: 'Checkout', links: ['Contact', 'Terms', 'Privacy'], total: /\$5\.00/ },
  de: { heading: 'Kasse', links: ['Kontakt', 'AGB', 'Datenschutz'], total: /5,00\s\$/ },
};

describe.skipIf(!CHROMIUM)('the screenshots', () => {
  test.for(SCREENSHOT_VIEWS)(
    '$name: each screen shows the shop, its links and the order, in its language and scheme',
    async ({ name, options }, { newCustomer }) => {
      const { page } = await newCustomer(options);
      const declined = name === 'desktop' || name === 'phone';
      const screens = await purchaseScreens(page, { declined });
      const language = options.locale === 'de-DE' ? 'de' : 'en';
      const words = WORDS[language];

      expect(screens.map(({ screen }) => screen)).toEqual(
        declined ? ['checkout', 'declined', 'thank-you'] : ['checkout', 'thank-you'],
      );
      for (const { screen, png, shown } of screens) {
        expect(png.subarray(0, 8).equals(PNG_SIGNATURE), `${screen}: a PNG`).toBe(true);
        // Full page: at least as tall as the viewport (IHDR height, bytes 20-23).
        expect(png.readUInt32BE(20), `${screen}: height`).toBeGreaterThanOrEqual(
          options.viewport!.height * (options.deviceScaleFactor ?? 1),
        );
        expect(shown, screen).toMatchObject({
          name: SHOP.name,
          logo: true,
          links: [
            { text: words.links[0], href: `mailto:${SHOP.supportEmail}` },
            { text: words.links[1], href: SHOP.termsUrl },
            { text: words.links[2], href: SHOP.privacyUrl },
          ],
          background: BACKGROUND[options.colorScheme as 'light' | 'dark'],
        });
        expect(shown.total, `${screen}: the total`).toMatch(words.total);
      }
      expect(screens[0]!.shown.heading).toBe(words.heading);
      expect(page.url()).toMatch(/\/thank-you\?payment_intent=pi_/);
    },
  );
});
