// @ts-check
// Reads the Worker's name and its D1 binding from wrangler.toml, and writes the database id into
// it, changing only that line so that the file's comments and layout stay as they are.
import { readFileSync, writeFileSync } from 'node:fs';
import { SetupError } from './errors.mjs';
import { assignment, varIn } from './vars.mjs';

/**
 * The [[d1_databases]] table for `binding`, as its text and its offsets in the file.
 * @param {string} text
 * @param {string} binding
 */
function d1Table(text, binding) {
  const headers = [...text.matchAll(/^\s*\[\[?[^\]\n]+\]\]?\s*(#.*)?$/gm)];
  for (const [i, header] of headers.entries()) {
    if (!/^\s*\[\[d1_databases\]\]/.test(header[0])) continue;
    const start = (header.index ?? 0) + header[0].length;
    const end = headers[i + 1]?.index ?? text.length;
    const body = text.slice(start, end);
    if (assignment('binding').exec(body)?.[1] === binding) return { body, start, end };
  }
  return undefined;
}

/**
 * @typedef {object} WorkerConfig
 * @property {string} name the Worker's name
 * @property {string} binding the D1 binding the ledger uses
 * @property {string} databaseName
 * @property {string | undefined} databaseId
 * @property {string | undefined} taxCalculation TAX_CALCULATION in [vars]
 * @property {string | undefined} checkoutUi CHECKOUT_UI in [vars]
 */

/**
 * Reads what setup needs from the configuration file.
 * @param {string} path
 * @param {string} [binding]
 * @returns {WorkerConfig}
 */
export function readWorkerConfig(path, binding = 'DB') {
  const text = readFileSync(path, 'utf8');
  const top = text.split(/^\s*\[/m)[0] ?? '';
  const name = assignment('name').exec(top)?.[1];
  const table = d1Table(text, binding);
  const databaseName = table && assignment('database_name').exec(table.body)?.[1];
  if (!name || !table || !databaseName)
    throw new SetupError(
      `${path} needs a Worker \`name\` and a [[d1_databases]] table with binding = "${binding}" ` +
        'and a database_name.',
    );
  return {
    name,
    binding,
    databaseName,
    databaseId: assignment('database_id').exec(table.body)?.[1] || undefined,
    taxCalculation: varIn(text, 'TAX_CALCULATION'),
    checkoutUi: varIn(text, 'CHECKOUT_UI'),
  };
}

/**
 * Sets the binding's database_id (replacing the one there, or adding it after database_name).
 * @param {string} path
 * @param {string} binding
 * @param {string} id
 */
export function writeDatabaseId(path, binding, id) {
  const text = readFileSync(path, 'utf8');
  const table = d1Table(text, binding);
  if (!table) throw new SetupError(`${path} has no [[d1_databases]] table for ${binding}.`);
  const line = `database_id = "${id}"`;
  const body = assignment('database_id').test(table.body)
    ? table.body.replace(assignment('database_id'), (match) =>
        match.replace(/database_id\s*=\s*"[^"]*"/, line),
      )
    : table.body.replace(assignment('database_name'), (match) => `${match}\n${line}`);
  writeFileSync(path, text.slice(0, table.start) + body + text.slice(table.end));
}
