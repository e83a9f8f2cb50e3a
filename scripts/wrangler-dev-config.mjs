// wrangler.toml for the local servers (`npm run dev`, the local stack of the browser tests, bench and
// screenshots): the same file without its [build] table, whose job they do themselves, and for the
// tests with the shop's files replaced by their fixtures.
// Why: with a custom build, `wrangler dev` builds at start, builds again once its watcher of
// `watch_dir` is ready, and reloads the Worker in between; and it does not watch the Worker's own
// sources, only `watch_dir`. Without [build], wrangler bundles src/ itself and reloads on any change
// to a file the Worker imports, once at start. (`wrangler deploy` and a plain `npx wrangler dev`
// still run [build].)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOutputs } from './write-atomic.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** wrangler.toml, the file the local servers' copy is made from. */
const WRANGLER_TOML = join(root, 'wrangler.toml');

/**
 * Writes a copy of wrangler.toml without [build] next to it (so that its relative paths still
 * hold; gitignored) and returns its path. Leaves the file untouched when it is current.
 * @param {{ alias?: Record<string, string> }} [options] alias: modules to substitute, as an [alias]
 *   table (the tests' fixtures; `wrangler dev --alias` is ignored by wrangler 4.86). Never in
 *   wrangler.toml itself: what is deployed is built from the files as they are.
 */
export function writeDevConfig({ alias = {} } = {}) {
  const source = readFileSync(WRANGLER_TOML, 'utf8');
  const entries = Object.entries(alias);
  const table = entries.map(
    ([module, file]) => `${JSON.stringify(module)} = ${JSON.stringify(file)}`,
  );
  const config =
    source.replace(/^\[build\]\n(?:[^[\n].*\n|\n)*/m, '') +
    (entries.length === 0 ? '' : `\n[alias]\n${table.join('\n')}\n`);
  const path = join(root, entries.length === 0 ? '.wrangler-dev.toml' : '.wrangler-test.toml');
  writeOutputs([
    {
      path,
      contents: Buffer.from(
        `# Generated from wrangler.toml without [build] (scripts/wrangler-dev-config.mjs). Do not edit.\n${config}`,
      ),
    },
  ]);
  return path;
}
