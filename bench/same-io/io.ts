// Every request the checkout makes for one successful POST /charge and one GET /thank-you of a paid
// order (and for POST /quote of one product without a code: only its rate limiter, QUOTE_LIMITER,
// src/checkout/quote.ts), in the order it makes them, with the same SQL and the same Stripe parameters, mirrored by
// hand from src/checkout/pay.ts, src/ledger/index.ts (openOrder, transition, markFulfilled,
// findOrderByCheckout, findOrderByPaymentIntent), src/ledger/history.ts, src/ledger/declines.ts,
// src/middleware/rate-limit, src/middleware/decline-cap and src/pages/thank-you.ts as of main
// 69f6e3a (issue 12's decline caps and receipt proofs; issue 15's order history and fulfilment
// attempts; issue 13's order lines and promotion codes, here a one-line cart without a code; issue
// 14's shipping and tax columns, here a product that needs neither).
//
// Keeping it aligned: test/integration/same-io.test.ts runs this worker and the checkout through
// their fetch handlers against one D1 and the simulator, and fails when their I/O differs: the D1
// round trips and the SQL of each (comments and whitespace aside), the rate-limit calls, the Stripe
// request (method, path, idempotency key) and the PaymentIntent it makes. When the checkout's I/O
// changes, that test says what differs: change this file (and index.ts) to match, so that the
// baseline keeps doing the checkout's I/O with none of the code around it. `npm run bench` also
// compares the Stripe calls of both at run time, in the simulator's request log.

import { jwtVerify } from 'jose/jwt/verify';
import {
  CLOCK_TOLERANCE_SECONDS,
  keySetOf,
} from '../../src/middleware/cloudflare-access/verify.ts';
import { ORDER_FIELDS } from '../../src/orders/view.js';

/** The subset of the Workers bindings this worker calls (D1 and Rate Limiting). */
export interface Statement {
  bind(...values: unknown[]): Statement;
  first<T>(): Promise<T | null>;
  all<T>(): Promise<{ results: T[] }>;
  run(): Promise<unknown>;
}
export interface Bindings {
  DB: {
    prepare(sql: string): Statement;
    batch<T>(statements: Statement[]): Promise<{ results: T[] }[]>;
  };
  CHARGE_IP_LIMITER: { limit(options: { key: string }): Promise<{ success: boolean }> };
  CHARGE_CHECKOUT_LIMITER: { limit(options: { key: string }): Promise<{ success: boolean }> };
  QUOTE_LIMITER: { limit(options: { key: string }): Promise<{ success: boolean }> };
  STRIPE_SECRET_KEY: string;
  STRIPE_API_BASE: string;
  /** The console's Access team (the local stand-in's origin) and application audience. */
  ACCESS_TEAM_DOMAIN: string;
  ACCESS_AUD: string;
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
const HOLDS_REDEMPTION = `hosted = 0 AND status <> 'canceled'
  AND (status <> 'failed' OR (secret_handed_out = 1 AND payment_intent_id IS NOT NULL))
  AND NOT (status = 'pending' AND payment_intent_id IS NULL
  AND updated_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 minutes'))`;
const HISTORY_COLUMNS = `order_id, from_status, to_status, amount_refunded, source, event_id,
  event_type, route, request_id, admin_email, note`;

/**
 * A request's cause as the ledger's history keeps it (src/ledger/history.ts causeValues): source,
 * event id and type, route, request id, admin, note.
 */
export function causeOf(route: string, requestId: string, note: string | null): (string | null)[] {
  return ['request', null, null, route, requestId, null, note];
}

/** The checkout's statements, verbatim (comments and whitespace aside). */
export const SQL = {
  /** The decline cap's standing, 1 of 2 (one batch): the checkout's order, if any. */
  byCheckout: 'SELECT * FROM orders WHERE checkout_id = ?',
  /** 2 of 2: the client network's declines in the last hour and day. */
  recentDeclines: `SELECT COUNT(*) AS day, MIN(declined_at) AS oldestInDay,
    COUNT(*) FILTER (WHERE declined_at > ?2) AS hour,
    MIN(declined_at) FILTER (WHERE declined_at > ?2) AS oldestInHour
    FROM network_declines WHERE network = ?1 AND declined_at > ?3`,
  /**
   * openOrder, 1 of 2 (one batch): one upsert that returns the checkout's row, new or existing,
   * with its lines (JSON) and, only while its promotion code has redemptions left, the code: ?1–?11
   * the order, ?12–?19 unused, ?20–?23 the code's and its coupon's ids and limits (all null here),
   * ?24–?28 shipping and tax (none here), ?29 the return URL, ?30 the tax inside the prices (0).
   */
  openOrder: `INSERT INTO orders (id, checkout_id, product_id, quantity, amount, currency, email, status,
    receipt_token, lines, promotion_code, promotion_code_id, coupon_id, discount_amount,
    shipping, shipping_amount, tax_amount, tax_calculation, tax_calculation_expires_at, return_url,
    tax_included)
    SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', ?8, ?9, ?10, ?20, ?22, ?11, ?24, ?25, ?26, ?27, ?28,
    ?29, ?30
    WHERE (?20 IS NULL OR ?21 IS NULL OR (SELECT COUNT(*) FROM (SELECT 1 FROM orders
      WHERE promotion_code_id = ?20 AND ${HOLDS_REDEMPTION} LIMIT MAX(?21, 0))) < ?21)
    AND (?22 IS NULL OR ?23 IS NULL OR (SELECT COUNT(*) FROM (SELECT 1 FROM orders
      WHERE coupon_id = ?22 AND ${HOLDS_REDEMPTION} LIMIT MAX(?23, 0))) < ?23)
    ON CONFLICT (checkout_id) DO UPDATE SET checkout_id = excluded.checkout_id RETURNING *`,
  /** 2 of 2: the order's history starts, with its cause (7 values), the first time. */
  created: `INSERT INTO order_history (${HISTORY_COLUMNS})
    SELECT id, NULL, status, 0, ?, ?, ?, ?, ?, ?, ? FROM orders o WHERE checkout_id = ?
    AND NOT EXISTS (SELECT 1 FROM order_history h WHERE h.order_id = o.id)`,
  /**
   * transition to paid, 1 of 4 (one batch): the history row, read before the move. ?1 status,
   * ?2 order id, ?3 amount refunded, ?4 PaymentIntent, ?5–?7 statusesLeadingTo('paid'), then the
   * cause (7 values).
   */
  history: `INSERT INTO order_history (${HISTORY_COLUMNS})
    SELECT id, status, CASE WHEN status IN (?5, ?6, ?7) THEN ?1 ELSE status END,
    MAX(amount_refunded, ?3), ?8, ?9, ?10, ?11, ?12, ?13, ?14
    FROM orders WHERE id = ?2
    AND (status IN (?5, ?6, ?7) OR amount_refunded < ?3 OR (payment_intent_id IS NULL AND ?4 IS NOT NULL))`,
  /** 2 of 4: the status move, the same first 7 values, then last_error and the decline count. */
  move: `UPDATE orders SET status = ?1, last_error = ?8, declines = declines + ?9,
    attempt = attempt + (CASE WHEN ?1 = 'failed' THEN 1 ELSE 0 END),
    payment_intent_id = COALESCE(payment_intent_id, ?4), updated_at = ${NOW}
    WHERE id = ?2 AND status IN (?5, ?6, ?7) RETURNING *`,
  /** 3 of 4: the fulfilment claim, its first attempt. */
  claim: `UPDATE orders SET fulfilment_claimed_at = ${NOW}, fulfilment_attempts = 1
    WHERE id = ? AND status IN ('paid', 'partially_refunded') AND fulfilled_at IS NULL
    AND fulfilment_claimed_at IS NULL AND fulfilment_attempts = 0
    RETURNING id`,
  /** 4 of 4: the details (PaymentIntent, card, the hash of the client secret). */
  details: `UPDATE orders SET payment_intent_id = COALESCE(payment_intent_id, ?),
    card_brand = COALESCE(?, card_brand), card_last4 = COALESCE(?, card_last4),
    amount_refunded = MAX(amount_refunded, ?),
    client_secret_hash = COALESCE(client_secret_hash, ?), updated_at = ${NOW}
    WHERE id = ? RETURNING *`,
  /** markFulfilled, after the response (waitUntil), when the batch claimed the fulfilment. */
  fulfilled: `UPDATE orders SET fulfilled_at = ${NOW}, fulfilment_error = NULL,
    fulfilment_retry_at = NULL WHERE id = ? AND fulfilled_at IS NULL`,
  /** The receipt's ledger read. */
  byPaymentIntent: 'SELECT * FROM orders WHERE payment_intent_id = ?',
  /**
   * The console's first page of orders (src/orders/query.ts listOrders, no filter): newest first,
   * one more row than the page (?1 = 51) to know whether another page follows.
   */
  ordersPage: `SELECT ${ORDER_FIELDS} FROM orders ORDER BY created_at DESC, id DESC LIMIT ?`,
} as const;

/** The console's page size when the list asks none (src/admin/orders/list.ts). */
export const ORDERS_PAGE = 50;

/**
 * Cloudflare Access's token check as src/middleware/cloudflare-access/verify.ts makes it: jose,
 * with the checkout's own remote key set (one per isolate and team: the same timeout, cache age
 * and cooldown), and the same claims (RS256, issuer, audience, exp, clock tolerance), without its
 * refusals.
 */
export async function verifiedEmail(env: Bindings, token: string): Promise<unknown> {
  const issuer = env.ACCESS_TEAM_DOMAIN;
  const keySet = keySetOf(`${issuer}/cdn-cgi/access/certs`);
  const { payload } = await jwtVerify(token, keySet, {
    algorithms: ['RS256'],
    issuer,
    audience: env.ACCESS_AUD,
    requiredClaims: ['exp'],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
  });
  return payload['email'];
}

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

/** The order a PaymentIntent is made for. */
export interface PaidOrder {
  id: string;
  checkoutId: string;
  email: string;
  paymentMethod: string;
  origin: string;
}

/** pay.ts's stripe.paymentIntents.create (create and confirm in one call): its parameters. */
export function paymentIntentParams(order: PaidOrder) {
  return {
    amount: PRODUCT.unitAmount,
    currency: PRODUCT.currency,
    confirm: true,
    payment_method: order.paymentMethod,
    automatic_payment_methods: { enabled: true },
    return_url: `${order.origin}/`,
    receipt_email: order.email,
    description: `1 × ${PRODUCT.name}`,
    metadata: { checkout_id: order.checkoutId, order_id: order.id, items: `1 × ${PRODUCT.id}` },
    expand: ['latest_charge'],
  };
}

/** The idempotency key of the checkout's first payment attempt. */
export const idempotencyKey = (order: PaidOrder) => `${order.checkoutId}/1`;

/** Form-encodes parameters as stripe-node does: `a[b]=…` for objects, `a[0]=…` for arrays. */
function formOf(params: object, form = new URLSearchParams(), prefix = ''): URLSearchParams {
  for (const [key, value] of Object.entries(params)) {
    const name = prefix ? `${prefix}[${key}]` : key;
    if (typeof value === 'object' && value !== null) formOf(value as object, form, name);
    else form.append(name, String(value));
  }
  return form;
}

/** The same call as one `fetch`, form-encoded by hand: the raw-fetch variant's request. */
export function paymentIntentRequest(env: Bindings, order: PaidOrder): Request {
  return new Request(`${env.STRIPE_API_BASE}/v1/payment_intents`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${env.STRIPE_SECRET_KEY}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      'Idempotency-Key': idempotencyKey(order),
    },
    body: formOf(paymentIntentParams(order)),
  });
}
