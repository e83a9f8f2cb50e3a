// Where an isolate's CPU goes, by module (`npm run bench -- --profile-modules`): each busy sample
// of a profile is given to the source module of the nearest frame in the Worker's own bundle,
// found through the bundle's source map (wrangler dev writes index.js.map beside index.js). So a
// built-in the Worker calls (fetch, Headers, JSON, console.log) counts for the module that called
// it, as the log line's cost counts for src/log; samples with no Worker frame on the stack are
// the runtime's (its internal modules, such as the D1 client, run from the event loop), and
// "(program)" and "(garbage collector)" are kept apart, as profile.mjs counts them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Names for the samples no Worker module takes. */
export const OUTSIDE = {
  program: '(program): the runtime, natively',
  gc: '(garbage collector)',
  runtime: 'the runtime’s JS, no Worker frame',
  unmapped: 'the bundle, unmapped (esbuild glue)',
};

/**
 * The module a source file of the bundle belongs to: a package by name, a folder of src/ (each
 * middleware of src/middleware on its own), wrangler dev's own middleware (not deployed), or the
 * file's path in the repository.
 * @param {string} file absolute path
 */
export function moduleOf(file) {
  const relative = path.relative(root, file).split(path.sep).join('/');
  if (/(^|\/)node_modules\/wrangler\/templates\/|\.wrangler\/tmp\/bundle-/.test(relative))
    return 'wrangler dev’s middleware (not deployed)';
  const pkg = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(relative);
  if (pkg) return pkg[1];
  const src = /^src\/(middleware\/[^/]+|[^/]+)/.exec(relative);
  if (src) return src[1].includes('.') ? `src/${src[1]}` : `src/${src[1]}/`;
  if (relative.startsWith('test/fixtures/')) return 'test/fixtures (the shop)';
  return relative;
}

/**
 * A function that names the module of each profile node, for the bundle at `scriptUrl`
 * (file://…/index.js, with its source map beside it).
 * @param {string} scriptUrl
 * @param {string} scriptId the Debugger's id of that script in the isolate
 */
export function moduleNamer(scriptUrl, scriptId) {
  const file = fileURLToPath(scriptUrl);
  const map = new TraceMap(readFileSync(`${file}.map`, 'utf8'), `${scriptUrl}.map`);
  const bySource = new Map();
  /**
   * The module and source position of a frame in the bundle; null for other scripts.
   * @param {{ scriptId: string | number, lineNumber: number, columnNumber: number }} frame
   */
  const mapped = (frame) => {
    if (String(frame.scriptId) !== scriptId) return null;
    // A profile's positions are 0-based; a source map's lines are 1-based, columns 0-based.
    const found = originalPositionFor(map, {
      line: frame.lineNumber + 1,
      column: Math.max(0, frame.columnNumber),
    });
    if (!found.source) return { module: OUTSIDE.unmapped, at: '' };
    let name = bySource.get(found.source);
    if (name === undefined) {
      name = moduleOf(fileURLToPath(new URL(found.source, scriptUrl)));
      bySource.set(found.source, name);
    }
    return { module: name, at: `${path.basename(found.source)}:${found.line}` };
  };
  /**
   * Names the module each sampled node counts for, and its function (the sample's own frame: in
   * the bundle, its name and source line; a built-in, its name and the module that called it).
   * @param {{ nodes: { id: number, callFrame: object, children?: number[] }[] }} profile
   * @returns {(nodeId: number) => { module: string, fn: string }}
   */
  return (profile) => {
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const parents = new Map();
    for (const node of profile.nodes)
      for (const child of node.children ?? []) parents.set(child, node.id);
    const memo = new Map();
    /** The module of a JS frame's nearest Worker frame, itself included; none above: the runtime's. */
    const callerOf = (id) => {
      if (memo.has(id)) return memo.get(id);
      const parent = parents.get(id);
      const name =
        mapped(nodes.get(id).callFrame)?.module ??
        (parent === undefined ? OUTSIDE.runtime : callerOf(parent));
      memo.set(id, name);
      return name;
    };
    return (id) => {
      const frame = nodes.get(id).callFrame;
      const { functionName } = frame;
      if (functionName === '(program)' || functionName === '(root)')
        return { module: OUTSIDE.program, fn: OUTSIDE.program };
      if (functionName === '(garbage collector)') return { module: OUTSIDE.gc, fn: OUTSIDE.gc };
      const module = callerOf(id);
      const own = mapped(frame);
      const fn = functionName || '(anonymous)';
      return { module, fn: own ? `${fn} · ${own.at}` : `${fn} (built-in) · ${module}` };
    };
  };
}

/**
 * The functions that cost most (their own samples, not their callees'), µs per request, for each
 * endpoint: its `top` largest, as lines "µs name · where".
 * @param {{ name: string, requests: number, functionsUs: Record<string, number> }[]} endpoints
 */
export function functionLists(endpoints, top = 15) {
  return endpoints.map((e) => ({
    name: e.name,
    lines: Object.entries(e.functionsUs ?? {})
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, us]) => `${String(Math.round(us / e.requests)).padStart(6)} µs  ${fn}`),
  }));
}

/**
 * The by-module table: µs per request of each module for each endpoint, the largest first; modules
 * under 2 µs everywhere are summed in one line.
 * @param {{ name: string, requests: number, modulesUs: Record<string, number> }[]} endpoints
 */
export function moduleTable(endpoints) {
  const perRequest = (e, name) => (e.modulesUs[name] ?? 0) / e.requests;
  const names = [...new Set(endpoints.flatMap((e) => Object.keys(e.modulesUs)))];
  const largest = (name) => Math.max(...endpoints.map((e) => perRequest(e, name)));
  names.sort((a, b) => largest(b) - largest(a));
  const shown = names.filter((name) => largest(name) >= 2);
  const rest = names.filter((name) => largest(name) < 2);
  const us = (n) => (n === 0 ? '—' : Math.round(n).toLocaleString('en-US'));
  const rows = shown.map((name) => [name, ...endpoints.map((e) => us(perRequest(e, name)))]);
  const sum = (list, e) => list.reduce((total, name) => total + perRequest(e, name), 0);
  if (rest.length > 0)
    rows.push([`the other ${rest.length}`, ...endpoints.map((e) => us(sum(rest, e)))]);
  rows.push(['total', ...endpoints.map((e) => us(sum(names, e)))]);
  return { header: ['µs per request', ...endpoints.map((e) => e.name)], rows };
}
