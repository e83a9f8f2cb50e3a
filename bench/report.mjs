// Plain-text tables for the terminal (and, pasted, for the README): aligned columns, no colours,
// so that the output reads the same in a CI log.

/**
 * Formats rows as an aligned table with a header rule. Numbers-looking cells are right-aligned.
 * @param {string[]} header
 * @param {(string | number)[][]} rows
 * @returns {string}
 */
export function table(header, rows) {
  const cells = [header, ...rows].map((row) => row.map((cell) => String(cell ?? '')));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
  const numeric = header.map(
    (_, i) =>
      rows.length > 0 &&
      rows.every(
        (row) =>
          /^[-+−\d.,×%\s]*(ms|s|KiB|B|rps)?$/.test(String(row[i] ?? '')) &&
          String(row[i] ?? '').trim() !== '',
      ),
  );
  const line = (row) =>
    row
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [
    line(cells[0]),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
  ].join('\n');
}

/**
 * The same rows as a Markdown table, for the README.
 * @param {string[]} header
 * @param {(string | number)[][]} rows
 */
export function markdownTable(header, rows) {
  const escape = (cell) => String(cell ?? '').replaceAll('|', '\\|');
  return [
    `| ${header.map(escape).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

/** A number with a fixed count of decimals. */
export const fixed = (value, digits = 2) =>
  value === null || value === undefined || Number.isNaN(value)
    ? '—'
    : Number(value).toFixed(digits);
