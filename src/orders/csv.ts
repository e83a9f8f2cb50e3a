/**
 * CSV as RFC 4180 writes it, made safe for spreadsheets: a cell that a spreadsheet would read as a
 * formula (it starts with =, +, -, @, a tab or a carriage return: CSV injection, as OWASP
 * describes it) is prefixed with an apostrophe, so that an email address or an error message a
 * customer chose cannot run anything on the merchant's computer. A cell holding any separator a
 * spreadsheet may split at (`,`; `;` for Excel of ";" locales, German and French; a tab) is
 * quoted, so that no part of it starts a cell of its own, and its text is kept as it is.
 */

/** The characters that make a spreadsheet read a cell as a formula. */
const FORMULA = /^[=+\-@\t\r]/;

/** One cell: empty for null, defused if it could be a formula, quoted if it must be. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA.test(text)) text = `'${text}`;
  return /[",;\t\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, ended by CRLF. */
export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
