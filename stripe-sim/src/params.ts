import { invalidRequest, missingParameter, unknownParameter, validated } from './errors';
import type { FormHash, FormValue } from './form';

/**
 * Request-parameter schemas. Strictness is the point: an unknown parameter, a missing one or a value
 * of the wrong type is answered with the 400 Stripe would send, naming the parameter the way Stripe
 * does (`payment_method_data[card][number]`), so integration bugs surface against the simulator.
 */
export interface Schema<T> {
  /** Validates one decoded form value; `param` is its bracketed name, used in error messages. */
  parse(value: FormValue, param: string): T;
  /** True for schemas of one string value (not a hash or an array): how `anyOf` reports errors. */
  readonly scalar?: boolean;
}

/** The type a schema parses to. */
type Infer<S> = S extends Schema<infer T> ? T : never;
type Out<S> = Infer<S>;
type Shape = { [key: string]: Schema<unknown> };
/** The parsed object: required keys present, the others optional. */
type Parsed<S extends Shape, R extends keyof S> = { [K in R]: Out<S[K]> } & {
  [K in Exclude<keyof S, R>]?: Out<S[K]>;
};

const child = (param: string, key: string) => (param ? `${param}[${key}]` : key);

function expectString(value: FormValue, param: string): string {
  if (typeof value !== 'string')
    throw invalidRequest(`Invalid ${param}: expected a string, got a hash`, { param });
  return value;
}

/** A non-empty string (Stripe treats an empty string as an attempt to unset the parameter). */
export const string = (): Schema<string> => ({
  scalar: true,
  parse(value, param) {
    const text = expectString(value, param);
    if (text === '') {
      throw invalidRequest(
        `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a ` +
          `parameter; however '${param}' cannot be unset. You should remove '${param}' from your request ` +
          'or supply a non-empty value.',
        { param, code: 'parameter_invalid_empty' },
      );
    }
    return text;
  },
});

/** A base-10 integer. */
export const integer = (): Schema<number> => ({
  scalar: true,
  parse(value, param) {
    const text = expectString(value, param);
    if (!/^-?\d{1,15}$/.test(text))
      throw invalidRequest(`Invalid integer: ${text}`, {
        param,
        code: 'parameter_invalid_integer',
      });
    return Number(text);
  },
});

/** `true` or `false`. */
export const boolean = (): Schema<boolean> => ({
  scalar: true,
  parse(value, param) {
    const text = expectString(value, param);
    if (text !== 'true' && text !== 'false')
      throw invalidRequest(`Invalid boolean: ${text}`, { param });
    return text === 'true';
  },
});

/** One of a fixed set of strings. */
export const oneOf = <const V extends string>(values: readonly V[]): Schema<V> => ({
  scalar: true,
  parse(value, param) {
    const text = expectString(value, param);
    if (!(values as readonly string[]).includes(text)) {
      const listed =
        values.length > 1 ? `${values.slice(0, -1).join(', ')}, or ${values.at(-1)}` : values[0];
      throw invalidRequest(`Invalid ${param}: must be one of ${listed}`, { param });
    }
    return text as V;
  },
});

/** An array, sent as `name[]=a&name[]=b` or `name[0]=a&name[1]=b`. */
export const list = <T>(item: Schema<T>): Schema<T[]> => ({
  parse(value, param) {
    if (typeof value === 'string')
      throw invalidRequest(`Invalid array: ${param} must be sent as ${param}[]`, { param });
    const keys = Object.keys(value);
    if (keys.some((key, i) => key !== String(i)))
      throw invalidRequest(`Invalid array: ${param}`, { param });
    return keys.map((key) => item.parse(value[key] as FormValue, `${param}[${key}]`));
  },
});

/** `metadata[key]=value`: at most 50 keys of 40 characters, values of 500; an empty value unsets its key. */
export const metadata = (): Schema<Record<string, string>> => ({
  parse(value, param) {
    if (typeof value === 'string') {
      if (value === '') return {};
      throw invalidRequest(`Invalid ${param}: must be a hash`, { param });
    }
    const entries = Object.entries(value);
    if (entries.length > 50)
      throw invalidRequest(`Invalid ${param}: at most 50 keys are allowed`, { param });
    const result: Record<string, string> = {};
    for (const [key, raw] of entries) {
      const text = expectString(raw, child(param, key));
      if (key.length > 40)
        throw invalidRequest(`Metadata keys can have up to 40 characters: ${key}`, {
          param: child(param, key),
        });
      if (text.length > 500)
        throw invalidRequest(`Metadata values can have up to 500 characters: ${key}`, {
          param: child(param, key),
        });
      if (text !== '') result[key] = text;
    }
    return result;
  },
});

/** A hash with any keys, each value checked by `values`. */
export const record = <T>(values: Schema<T>): Schema<Record<string, T>> => ({
  parse(value, param) {
    if (typeof value === 'string')
      throw invalidRequest(`Invalid ${param}: must be a hash`, { param });
    return Object.fromEntries(
      Object.entries(value).map(([key, raw]) => [key, values.parse(raw, child(param, key))]),
    );
  },
});

/** `schema`, or an empty string: Stripe's way to unset a parameter (`shipping=`). */
export const unsettable = <T>(schema: Schema<T>): Schema<T | ''> => ({
  ...(schema.scalar && { scalar: true }),
  parse: (value, param) => (value === '' ? '' : schema.parse(value, param)),
});

/**
 * The first of `schemas` that accepts the value (`off_session=true` or `off_session=recurring`);
 * if none does, the error of the first one that expects its kind (a string or a hash).
 */
export const anyOf = <T>(schemas: readonly Schema<T>[]): Schema<T> => ({
  parse(value, param) {
    const errors: unknown[] = [];
    for (const schema of schemas) {
      try {
        return schema.parse(value, param);
      } catch (err) {
        errors.push(err);
      }
    }
    const sameKind = schemas.findIndex((schema) => !!schema.scalar === (typeof value === 'string'));
    throw errors[Math.max(sameKind, 0)];
  },
});

/** A hash with known keys; any other key is Stripe's `parameter_unknown`. */
export function object<S extends Shape, R extends keyof S & string = never>(
  shape: S,
  required: readonly R[] = [],
): Schema<Parsed<S, R>> {
  return {
    parse(value, param) {
      if (typeof value === 'string')
        throw invalidRequest(`Invalid ${param}: must be a hash`, { param });
      const result: Record<string, unknown> = {};
      for (const [key, raw] of Object.entries(value)) {
        const schema = shape[key];
        if (!schema) throw unknownParameter(child(param, key));
        result[key] = schema.parse(raw, child(param, key));
      }
      for (const key of required) if (!(key in value)) throw missingParameter(child(param, key));
      return result as Parsed<S, R>;
    },
  };
}

/**
 * Validates a whole request (its decoded query string or body) against a top-level schema. Its
 * errors are validation errors: an Idempotency-Key saves none of them (idempotency.ts).
 */
export function parseParams<T>(schema: Schema<T>, form: FormHash): T {
  return validated(() => schema.parse(form, ''));
}
