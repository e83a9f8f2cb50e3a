import { checkExpand } from '../expand';
import { currency, currencyKeyed, decimal, decimalDigits, metadataUpdate } from '../param-types';
import {
  anyOf,
  boolean,
  integer,
  list,
  object,
  oneOf,
  record,
  type Schema,
  string,
  unsettable,
} from '../params';
import generated from './contract.generated.json';
import type { EndpointName, ParamsOf } from './endpoints';

/** A parameter's accepted values; child nodes are indexes into `Contract.nodes`. */
export type ParamNode =
  /** `format: 'currency'`: a currency code, lower-cased as Stripe stores it. */
  (
    | { type: 'string'; enum?: string[]; format?: 'currency' }
    | { type: 'integer' | 'boolean' | 'metadata' }
    /** A number with decimals; `exact`: stripe-node's `Decimal`, parsed to its digits as sent. */
    | { type: 'decimal'; exact?: true }
    | { type: 'hash'; properties: Record<string, number>; required: string[] }
    /** `keys: 'currency'`: a hash keyed by currency codes (`currency_options[eur]`). */
    | { type: 'map'; values: number; keys?: 'currency' }
    | { type: 'array'; items: number }
    | { type: 'union'; of: number[] }
  ) & {
    /** An empty string (Stripe's way to unset a parameter) is accepted too. */
    emptyable?: true;
  };

/** A field `expand[]` may replace (its path from the object's root) and the objects it may hold. */
export interface Expandable {
  path: string[];
  objects: string[];
}

/**
 * What stripe-node's types say about the endpoints of src/contract/endpoints.ts, derived by
 * stripe-sim/tools/stripe-types.mjs (`node stripe-sim/build.mjs` writes contract.generated.json).
 */
export interface Contract {
  /** The stripe-node version it was derived from. */
  stripeNode: string;
  /** Each endpoint's parameters: the root node (a hash). */
  endpoints: Record<string, number>;
  nodes: ParamNode[];
  /** Per object name, its fields `expand[]` may replace. */
  expandable: Record<string, Expandable[]>;
}

export const CONTRACT = generated as Contract;

const schemas = new Map<number, Schema<unknown>>();

/** The schema checking values of one parameter node (built once per node). */
function schemaOf(index: number): Schema<unknown> {
  const known = schemas.get(index);
  if (known) return known;
  const node = CONTRACT.nodes[index];
  if (!node) throw new Error(`stripe-sim: contract node ${index} is missing; rebuild it`);
  const schema = node.emptyable ? unsettable(baseSchema(node)) : baseSchema(node);
  schemas.set(index, schema);
  return schema;
}

function baseSchema(node: ParamNode): Schema<unknown> {
  switch (node.type) {
    case 'string':
      if (node.enum) return oneOf(node.enum);
      return node.format === 'currency' ? currency() : string();
    case 'integer':
      return integer();
    case 'decimal':
      return node.exact ? decimalDigits() : decimal();
    case 'boolean':
      return boolean();
    case 'metadata':
      // Keys given '' are removed (updatedMetadata applies it), `metadata=` removes them all.
      return metadataUpdate();
    case 'array':
      return list(lazy(node.items));
    case 'map':
      return mapOf(node, lazy(node.values));
    case 'union':
      return anyOf(node.of.map(lazy));
    case 'hash': {
      const shape = Object.fromEntries(
        Object.entries(node.properties).map(([key, child]) => [key, lazy(child)]),
      );
      return object(shape, node.required);
    }
  }
}

/** A map's schema: its keys checked too when they are currencies. */
const mapOf = (node: { keys?: 'currency' }, values: Schema<unknown>) =>
  node.keys === 'currency' ? currencyKeyed(values) : record(values);

/** A schema built on first use, so that building one endpoint's schema does not build them all. */
const lazy = (index: number): Schema<unknown> => ({
  parse: (value, param) => schemaOf(index).parse(value, param),
  get scalar() {
    return schemaOf(index).scalar;
  },
});

/**
 * Stricter checks for some parameters, at any depth: a schema replaces the generated check of the
 * parameter it is given for; a hash of them reaches inside a hash parameter, and `'*'` inside an
 * array's items or a map's values (`{ line_items: { '*': { amount: integerFrom(0) } } }`). Each
 * must still accept what stripe-node's type says (the types check it).
 */
type Overrides<T> = { [K in keyof T]?: Override<NonNullable<T[K]>> };
type Override<T> =
  | Schema<T>
  | (T extends readonly (infer Item)[]
      ? { '*': Override<NonNullable<Item>> }
      : T extends string | number | boolean
        ? never
        : Overrides<T>);

type AnyOverride = Schema<unknown> | { [key: string]: AnyOverride };
const isSchema = (override: AnyOverride): override is Schema<unknown> =>
  typeof override.parse === 'function';

/** The schema of the node at `param`, with `override` applied to it or inside it. */
function overridden(index: number, override: AnyOverride, param: string): Schema<unknown> {
  const node = CONTRACT.nodes[index];
  if (!node) throw new Error(`stripe-sim: contract node ${index} is missing; rebuild it`);
  const inner = (child: number, key: string): Schema<unknown> => {
    const nested = (override as Record<string, AnyOverride>)[key];
    return nested === undefined ? lazy(child) : overridden(child, nested, `${param}[${key}]`);
  };
  const only = (keys: string[]) => {
    const unknown = Object.keys(override).find((key) => !keys.includes(key));
    if (unknown) throw new Error(`stripe-sim: ${param} has no parameter ${unknown} to override`);
  };
  let schema: Schema<unknown>;
  if (isSchema(override)) schema = override;
  else if (node.type === 'hash') {
    only(Object.keys(node.properties));
    const shape = Object.fromEntries(
      Object.entries(node.properties).map(([key, child]) => [key, inner(child, key)]),
    );
    schema = object(shape, node.required);
  } else if (node.type === 'array') {
    only(['*']);
    schema = list(inner(node.items, '*'));
  } else if (node.type === 'map') {
    only(['*']);
    schema = mapOf(node, inner(node.values, '*'));
  } else throw new Error(`stripe-sim: ${param} has no parameters inside it to override`);
  // '' still unsets what stripe-node declares Emptyable.
  return node.emptyable ? unsettable(schema) : schema;
}

/**
 * The schema of an endpoint's parameters: every parameter stripe-node declares for it is accepted
 * and typed as stripe-node types it; any other is `parameter_unknown`; a value of the wrong type
 * is the 400 Stripe answers. Business rules (which combinations Stripe refuses) are the route's.
 * `overrides` replace the generated checks of some parameters with stricter hand-written ones
 * (a coupon's `name`, at most 40 characters).
 */
export function contract<E extends EndpointName>(
  endpoint: E,
  overrides: Overrides<ParamsOf<E>> = {},
): Schema<ParamsOf<E>> {
  const root = CONTRACT.endpoints[endpoint];
  if (root === undefined)
    throw new Error(`stripe-sim: no contract for ${endpoint}; run node stripe-sim/build.mjs`);
  const schema =
    Object.keys(overrides).length === 0
      ? schemaOf(root)
      : overridden(root, overrides as AnyOverride, '');
  return withExpandChecked(endpoint, schema as Schema<ParamsOf<E>>);
}

/**
 * The schema, also checking the parameters' `expand[]` against what the endpoint answers
 * (expand.ts): a path Stripe refuses is refused with the other parameters, before anything is
 * carried out (and so never saved under an Idempotency-Key).
 */
function withExpandChecked<T>(endpoint: EndpointName, schema: Schema<T>): Schema<T> {
  return {
    ...(schema.scalar && { scalar: true }),
    parse(value, param) {
      const params = schema.parse(value, param);
      checkExpand(endpoint, (params as { expand?: string[] }).expand);
      return params;
    },
  };
}

/**
 * The values stripe-node lists for the parameter at `path` of an endpoint (`'*'` for an array's
 * items): the countries a Checkout Session may ship to, for its hosted page's address form.
 */
export function enumAt(endpoint: EndpointName, path: readonly string[]): string[] {
  let index = CONTRACT.endpoints[endpoint];
  for (const segment of path) {
    const node = index === undefined ? undefined : CONTRACT.nodes[index];
    index =
      node?.type === 'hash'
        ? node.properties[segment]
        : node?.type === 'array' && segment === '*'
          ? node.items
          : undefined;
  }
  const node = index === undefined ? undefined : CONTRACT.nodes[index];
  if (node?.type !== 'string' || !node.enum)
    throw new Error(`stripe-sim: ${endpoint} ${path.join('.')} lists no values`);
  return node.enum;
}
