// @ts-check
// wrangler.toml's settings read from its text, changing nothing: setup's checks and the shop
// check's (TAX_CALCULATION, src/shop/shipping.test.ts and scripts/shop-check.mjs). Without imports,
// so that the merchant's test, type-checked as the Worker is, can read it too.

/**
 * `key = "value"` on one line of TOML.
 * @param {string} key
 */
export const assignment = (key) => new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"\\s*(#.*)?$`, 'm');

/**
 * The text of the [vars] table ('' without one).
 * @param {string} text
 */
function varsTable(text) {
  const start = /^\s*\[vars\]\s*(#.*)?$/m.exec(text);
  if (!start) return '';
  const rest = text.slice(start.index + start[0].length);
  return rest.slice(0, /^\s*\[/m.exec(rest)?.index ?? rest.length);
}

/**
 * A variable of the [vars] table, such as TAX_CALCULATION (undefined when it is not there).
 * @param {string} text the configuration's text
 * @param {string} name
 * @returns {string | undefined}
 */
export const varIn = (text, name) => assignment(name).exec(varsTable(text))?.[1];
