/**
 * An order's lines (migrations/0011), as the Worker reads and words them; ./order-lines.js reads
 * them for the Worker and `npm run orders` alike.
 */
import { findProduct, productText } from '../catalog';
import type { Language } from '../i18n';
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
export function lineName(line: Pick<OrderLine, 'product' | 'name'>): string {
  return line.name ?? findProduct(line.product)?.name ?? line.product;
}

/**
 * What a line is called for a reader, and its product's description (when the catalog still has
 * it): the catalog's words in their language, else the name it was bought under. The ledger keeps
 * the catalog's default name; whatever a customer reads is in their language.
 */
export function lineTextIn(
  line: Pick<OrderLine, 'product' | 'name'>,
  language: Language,
): { name: string; description?: string } {
  const product = findProduct(line.product);
  if (!product) return { name: lineName(line) };
  const { description } = productText(product, language);
  return { name: product.locales?.[language]?.name ?? lineName(line), description };
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
