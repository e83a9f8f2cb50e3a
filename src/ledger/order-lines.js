// @ts-check
/**
 * An order's lines (migrations/0011): JSON in `orders.lines`, in the cart's order, read back here
 * for the Worker (src/ledger/lines.ts) and for `npm run orders` (plain Node: hence JavaScript with
 * JSDoc types, checked like the rest). Orders from before carts were migrated to one line each.
 */

/**
 * One product of an order, in integer minor units: `amount` is unit_amount × quantity less the
 * line's share of the order's discount, so the lines' amounts add up to the order's amount.
 * `name` is the product's name when it was bought (absent on orders from before carts).
 * @typedef {{ product: string, name?: string, quantity: number, unit_amount: number,
 *   discount: number, amount: number }} OrderLine
 */

/**
 * @param {unknown} value
 * @returns {value is OrderLine}
 */
function isLine(value) {
  const line = /** @type {Record<string, unknown>} */ (value ?? {});
  return (
    typeof line.product === 'string' &&
    (line.name === undefined || typeof line.name === 'string') &&
    ['quantity', 'unit_amount', 'discount', 'amount'].every((key) =>
      Number.isSafeInteger(line[key]),
    )
  );
}

/**
 * The lines of an order row. A row whose lines cannot be read (written by hand, say) reads as its
 * one product, so that what was charged still shows.
 * @param {{ lines?: string | null, product_id: string, quantity: number, amount: number }} row
 * @returns {OrderLine[]}
 */
export function linesOfRow(row) {
  try {
    const lines = JSON.parse(row.lines ?? '[]');
    if (Array.isArray(lines) && lines.length > 0 && lines.every(isLine)) return lines;
  } catch {
    // not JSON: as below
  }
  return [
    {
      product: row.product_id,
      quantity: row.quantity,
      unit_amount: Math.round(row.amount / row.quantity),
      discount: 0,
      amount: row.amount,
    },
  ];
}
