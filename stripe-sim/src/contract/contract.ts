import { decimal, metadataUpdate } from '../param-types';
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
export type ParamNode = (
  | { type: 'string'; enum?: string[] }
  | { type: 'integer' | 'decimal' | 'boolean' | 'metadata' }
  | { type: 'hash'; properties: Record<string, number>; required: string[] }
  | { type: 'map'; values: number }
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
      return node.enum ? oneOf(node.enum) : string();
    case 'integer':
      return integer();
    case 'decimal':
      return decimal();
    case 'boolean':
      return boolean();
    case 'metadata':
      // Keys given '' are removed (updatedMetadata applies it), `metadata=` removes them all.
      return metadataUpdate();
    case 'array':
      return list(lazy(node.items));
    case 'map':
      return record(lazy(node.values));
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

/** A schema built on first use, so that building one endpoint's schema does not build them all. */
const lazy = (index: number): Schema<unknown> => ({
  parse: (value, param) => schemaOf(index).parse(value, param),
  get scalar() {
    return schemaOf(index).scalar;
  },
});

/** Hand-written schemas for some of an endpoint's top-level parameters (see `contract`). */
export type Overrides<E extends EndpointName> = {
  [K in keyof ParamsOf<E>]?: Schema<NonNullable<ParamsOf<E>[K]>>;
};

/**
 * The schema of an endpoint's parameters: every parameter stripe-node declares for it is accepted
 * and typed as stripe-node types it; any other is `parameter_unknown`; a value of the wrong type
 * is the 400 Stripe answers. Business rules (which combinations Stripe refuses) are the route's.
 * `overrides` replace the generated schema of some top-level parameters with stricter hand-written
 * ones (a coupon's `name`, at most 40 characters), which must accept what stripe-node's type says.
 */
export function contract<E extends EndpointName>(
  endpoint: E,
  overrides: Overrides<E> = {},
): Schema<ParamsOf<E>> {
  const root = CONTRACT.endpoints[endpoint];
  if (root === undefined)
    throw new Error(`stripe-sim: no contract for ${endpoint}; run node stripe-sim/build.mjs`);
  const node = CONTRACT.nodes[root];
  if (Object.keys(overrides).length === 0 || node?.type !== 'hash')
    return schemaOf(root) as Schema<ParamsOf<E>>;
  const shape: Record<string, Schema<unknown>> = Object.fromEntries(
    Object.entries(node.properties).map(([key, child]) => [key, lazy(child)]),
  );
  for (const [key, schema] of Object.entries(overrides)) {
    if (!(key in shape)) throw new Error(`stripe-sim: ${endpoint} has no parameter ${key}`);
    shape[key] = schema as Schema<unknown>;
  }
  return object(shape, node.required) as Schema<ParamsOf<E>>;
}
