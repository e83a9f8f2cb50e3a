/**
 * An order's lines (migrations/0010): stored as JSON in orders.lines, in the cart's order, read
 * back here. Older orders were migrated to one line each.
 */
import * as v from 'valibot';
import { findProduct } from '../catalog';

/** One product of an order, in integer minor units. */
export interface OrderLine {
  product: string;
  /** The product's name when it was bought (absent for orders from before carts). */
  name?: string;
  quantity: number;
  unit_amount: number;
  /** This line's share of the order's discount. */
  discount: number;
  /** unit_amount × quantity − discount: the lines' amounts add up to the order's amount. */
  amount: number;
}

const LINES = v.array(
  v.object({
    product: v.string(),
    name: v.optional(v.string()),
    quantity: v.number(),
    unit_amount: v.number(),
    discount: v.number(),
    amount: v.number(),
  }),
);

/**
 * The lines of an order. A row whose lines cannot be read (written by hand, say) reads as its one
 * product, so that a receipt still shows what was charged.
 */
export function linesOf(order: {
  lines: string;
  product_id: string;
  quantity: number;
  amount: number;
}): OrderLine[] {
  try {
    const parsed = v.safeParse(LINES, JSON.parse(order.lines));
    if (parsed.success && parsed.output.length > 0) return parsed.output;
  } catch {
    // not JSON: as below
  }
  return [
    {
      product: order.product_id,
      quantity: order.quantity,
      unit_amount: Math.round(order.amount / order.quantity),
      discount: 0,
      amount: order.amount,
    },
  ];
}

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
