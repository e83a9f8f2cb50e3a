/**
 * CSV as RFC 4180 writes it, made safe for spreadsheets: a cell that a spreadsheet would read as a
 * formula (it starts with =, +, -, @, a tab or a carriage return: CSV injection, as OWASP
 * describes it) is prefixed with an apostrophe, so that an email address or an error message a
 * customer chose cannot run anything on the merchant's computer. So is such a character after a
 * separator inside a cell: Excel of ";" locales (German, French) splits a cell at `;`.
 */

/** The characters that make a spreadsheet read a cell as a formula. */
const FORMULA = /^[=+\-@\t\r]/;
/** The same after a separator (`;`, `,` or a tab) inside a cell, where a cell may start. */
const INNER_FORMULA = /([;,\t])([=+\-@])/g;

/** One cell: empty for null, defused if it could be a formula, quoted if it must be. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA.test(text)) text = `'${text}`;
  text = text.replace(INNER_FORMULA, "$1'$2");
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, ended by CRLF. */
export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
