import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startLocalStack } from '../../scripts/local-stack.mjs';
import { CHROMIUM_PATH } from './support/chromium.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Chromium's executable, or null when it is not installed (the browser tests are skipped). */
    chromium: string | null;
    /** Origin of the checkout under `wrangler dev` (simulated mode). */
    checkout: string;
    /** Origin of the Stripe simulator. */
    sim: string;
  }
}

/**
 * Finds Chromium and starts the simulator and the checkout for every browser test file. Without
 * Chromium the browser tests are skipped with one line saying how to install it, except under CI,
 * where a missing browser fails the run.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM_PATH)) {
    const install = 'Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).';
    if (process.env.CI === 'true')
      throw new Error(
        `Browser tests cannot run: Chromium not found at ${CHROMIUM_PATH}. ${install}`,
      );
    console.warn(`Browser tests skipped: Chromium not found at ${CHROMIUM_PATH}. ${install}`);
    project.provide('chromium', null);
    project.provide('checkout', '');
    project.provide('sim', '');
    return;
  }
  // The servers' output, shown only when they fail to start (the last lines are enough to say why).
  const logs: string[] = [];
  const log = (chunk: string) => {
    logs.push(chunk);
    if (logs.length > 200) logs.shift();
  };
  let stack: Awaited<ReturnType<typeof startLocalStack>>;
  try {
    // Stripe Tax at the simulator's rates, so that a shippable cart is taxed (shipping.test.ts).
    stack = await startLocalStack({ log, vars: { TAX_CALCULATION: 'stripe' } });
  } catch (error) {
    console.error(logs.join(''));
    throw error;
  }
  project.provide('chromium', CHROMIUM_PATH);
  project.provide('checkout', stack.checkout);
  project.provide('sim', stack.sim);
  return async () => {
    await stack.stop();
  };
}
