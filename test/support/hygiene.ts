/**
 * Secret hygiene: everything the checkout says during the suite (every response through the test
 * helpers, headers and body, and every console line, webhook deliveries included) is kept, and
 * each test file ends by checking that no secret appears in it.
 */
import { afterAll, expect } from 'vitest';
import { TEST_ENV } from './env';

const said: string[] = [];

/** Keeps a copy of a response's status line, headers and body. */
export async function remember(response: Response): Promise<void> {
  said.push(`${response.status} ${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${await response.clone().text()}`);
}

/** Wraps console so that every log line is kept too (and still printed). */
export function watchLogs(): void {
  for (const level of ['debug', 'info', 'log', 'warn', 'error'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      said.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
      original(...args);
    };
  }
  afterAll(() => {
    const everything = said.join('\n');
    expect(said.length).toBeGreaterThan(0);
    for (const secret of [TEST_ENV.STRIPE_SECRET_KEY, TEST_ENV.STRIPE_WEBHOOK_SECRET]) expect(everything, 'a secret in a response or a log line').not.toContain(secret);
    said.length = 0;
  });
}
