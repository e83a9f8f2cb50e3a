/**
 * Secret hygiene: everything the checkout says during the suite (every response through the test
 * helpers, headers and body, and every console line, webhook deliveries included) is kept, and
 * each test file ends by checking that no secret appears in it, and no email address (a
 * customer's or an admin's) or card number in the logs. Log lines are printed only for a
 * test that fails: the Worker writes one per request, and the fuzz tests make thousands.
 */
import { afterAll, afterEach, beforeEach, expect } from 'vitest';
import { TEST_ENV } from './env';

const said: string[] = [];
const logged: string[] = [];
let testLog: string[] = [];

/**
 * Email addresses, anyone's: logs carry none (an admin is named by their Access user id). A masked
 * one (`j***@example.com`, the form the logs once used) has no address left before its `@` and
 * does not match; nor does a package version in a path (`jose@6.0.0/dist`).
 */
const EMAIL = /[\w.+%-]+@(?:[a-z0-9-]+\.)+[a-z]{2,}\b/gi;

/** Digit runs (spaces and dashes allowed) of card-number length that pass the Luhn check. */
function cardNumbersIn(text: string): string[] {
  const runs = text.match(/(?<![\w-])(?:\d ?){12,18}\d(?![\w-])/g) ?? [];
  return runs.filter((run) => {
    const digits = run.replace(/\D/g, '');
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let digit = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
    return sum % 10 === 0;
  });
}

/** The suite's secrets. */
const SECRETS = [TEST_ENV.STRIPE_SECRET_KEY, TEST_ENV.STRIPE_WEBHOOK_SECRET];

/**
 * What of the suite's secrets, email addresses and card numbers `text` shows: none, for a log
 * line or anything else that must not keep personal data.
 */
export function privateDataIn(text: string): string[] {
  return [
    ...SECRETS.filter((secret) => text.includes(secret)),
    ...(text.match(EMAIL) ?? []),
    ...cardNumbersIn(text),
  ];
}

/** Keeps a copy of a response's status line, headers and body. */
export async function remember(response: Response): Promise<void> {
  said.push(
    `${response.status} ${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n` +
      (await response.clone().text()),
  );
}

/** Replaces console so that every log line is kept, and printed only if its test fails. */
export function watchLogs(): void {
  const print = console.log.bind(console);
  for (const level of ['debug', 'info', 'log', 'warn', 'error'] as const) {
    console[level] = (...args: unknown[]) => {
      const line = args
        .map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg)))
        .join(' ');
      said.push(line);
      logged.push(line);
      testLog.push(line);
    };
  }
  beforeEach(() => {
    testLog = [];
  });
  afterEach(({ task }) => {
    if (task.result?.state === 'fail') print(`Log of "${task.name}":\n${testLog.join('\n')}`);
  });
  afterAll(() => {
    const everything = said.join('\n');
    for (const secret of SECRETS)
      expect(everything, 'a secret in a response or a log line').not.toContain(secret);
    expect(
      privateDataIn(logged.join('\n')),
      'a secret, email address or card number in a log line',
    ).toEqual([]);
    said.length = 0;
    logged.length = 0;
  });
}
