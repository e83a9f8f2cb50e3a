import type { StoredCalculation } from '../store';

/** Calculations are kept for 90 days, then expire, as at Stripe. */
export const CALCULATION_LIFETIME = 90 * 24 * 3600;

/** Whether a calculation has expired (and so is gone: retrieving it is a 404, as at Stripe). */
export const hasExpired = (calculation: StoredCalculation, now: number) =>
  calculation.expires_at !== null && now >= calculation.expires_at;
