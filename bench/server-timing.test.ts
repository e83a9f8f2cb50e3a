import { describe, expect, it } from 'vitest';
import { parseServerTiming } from './server-timing.mjs';

describe('parseServerTiming', () => {
  it('reads the d1, stripe and total durations of a checkout response', () => {
    const metrics = parseServerTiming(
      'd1;dur=3.2, stripe;dur=301.5;desc="Stripe API", total;dur=310',
    );
    expect(Object.fromEntries(metrics ?? [])).toEqual({
      d1: { dur: 3.2, desc: null },
      stripe: { dur: 301.5, desc: 'Stripe API' },
      total: { dur: 310, desc: null },
    });
  });

  it('keeps commas and semicolons inside quoted descriptions, and the first of a repeated metric', () => {
    const metrics = parseServerTiming('a;desc="x, y; z";dur=1,a;dur=2,b');
    expect(metrics?.get('a')).toEqual({ dur: 1, desc: 'x, y; z' });
    expect(metrics?.get('b')).toEqual({ dur: null, desc: null });
  });

  it('gives null without a header, and no duration for one that is not a number', () => {
    expect(parseServerTiming(null)).toBeNull();
    expect(parseServerTiming(undefined)).toBeNull();
    expect(parseServerTiming('total;dur=abc')?.get('total')?.dur).toBeNull();
    expect(parseServerTiming('')?.size).toBe(0);
  });
});
