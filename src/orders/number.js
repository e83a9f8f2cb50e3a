// @ts-check
/**
 * The order number a customer can quote: short, readable aloud, and the order's own (derived from
 * the ledger's order id, which is random), not the PaymentIntent's id. Hexadecimal digits only, so
 * no O/0 or I/1 to confuse; two groups of four. Plain JavaScript with JSDoc types, like ./view.js,
 * so that `npm run orders` (Node) reads it too.
 */

/**
 * "ord_4f2a91c3…" → "4F2A-91C3".
 * @param {string} orderId
 * @returns {string}
 */
export function orderNumber(orderId) {
  const digits = orderId
    .replace(/^ord_/, '')
    .replace(/[^0-9a-f]/gi, '')
    .slice(0, 8)
    .toUpperCase();
  return `${digits.slice(0, 4)}-${digits.slice(4)}`;
}

/**
 * The order-id prefix an order number stands for ("4f2a-91c3" → "ord_4f2a91c3"), to look it up.
 * @param {string} number
 * @returns {string | undefined}
 */
export function orderIdPrefix(number) {
  const digits = number.replace(/[\s-]/g, '').toLowerCase();
  return /^[0-9a-f]{8}$/.test(digits) ? `ord_${digits}` : undefined;
}
