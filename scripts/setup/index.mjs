// @ts-check
// `npm run setup`: from a fork to a live shop in one command. See USAGE in options.mjs, and
// docs/going-live.md for what to do before taking real payments.
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { SetupError } from './errors.mjs';
import { parseOptions, USAGE } from './options.mjs';
import { createPrompt } from './prompt.mjs';
import { runSetup } from './run.mjs';
import { loadWorkerRules } from './source.mjs';
import { fileState } from './state.mjs';
import { createStripe } from './stripe.mjs';
import { createWrangler } from './wrangler.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

let prompt;
try {
  const options = parseOptions(process.argv.slice(2), process.env, Boolean(process.stdin.isTTY));
  if (options.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const configPath = resolve(root, options.config ?? 'wrangler.toml');
  const rules = await loadWorkerRules();
  // Against a local simulator, the Stripe side is make-believe but Cloudflare's is real: only a
  // dry run makes sense (the tests run setup against the simulator with wrangler replaced).
  if (options.apiBase && URL.canParse(options.apiBase) && !options.dryRun) {
    if (rules.isLoopback(new URL(options.apiBase).hostname))
      throw new SetupError(
        'STRIPE_API_BASE (--api-base) points at a local simulator: setup would deploy a real ' +
          'Worker with simulated keys. Unset it (it is for npm run dev), or add --dry-run.',
      );
  }
  prompt = options.interactive ? createPrompt(process.stdin, process.stdout) : undefined;
  await runSetup(options, {
    wrangler: createWrangler(configPath),
    state: fileState(resolve(root, '.wrangler/setup/state.json')),
    rules,
    stripeFor: createStripe,
    prompt,
    out: (line) => console.log(line),
    configPath,
  });
} catch (error) {
  const shown =
    error instanceof SetupError ? error.message : error instanceof Error ? error.stack : error;
  console.error(`\n${shown}`);
  process.exitCode = 1;
} finally {
  prompt?.close();
}
