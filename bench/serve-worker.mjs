// One Worker served as production's runtime serves it, for `npm run load` (load-stack.mjs starts
// one process of this per Worker, so that each Worker's CPU is its own process tree): Miniflare's
// workerd runs the Worker's deployable bundle (`wrangler deploy --dry-run`) with the bindings
// wrangler builds from its wrangler.toml, and the load's requests reach the Worker's isolate
// through workerd's own socket, without `wrangler dev`'s proxy Worker (a second workerd) in front.
// Run by load-stack.mjs, which sends it its settings as JSON (argv[2]) and hears through the IPC
// channel that it is ready (its URL, its inspector's); SIGTERM stops it.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from 'wrangler';

// The Miniflare that wrangler itself runs (wrangler 4.86's own, 4.20260426.0, with its workerd):
// the runtime `wrangler dev` serves the Worker with, and the options' schema wrangler builds them
// for. The Miniflare at the top of node_modules is the test pool's, an older release.
const { Miniflare } = createRequire(import.meta.resolve('wrangler'))('miniflare');

/**
 * @type {{ config: string, script: string, port: number, persist: string, envFile: string,
 *   inspectorPort?: number, verbose?: boolean }}
 *   config: its wrangler.toml; script: the bundle; persist: the state folder (`--persist-to`);
 *   envFile: its variables and secrets, as `wrangler dev --env-file` reads them (so a developer's
 *   .dev.vars is not read); inspectorPort: workerd's inspector, only to profile the isolate
 */
const settings = JSON.parse(process.argv[2]);

const config = unstable_readConfig({ config: settings.config });
// `envFiles` is read by wrangler 4.86's implementation (getVarsForDev), though its types omit it.
const { workerOptions } = unstable_getMiniflareWorkerOptions(config, undefined, {
  envFiles: [settings.envFile],
});
const miniflare = new Miniflare({
  host: '127.0.0.1',
  port: settings.port,
  inspectorPort: settings.inspectorPort,
  // Where `wrangler dev --persist-to` keeps D1 and Durable Objects: migrations applied there hold.
  defaultPersistRoot: join(settings.persist, 'v3'),
  // A request line each would be a message from workerd to this process: production has none.
  logRequests: false,
  // The Worker's own log lines are read (workerd would block on a full pipe), shown if verbose.
  handleRuntimeStdio(stdout, stderr) {
    for (const stream of [stdout, stderr])
      if (settings.verbose) stream.pipe(process.stderr);
      else stream.resume();
  },
  workers: [
    {
      name: config.name,
      ...workerOptions,
      modules: true,
      modulesRoot: dirname(settings.script),
      scriptPath: settings.script,
    },
  ],
});
const url = await miniflare.ready;
// Its isolate's inspector is workerd's, at the Worker's service name (only when asked for).
const inspector =
  settings.inspectorPort && `ws://127.0.0.1:${settings.inspectorPort}/core:user:${config.name}`;
process.send?.({ url: url.origin, inspector });
process.once('SIGTERM', () => {
  void miniflare.dispose().finally(() => process.exit(0));
});
