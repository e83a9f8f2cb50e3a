import { describe, expect, it } from 'vitest';
import { readProfile, tickOf } from './profile.mjs';

const frame = (functionName: string, url = '') => ({
  functionName,
  scriptId: url ? '3' : '0',
  url,
});
const WORKER = 'file:///repo/.wrangler/tmp/dev-1/index.js';
const nodes = [
  { id: 1, callFrame: frame('(root)') },
  { id: 2, callFrame: frame('(idle)') },
  { id: 3, callFrame: frame('(program)') },
  { id: 4, callFrame: frame('(garbage collector)') },
  { id: 5, callFrame: frame('handler', WORKER) },
  { id: 6, callFrame: frame('Response') },
  // A function named like an Object.prototype member is JS, nothing else.
  { id: 7, callFrame: frame('toString', WORKER) },
];

describe('readProfile', () => {
  it('counts every sample but idle ones as busy, by category and by script, within the window', () => {
    // Samples at 1000 (before the window), then 2000..2600 every 100 µs, then 9000 (after it).
    const samples = [5, 5, 3, 4, 6, 2, 7, 5, 5];
    const timeDeltas = [0, 1000, 100, 100, 100, 100, 100, 100, 6400];
    const profile = { nodes, startTime: 1000, samples, timeDeltas };
    const read = readProfile(profile, { from: 1500, to: 8000, intervalUs: 100 });
    expect(read.samples).toEqual({ js: 4, program: 1, gc: 1, idle: 1 });
    expect(read.busy).toBe(6);
    expect(read.tickUs).toBe(100);
    expect(read.busyUs).toBe(600);
    expect(Object.fromEntries(read.jsByScript)).toEqual({
      '3': { url: WORKER, samples: 3 },
      '0': { url: '', samples: 1 },
    });
  });

  it('takes the whole profile without a window', () => {
    const profile = { nodes, startTime: 0, samples: [5, 2], timeDeltas: [10, 10] };
    expect(readProfile(profile, { intervalUs: 100 }).samples).toEqual({
      js: 1,
      program: 0,
      gc: 0,
      idle: 1,
    });
  });
});

describe('tickOf', () => {
  it('is the median gap within busy stretches, leaving out gaps where the isolate was let go', () => {
    const deltas = [0, ...Array<number>(20).fill(170), 180, 160, 50_000, 80_000];
    expect(tickOf(deltas, 100)).toBe(170);
  });

  it('falls back to the interval asked for when too few gaps are short', () => {
    expect(tickOf([0, 170, 9_000, 12_000], 100)).toBe(100);
  });
});
