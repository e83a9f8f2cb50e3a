/** A `{name}` placeholder, its name captured: the one pattern of every reader of messages. */
export const PLACEHOLDER = /\{([\w.-]+)\}/g;

/**
 * Fills a catalogue message's `{name}` placeholders. Shared by the Worker and the Checkout page's
 * script (client/, bundled by esbuild), so both read messages the same way. A placeholder without
 * a value is left as it is: a test of each catalogue finds such mistakes, a customer never does.
 */
export function fill(message: string, params: Record<string, string | number>): string {
  return message.replace(PLACEHOLDER, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The names of a message's placeholders, in order. */
export function placeholders(message: string): string[] {
  return Array.from(message.matchAll(PLACEHOLDER), (match) => match[1]!);
}
