/**
 * Cloudflare's rate limiters (and Miniflare's, which counts in windows aligned to
 * `Date.now() / period`) start a fresh count at each window boundary. A test that sends a limit's
 * worth of requests and expects the next to be refused is only meaningful inside one window.
 */
const windowOf = (periodSeconds: number) => Math.floor(Date.now() / (periodSeconds * 1000));

/**
 * Runs `body` and, if a window boundary fell inside it, runs it once more with a fresh attempt
 * number (for fresh keys): the second run takes seconds, so it fits in one window. A failure in a
 * run that stayed in one window is reported as is.
 */
export async function inOneWindow(
  periodSeconds: number,
  body: (attempt: number) => Promise<void>,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const start = windowOf(periodSeconds);
    try {
      await body(attempt);
      if (windowOf(periodSeconds) === start || attempt > 0) return;
    } catch (error) {
      if (windowOf(periodSeconds) === start || attempt > 0) throw error;
    }
  }
}
