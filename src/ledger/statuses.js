// @ts-check
/**
 * The statuses an order can have; src/ledger/status.ts has the state machine between them. Plain
 * JavaScript with a checked type, so that `npm run orders` (plain Node) checks `--status` against
 * the same list as the Worker.
 */
export const ORDER_STATUSES = /** @type {const} */ ([
  'pending',
  'requires_action',
  'paid',
  'failed',
  'canceled',
  'partially_refunded',
  'refunded',
]);
