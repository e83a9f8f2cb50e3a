/**
 * One retry for a D1 query that failed with an error D1 documents as transient ("Retry the
 * operation": the database's Durable Object was reset or restarted, or the network connection to
 * it was lost). Only for reads and for writes that are idempotent: their second run changes nothing
 * the first already did (see the callers in ./index.ts). Any other error is thrown at once.
 */

/** The messages of D1's retryable errors (developers.cloudflare.com/d1/observability/debug-d1). */
const RETRYABLE = [
  'Network connection lost',
  'storage caused object to be reset',
  'reset because its code was updated',
];

/** Whether an error is one D1 says to retry. */
function isRetryable(error: unknown): boolean {
  const message = String(error);
  return RETRYABLE.some((text) => message.includes(text));
}

/** Longest wait before the retry: a reset Durable Object needs a moment; the customer waits too. */
const RETRY_WAIT_MS = 100;

/** Runs `query`, and once more after a short jittered wait if D1 failed transiently. */
export async function retryOnce<T>(
  query: () => Promise<T>,
  sleep: (ms: number) => Promise<unknown> = (ms) =>
    new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (!isRetryable(error)) throw error;
    await sleep(Math.random() * RETRY_WAIT_MS);
    return query();
  }
}
