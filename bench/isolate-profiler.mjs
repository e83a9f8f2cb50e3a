// Profiles one Worker's isolate under `wrangler dev` through its inspector (inspector.mjs), and
// shows which isolate that is: the script it runs, found by a string only that Worker's bundle
// holds, and the share of the profile's JS samples in that script.
import { connectInspector, stopDevToolsReporting } from './inspector.mjs';
import { moduleNamer } from './modules.mjs';
import { monotonicUs, readProfile } from './profile.mjs';

/** Time after a window's last response for its waitUntil work to finish inside the window. */
const TAIL_MS = 300;

/**
 * Opens the profiler of the isolate behind `inspectorPort`.
 *
 * The inspector's Runtime and Network reporting (console calls and subrequests sent to DevTools),
 * which wrangler switches on for its DevTools and production does not have, is switched off. (On
 * POST /charge it made no difference beyond the noise; off, it cannot.)
 *
 * @param {{ name: string, inspectorPort: number, marker: string, intervalUs: number,
 *   byModule?: boolean }} options
 *   marker: a string in this Worker's bundle and in no other measured Worker's; byModule: each
 *   profile's busy time by module too (modules.mjs, through the bundle's source map).
 * @returns {Promise<{ script: { id: string, url: string, bytes: number },
 *   measure: (run: () => Promise<unknown>) => Promise<ReturnType<typeof readProfile>>,
 *   close: () => Promise<void> }>}
 */
export async function openIsolateProfiler({ name, inspectorPort, marker, intervalUs, byModule }) {
  const inspector = await connectInspector(inspectorPort);
  try {
    const script = await findScript(inspector, marker);
    if (!script)
      throw new Error(
        `${name}: no script in the isolate behind inspector port ${inspectorPort} contains ` +
          `"${marker}": the profiler would not be measuring ${name}`,
      );
    const modules = byModule ? moduleNamer(script.url, script.id) : undefined;
    await stopDevToolsReporting(inspector);
    await inspector.send('Profiler.enable');
    await inspector.send('Profiler.setSamplingInterval', { interval: intervalUs });
    return {
      script,
      /** Profiles `run` (its requests and their waitUntil work) and reads the busy samples. */
      async measure(run) {
        await inspector.send('Profiler.start');
        // Samples before the first request (starting the profiler logs every compiled function)
        // and after the tail (stopping it) are left out by time.
        const from = monotonicUs();
        await run();
        await new Promise((resolve) => setTimeout(resolve, TAIL_MS));
        const to = monotonicUs();
        const { profile } = await inspector.send('Profiler.stop');
        if (!profile) throw new Error(`${name}: Profiler.stop answered without a profile`);
        return readProfile(profile, { from, to, intervalUs, modules });
      },
      close: () => inspector.close(),
    };
  } catch (error) {
    await inspector.close();
    throw error;
  }
}

/**
 * The script of the isolate whose source contains `marker`: the Debugger lists every script the
 * isolate has parsed (then it is switched off again, as it slows the code it watches).
 * @returns {Promise<{ id: string, url: string, bytes: number } | null>}
 */
async function findScript(inspector, marker) {
  const parsed = [];
  const stop = inspector.on('Debugger.scriptParsed', (script) => parsed.push(script));
  // V8 announces the scripts it already has before it answers Debugger.enable.
  await inspector.send('Debugger.enable');
  stop();
  let found = null;
  for (const script of parsed.filter((s) => s.url)) {
    const { scriptSource } = await inspector.send('Debugger.getScriptSource', {
      scriptId: script.scriptId,
    });
    if (scriptSource.includes(marker)) {
      found = { id: String(script.scriptId), url: script.url, bytes: scriptSource.length };
      break;
    }
  }
  await inspector.send('Debugger.disable');
  return found;
}
