import type { Contract, ParamNode } from '../../src/contract/contract';

/**
 * Probes: one per parameter of an endpoint's contract (as derived from the installed stripe-node
 * at test time), each with a valid sample value for that parameter, plus the required parameters
 * around it. test/contract.test.ts sends them to the simulator, many to a request (batches), and
 * a refused request again in halves until each refused parameter is found alone.
 */

/** The fields of a returned object, nested; `true` for a value that is not a hash. */
export type FieldTree = { [field: string]: FieldTree | true };

/** A form pair: `[name, value]`, the name in Stripe's bracket syntax. */
export type Pair = [name: string, value: string];

/** A value sent: where, and what ('' to unset). */
export interface Sent {
  path: string[];
  value: string;
}

export interface Probe {
  /** The parameter probed, in bracket syntax (`shipping[address][city]`). */
  name: string;
  /** The values probed (several once probes are sent together). */
  values: Sent[];
  /** The whole request: the probed values, and what their hashes require around them. */
  pairs: Pair[];
}

/** A sample value for a parameter that is not a hash, given its path and type. */
export type Sample = (path: string[], node: ParamNode) => string;

const bracketed = (path: string[]) =>
  path.map((segment, i) => (i === 0 ? segment : `[${segment}]`)).join('');

/** A key for a map's probe: a currency where the keys are currencies (`currency_options[eur]`). */
const mapKey = (node: { keys?: 'currency' }) => (node.keys === 'currency' ? 'eur' : 'key');

/** The least valid value of a node: its required parameters only (and one item of a list). */
function minimal(contract: Contract, index: number, path: string[], sample: Sample): Pair[] {
  const node = contract.nodes[index] as ParamNode;
  switch (node.type) {
    case 'hash': {
      // A hash with no required key still has to be sent: with its first key.
      const keys =
        node.required.length > 0 ? node.required : Object.keys(node.properties).slice(0, 1);
      return keys.flatMap((key) =>
        minimal(contract, node.properties[key] as number, [...path, key], sample),
      );
    }
    case 'array':
      return minimal(contract, node.items, [...path, '0'], sample);
    case 'map':
      return minimal(contract, node.values, [...path, mapKey(node)], sample);
    case 'union':
      return minimal(contract, node.of[0] as number, path, sample);
    case 'metadata':
      return [[bracketed([...path, 'probe']), 'probe value']];
    default:
      return [[bracketed(path), sample(path, node)]];
  }
}

/** Every probe of the node at `path`: each parameter under it, and '' where it can be unset. */
function* probesOf(
  contract: Contract,
  index: number,
  path: string[],
  sample: Sample,
): Generator<Probe> {
  const node = contract.nodes[index] as ParamNode;
  if (node.emptyable)
    yield { name: bracketed(path), values: [{ path, value: '' }], pairs: [[bracketed(path), '']] };
  switch (node.type) {
    case 'hash': {
      for (const [key, child] of Object.entries(node.properties)) {
        const around = node.required
          .filter((other) => other !== key)
          .flatMap((other) =>
            minimal(contract, node.properties[other] as number, [...path, other], sample),
          );
        for (const probe of probesOf(contract, child, [...path, key], sample))
          yield { ...probe, pairs: [...probe.pairs, ...around] };
      }
      return;
    }
    case 'array':
      yield* probesOf(contract, node.items, [...path, '0'], sample);
      return;
    case 'map':
      yield* probesOf(contract, node.values, [...path, mapKey(node)], sample);
      return;
    case 'union':
      for (const alternative of node.of) yield* probesOf(contract, alternative, path, sample);
      return;
    case 'metadata': {
      const at = [...path, 'probe'];
      const value = 'probe value';
      yield { name: bracketed(at), values: [{ path: at, value }], pairs: [[bracketed(at), value]] };
      return;
    }
    default: {
      const value = sample(path, node);
      yield { name: bracketed(path), values: [{ path, value }], pairs: [[bracketed(path), value]] };
    }
  }
}

/**
 * The probes of an endpoint: one per parameter (per alternative of a parameter that takes several
 * kinds of values), each with the endpoint's required parameters. An endpoint without parameters
 * has one probe, which sends none.
 */
export function probes(contract: Contract, endpoint: string, sample: Sample): Probe[] {
  const root = contract.endpoints[endpoint];
  if (root === undefined) throw new Error(`no contract for ${endpoint}`);
  const found = [...probesOf(contract, root, [], sample)];
  return found.length > 0 ? found : [{ name: '(no parameters)', values: [], pairs: [] }];
}

/** The value at `path` in an answer, if its type has that field (`undefined` if it has not). */
export function fieldAt(
  tree: FieldTree,
  answer: unknown,
  path: string[],
): { value: unknown } | undefined {
  let subtree: FieldTree | true = tree;
  let value = answer;
  for (const segment of path) {
    if (subtree === true) return undefined;
    // A hash with no declared fields (metadata) holds any key.
    const next: FieldTree | true | undefined =
      Object.keys(subtree).length === 0 ? true : subtree[segment];
    if (next === undefined) return undefined;
    subtree = next;
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[segment]
        : undefined;
  }
  return { value };
}

/**
 * Whether two probes can share a request: no parameter given two values, and none given both a
 * value and a hash (`shipping=` with `shipping[name]=…`).
 */
export function compatible(a: Probe, b: Probe): boolean {
  for (const [name, value] of a.pairs)
    for (const [other, otherValue] of b.pairs) {
      if (
        name === other
          ? value !== otherValue
          : name.startsWith(`${other}[`) || other.startsWith(`${name}[`)
      )
        return false;
    }
  return true;
}

/** Probes sent as one request: every pair once. */
export function together(probes: Probe[]): Probe {
  const seen = new Set<string>();
  const pairs = probes
    .flatMap((probe) => probe.pairs)
    .filter(([name, value]) => !seen.has(`${name}=${value}`) && !!seen.add(`${name}=${value}`));
  return {
    name: probes.map((probe) => probe.name).join(', '),
    values: probes.flatMap((probe) => probe.values),
    pairs,
  };
}

/** Packs probes into batches of at most `size` that can share a request. */
export function batches(probes: Probe[], size: number): Probe[][] {
  const packed: Probe[][] = [];
  for (const probe of probes) {
    const batch = packed.find(
      (candidate) =>
        candidate.length < size && candidate.every((other) => compatible(probe, other)),
    );
    if (batch) batch.push(probe);
    else packed.push([probe]);
  }
  return packed;
}
