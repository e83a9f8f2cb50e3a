/**
 * The card declines of one checkout, counted toward MAX_DECLINES_PER_CHECKOUT by their charge
 * (migrations/0027): a decline is counted once, whoever reads it first. POST /charge, a receipt
 * view or the webhook count the decline that ends an open attempt (the ledger's `transition`); a
 * decline Stripe reports by webhook for an order already failed came from a confirm that never
 * passed POST /charge (the PaymentIntent's client secret, used from a browser with the
 * publishable key), and is counted here. A decline without a charge (failed authentication) is
 * counted only when it ends an open attempt.
 */

/**
 * Records `charge` as counted, in `transition`'s batch, before its move: only when that move
 * counts the decline (`guard`, the move's own condition over the same bound values).
 */
export function countedChargeSql(guard: string, charge: string, order: string): string {
  return `INSERT OR IGNORE INTO declined_charges (charge_id, order_id)
    SELECT ${charge}, id FROM orders WHERE id = ${order} AND ${guard}`;
}

/**
 * Counts a decline an event reports for an order that already failed, once per charge: the
 * statements run first in the event's batch (with its record, so a redelivery rolls them back).
 * An order still open is left to the batch's move, which counts it; `open` counts it for an open
 * order too, when the move counts another (a newer decline the fresh read shows).
 */
export function lateDeclineStatements(
  db: D1Database,
  orderId: string,
  chargeId: string,
  open = false,
): D1PreparedStatement[] {
  const status = open ? `status IN ('pending', 'requires_action')` : `status = 'failed'`;
  return [
    db
      .prepare(
        `UPDATE orders SET declines = declines + 1
         WHERE id = ?1 AND ${status}
           AND NOT EXISTS (SELECT 1 FROM declined_charges WHERE charge_id = ?2)`,
      )
      .bind(orderId, chargeId),
    db
      .prepare(
        `INSERT OR IGNORE INTO declined_charges (charge_id, order_id)
         SELECT ?2, id FROM orders WHERE id = ?1 AND ${status}`,
      )
      .bind(orderId, chargeId),
  ];
}

/**
 * SQL over `orders o`: the order's client secret was handed out (it reached requires_action once,
 * which a trigger on its history row records in orders.secret_handed_out, migrations/0028), so a
 * browser could confirm its PaymentIntent without POST /charge. Only such an order's
 * PaymentIntent is canceled at the cap: POST /charge's own declines are refused by the ledger, and
 * an honest customer is never marked fraudulent.
 */
export const SECRET_HANDED_OUT_SQL = 'o.secret_handed_out = 1';

/** Whether an order's client secret was handed out (SECRET_HANDED_OUT_SQL). */
export async function secretHandedOut(db: D1Database, orderId: string): Promise<boolean> {
  const row = await db
    .prepare(`SELECT ${SECRET_HANDED_OUT_SQL} AS handed FROM orders o WHERE o.id = ?`)
    .bind(orderId)
    .first<{ handed: number }>();
  return row?.handed === 1;
}
