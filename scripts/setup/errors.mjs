// @ts-check
// The one kind of failure `npm run setup` reports as a plain message (no stack trace): a wrong
// input or a refusal, said in words that name what to fix.

/** A problem the person running setup can fix; its message says what and where. */
export class SetupError extends Error {
  name = 'SetupError';
}
