// A card brand as people write it ("visa" → "Visa"), for the receipt and the merchant's console
// alike; an unknown brand as Stripe gives it.
const NAMES: Record<string, string> = {
  amex: 'American Express',
  diners: 'Diners Club',
  discover: 'Discover',
  jcb: 'JCB',
  mastercard: 'Mastercard',
  unionpay: 'UnionPay',
  visa: 'Visa',
};

/** A brand's name; `fallback` (the reader's word for a card) when Stripe gave none. */
export const brandName = (brand: string | null | undefined, fallback: string): string =>
  brand ? (NAMES[brand] ?? brand) : fallback;
