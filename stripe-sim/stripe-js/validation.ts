import { type CardBrand, detectBrand, expiryProblem, passesLuhn, rulesOf } from '../src/card-rules';

/** A field's problem: Stripe.js's code, which is also its message's key (./messages.ts). */
export type FieldError =
  | 'incomplete_number'
  | 'invalid_number'
  | 'incomplete_expiry'
  | 'invalid_expiry_month'
  | 'invalid_expiry_year_past'
  | 'invalid_expiry_month_past'
  | 'invalid_expiry_year'
  | 'incomplete_cvc';

export const onlyDigits = (text: string) => text.replace(/\D/g, '');

/** The number in its brand's groups (4-4-4-4, amex 4-6-5). */
export function formatNumber(digits: string): string {
  const parts: string[] = [];
  let start = 0;
  for (const size of rulesOf(detectBrand(digits)).groups) {
    if (start >= digits.length) break;
    parts.push(digits.slice(start, start + size));
    start += size;
  }
  return parts.join(' ');
}

/** MM / YY, with a leading zero for a month typed as one digit above 1. */
export function formatExpiry(digits: string): string {
  const padded = /^[2-9]$/.test(digits) ? `0${digits}` : digits;
  return padded.length > 2 ? `${padded.slice(0, 2)} / ${padded.slice(2, 4)}` : padded;
}

export function numberError(digits: string): FieldError | null {
  const { lengths } = rulesOf(detectBrand(digits));
  if (digits.length < Math.min(...lengths)) return 'incomplete_number';
  if (!lengths.includes(digits.length) || !passesLuhn(digits)) return 'invalid_number';
  return null;
}

const EXPIRY_ERRORS: Record<NonNullable<ReturnType<typeof expiryProblem>>, FieldError> = {
  invalid_month: 'invalid_expiry_month',
  past_year: 'invalid_expiry_year_past',
  past_month: 'invalid_expiry_month_past',
  too_far: 'invalid_expiry_year',
};

export function expiryError(digits: string): FieldError | null {
  if (digits.length < 4) return 'incomplete_expiry';
  const problem = expiryProblem(Number(digits.slice(0, 2)), 2000 + Number(digits.slice(2, 4)));
  return problem ? EXPIRY_ERRORS[problem] : null;
}

export function cvcError(digits: string, brand: CardBrand): FieldError | null {
  if (digits.length < rulesOf(brand).cvcLength) return 'incomplete_cvc';
  return null;
}
