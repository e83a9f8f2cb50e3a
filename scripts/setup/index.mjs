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
  prompt = options.interactive ? createPrompt(process.stdin, process.stdout) : undefined;
  await runSetup(options, {
    wrangler: createWrangler(configPath),
    state: fileState(resolve(root, '.wrangler/setup/state.json')),
    rules: await loadWorkerRules(),
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
