/**
 * The Worker's way of filling a catalogue message: each message is split at its `{name}`
 * placeholders once per isolate (text, name, text, …, text), not searched by a regular expression
 * on every write. Server-only: the Checkout page's script keeps format.ts's smaller `fill`.
 */
import { memo } from '../memo.js';
import { PLACEHOLDER } from './format.js';

// The catalogues are a fixed set of strings (a few hundred per language): the limit is never met.
const split = memo(4096, (message: string) => message.split(PLACEHOLDER));

/**
 * A message with each placeholder written as `value(name)` says; one without a value is left as
 * it is, as `fill` leaves it.
 */
export function fillEach(
  message: string,
  value: (name: string) => string | number | undefined,
): string {
  const parts = split(message);
  let written = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    written += `${value(name) ?? `{${name}}`}${parts[i + 1]!}`;
  }
  return written;
}
