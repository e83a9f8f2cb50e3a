// @ts-check
// Loads the Worker's own rules (src/) into Node, so that setup applies them (which keys go
// together, which events the webhook handles) instead of a copy of them. The event list is plain
// JavaScript; the configuration is TypeScript, which esbuild (already used to build the page)
// compiles in memory.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { readDotenv } from '../dev-vars.mjs';
import { WEBHOOK_EVENTS } from '../../src/webhook/events.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Compiles `src/<path>` and what it imports into one ES module and imports it.
 * @param {string} path relative to src/, e.g. 'config/index.ts'
 * @returns {Promise<Record<string, unknown>>}
 */
export async function loadSource(path) {
  const result = await build({
    entryPoints: [`${root}src/${path}`],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text ?? '';
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

/**
 * The example publishable key of .dev.vars.example (the simulator's): a deployed Worker that
 * answers it was given the example values (the Deploy button asks for each, pre-filled), and its
 * Payment Element fails at Stripe. Read from the file, so the two cannot drift apart.
 */
export function examplePublishableKey() {
  const example = readDotenv(readFileSync(`${root}.dev.vars.example`, 'utf8'));
  return example.STRIPE_PUBLISHABLE_KEY;
}

/**
 * The Worker's rules that setup applies.
 * @returns {Promise<import('./run.mjs').WorkerRules>}
 */
export async function loadWorkerRules() {
  const [config, shop] = await Promise.all([
    loadSource('config/index.ts'),
    loadSource('shop/identity.ts'),
  ]);
  return {
    handledEventTypes: WEBHOOK_EVENTS,
    resolvePaymentConfig: /** @type {any} */ (config.resolvePaymentConfig),
    isLoopback: /** @type {any} */ (config.isLoopback),
    identity: /** @type {any} */ (shop.SHOP),
    examplePublishableKey: examplePublishableKey(),
  };
}
