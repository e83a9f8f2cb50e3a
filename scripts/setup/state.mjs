// @ts-check
// What setup remembers between runs on this machine (a gitignored file under .wrangler/): for each
// Worker, which webhook endpoint's secret it was given and a SHA-256 fingerprint of each secret it
// was given, never a secret itself. Cloudflare never shows a secret's value again, so this is how a
// second run knows what is already in place.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A fingerprint of a secret value: enough to tell whether it changed, useless to an attacker.
 * @param {string} value
 */
export const fingerprint = (value) => createHash('sha256').update(value).digest('hex');

/**
 * @typedef {object} WorkerState
 * @property {string | undefined} webhookEndpoint the endpoint whose signing secret the Worker has
 * @property {Record<string, string>} fingerprints secret name → fingerprint of the value last set
 * @property {'test' | 'live'} [mode] the mode of the keys last set
 */

/**
 * @typedef {object} SetupState
 * @property {(worker: string) => WorkerState} worker
 * @property {(worker: string, state: WorkerState) => void} saveWorker
 */

/**
 * The state kept in a JSON file (created on first save, readable by its owner only).
 * @param {string} path
 * @returns {SetupState}
 */
export function fileState(path) {
  const read = () => {
    try {
      return JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      return { workers: {} };
    }
  };
  return {
    worker(name) {
      const saved = read().workers?.[name] ?? {};
      return {
        webhookEndpoint: saved.webhookEndpoint,
        fingerprints: saved.fingerprints ?? {},
        mode: saved.mode,
      };
    },
    saveWorker(name, state) {
      const all = read();
      all.workers = { ...all.workers, [name]: state };
      mkdirSync(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, path);
    },
  };
}
