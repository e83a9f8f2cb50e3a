import type { Wrangler } from '../../scripts/setup/wrangler.mjs';

/** One wrangler command the fake was asked to run. */
export type WranglerCall =
  | { command: 'listDatabases' | 'listSecrets' | 'deploy' }
  | { command: 'countOrders'; binding: string }
  | { command: 'createDatabase'; name: string }
  | { command: 'applyMigrations'; binding: string }
  | { command: 'putSecrets'; secrets: Record<string, string> };

/** The commands that change something (a dry run must make none). */
export const CHANGING = ['createDatabase', 'applyMigrations', 'putSecrets', 'deploy'];

/**
 * A stand-in for scripts/setup/wrangler.mjs: a Cloudflare account in memory (D1 databases, the
 * Worker's secrets), recording every call.
 */
export function fakeWrangler(options: { workerUrl?: string; orders?: number } = {}) {
  const calls: WranglerCall[] = [];
  const databases: { uuid: string; name: string }[] = [];
  const secrets = new Map<string, string>();
  let deployed = false;
  const wrangler: Wrangler = {
    async listDatabases() {
      calls.push({ command: 'listDatabases' });
      return databases.map((db) => ({ ...db }));
    },
    async createDatabase(name) {
      calls.push({ command: 'createDatabase', name });
      databases.push({ uuid: crypto.randomUUID(), name });
    },
    async applyMigrations(binding) {
      calls.push({ command: 'applyMigrations', binding });
    },
    async listSecrets() {
      calls.push({ command: 'listSecrets' });
      return [...secrets.keys()];
    },
    async putSecrets(values) {
      calls.push({ command: 'putSecrets', secrets: { ...values } });
      for (const [name, value] of Object.entries(values)) secrets.set(name, value);
    },
    async countOrders(binding) {
      calls.push({ command: 'countOrders', binding });
      return options.orders;
    },
    async deploy() {
      calls.push({ command: 'deploy' });
      deployed = true;
      return { urls: options.workerUrl ? [options.workerUrl] : [] };
    },
  };
  return {
    wrangler,
    calls,
    databases,
    secrets,
    /** The Worker was deployed: it answers at its address from now on. */
    deployed: () => deployed,
    /** The calls that changed something. */
    changes: () => calls.filter((call) => CHANGING.includes(call.command)),
  };
}
