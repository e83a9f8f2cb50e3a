import { describe, expect, it } from 'vitest';
import {
  CHARGE_TIMEOUT_MS,
  PAGE_SENDS_PER_CLICK,
  STRIPE_ATTEMPTS,
  stripeCallsPerClick,
  stripeRequestsPerClick,
  workerWorstCaseMs,
} from './budget';

describe('the time budget of one click on Pay', () => {
  it('makes at most 3 Stripe calls', () => {
    expect(PAGE_SENDS_PER_CLICK).toBe(1);
    expect(stripeCallsPerClick()).toBe(PAGE_SENDS_PER_CLICK * STRIPE_ATTEMPTS);
    expect(stripeCallsPerClick()).toBeLessThanOrEqual(3);
    // A code lookup's two reads leave the payment two calls: four requests at most.
    expect(stripeRequestsPerClick()).toBe(4);
  });

  it('answers within 20 seconds: the page waits 20 s, the Worker at most 17 s of it', () => {
    expect(workerWorstCaseMs()).toBe(2 * 1_500 + 3 * 4_000 + 2 * 1_000);
    expect(workerWorstCaseMs()).toBeGreaterThanOrEqual(2 * 1_500 + 2 * 2_500 + 2 * 4_000 + 1_000);
    expect(CHARGE_TIMEOUT_MS).toBeLessThanOrEqual(20_000);
    // The rest is for D1, CPU and the network between the Worker and the customer.
    expect(CHARGE_TIMEOUT_MS - workerWorstCaseMs()).toBeGreaterThanOrEqual(3_000);
  });
});
