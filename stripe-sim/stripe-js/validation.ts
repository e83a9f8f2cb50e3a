import { type CardBrand, detectBrand, expiryProblem, passesLuhn, rulesOf } from '../src/card-rules';

/** A field's problem, with Stripe.js's code and message. */
export interface FieldError {
  code: string;
  message: string;
}

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
  if (digits.length < Math.min(...lengths))
    return { code: 'incomplete_number', message: 'Your card number is incomplete.' };
  if (!lengths.includes(digits.length) || !passesLuhn(digits))
    return { code: 'invalid_number', message: 'Your card number is invalid.' };
  return null;
}

const EXPIRY_ERRORS: Record<NonNullable<ReturnType<typeof expiryProblem>>, FieldError> = {
  invalid_month: {
    code: 'invalid_expiry_month',
    message: "Your card's expiration month is invalid.",
  },
  past_year: {
    code: 'invalid_expiry_year_past',
    message: "Your card's expiration year is in the past.",
  },
  past_month: {
    code: 'invalid_expiry_month_past',
    message: "Your card's expiration date is in the past.",
  },
  too_far: { code: 'invalid_expiry_year', message: "Your card's expiration year is invalid." },
};

export function expiryError(digits: string): FieldError | null {
  if (digits.length < 4)
    return { code: 'incomplete_expiry', message: "Your card's expiration date is incomplete." };
  const problem = expiryProblem(Number(digits.slice(0, 2)), 2000 + Number(digits.slice(2, 4)));
  return problem ? EXPIRY_ERRORS[problem] : null;
}

export function cvcError(digits: string, brand: CardBrand): FieldError | null {
  if (digits.length < rulesOf(brand).cvcLength)
    return { code: 'incomplete_cvc', message: "Your card's security code is incomplete." };
  return null;
}
