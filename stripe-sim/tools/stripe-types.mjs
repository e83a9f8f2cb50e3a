// Reads stripe-node's TypeScript types with the TypeScript compiler API and describes, as plain
// data, what the simulator must accept and may expand:
// - every endpoint's parameters, as a tree of parameter nodes (the types named in
//   stripe-sim/src/contract/endpoints.ts, resolved against the installed stripe-node);
// - every object's expandable fields (`string | Customer`: an id that `expand[]` may replace).
// build.mjs writes the result to src/contract/contract.generated.json, which the simulator parses
// requests with; the simulator's tests derive it again from the installed stripe-node, to check
// that file and to send every parameter to the simulator.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ENDPOINTS_FILE = fileURLToPath(new URL('../src/contract/endpoints.ts', import.meta.url));

/**
 * @typedef {{ type: 'string', enum?: string[], format?: 'currency' }
 *   | { type: 'integer' } | { type: 'decimal', exact?: true } | { type: 'boolean' }
 *   | { type: 'metadata' }
 *   | { type: 'hash', properties: Record<string, number>, required: string[] }
 *   | { type: 'map', values: number, keys?: 'currency' }
 *   | { type: 'array', items: number }
 *   | { type: 'union', of: number[] }} NodeShape
 * @typedef {NodeShape & { emptyable?: true }} ParamNode
 *   A parameter's accepted values; `emptyable`: an empty string (unset) is accepted too. Child
 *   nodes are indexes into `nodes`.
 * @typedef {{ path: string[], objects: string[] }} Expandable
 *   A field `expand[]` may replace (path from the object's root) and the object types it holds.
 * @typedef {{ stripeNode: string, endpoints: Record<string, number>, nodes: ParamNode[],
 *   expandable: Record<string, Expandable[]> }} Contract
 *   What src/contract/contract.ts reads (its `Contract` type).
 * @typedef {{ [field: string]: FieldTree | true }} FieldTree
 *   The fields of a returned object, nested; `true` for a value that is not a hash.
 */

/** The compiler's view of the endpoint registry and the stripe-node types it names. */
function load() {
  const program = ts.createProgram([ENDPOINTS_FILE], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const problems = ts.getPreEmitDiagnostics(program);
  if (problems.length > 0) {
    const text = problems.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    throw new Error(`${ENDPOINTS_FILE} does not compile:\n${text.join('\n')}`);
  }
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(ENDPOINTS_FILE);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`cannot read ${ENDPOINTS_FILE}`);
  const exported = checker.getExportsOfModule(module);
  /** @param {string} name */
  const declared = (name) => {
    const symbol = exported.find((s) => s.name === name);
    if (!symbol) throw new Error(`${ENDPOINTS_FILE} exports no interface ${name}`);
    return checker.getDeclaredTypeOfSymbol(symbol);
  };
  return { checker, declared };
}

/**
 * The numeric parameters that take decimals (`percent_off=12.5`); Stripe's API describes them as
 * numbers, all others as integers, which TypeScript does not tell apart.
 */
const DECIMAL_PARAMS = new Set([
  'amount_percent',
  'application_fee_percent',
  'height',
  'length',
  'percent_off',
  'percent_ownership',
  'percentage',
  'weight',
  'width',
]);

/**
 * Parameters that hold a currency code (Stripe's OpenAPI gives them `format: currency`), by name,
 * which TypeScript types as any string; and the hashes keyed by currency (`currency_options[eur]`).
 */
const isCurrency = (/** @type {string} */ name) =>
  name === 'currency' || name.endsWith('_currency');
const CURRENCY_KEYED = 'currency_options';

const isNullish = (/** @type {ts.Type} */ t) =>
  (t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0;
const isEmptyString = (/** @type {ts.Type} */ t) => t.isStringLiteral() && t.value === '';
/** stripe-node's `Decimal` (a decimal number, sent as its digits). */
const isDecimal = (/** @type {ts.Type} */ t) =>
  t.aliasSymbol?.name === 'Decimal' || t.symbol?.name === 'DecimalImpl';
/** stripe-node's `OtherString` (`string & Record<never, never>`), which open enums end with. */
const isOtherString = (/** @type {ts.Type} */ t) =>
  t.isIntersection() && t.types.some((member) => member.flags & ts.TypeFlags.String);

/**
 * Builds the parameter nodes of the types it is given, sharing identical nodes (an address is one
 * node however many endpoints take one).
 * @param {ts.TypeChecker} checker
 */
function paramNodes(checker) {
  /** @type {ParamNode[]} */
  const nodes = [];
  /** @type {Map<string, number>} */
  const byShape = new Map();
  /** @type {Map<ts.Type, number>} */
  const byType = new Map();

  /** @param {ParamNode} node */
  const intern = (node) => {
    const key = JSON.stringify(node);
    let index = byShape.get(key);
    if (index === undefined) {
      index = nodes.push(node) - 1;
      byShape.set(key, index);
    }
    return index;
  };

  /** @type {Set<ts.Type>} */
  const visiting = new Set();

  /**
   * @param {ts.Type} type
   * @param {string} name the parameter's name (numbers are integers unless it takes decimals)
   * @returns {number}
   */
  function nodeOf(type, name) {
    const decimal = DECIMAL_PARAMS.has(name);
    // Nodes that depend on the parameter's name, not only on its type, are not shared by type.
    const named = decimal || isCurrency(name) || name === CURRENCY_KEYED;
    const known = named ? undefined : byType.get(type);
    if (known !== undefined) return known;
    if (visiting.has(type))
      throw new Error(`recursive parameter type: ${checker.typeToString(type)}`);
    visiting.add(type);
    const parts = (type.isUnion() ? type.types : [type]).filter((t) => !isNullish(t));
    const emptyable = parts.some(isEmptyString);
    /** @type {NodeShape[]} */
    const shapes = [];
    const literals = [];
    let string = false;
    let number = false;
    let exact = false;
    let boolean = false;
    for (const part of parts) {
      if (isEmptyString(part)) continue;
      if (part.isStringLiteral()) literals.push(part.value);
      else if (part.flags & ts.TypeFlags.String || isOtherString(part)) string = true;
      else if (part.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) number = true;
      else if (part.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) boolean = true;
      else if (isDecimal(part)) exact = true;
      else if (part.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection))
        shapes.push(objectShape(part, name));
      else throw new Error(`unexpected parameter type: ${checker.typeToString(part)}`);
    }
    // Stripe validates enum values, open enums (`| OtherString`) included: the listed ones are
    // the values this stripe-node knows.
    if (literals.length > 0) shapes.unshift({ type: 'string', enum: literals.sort() });
    else if (string)
      shapes.unshift(
        isCurrency(name) ? { type: 'string', format: 'currency' } : { type: 'string' },
      );
    if (number) shapes.push({ type: decimal ? 'decimal' : 'integer' });
    // stripe-node's Decimal: its digits, kept as sent (no rounding to a double).
    if (exact) shapes.push({ type: 'decimal', exact: true });
    if (boolean) shapes.push({ type: 'boolean' });
    if (shapes.length === 0) throw new Error(`no values accepted by ${checker.typeToString(type)}`);
    const shape =
      shapes.length === 1
        ? /** @type {NodeShape} */ (shapes[0])
        : { type: 'union', of: shapes.map(intern) };
    const index = intern(emptyable ? { ...shape, emptyable: true } : shape);
    if (!named) byType.set(type, index);
    visiting.delete(type);
    return index;
  }

  /** @param {ts.Type} type @param {string} name @returns {NodeShape} */
  function objectShape(type, name) {
    if (checker.isArrayType(type)) {
      const [item] = checker.getTypeArguments(/** @type {ts.TypeReference} */ (type));
      if (!item) throw new Error(`array without an item type: ${checker.typeToString(type)}`);
      return { type: 'array', items: nodeOf(item, name) };
    }
    if (type.aliasSymbol?.name === 'MetadataParam' || type.symbol?.name === 'MetadataParam')
      return { type: 'metadata' };
    const index = type.getStringIndexType();
    if (index)
      return name === CURRENCY_KEYED
        ? { type: 'map', values: nodeOf(index, name), keys: 'currency' }
        : { type: 'map', values: nodeOf(index, name) };
    /** @type {Record<string, number>} */
    const properties = {};
    const required = [];
    for (const property of checker
      .getPropertiesOfType(type)
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const node = nodeOf(checker.getTypeOfSymbol(property), property.name);
      properties[property.name] = declaredEmptyable(property) ? emptyableOf(node) : node;
      if (!(property.flags & ts.SymbolFlags.Optional)) required.push(property.name);
    }
    return { type: 'hash', properties, required };
  }

  /** The node that also accepts '' (unset). @param {number} index */
  function emptyableOf(index) {
    const node = /** @type {ParamNode} */ (nodes[index]);
    return node.emptyable ? index : intern({ ...node, emptyable: true });
  }

  return { nodes, nodeOf };
}

/**
 * Whether a property is declared `Emptyable<...>`: `Emptyable<string>` reduces to `string | null`,
 * so only the declaration says that '' (unset) is accepted.
 * @param {ts.Symbol} property
 */
function declaredEmptyable(property) {
  const declaration = property.valueDeclaration;
  const typeNode =
    declaration && ts.isPropertySignature(declaration) ? declaration.type : undefined;
  return (
    typeNode !== undefined &&
    ts.isTypeReferenceNode(typeNode) &&
    ts.isIdentifier(typeNode.typeName) &&
    typeNode.typeName.text === 'Emptyable'
  );
}

/**
 * The `object` names of the Stripe objects a type holds (`'customer'` for `Customer |
 * DeletedCustomer`), or none if it holds no object with an id.
 * @param {ts.TypeChecker} checker
 * @param {readonly ts.Type[]} parts
 */
function objectNames(checker, parts) {
  const names = new Set();
  for (const part of parts) {
    if (!(part.flags & ts.TypeFlags.Object) || !part.getProperty('id')) continue;
    const objectProperty = part.getProperty('object');
    const objectType = objectProperty && checker.getTypeOfSymbol(objectProperty);
    for (const literal of objectType?.isUnion() ? objectType.types : objectType ? [objectType] : [])
      if (literal.isStringLiteral()) names.add(literal.value);
  }
  return [...names].sort();
}

/** A Stripe list (`ApiList`): its items are paged, not part of the object's own fields. */
const isList = (/** @type {ts.Type} */ t) => !!t.getProperty('has_more');

/**
 * The fields of an object type that hold `string | <object>`: the ones `expand[]` may replace,
 * found in nested hashes too (`transfer_data.destination`), and in arrays, whose items a path
 * goes through (`discounts.coupon`, as Stripe's documentation writes it); not inside other objects
 * or lists.
 * @param {ts.TypeChecker} checker
 * @param {ts.Type} type
 * @returns {Expandable[]}
 */
function expandableFields(checker, type, path = /** @type {string[]} */ ([]), depth = 0) {
  const found = [];
  for (const property of checker.getPropertiesOfType(type)) {
    const at = [...path, property.name];
    /** @param {ts.Type} fieldType */
    const visit = (fieldType) => {
      const parts = (fieldType.isUnion() ? fieldType.types : [fieldType]).filter(
        (t) => !isNullish(t),
      );
      const objects = objectNames(checker, parts);
      if (objects.length > 0 && parts.some((t) => t.flags & ts.TypeFlags.String)) {
        found.push({ path: at, objects });
        return;
      }
      for (const part of parts) {
        if (!(part.flags & ts.TypeFlags.Object) || part.getProperty('id') || isList(part)) continue;
        if (checker.isArrayType(part)) {
          const [item] = checker.getTypeArguments(/** @type {ts.TypeReference} */ (part));
          if (item) visit(item);
        } else if (depth < 3) found.push(...expandableFields(checker, part, at, depth + 1));
      }
    };
    visit(checker.getTypeOfSymbol(property));
  }
  return found.sort((a, b) => (a.path.join('.') < b.path.join('.') ? -1 : 1));
}

/**
 * The fields of an object type, as a tree (an expandable id is a leaf: it holds an id).
 * @param {ts.TypeChecker} checker
 * @param {ts.Type} type
 * @returns {FieldTree}
 */
function fieldTree(checker, type, depth = 0) {
  /** @type {FieldTree} */
  const tree = {};
  for (const property of checker.getPropertiesOfType(type)) {
    const fieldType = checker.getTypeOfSymbol(property);
    const parts = (fieldType.isUnion() ? fieldType.types : [fieldType]).filter(
      (t) => !isNullish(t),
    );
    const hashes = parts.filter((t) => t.flags & ts.TypeFlags.Object && !checker.isArrayType(t));
    const isId = parts.some((t) => t.flags & ts.TypeFlags.String);
    tree[property.name] =
      hashes.length === 1 && !isId && depth < 6
        ? fieldTree(checker, /** @type {ts.Type} */ (hashes[0]), depth + 1)
        : true;
  }
  return tree;
}

/**
 * Everything the simulator's contract says, derived from the installed stripe-node; with
 * `returns`, also the fields each endpoint's answer has (what the tests compare parameters with).
 * @template {boolean} R
 * @param {{ returns?: R }} [options]
 * @returns {Contract & (R extends true ? { returns: Record<string, FieldTree> } : {})}
 */
export function deriveContract(options = {}) {
  const { checker, declared } = load();
  const { nodes, nodeOf } = paramNodes(checker);
  /** @type {Record<string, number>} */
  const endpoints = {};
  for (const endpoint of checker.getPropertiesOfType(declared('Endpoints'))) {
    const params = checker.getTypeOfSymbol(endpoint).getProperty('params');
    if (!params) throw new Error(`endpoint ${endpoint.name} has no params type`);
    endpoints[endpoint.name] = nodeOf(checker.getTypeOfSymbol(params), '');
  }
  /** @type {Record<string, Expandable[]>} */
  const expandable = {};
  for (const object of checker.getPropertiesOfType(declared('Objects')))
    expandable[object.name] = expandableFields(checker, checker.getTypeOfSymbol(object));
  const contract = { stripeNode: stripeNodeVersion(), endpoints, nodes, expandable };
  if (!options.returns) return /** @type {any} */ (contract);
  /** @type {Record<string, FieldTree>} */
  const returns = {};
  for (const endpoint of checker.getPropertiesOfType(declared('Endpoints'))) {
    const symbol = /** @type {ts.Symbol} */ (
      checker.getTypeOfSymbol(endpoint).getProperty('returns')
    );
    const type = checker.getTypeOfSymbol(symbol);
    const object = checker.isArrayType(type)
      ? /** @type {ts.Type} */ (checker.getTypeArguments(/** @type {ts.TypeReference} */ (type))[0])
      : type;
    returns[endpoint.name] = fieldTree(checker, object);
  }
  return /** @type {any} */ ({ ...contract, returns });
}

function stripeNodeVersion() {
  return (
    ts.sys
      .readFile(fileURLToPath(new URL('../../node_modules/stripe/VERSION', import.meta.url)))
      ?.trim() ?? ''
  );
}
