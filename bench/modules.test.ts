import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { OUTSIDE, moduleNamer, moduleOf, moduleTable } from './modules.mjs';
import { readProfile } from './profile.mjs';

const root = new URL('..', import.meta.url).pathname;

describe('moduleOf', () => {
  it('names packages, src/ folders (each middleware apart), and wrangler dev’s own code', () => {
    expect(moduleOf(join(root, 'node_modules/hono/dist/compose.js'))).toBe('hono');
    expect(moduleOf(join(root, 'node_modules/@scope/pkg/dist/a.js'))).toBe('@scope/pkg');
    expect(moduleOf(join(root, 'src/ledger/index.ts'))).toBe('src/ledger/');
    expect(moduleOf(join(root, 'src/memo.ts'))).toBe('src/memo.ts');
    expect(moduleOf(join(root, 'src/middleware/locale/index.ts'))).toBe('src/middleware/locale/');
    expect(moduleOf(join(root, 'node_modules/wrangler/templates/middleware/common.ts'))).toBe(
      'wrangler dev’s middleware (not deployed)',
    );
    expect(moduleOf(join(root, 'bench/bare/index.ts'))).toBe('bench/bare/index.ts');
  });
});

describe('moduleNamer', () => {
  it('gives each busy sample to the module of its nearest frame in the bundle, through the source map', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'modules-test-'));
    try {
      // A real bundle of two of the Worker's modules, with its source map, as wrangler dev writes.
      const outfile = join(dir, 'index.js');
      await build({
        stdin: {
          contents:
            "export { memo } from './src/memo.ts'; export { log } from './src/log/index.ts';",
          resolveDir: root,
          loader: 'ts',
        },
        bundle: true,
        format: 'esm',
        sourcemap: 'external',
        outfile,
      });
      const code = await readFile(outfile, 'utf8');
      const at = (text: string) => {
        const before = code.slice(0, code.indexOf(text)).split('\n');
        return { lineNumber: before.length - 1, columnNumber: before.at(-1)!.length };
      };
      const script = (functionName: string, text: string) => ({
        functionName,
        scriptId: '3',
        url: pathToFileURL(outfile).href,
        ...at(text),
      });
      const builtin = (functionName: string) => ({
        functionName,
        scriptId: '0',
        url: '',
        lineNumber: 0,
        columnNumber: 0,
      });
      const nodes = [
        { id: 1, callFrame: builtin('(root)'), children: [2, 5, 6, 7, 8] },
        { id: 2, callFrame: script('log', 'function log('), children: [3] },
        { id: 3, callFrame: builtin('log'), children: [4] },
        { id: 4, callFrame: builtin('stringify') },
        { id: 5, callFrame: script('memo', 'function memo(') },
        { id: 6, callFrame: builtin('runMicrotasks') },
        { id: 7, callFrame: builtin('(garbage collector)') },
        { id: 8, callFrame: builtin('(idle)') },
      ];
      const samples = [2, 3, 4, 4, 5, 6, 7, 1, 8];
      const profile = { nodes, startTime: 0, samples, timeDeltas: samples.map(() => 100) };
      const modules = moduleNamer(pathToFileURL(outfile).href, '3');
      const read = readProfile(profile, { intervalUs: 100, modules });
      expect(read.modulesUs).toEqual({
        'src/log/': 400,
        'src/memo.ts': 100,
        [OUTSIDE.runtime]: 100,
        [OUTSIDE.gc]: 100,
        [OUTSIDE.program]: 100,
      });
      // Each sample's own function: a bundle frame by its source line, a built-in by its caller.
      const functions = Object.entries(read.functionsUs);
      expect(functions).toContainEqual(['stringify (built-in) · src/log/', 200]);
      expect(functions).toContainEqual(['log (built-in) · src/log/', 100]);
      expect(functions).toContainEqual([expect.stringMatching(/^memo · memo\.ts:\d+$/), 100]);
      expect(functions).toContainEqual([expect.stringMatching(/^log · index\.ts:\d+$/), 100]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('moduleTable', () => {
  it('lists modules by their largest cost per request, the small ones summed, with totals', () => {
    const table = moduleTable([
      { name: 'A', requests: 10, modulesUs: { hono: 500, 'src/log/': 30, tiny: 5 } },
      { name: 'B', requests: 2, modulesUs: { 'src/log/': 400 } },
    ]);
    expect(table.header).toEqual(['µs per request', 'A', 'B']);
    expect(table.rows).toEqual([
      ['src/log/', '3', '200'],
      ['hono', '50', '—'],
      ['the other 1', '1', '—'],
      ['total', '54', '200'],
    ]);
  });
});
