import { describe, expect, it } from 'vitest';
import { hotFunctions } from './hot-functions.mjs';

const node = (id: number, functionName: string, url = '', lineNumber = -1) => ({
  id,
  callFrame: { functionName, url, lineNumber },
});

describe('hotFunctions', () => {
  it('ranks functions by their share of the busy (not idle) samples, with file and line', () => {
    const profile = {
      nodes: [
        node(1, '(root)'),
        node(2, '(idle)'),
        node(3, 'exec'),
        node(4, 'put', 'file:///repo/.wrangler/tmp/dev-1/index.js', 41),
        node(5, ''),
      ],
      samples: [2, 2, 2, 3, 3, 3, 4, 5],
    };
    const { samples, functions } = hotFunctions(profile, 2);
    expect(samples).toBe(5);
    expect(functions).toEqual([
      { name: 'exec', where: '', share: 0.6 },
      // Ties keep the order first seen.
      { name: 'put', where: 'index.js:42', share: 0.2 },
    ]);
  });

  it('answers no functions for a profile of an idle isolate', () => {
    expect(hotFunctions({ nodes: [node(1, '(idle)')], samples: [1, 1] })).toEqual({
      samples: 0,
      functions: [],
    });
  });
});
