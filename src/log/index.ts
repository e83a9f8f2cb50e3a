/**
 * Structured logs: one JSON object per line, which Workers Logs indexes field by field.
 * Callers pass only what is safe to keep: never card data, secrets or a full email address.
 */

type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined> & {
  level?: never;
  event?: never;
};

/** Writes one structured log line. */
export function log(level: LogLevel, event: string, fields: LogFields = {}): void {
  const line = JSON.stringify({ level, event, ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}
