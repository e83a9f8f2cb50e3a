/**
 * The README's screens of a purchase (the Checkout page, a declined card, the receipt), on a
 * desktop and on a phone, taken as `npm run screenshots` takes them for docs/. Here they are only
 * checked, never saved: tests write no tracked file.
 */
import { CHROMIUM } from './support/checkout-page.ts';
import { describe, expect, test } from './support/fixtures.ts';
import { README_DEVICES, purchaseScreens } from './support/page.mjs';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe.skipIf(!CHROMIUM)('the README screens of a purchase', () => {
  test.for(Object.entries(README_DEVICES))(
    '%s: the Checkout page, the declined card and the receipt, each a full-page PNG',
    async ([, device], { newCustomer }) => {
      const { page } = await newCustomer(device);
      const screens = await purchaseScreens(page);

      expect(screens.map(({ screen }) => screen)).toEqual(['checkout', 'declined', 'thank-you']);
      for (const { screen, png } of screens) {
        expect(png.subarray(0, 8).equals(PNG_SIGNATURE), `${screen}: a PNG`).toBe(true);
        // Full page: at least as tall as the viewport (IHDR height, bytes 20-23).
        expect(png.readUInt32BE(20), `${screen}: height`).toBeGreaterThanOrEqual(
          device.viewport!.height * (device.deviceScaleFactor ?? 1),
        );
      }
      expect(page.url()).toMatch(/\/thank-you\?payment_intent=pi_/);
    },
  );
});
