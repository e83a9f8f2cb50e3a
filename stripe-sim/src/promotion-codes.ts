import type Stripe from 'stripe';

/** Whether two codes clash: Stripe keeps codes unique, regardless of case, per customer. */
export const sameCode = (a: Stripe.PromotionCode, code: string, customer: string | null) =>
  a.code.toLowerCase() === code.toLowerCase() &&
  (typeof a.customer === 'string' ? a.customer : (a.customer?.id ?? null)) === customer;
