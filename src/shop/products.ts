/**
 * What this shop sells: edit PRODUCTS (and MAX_QUANTITY) and redeploy. The page shows every
 * product of the first product's currency, the first one in the cart; link to `/?product=<id>`
 * to start the cart with another one.
 *
 * Amounts are integers in the currency's minor unit (500 = $5.00 in USD, 500 = ¥500 in JPY), as
 * Stripe expects; the browser never sends a price, and names and descriptions never write one (the
 * page shows it through Intl, in the customer's language). `image` is optional: a file of public/,
 * by its path on the site. `shippable` says whether the product is sent by post. `locales` gives a
 * product's name and description in the other languages of the checkout (de, fr, es). `npm run
 * check` checks this file (every field, ids unique, amounts positive integers, currencies known,
 * images present, no written prices); the tests use test/fixtures/shop/ instead, so editing it
 * never breaks them.
 */
import type { Product } from '../catalog';

/** How many of one product a single checkout may buy. */
export const MAX_QUANTITY = 10;

export const PRODUCTS: readonly Product[] = [
  {
    id: 'support-5',
    name: 'Support our work',
    description: 'A one-time payment, like the classic Stripe tutorial.',
    unitAmount: 500,
    currency: 'usd',
    shippable: false,
    locales: {
      de: {
        name: 'Unterstützen Sie unsere Arbeit',
        description: 'Eine einmalige Zahlung, wie im klassischen Stripe-Tutorial.',
      },
      fr: {
        name: 'Soutenez notre travail',
        description: 'Un paiement unique, comme dans le tutoriel Stripe classique.',
      },
      es: {
        name: 'Apoye nuestro trabajo',
        description: 'Un pago único, como en el tutorial clásico de Stripe.',
      },
    },
  },
  {
    id: 'wallpapers',
    name: 'Wallpaper pack',
    description: 'Twelve desktop and phone wallpapers, to download.',
    unitAmount: 300,
    currency: 'usd',
    image: '/images/wallpapers.svg',
    shippable: false,
    locales: {
      de: {
        name: 'Hintergrundbilder',
        description: 'Zwölf Hintergrundbilder für Desktop und Smartphone, zum Herunterladen.',
      },
      fr: {
        name: 'Fonds d’écran',
        description: 'Douze fonds d’écran pour ordinateur et téléphone, à télécharger.',
      },
      es: {
        name: 'Fondos de pantalla',
        description: 'Doce fondos de pantalla para ordenador y móvil, para descargar.',
      },
    },
  },
  {
    id: 'handbook',
    name: 'The edge-checkout handbook',
    description: 'A PDF guide to taking payments at the edge.',
    unitAmount: 1200,
    currency: 'usd',
    image: '/images/handbook.svg',
    shippable: false,
    locales: {
      de: {
        name: 'Das edge-checkout-Handbuch',
        description: 'Ein PDF-Leitfaden zum Bezahlen am Edge.',
      },
      fr: {
        name: 'Le manuel edge-checkout',
        description: 'Un guide PDF pour encaisser des paiements à la périphérie du réseau.',
      },
      es: {
        name: 'El manual de edge-checkout',
        description: 'Una guía en PDF para cobrar pagos en el edge.',
      },
    },
  },
  {
    id: 'mug',
    name: 'edge-checkout mug',
    // Shippable: the customer gives an address and picks a rate (src/shop/shipping.ts).
    description: 'A stoneware mug, sent by post.',
    unitAmount: 1800,
    currency: 'usd',
    shippable: true,
    taxCode: 'txcd_99999999',
    locales: {
      de: { name: 'edge-checkout-Tasse', description: 'Eine Steingut-Tasse, per Post verschickt.' },
      fr: { name: 'Mug edge-checkout', description: 'Un mug en grès, envoyé par la poste.' },
      es: { name: 'Taza de edge-checkout', description: 'Una taza de gres, enviada por correo.' },
    },
  },
];
