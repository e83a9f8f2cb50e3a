import type { Text } from '../i18n';

/** A field of a request that the customer (or a script) must fix, named as it is in the request. */
export interface FieldError {
  param: string;
  /** What the reader is told (a catalogue message, written in their language when answered). */
  message: Text;
}

/** Narrows a parse result: the field at fault, or what was parsed. */
export function isFieldError<T extends object>(value: T | FieldError): value is FieldError {
  return 'param' in value && typeof value.param === 'string' && 'message' in value;
}
