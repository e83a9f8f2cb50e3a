import { describe, expect, it } from 'vitest';
import { checkConcurrency, MAX_CONCURRENCY } from '../src/webhooks';

describe('WEBHOOK_CONCURRENCY', () => {
  it('is 1 when unset: one delivery at a time, in the order the events happened', () => {
    expect(checkConcurrency(undefined)).toBe(1);
  });

  it('takes an integer from 1 to the maximum', () => {
    expect(checkConcurrency('1')).toBe(1);
    expect(checkConcurrency('50')).toBe(50);
    expect(checkConcurrency(String(MAX_CONCURRENCY))).toBe(MAX_CONCURRENCY);
  });

  it('refuses anything else, naming the var, rather than sending nothing or unbounded', () => {
    for (const value of ['0', '-1', '1.5', 'many', '', String(MAX_CONCURRENCY + 1)])
      expect(() => checkConcurrency(value), value).toThrow(
        /WEBHOOK_CONCURRENCY must be an integer/,
      );
  });
});
