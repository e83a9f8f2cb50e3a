// The deterministic measurements (bundle size, page weight) and start-up time, shared by
// `npm run bench` (bench/run.mjs) and the budget test (bench/budgets.test.ts), so that both report
// the same numbers for the same build.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { root } from './servers.mjs';
import { CHUNK_STYLES } from '../scripts/build-client.mjs';

const run = promisify(execFile);

/** Environment for the wrangler commands: no telemetry prompt, no colours in the output we parse. */
const WRANGLER_ENV = { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' };

/** The bare Hono worker's configuration, relative to the repository root. */
export const BARE_CONFIG = 'bench/bare/wrangler.toml';

/** The bundle floor's configuration: Hono and stripe-node creating one PaymentIntent. */
export const FLOOR_CONFIG = 'bench/floor/wrangler.toml';

/**
 * Gzip size at level 9 (node:zlib), the figure the budgets use.
 * @param {Buffer | string} data
 * @returns {number} bytes
 */
export function gzipBytes(data) {
  return gzipSync(data, { level: 9 }).length;
}

/**
 * What a bundle is made of: its minified bytes by package (node_modules/<package>) and by folder of
 * src/ (src/<folder>; other files by path), from esbuild's metafile, largest first. Bytes of
 * minified code, exact and additive; gzip is not (it compresses across modules), so the budget's
 * gzip figure is only measured for the whole bundle.
 * @param {{ outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> }} metafile
 * @returns {{ name: string, bytes: number }[]}
 */
export function bundleParts(metafile) {
  const [, output] =
    Object.entries(metafile.outputs).find(([path]) => path.endsWith('index.js')) ?? [];
  if (!output) throw new Error('the metafile has no index.js output');
  const parts = new Map();
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];
    const folder = /^src\/([^/]+)\//.exec(path)?.[1];
    const name = pkg ?? (folder ? `src/${folder}` : path);
    parts.set(name, (parts.get(name) ?? 0) + bytesInOutput);
  }
  return [...parts]
    .map(([name, bytes]) => ({ name, bytes }))
    .filter((part) => part.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

/**
 * Bundles a Worker as `wrangler deploy` would, without deploying (`--dry-run --outdir`), and
 * measures the output's index.js. For the checkout this runs the [build] command, so it is exactly
 * what would be uploaded (the simulator is a separate Worker and is not in it).
 * @param {{ config?: string }} [options] config: a wrangler.toml other than the root one (e.g. BARE_CONFIG).
 * @returns {Promise<{ rawBytes: number, gzipBytes: number, gzipKiB: number, wranglerGzipKiB: number | null,
 *   parts: { name: string, bytes: number }[] }>}
 *   wranglerGzipKiB: wrangler's own "Total Upload ... gzip" figure, for reference (it uses another
 *   level); parts: see bundleParts.
 */
export async function measureBundle(options = {}) {
  const outdir = await mkdtemp(join(tmpdir(), 'edge-checkout-bundle-'));
  try {
    const args = [
      'wrangler',
      'deploy',
      '--dry-run',
      '--outdir',
      outdir,
      '--metafile',
      join(outdir, 'meta.json'),
      ...(options.config ? ['-c', options.config] : []),
    ];
    const { stdout } = await run('npx', args, {
      cwd: root,
      env: WRANGLER_ENV,
      maxBuffer: 16 << 20,
    });
    const code = await readFile(join(outdir, 'index.js'));
    const reported = /Total Upload:.*gzip:\s*([\d.]+)\s*KiB/.exec(stdout);
    const gzip = gzipBytes(code);
    return {
      rawBytes: code.length,
      gzipBytes: gzip,
      gzipKiB: gzip / 1024,
      wranglerGzipKiB: reported ? Number(reported[1]) : null,
      parts: bundleParts(JSON.parse(await readFile(join(outdir, 'meta.json'), 'utf8'))),
    };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

/** The Checkout page's static first-party files, as served from public/ after the client build. */
export const PAGE_FILES = ['public/checkout.css', 'public/checkout.js'];

/** The languages the page is measured in (src/i18n's catalogues): the heaviest one counts. */
export const PAGE_LANGUAGES = ['en', 'de', 'fr', 'es'];

/**
 * The chunks of the page's script (esbuild's metafile, paths from the root): those it imports at
 * once (with it, before anything runs), and those it imports on demand, each by its source file,
 * with the chunks these import at once. A chunk imported on demand by another (Turnstile's, by the
 * payment's) comes with that one: its paths are all that the page fetches beyond the first load.
 * @param {import('esbuild').Metafile} metafile
 * @returns {{ initial: string[], lazy: { source: string, paths: string[] }[] }}
 */
export function scriptChunks(metafile) {
  const withImports = (path, kind, seen = new Set()) => {
    for (const next of metafile.outputs[path]?.imports ?? [])
      if (next.kind === kind && !next.external && !seen.has(next.path))
        withImports(next.path, 'import-statement', seen.add(next.path));
    return [...seen];
  };
  const script = 'public/checkout.js';
  const initial = withImports(script, 'import-statement');
  const lazy = [];
  const onDemand = (from, loaded) => {
    for (const path of withImports(from, 'dynamic-import')) {
      const source = metafile.outputs[path]?.entryPoint;
      if (!source || loaded.includes(path) || lazy.some((chunk) => chunk.source === source))
        continue;
      const own = [path, ...withImports(path, 'import-statement')];
      const paths = [...new Set([...loaded, ...own])].filter((p) => !initial.includes(p));
      lazy.push({ source, paths });
      onDemand(path, paths);
    }
  };
  onDemand(script, []);
  return { initial, lazy };
}

/**
 * Builds the client (`node scripts/build-client.mjs`, minified into public/) and measures each
 * first-party file of the Checkout page, gzip -9: the page itself as the Worker writes it (in the
 * language that makes it heaviest: each customer gets only theirs), the theme's stylesheet, and
 * the static files with the chunks the script imports at once: what every customer downloads
 * first. The chunks it imports on demand (hosted mode's code, shipping's, the promotion code's
 * form, the payment's with the bank's step, Turnstile's) are weighed apart, each with the chunks it
 * imports and the stylesheet it loads: `lazy`, each with the page's total once it is loaded.
 * Stripe.js, the logo and the favicon are not first-party weight: the first is Stripe's, the
 * others are not needed to pay.
 * @param {{ page: (language: string) => Promise<string>, theme: () => Promise<string> }} served
 *   the page's HTML in a language, and /theme.css: from a running checkout (`npm run bench`), or
 *   rendered by the Worker's own code (the budget test)
 * @returns {Promise<{ files: { path: string, rawBytes: number, gzipBytes: number }[],
 *   totalGzipBytes: number, lazy: { source: string, gzipBytes: number, totalGzipBytes: number }[] }>}
 */
export async function measurePageWeight(served) {
  const dir = await mkdtemp(join(tmpdir(), 'edge-checkout-page-'));
  let metafile;
  try {
    const to = join(dir, 'meta.json');
    await run(process.execPath, ['scripts/build-client.mjs', `--metafile=${to}`], { cwd: root });
    metafile = JSON.parse(await readFile(to, 'utf8'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const measured = (path, data) => ({ path, rawBytes: data.length, gzipBytes: gzipBytes(data) });
  const fromDisk = async (path) => measured(path, await readFile(join(root, path)));
  const pages = [];
  for (const language of PAGE_LANGUAGES)
    pages.push(measured(`/ (${language})`, Buffer.from(await served.page(language))));
  const chunks = scriptChunks(metafile);
  const files = [
    pages.reduce((heaviest, page) => (page.gzipBytes > heaviest.gzipBytes ? page : heaviest)),
    measured('/theme.css', Buffer.from(await served.theme())),
  ];
  for (const path of [...PAGE_FILES, ...chunks.initial]) files.push(await fromDisk(path));
  const sum = (list) => list.reduce((total, file) => total + file.gzipBytes, 0);
  const totalGzipBytes = sum(files);
  const lazy = [];
  // A chunk's stylesheet, if it loads one (scripts/build-client.mjs).
  const styleOf = (path) => {
    const style = metafile.outputs[path]?.entryPoint?.replace(/\.ts$/, '.css');
    return style && CHUNK_STYLES.includes(style) ? [style.replace(/^client\//, 'public/')] : [];
  };
  for (const { source, paths } of chunks.lazy) {
    // With the stylesheets of its chunks and of those that load it (the cart's, for the code's).
    const gzip = sum(await Promise.all([...paths, ...paths.flatMap(styleOf)].map(fromDisk)));
    lazy.push({ source, gzipBytes: gzip, totalGzipBytes: totalGzipBytes + gzip });
  }
  return { files, totalGzipBytes, lazy };
}

/**
 * The page and theme as a running checkout serves them, for `measurePageWeight`.
 * @param {string} origin the checkout's origin
 */
export function servedBy(origin) {
  const text = async (path, headers = {}) => {
    const response = await fetch(`${origin}${path}`, { headers });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return response.text();
  };
  return {
    page: (language) => text('/', { 'Accept-Language': language }),
    theme: async () => {
      const href = /href="(\/theme\.css[^"]*)"/.exec(await text('/'))?.[1];
      if (!href) throw new Error('the Checkout page links no /theme.css');
      return text(href);
    },
  };
}

/**
 * One `wrangler check startup` run: the Worker's start-up CPU profile, whose duration
 * (endTime - startTime, in µs) is the figure compared. It profiles the module's top level, so
 * everything the Worker does before its first request.
 * @param {{ config?: string }} [options] config: e.g. BARE_CONFIG; the root wrangler.toml otherwise.
 * @returns {Promise<number>} milliseconds
 */
export async function startupMs(options = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'edge-checkout-startup-'));
  try {
    const outfile = join(dir, 'startup.cpuprofile');
    await run(
      'npx',
      [
        'wrangler',
        'check',
        'startup',
        '--outfile',
        outfile,
        ...(options.config ? ['-c', options.config] : []),
      ],
      { cwd: root, env: WRANGLER_ENV, maxBuffer: 16 << 20 },
    );
    const profile = JSON.parse(await readFile(outfile, 'utf8'));
    return (profile.endTime - profile.startTime) / 1000;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Start-up time of the checkout and of the bare worker, `runs` times each, interleaved so that a
 * busy moment of the shared machine weighs on both alike; medians and their ratio.
 * @param {{ runs?: number }} [options]
 * @returns {Promise<{ checkoutMs: number, bareMs: number, ratio: number,
 *   samples: { checkout: number[], bare: number[] } }>}
 */
export async function measureStartup(options = {}) {
  const runs = options.runs ?? 5;
  const samples = { checkout: [], bare: [] };
  for (let i = 0; i < runs; i++) {
    samples.checkout.push(await startupMs());
    samples.bare.push(await startupMs({ config: BARE_CONFIG }));
  }
  const checkoutMs = median(samples.checkout);
  const bareMs = median(samples.bare);
  return { checkoutMs, bareMs, ratio: checkoutMs / bareMs, samples };
}

/**
 * The median of some numbers (the mean of the middle two for an even count).
 * @param {number[]} values
 */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The p-th percentile (0–100) of some numbers, nearest rank; null for none.
 * @param {number[]} values
 * @param {number} p
 */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Where a run was measured, stored beside its figures: timings only mean something on the same
 * machine, and this one is shared.
 * @returns {{ date: string, node: string, wrangler: string, nproc: number, cpu: string,
 *   memoryGiB: number, platform: string }}
 */
export function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const memKiB = Number(/^MemTotal:\s+(\d+)\s+kB/m.exec(meminfo)?.[1] ?? 0);
  let nproc;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    nproc = cpus().length;
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    wrangler: JSON.parse(readFileSync(join(root, 'node_modules/wrangler/package.json'), 'utf8'))
      .version,
    nproc,
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((memKiB / 1024 / 1024) * 10) / 10,
    platform: `${process.platform} ${process.arch}`,
  };
}

/**
 * One line describing the machine, for the printed tables and the README.
 * @param {ReturnType<typeof machine>} m
 */
export function describeMachine(m) {
  const node = m.node.replace(/^v/, '');
  return `${m.date.slice(0, 10)} · ${m.nproc} × ${m.cpu} · ${m.memoryGiB} GiB · Node ${node} · wrangler ${m.wrangler}`;
}
