// Every request the checkout makes for one successful POST /charge and one GET /thank-you of a paid
// order, in the order it makes them, with the same SQL and the same Stripe parameters, mirrored by
// hand from src/checkout/pay.ts, src/ledger/index.ts (openOrder, transition, markFulfilled,
// findOrderByCheckout, findOrderByPaymentIntent), src/ledger/declines.ts, src/middleware/rate-limit,
// src/middleware/decline-cap and src/pages/thank-you.ts as of main deec382 (issue 12's decline caps
// per client network and receipt proofs).
//
// Keeping it aligned: test/integration/same-io.test.ts runs this worker and the checkout through
// their fetch handlers against one D1 and the simulator, and fails when their I/O differs: the D1
// round trips and the SQL of each (comments and whitespace aside), the rate-limit calls, the Stripe
// request (method, path, idempotency key) and the PaymentIntent it makes. When the checkout's I/O
// changes, that test says what differs: change this file (and index.ts) to match, so that the
// baseline keeps doing the checkout's I/O with none of the code around it. `npm run bench` also
// compares the Stripe calls of both at run time, in the simulator's request log.

/** The subset of the Workers bindings this worker calls (D1 and Rate Limiting). */
export interface Statement {
  bind(...values: unknown[]): Statement;
  first<T>(): Promise<T | null>;
  run(): Promise<unknown>;
}
export interface Bindings {
  DB: {
    prepare(sql: string): Statement;
    batch<T>(statements: Statement[]): Promise<{ results: T[] }[]>;
  };
  CHARGE_IP_LIMITER: { limit(options: { key: string }): Promise<{ success: boolean }> };
  CHARGE_CHECKOUT_LIMITER: { limit(options: { key: string }): Promise<{ success: boolean }> };
  STRIPE_SECRET_KEY: string;
  STRIPE_API_BASE: string;
}

/** The ledger row, as far as this worker reads it. */
export interface OrderRow {
  id: string;
  payment_intent_id: string | null;
  amount: number;
  currency: string;
  email: string;
  status: string;
}

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

/** The checkout's statements, verbatim (comments and whitespace aside). */
export const SQL = {
  /** The decline cap's standing, 1 of 2 (at once with 2): the checkout's order, if any. */
  byCheckout: 'SELECT * FROM orders WHERE checkout_id = ?',
  /** 2 of 2: the client network's declines in the last hour and day. */
  recentDeclines: `SELECT COUNT(*) AS day, MIN(declined_at) AS oldestInDay,
    COUNT(*) FILTER (WHERE declined_at > ?2) AS hour,
    MIN(declined_at) FILTER (WHERE declined_at > ?2) AS oldestInHour
    FROM network_declines WHERE network = ?1 AND declined_at > ?3`,
  /** openOrder: one upsert that returns the checkout's row, new or existing, with its receipt token. */
  openOrder: `INSERT INTO orders (id, checkout_id, product_id, quantity, amount, currency, email, status,
    receipt_token) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)
    ON CONFLICT (checkout_id) DO UPDATE SET checkout_id = excluded.checkout_id RETURNING *`,
  /** transition to paid, 1 of 3 (one batch): the status move, guarded by statusesLeadingTo('paid'). */
  move: `UPDATE orders SET status = ?1, last_error = ?2, declines = declines + ?3,
    attempt = attempt + (CASE WHEN ?1 = 'failed' THEN 1 ELSE 0 END),
    payment_intent_id = COALESCE(payment_intent_id, ?4), updated_at = ${NOW}
    WHERE id = ?5 AND status IN (?6, ?7, ?8) RETURNING *`,
  /** 2 of 3: the fulfilment claim. */
  claim: `UPDATE orders SET fulfilment_claimed_at = ${NOW}
    WHERE id = ? AND status = 'paid' AND fulfilled_at IS NULL AND fulfilment_claimed_at IS NULL
    RETURNING id`,
  /** 3 of 3: the details (PaymentIntent, card, the hash of the client secret). */
  details: `UPDATE orders SET payment_intent_id = COALESCE(payment_intent_id, ?),
    card_brand = COALESCE(?, card_brand), card_last4 = COALESCE(?, card_last4),
    amount_refunded = MAX(amount_refunded, ?),
    client_secret_hash = COALESCE(client_secret_hash, ?), updated_at = ${NOW}
    WHERE id = ? RETURNING *`,
  /** markFulfilled, after the response (waitUntil), when the batch claimed the fulfilment. */
  fulfilled: `UPDATE orders SET fulfilled_at = ${NOW} WHERE id = ? AND fulfilled_at IS NULL`,
  /** The receipt's ledger read. */
  byPaymentIntent: 'SELECT * FROM orders WHERE payment_intent_id = ?',
} as const;

/** Hours and a day back, as the decline windows of src/ledger/declines.ts bind them. */
export function declineWindows(now = Date.now()): [string, string] {
  const hour = 3_600_000;
  return [new Date(now - hour).toISOString(), new Date(now - 24 * hour).toISOString()];
}

/** A receipt token as src/ledger/secret.ts makes one: 24 random bytes, base64url. */
export function receiptToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
}

/** The SHA-256 of the client secret, lowercase hex, as the ledger keeps it. */
export async function secretHash(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The statuses a paid order may come from (src/ledger/status.ts). */
export const LEADING_TO_PAID = ['pending', 'requires_action', 'failed'] as const;

/** The one product of the catalog the local stack sells (the tests', test/fixtures/shop/). */
export const PRODUCT = {
  id: 'support-5',
  name: 'Support our work',
  unitAmount: 500,
  currency: 'usd',
};

/**
 * pay.ts's stripe.paymentIntents.create (create and confirm in one call), form-encoded as
 * stripe-node encodes it.
 */
export function paymentIntentRequest(
  env: Bindings,
  order: { id: string; checkoutId: string; email: string; paymentMethod: string; origin: string },
): Request {
  const form = new URLSearchParams({
    amount: String(PRODUCT.unitAmount),
    currency: PRODUCT.currency,
    confirm: 'true',
    payment_method: order.paymentMethod,
    'automatic_payment_methods[enabled]': 'true',
    return_url: `${order.origin}/`,
    receipt_email: order.email,
    description: `1 × ${PRODUCT.name}`,
    'metadata[checkout_id]': order.checkoutId,
    'metadata[order_id]': order.id,
    'metadata[items]': `1 × ${PRODUCT.id}`,
    'expand[0]': 'latest_charge',
  });
  return new Request(`${env.STRIPE_API_BASE}/v1/payment_intents`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${env.STRIPE_SECRET_KEY}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      'Idempotency-Key': `${order.checkoutId}/1`,
    },
    body: form,
  });
}
