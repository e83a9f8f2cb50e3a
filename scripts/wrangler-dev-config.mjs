// wrangler.toml for the local servers (`npm run dev`, the local stack of the browser tests, bench and
// screenshots): the same file without its [build] table, whose job they do themselves.
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
 * Writes the copy of wrangler.toml without [build] next to it (so that its relative paths still
 * hold; gitignored) and returns its path. Leaves the file untouched when it is current.
 */
export function writeDevConfig() {
  const source = readFileSync(WRANGLER_TOML, 'utf8');
  const config = source.replace(/^\[build\]\n(?:[^[\n].*\n|\n)*/m, '');
  const path = join(root, '.wrangler-dev.toml');
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
