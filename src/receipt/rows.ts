/**
 * The shape of an order's summary (./summary.ts makes it), and how a row's amount is written: no
 * imports, so that the console's script (client/admin) reads it without the Worker's modules.
 */

/**
 * One row: a line bought (at its price before the discount), the discount, shipping, tax added,
 * the total, then the tax the prices included (not added again: the rows above add up to the total).
 */
export interface SummaryRow {
  kind: 'line' | 'discount' | 'shipping' | 'tax' | 'total' | 'included_tax';
  label: string;
  amount: number;
}

export interface OrderSummary {
  /** The short number the customer quotes (./order-number.ts). */
  number: string;
  currency: string;
  rows: SummaryRow[];
}

/**
 * An amount taken off ("−$1.00"): Intl places a negative amount's sign for the locale ("€ -1,50"
 * in Dutch), shown as a minus sign, not a hyphen.
 */
export const takenOff = (amount: number, money: (amount: number) => string): string =>
  money(-amount).replace('-', '−');

/** A row's amount as shown: money, a discount as taken off. */
export const rowAmount = (row: SummaryRow, money: (amount: number) => string): string =>
  row.kind === 'discount' ? takenOff(row.amount, money) : money(row.amount);
