// @ts-check
// Every wrangler command `npm run setup` runs, in one place. Tests replace this module with a
// recording fake of the same shape (runSetup takes it as a parameter), so nothing here is mocked.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SetupError } from './errors.mjs';

const wranglerBin = join(
  dirname(createRequire(import.meta.url).resolve('wrangler/package.json')),
  'bin/wrangler.js',
);

/**
 * @typedef {object} Wrangler
 * @property {() => Promise<{ uuid: string, name: string }[]>} listDatabases the account's D1 databases
 * @property {(name: string) => Promise<void>} createDatabase
 * @property {(binding: string) => Promise<void>} applyMigrations remote D1 migrations not yet applied
 * @property {() => Promise<string[]>} listSecrets names of the Worker's secrets ([] if no Worker yet)
 * @property {(secrets: Record<string, string>) => Promise<void>} putSecrets all at once, through stdin
 * @property {() => Promise<{ urls: string[] }>} deploy the Worker; the addresses it is served at
 * @property {(binding: string) => Promise<number | undefined>} countOrders orders in the remote
 *   ledger (undefined when it cannot be read: no database or no tables yet)
 */

/**
 * Runs wrangler with the project's configuration, capturing its output (a failure shows its end).
 * @param {string} configPath
 * @param {string[]} args
 * @param {{ input?: string, env?: Record<string, string> }} [options]
 */
function run(configPath, args, { input, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wranglerBin, ...args, '--config', configPath], {
      cwd: dirname(configPath),
      // stdin is a pipe, so wrangler never stops to ask; no telemetry from a setup script.
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve(stdout);
      const tail = output.trim().split('\n').slice(-15).join('\n');
      reject(new SetupError(`\`wrangler ${args.join(' ')}\` failed:\n${tail}`));
    });
    child.stdin.end(input ?? '');
  });
}

/**
 * True when wrangler failed because the Worker does not exist yet.
 * @param {unknown} error
 */
const isMissingWorker = (error) => /\b10007\b|not found|does not exist/i.test(String(error));

/**
 * The wrangler commands setup needs, for one configuration file.
 * @param {string} configPath absolute path of wrangler.toml
 * @returns {Wrangler}
 */
export function createWrangler(configPath) {
  return {
    async listDatabases() {
      return JSON.parse(await run(configPath, ['d1', 'list', '--json']));
    },
    async createDatabase(name) {
      await run(configPath, ['d1', 'create', name]);
    },
    async applyMigrations(binding) {
      await run(configPath, ['d1', 'migrations', 'apply', binding, '--remote']);
    },
    async listSecrets() {
      try {
        const secrets = JSON.parse(await run(configPath, ['secret', 'list', '--format', 'json']));
        return secrets.map((/** @type {{ name: string }} */ secret) => secret.name);
      } catch (error) {
        if (isMissingWorker(error)) return [];
        throw error;
      }
    },
    async countOrders(binding) {
      try {
        const sql = 'SELECT COUNT(*) AS orders FROM orders';
        const args = ['d1', 'execute', binding, '--remote', '--json', '--command', sql];
        const [result] = JSON.parse(await run(configPath, args));
        const orders = result?.results?.[0]?.orders;
        return typeof orders === 'number' ? orders : undefined;
      } catch {
        return undefined;
      }
    },
    async putSecrets(secrets) {
      // On stdin, never in arguments (visible to other processes) nor in a file left behind.
      await run(configPath, ['secret', 'bulk'], { input: JSON.stringify(secrets) });
    },
    async deploy() {
      const folder = mkdtempSync(join(tmpdir(), 'edge-checkout-setup-'));
      const outputFile = join(folder, 'output.ndjson');
      try {
        await run(configPath, ['deploy'], { env: { WRANGLER_OUTPUT_FILE_PATH: outputFile } });
        const entries = readFileSync(outputFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line));
        return { urls: entries.find((entry) => entry.type === 'deploy')?.targets ?? [] };
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}
