// @ts-check
// Which keys the deployed Worker has, from the Worker itself: its GET /config names its mode.
// This machine's state file may not know (another machine, a fresh clone, CI), the Worker does.

/** How long the Worker gets to answer: a first run's address may not answer at all. */
export const CONFIG_TIMEOUT_MS = 5000;

/**
 * The mode the Worker at `origin` says it runs in (GET /config), or undefined when it gives no
 * such answer: not deployed yet, unreachable, refusing payments (503), or not JSON. Only a
 * successful JSON answer is evidence, so a first run is never blocked.
 * @param {string} origin the Worker's address, e.g. https://edge-checkout.you.workers.dev
 * @param {typeof fetch} fetchImpl
 * @param {number} [timeoutMs]
 * @returns {Promise<'live' | 'test' | 'simulated' | undefined>}
 */
export async function deployedMode(origin, fetchImpl, timeoutMs = CONFIG_TIMEOUT_MS) {
  try {
    const response = await fetchImpl(`${origin}/config`, {
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) return undefined;
    const { mode } = /** @type {{ mode?: unknown }} */ ((await response.json()) ?? {});
    return mode === 'live' || mode === 'test' || mode === 'simulated' ? mode : undefined;
  } catch {
    return undefined;
  }
}
