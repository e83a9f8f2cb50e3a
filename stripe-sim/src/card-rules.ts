/**
 * The rules of card numbers, expiry dates and security codes, shared by the simulator's API (which
 * checks card details when it tokenizes them) and its Stripe.js (which formats and checks them as
 * the customer types): one brand table, one Luhn check. The Stripe.js bundle is built from this
 * file (build.mjs), so both always agree.
 */

/** `card.brand` values, as Stripe spells them. */
export type CardBrand =
  'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay' | 'unknown';

interface BrandRules {
  /** The brand's name, as Stripe.js shows it. */
  label: string;
  /** `card.display_brand`, as the API returns it. */
  displayBrand: string;
  /** Whether a number's leading digits (its IIN) are the brand's. */
  matches: (prefix: (digits: number) => number) => boolean;
  /** Complete numbers' lengths, and the groups they are shown in. */
  lengths: number[];
  groups: number[];
  /** Digits of the security code. */
  cvcLength: number;
}

const within = (value: number, low: number, high: number) => value >= low && value <= high;
const usual = { lengths: [16], groups: [4, 4, 4, 4], cvcLength: 3 };

/** The card brands Stripe recognizes, in the order their IIN ranges are tried. */
const BRANDS: Record<Exclude<CardBrand, 'unknown'>, BrandRules> = {
  visa: { label: 'Visa', displayBrand: 'visa', matches: (p) => p(1) === 4, ...usual },
  mastercard: {
    label: 'Mastercard',
    displayBrand: 'mastercard',
    matches: (p) => within(p(2), 51, 55) || within(p(4), 2221, 2720),
    ...usual,
  },
  amex: {
    label: 'American Express',
    displayBrand: 'american_express',
    matches: (p) => p(2) === 34 || p(2) === 37,
    lengths: [15],
    groups: [4, 6, 5],
    cvcLength: 4,
  },
  discover: {
    label: 'Discover',
    displayBrand: 'discover',
    matches: (p) => p(4) === 6011 || within(p(3), 644, 649) || p(2) === 65,
    ...usual,
  },
  diners: {
    label: 'Diners Club',
    displayBrand: 'diners_club',
    matches: (p) => within(p(3), 300, 305) || [36, 38, 39].includes(p(2)),
    lengths: [14, 16],
    groups: [4, 6, 4, 2],
    cvcLength: 3,
  },
  jcb: { label: 'JCB', displayBrand: 'jcb', matches: (p) => within(p(4), 3528, 3589), ...usual },
  unionpay: { label: 'UnionPay', displayBrand: 'union_pay', matches: (p) => p(2) === 62, ...usual },
};

/** The brand a card number (digits only) belongs to, from its leading digits (IIN ranges). */
export function detectBrand(number: string): CardBrand {
  const prefix = (digits: number) => Number(number.slice(0, digits));
  const found = Object.entries(BRANDS).find(([, rules]) => rules.matches(prefix));
  return found ? (found[0] as CardBrand) : 'unknown';
}

/** A brand's rules; an unknown brand is checked as most cards are (16 digits, 3-digit code). */
export const rulesOf = (brand: CardBrand): Omit<BrandRules, 'matches'> =>
  brand === 'unknown' ? { label: '', displayBrand: 'other', ...usual } : BRANDS[brand];

/** The Luhn checksum every card number must pass. */
export function passesLuhn(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return number.length > 0 && sum % 10 === 0;
}

/** How an expiry date (month 1–12, four-digit year) fails, or null if a card may carry it. */
type ExpiryProblem = 'invalid_month' | 'past_year' | 'past_month' | 'too_far' | null;

/** Stripe's expiry rules: a real month, not in the past, at most 50 years ahead. */
export function expiryProblem(month: number, year: number, now = new Date()): ExpiryProblem {
  const thisYear = now.getUTCFullYear();
  if (month < 1 || month > 12) return 'invalid_month';
  if (year < thisYear) return 'past_year';
  if (year === thisYear && month < now.getUTCMonth() + 1) return 'past_month';
  if (year > thisYear + 50) return 'too_far';
  return null;
}
