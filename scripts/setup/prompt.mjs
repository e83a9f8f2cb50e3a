// @ts-check
// Questions for interactive setup (node:readline): a value, a secret (not echoed), or yes/no.
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';

/**
 * @typedef {object} Prompt
 * @property {(question: string, options?: { secret?: boolean }) => Promise<string>} ask
 * @property {(question: string) => Promise<boolean>} confirm yes unless the answer starts with n
 * @property {() => void} close
 */

/**
 * A prompt on the given streams (a terminal's stdin and stdout in `npm run setup`).
 * @param {NodeJS.ReadableStream & { isTTY?: boolean }} input
 * @param {NodeJS.WritableStream} output
 * @returns {Prompt}
 */
export function createPrompt(input, output) {
  let muted = false;
  // Echo goes through this stream, so that typing a secret key shows nothing.
  const echo = new Writable({
    write(chunk, encoding, callback) {
      if (!muted) output.write(chunk, encoding);
      callback();
    },
  });
  // No history: Up at the next question would bring back (and show) the secret key typed muted.
  const rl = createInterface({
    input,
    output: echo,
    terminal: Boolean(input.isTTY),
    historySize: 0,
  });
  return {
    async ask(question, { secret = false } = {}) {
      output.write(question);
      muted = secret;
      try {
        return (await rl.question('')).trim();
      } finally {
        if (secret) output.write('\n');
        muted = false;
      }
    },
    async confirm(question) {
      output.write(`${question} [Y/n] `);
      return !/^n/i.test((await rl.question('')).trim());
    },
    close: () => rl.close(),
  };
}
