// `npm run load -- --profile=checkout|simulator`: a V8 CPU profile of one Worker's isolate over
// the whole load window (through workerd's inspector, as the bench's isolate profiler), saved
// as a .cpuprofile for DevTools, and its functions by self time: where that isolate's CPU goes
// under load. The profiler slows what it measures: a profiled run's latencies are not reported.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectInspector, stopDevToolsReporting } from './inspector.mjs';

/** Sampling interval, µs: coarse enough to leave the isolate's speed nearly as it is. */
const INTERVAL_US = 1000;

/**
 * The functions of a profile by self samples, most first, and each category's share.
 * @param {{ nodes: { id: number, callFrame: { functionName: string, url: string,
 *   lineNumber: number } }[], samples: number[] }} profile
 * @param {number} top how many functions
 * @returns {{ samples: number, functions: { name: string, where: string, share: number }[] }}
 */
export function hotFunctions(profile, top = 20) {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const counts = new Map();
  let busy = 0;
  for (const id of profile.samples) {
    const frame = frames.get(id);
    if (!frame || frame.functionName === '(idle)') continue;
    busy++;
    const file = frame.url.split('/').pop() ?? '';
    const where = file && `${file}:${frame.lineNumber + 1}`;
    const key = `${frame.functionName || '(anonymous)'}\t${where}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const functions = [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, n]) => {
      const [name, where] = key.split('\t');
      return { name, where, share: busy ? n / busy : 0 };
    });
  return { samples: busy, functions };
}

/**
 * Starts profiling the isolate behind `target`; `stop()` saves the profile and answers its
 * hot functions and the file's path.
 * @param {string} name the Worker's name, for the file
 * @param {number | string} target its inspector (connectInspector's first argument)
 */
export async function profileIsolate(name, target) {
  const inspector = await connectInspector(target);
  await stopDevToolsReporting(inspector);
  await inspector.send('Profiler.enable');
  await inspector.send('Profiler.setSamplingInterval', { interval: INTERVAL_US });
  await inspector.send('Profiler.start');
  return {
    async stop() {
      try {
        const { profile } = await inspector.send('Profiler.stop');
        if (!profile) throw new Error(`${name}: Profiler.stop answered without a profile`);
        const file = join(tmpdir(), `edge-checkout-load-${name}-${Date.now()}.cpuprofile`);
        writeFileSync(file, JSON.stringify(profile));
        return { file, ...hotFunctions(profile) };
      } finally {
        await inspector.close();
      }
    },
  };
}
