// Writes build outputs so that a reader never sees half a file: the test suites, the budgets and
// `wrangler dev` may read public/ and .wrangler/ while another build rewrites them.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes esbuild's in-memory outputs (build({ write: false })), each through a temporary file and a
 * rename, and leaves unchanged files untouched.
 * @param {{ path: string, contents: Uint8Array }[]} outputFiles
 * @returns {string[]} the paths written (those that changed)
 */
export function writeOutputs(outputFiles) {
  const written = [];
  for (const { path, contents } of outputFiles) {
    try {
      if (Buffer.compare(readFileSync(path), contents) === 0) continue;
    } catch {
      // not built yet
    }
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
    written.push(path);
  }
  return written;
}
