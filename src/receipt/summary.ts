/**
 * An order's summary: its number, what it bought, its discount, shipping, tax and total (then the
 * tax its prices included, which the total does not add again), worded in
 * a language. The receipt shows it in the customer's, the merchant's console (GET
 * /admin/api/orders/<id>) in English: one model, so the two can never disagree. Amounts are
 * integer minor units of `currency`; readers format them (a discount is written as taken off).
 */
import type { Locale } from '../i18n';
import type { Order } from '../ledger';
import { lineTextIn, linesOf } from '../ledger/lines';
import { shippingOf } from '../ledger/shipping';
import { rateName } from '../shipping';
import { orderNumber } from './order-number';
import type { OrderSummary, SummaryRow } from './rows';

export type { OrderSummary };
export { rowAmount } from './rows';

/** What the summary reads of an order (the ledger's Order, or the console's OrderRow). */
export type SummarizedOrder = Pick<
  Order,
  | 'id'
  | 'currency'
  | 'amount'
  | 'lines'
  | 'product_id'
  | 'quantity'
  | 'promotion_code'
  | 'discount_amount'
  | 'shipping'
  | 'shipping_amount'
  | 'tax_amount'
  | 'tax_included'
> & { status: string };

/** The statuses of an order that was paid, refunds or not. */
const WAS_PAID: readonly string[] = ['paid', 'partially_refunded', 'refunded'];

/** The summary of an order, worded for `reader`. */
export function orderSummary(order: SummarizedOrder, reader: Locale): OrderSummary {
  const { t, language } = reader;
  const code = order.promotion_code;
  const shipping = shippingOf(order);
  const rows: SummaryRow[] = linesOf(order).map((bought) => ({
    kind: 'line',
    label: `${lineTextIn(bought, reader.language).name} × ${bought.quantity}`,
    amount: bought.amount + bought.discount,
  }));
  if (order.discount_amount > 0)
    rows.push({
      kind: 'discount',
      label: code ? t({ key: 'receipt.discountCode', params: { code } }) : t('receipt.discount'),
      amount: order.discount_amount,
    });
  if (shipping) {
    const rate = rateName(shipping.rate, language, shipping.rate_name);
    rows.push({
      kind: 'shipping',
      label: t({ key: 'receipt.shipping', params: { rate } }),
      amount: order.shipping_amount,
    });
  }
  // Tax added on top of the prices is a row of what was paid, in both modes (a hosted order has no
  // calculation of ours); tax inside them is said under the total, as it adds nothing.
  if (order.tax_amount > 0)
    rows.push({ kind: 'tax', label: t('receipt.tax'), amount: order.tax_amount });
  // "Total paid" once it was (the receipt shows its lines only then); the console also reads the
  // summaries of orders never paid.
  const paid = WAS_PAID.includes(order.status);
  rows.push({
    kind: 'total',
    label: t(paid ? 'receipt.total' : 'page.total'),
    amount: order.amount,
  });
  if (order.tax_included > 0)
    rows.push({
      kind: 'included_tax',
      label: t('receipt.taxIncluded'),
      amount: order.tax_included,
    });
  return { number: orderNumber(order.id), currency: order.currency, rows };
}
