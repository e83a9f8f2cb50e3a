// Reading a V8 CPU profile (the DevTools `Profiler.stop` result) as CPU time of one isolate.
//
// How workerd samples: V8's sampler ticks every interval, but records a sample only while the
// isolate is entered (its lock held by the thread that runs it). Time spent waiting for I/O with
// the lock released leaves no sample at all, so the samples of a window are the isolate's busy time,
// each worth one tick. Each sample is one of:
//   JS frames                 the Worker's code, its libraries and the runtime's JS built-ins;
//   "(program)"               native work of the runtime inside the isolate with no JS frame on the
//                             stack (request and response objects, binding glue, microtask runs);
//   "(garbage collector)"     collecting the isolate's heap;
//   "(idle)"                  the isolate entered but waiting for work.
// Cloudflare bills a Worker's CPU time, which includes the runtime's native work and GC on its
// behalf: every category but "(idle)" is counted ("busy").

/** The profiler's own categories (function names in parentheses); anything else is JS. */
const CATEGORY = new Map([
  ['(program)', 'program'],
  ['(garbage collector)', 'gc'],
  ['(root)', 'program'],
  ['(idle)', 'idle'],
]);

/**
 * The busy samples of a profile between two instants, by category and by script.
 * @param {{ nodes: { id: number, callFrame: { functionName: string, scriptId: string | number,
 *   url: string } }[], startTime: number, samples: number[], timeDeltas: number[] }} profile
 * @param {{ from?: number, to?: number, intervalUs: number,
 *   modules?: (profile: any) => (nodeId: number) => { module: string, fn: string } }} options from, to: in µs of the
 *   monotonic clock (profile timestamps are CLOCK_MONOTONIC, as is process.hrtime); intervalUs: the
 *   sampling interval asked for; modules: names the module each busy sample counts for
 *   and function (modules.mjs), for `modulesUs` and `functionsUs`.
 * @returns {{ samples: { js: number, program: number, gc: number, idle: number }, busy: number,
 *   tickUs: number, busyUs: number, jsByScript: Map<string, { url: string, samples: number }>,
 *   modulesUs: Record<string, number>, functionsUs: Record<string, number> }}
 *   tickUs: the time one sample stands for, measured (see tickOf); busyUs = busy × tickUs;
 *   modulesUs, functionsUs: with `modules`, busy µs by module name and by function (self time);
 *   jsByScript: JS samples by script id (the Debugger's), with the script's URL as the profile
 *   gives it ('' for the runtime's built-ins, `cloudflare-internal:…` for its JS modules).
 */
export function readProfile(profile, options) {
  const from = options.from ?? -Infinity;
  const to = options.to ?? Infinity;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const samples = { js: 0, program: 0, gc: 0, idle: 0 };
  const jsByScript = new Map();
  const moduleOf = options.modules?.(profile);
  const moduleSamples = new Map();
  const functionSamples = new Map();
  let at = profile.startTime;
  profile.samples.forEach((nodeId, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < from || at > to) return;
    const frame = nodes.get(nodeId);
    const category = CATEGORY.get(frame?.functionName) ?? 'js';
    samples[category]++;
    if (moduleOf && category !== 'idle') {
      const { module, fn } = moduleOf(nodeId);
      moduleSamples.set(module, (moduleSamples.get(module) ?? 0) + 1);
      functionSamples.set(fn, (functionSamples.get(fn) ?? 0) + 1);
    }
    if (category === 'js') {
      const script = String(frame.scriptId);
      const seen = jsByScript.get(script) ?? { url: frame.url, samples: 0 };
      seen.samples++;
      jsByScript.set(script, seen);
    }
  });
  const busy = samples.js + samples.program + samples.gc;
  const tickUs = tickOf(profile.timeDeltas, options.intervalUs);
  const inUs = (counts) => Object.fromEntries([...counts].map(([name, n]) => [name, n * tickUs]));
  return {
    samples,
    busy,
    tickUs,
    busyUs: busy * tickUs,
    jsByScript,
    modulesUs: inUs(moduleSamples),
    functionsUs: inUs(functionSamples),
  };
}

/**
 * The sampler's real period: the median gap between consecutive samples taken within one busy
 * stretch (gaps under 5 intervals; longer ones span time with the lock released). It is longer than
 * the interval asked for (signal delivery, a busy machine), and every sample stands for one period.
 * @param {number[]} timeDeltas µs between consecutive samples
 * @param {number} intervalUs the interval asked for
 */
export function tickOf(timeDeltas, intervalUs) {
  const close = timeDeltas
    .slice(1)
    .filter((delta) => delta > 0 && delta < 5 * intervalUs)
    .sort((a, b) => a - b);
  return close.length >= 10 ? close[Math.floor(close.length / 2)] : intervalUs;
}

/** Now, in µs of the monotonic clock that profile timestamps use. */
export function monotonicUs() {
  return Number(process.hrtime.bigint() / 1000n);
}
