/**
 * An order's lines (migrations/0011), as the Worker reads and words them; ./order-lines.js reads
 * them for the Worker and `npm run orders` alike.
 */
import { findProduct } from '../catalog';
import { linesOfRow, type OrderLine } from './order-lines.js';

export type { OrderLine };

/** The lines of an order (its one product for a row whose lines cannot be read). */
export const linesOf: (order: {
  lines: string;
  product_id: string;
  quantity: number;
  amount: number;
}) => OrderLine[] = linesOfRow;

/** What a line is called: its name when bought, else the catalog's, else its product id. */
export function lineName(line: OrderLine): string {
  return line.name ?? findProduct(line.product)?.name ?? line.product;
}

/** Lines as one line of text ("2 × Wallpaper pack, 1 × Support our work"), at most `max` long. */
export function linesText(
  lines: readonly OrderLine[],
  label: (line: OrderLine) => string,
  max: number,
): string {
  const text = lines.map((line) => `${line.quantity} × ${label(line)}`).join(', ');
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
