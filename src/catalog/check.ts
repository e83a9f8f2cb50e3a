/**
 * Whether a catalog is one the checkout can sell from: run by the test of the merchant's catalog
 * (src/shop/products.test.ts, also in `npm run check`) and of the tests' fixture. Not used at run
 * time: a catalog is checked before it is deployed.
 */
import * as v from 'valibot';
import { LANGUAGES } from '../i18n';
import { STRIPE_CURRENCIES } from '../money/currencies';
import { formatMoney } from '../money';
import { MINIMUM_CHARGE, minimumCharge, offStep, STRIPE_MAX_AMOUNT } from '../money/stripe-limits';
import { MAX_LINES } from '../cart';
import { isPublicFile } from '../identity/check';
import { PRODUCT_ID, type Product } from '.';

/**
 * A picture of public/ by its path on the site: a file of public/ as the identity's logo is (never
 * "//", protocol-relative: another host), plain characters and a picture's extension.
 */
const PICTURE = /^[A-Za-z0-9_./-]+\.(?:svg|png|jpe?g|webp|avif|gif)$/;
const isImagePath = (path: string) => isPublicFile(path) && PICTURE.test(path);

/**
 * What marks a number as money: every sign Intl writes in English for a currency Stripe takes
 * ("$", "R$", "€", "₹"; other languages' "US$" or "5 $US" hold a "$" too), its code in capitals
 * ("EUR"), a few signs of letters ("zł", "kr") and the words people write for the commonest. Other
 * signs of letters are too often words ("Le 12 juin" is not 12 leones). One locale: a fraction of
 * the time of all of them, at every check.
 */
const MONEY_MARKS = (() => {
  const marks = new Set(['kr', 'zł', 'Ft', 'Kč', 'Rp', 'RM', 'Rs', 'lei', 'usd', 'eur', 'gbp']);
  for (const word of ['dollar', 'euro', 'cent', 'buck'])
    for (const form of [word, `${word}s`])
      marks.add(form).add(form[0]!.toUpperCase() + form.slice(1));
  for (const currency of STRIPE_CURRENCIES) {
    marks.add(currency.toUpperCase());
    for (const currencyDisplay of ['symbol', 'narrowSymbol'] as const) {
      const sign = new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay })
        .formatToParts(1)
        .find((part) => part.type === 'currency')?.value;
      if (sign && /[^\p{L}\s]/u.test(sign)) marks.add(sign);
    }
  }
  return [...marks].sort((a, b) => b.length - a.length);
})();

const escaped = (mark: string) => mark.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const NUMBER = String.raw`\d+(?:[.,']\d+)*`;
/**
 * A price written by hand: a number beside a sign, code or word of money ("$5.00", "5,00 €",
 * "R$ 12", "12 EUR", "50 kr"). The page writes prices itself, through Intl in the customer's
 * language, so product text must not; other numbers ("A 0.75 l bottle", "Firmware 3.10") may.
 */
const WRITTEN_PRICE = new RegExp(
  MONEY_MARKS.map((mark) => {
    const before = /^\p{L}/u.test(mark) ? String.raw`(?<![\p{L}\p{N}])` : '';
    const after = /\p{L}$/u.test(mark) ? String.raw`(?![\p{L}\p{N}])` : '';
    return `${before}${escaped(mark)}\\s?${NUMBER}|${NUMBER}\\s?${escaped(mark)}${after}`;
  }).join('|'),
  'u',
);
/** The price a text writes, if it writes one. */
export const writtenPrice = (text: string): string | null => WRITTEN_PRICE.exec(text)?.[0] ?? null;
const noPrice = v.check(
  (text: string) => writtenPrice(text) === null,
  (issue) =>
    `must not write a price (${JSON.stringify(writtenPrice(String(issue.input)))}): ` +
    "the page shows it, in the customer's language",
);
/**
 * A shop file's `locales`: its texts in other languages of src/i18n, by language (products' names
 * and descriptions, shipping rates' names).
 */
export const translations = <T extends v.GenericSchema>(texts: T) =>
  v.optional(
    v.pipe(
      v.record(v.string(), texts),
      v.check(
        (locales) => Object.keys(locales).every((key) => (LANGUAGES as string[]).includes(key)),
        `must only name languages the checkout speaks: ${LANGUAGES.join(', ')}`,
      ),
    ),
  );

/** A product's or a rate's name: never empty, never a price. */
export const NAME = v.pipe(v.string(), v.trim(), v.nonEmpty('must not be empty'), noPrice);
const description = v.pipe(v.string(), noPrice);

const ProductSchema = v.strictObject({
  id: v.pipe(
    v.string(),
    v.regex(PRODUCT_ID, 'must be lowercase letters, digits, "-" or "_" (at most 64)'),
  ),
  name: NAME,
  description,
  locales: translations(
    v.strictObject({ name: v.optional(NAME), description: v.optional(description) }),
  ),
  unitAmount: v.pipe(
    v.number(),
    v.safeInteger('must be a whole number of minor units (500 = $5.00)'),
    v.minValue(1, 'must be positive'),
  ),
  currency: v.pipe(
    v.string(),
    v.check(
      (code) => STRIPE_CURRENCIES.has(code),
      'must be a currency Stripe charges in, as a lowercase ISO 4217 code such as "usd"',
    ),
  ),
  image: v.optional(
    v.pipe(
      v.string(),
      v.check(isImagePath, 'must be the path of a picture in public/, such as "/images/mug.svg"'),
    ),
  ),
  shippable: v.boolean('must be true (sent by post) or false'),
  taxCode: v.optional(v.pipe(v.string(), v.regex(/^txcd_\d{8}$/, 'must be a Stripe tax code'))),
  taxBehavior: v.optional(v.picklist(['exclusive', 'inclusive'], 'must be exclusive or inclusive')),
});

/** The most MAX_QUANTITY may be (see catalogProblems). */
const MAX_QUANTITY_LIMIT = 99;

/**
 * The problems of a catalog, one sentence each naming the product at fault (empty when it is
 * valid): well-formed products with unique ids, at least one, and every order total within what
 * Stripe accepts (no price below its smallest charge in the currency, none above its largest, none
 * off its currency's step).
 */
export function catalogProblems(products: readonly Product[], maxQuantity: number): string[] {
  const problems: string[] = [];
  // The page lists every quantity in each product's row (one <option> per unit): 99 keeps that
  // list usable and the page light. Stripe sets no such limit: the page does.
  if (!Number.isSafeInteger(maxQuantity) || maxQuantity < 1 || maxQuantity > MAX_QUANTITY_LIMIT)
    problems.push(
      `MAX_QUANTITY must be a whole number from 1 to ${MAX_QUANTITY_LIMIT}: the page lists ` +
        "every quantity in each product's row",
    );
  if (products.length === 0) problems.push('PRODUCTS must list at least one product');
  const seen = new Set<string>();
  products.forEach((product, index) => {
    const name = `product ${index + 1} (${JSON.stringify(product.id)})`;
    const result = v.safeParse(ProductSchema, product);
    if (!result.success) {
      for (const issue of result.issues)
        problems.push(`${name} ${v.getDotPath(issue) ?? ''}: ${issue.message}`);
      return;
    }
    if (seen.has(product.id)) problems.push(`${name} id: is used by an earlier product`);
    seen.add(product.id);
    // A cart of it alone could never be paid for (a discount below it is refused at run time).
    const smallest = minimumCharge(product.currency);
    if (product.unitAmount < smallest)
      problems.push(
        `${name}: unitAmount ${product.unitAmount} is less than ${smallest}, the smallest charge ` +
          `Stripe takes in ${product.currency.toUpperCase()}`,
      );
    const step = offStep(product.unitAmount, product.currency);
    if (step) problems.push(`${name}: unitAmount ${step}`);
    if (product.unitAmount * maxQuantity > STRIPE_MAX_AMOUNT)
      problems.push(
        `${name}: ${maxQuantity} × unitAmount exceeds ${STRIPE_MAX_AMOUNT}, the most Stripe charges`,
      );
  });
  return problems;
}

/**
 * What the check cannot settle but the merchant should know, one sentence each (empty when
 * nothing): a currency whose smallest charge Stripe does not list, where it refuses a payment
 * under about US$0.50 at the day's rate (amount_too_small), which no offline check can convert;
 * more products in one currency than a cart may hold. Printed by the build's shop check, which
 * still deploys the shop. Only well-formed products count (catalogProblems reports the others).
 */
export function catalogWarnings(products: readonly Product[]): string[] {
  const valid = products.filter((product) => v.is(ProductSchema, product));
  const currencies = [...new Set(valid.map((product) => product.currency))];
  return currencies.flatMap((currency) => {
    const priced = valid.filter((product) => product.currency === currency);
    const code = currency.toUpperCase();
    const warnings: string[] = [];
    if (!(currency in MINIMUM_CHARGE)) {
      const cheapest = priced.reduce((a, b) => (b.unitAmount < a.unitAmount ? b : a));
      warnings.push(
        `${code}: Stripe lists no smallest charge in ${code}: it refuses a payment worth less than ` +
          "your settlement currency's minimum (about US$0.50) at the day's rate, which this " +
          `check cannot convert. The cheapest product, ${JSON.stringify(cheapest.id)}, ` +
          // Intl's no-break space, plain in a terminal.
          `costs ${formatMoney(cheapest.unitAmount, currency, 'en-US').replace(/\s/gu, ' ')} ` +
          `(unitAmount ${cheapest.unitAmount}): make sure it is worth more (docs/shop.md).`,
      );
    }
    if (priced.length > MAX_LINES)
      warnings.push(
        `${code}: ${priced.length} products, but a cart holds at most ${MAX_LINES} different ` +
          'ones: a customer who picks more is refused (docs/shop.md).',
      );
    return warnings;
  });
}
