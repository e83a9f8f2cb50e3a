/**
 * The order ledger in D1: one row per checkout (checkout_id), linked to its one PaymentIntent.
 * Every status change goes through `transition`, a conditional UPDATE guarded by the state machine,
 * so concurrent writers (POST /charge, the thank-you page, webhooks) agree and "became paid"
 * happens exactly once.
 *
 * A transient D1 error is retried once (./retry.ts) by the reads and by the writes whose second
 * run cannot repeat the first's effect: each says why where it retries. claimUnfulfilled is not
 * retried: a repeat after a claim that committed would find nothing due (the sweep runs again
 * in 5 minutes anyway).
 */
import type { Address } from '../shipping';
import type { RedemptionLimits } from '../promotion/rules';
import { countedChargeSql } from './checkout-declines';
import { causeValues, eventOf, HISTORY_COLUMNS, type Cause } from './history';
import type { OrderLine } from './lines';
import { retryOnce } from './retry';
import { hashSecret, newToken } from './secret';
import { PAID_STATUSES, statusesLeadingTo, statusesReturningTo, type OrderStatus } from './status';

export type { OrderStatus } from './status';
export type { Cause } from './history';
export type { OrderLine } from './lines';

export interface Order {
  id: string;
  checkout_id: string;
  payment_intent_id: string | null;
  product_id: string;
  quantity: number;
  amount: number;
  currency: string;
  email: string;
  status: OrderStatus;
  /** Confirmation attempts started for this checkout; part of each attempt's idempotency key. */
  attempt: number;
  /** Attempts the card issuer declined (or authentication failed); capped against card testing. */
  declines: number;
  amount_refunded: number;
  card_brand: string | null;
  card_last4: string | null;
  last_error: string | null;
  /** When the current fulfilment run started (a claim; a cut-off run leaves it to go stale). */
  fulfilment_claimed_at: string | null;
  /** When fulfilment finished. */
  fulfilled_at: string | null;
  /** Fulfilment runs started, a cut-off one included (bounded: src/fulfilment/attempts.js). */
  fulfilment_attempts: number;
  /** The last failed run's error, until a run succeeds. */
  fulfilment_error: string | null;
  /** When the sweep may run a failed fulfilment again (its back-off); null once none is due. */
  fulfilment_retry_at: string | null;
  /** When the reconciliation sweep last compared the order with Stripe. */
  reconciled_at: string | null;
  /** When a receipt view last asked Stripe about this order (`claimStripeCheck`). */
  stripe_checked_at: string | null;
  /** Proof for the full receipt, in the link POST /charge hands its page (null: older orders). */
  receipt_token: string | null;
  /** SHA-256 (hex) of the PaymentIntent's client secret, the proof of Stripe's return URLs. */
  client_secret_hash: string | null;
  /** The order's lines, JSON (`OrderLine[]`): read them with `linesOf` (./lines.ts). */
  lines: string;
  /** The Stripe promotion code used, as Stripe spells it; its id and its coupon's. */
  promotion_code: string | null;
  promotion_code_id: string | null;
  coupon_id: string | null;
  /** What the code took off, in minor units: the lines' subtotals less `amount`. */
  discount_amount: number;
  /** Where the order is sent, JSON (`StoredShipping`); null: nothing to send. */
  shipping: string | null;
  /** What `amount` includes for shipping and for (exclusive) tax, in minor units. */
  shipping_amount: number;
  tax_amount: number;
  /** The tax already inside the lines' prices (inclusive), not added to `amount` (0022). */
  tax_included: number;
  /** Stripe Tax's calculation (taxcalc_…) the order is charged at, and when it expires (unix s). */
  tax_calculation: string | null;
  tax_calculation_expires_at: number | null;
  /** Stripe Tax's transaction, once recorded for the paid order; the claim to record it. */
  tax_transaction: string | null;
  tax_transaction_claimed_at: string | null;
  /** When Stripe Tax said the transaction exists, its id unknown (migrations/0025). */
  tax_transaction_unknown_at: string | null;
  /** The refunded amount (tax included) already reversed at Stripe Tax. */
  tax_reversed: number;
  /** A reversal up to this refunded total whose answer was lost: made again first (ledger/tax.ts). */
  tax_reversal_pending: number | null;
  /** The lease of the reversal in flight, when one is (migrations/0024). */
  tax_reversal_claimed_at: string | null;
  /** When the sweep may try again to record what Stripe Tax still lacks (src/reconcile/tax.ts). */
  tax_retry_at: string | null;
  /** Stripe's hosted Checkout (CHECKOUT_UI=hosted): the order's Session, and when it expires. */
  checkout_session_id: string | null;
  checkout_session_expires_at: number | null;
  /** 1 for good once its first Session's expiry is chosen (migrations/0016): paid on Sessions only. */
  hosted: number;
  /**
   * Where Stripe sends the customer back after 3-D Secure, fixed when the order opened: every
   * attempt sends this one (migrations/0017). Null for an order opened before it, or hosted.
   */
  return_url: string | null;
  /** The Session a click is expiring to replace it for another country (migrations/0018). */
  replacing_session_id: string | null;
  /** When the current attempt began (migrations/0019); null for the first, or one begun before. */
  attempt_started_at: string | null;
  /**
   * What the attempt's Session is built from besides the order, JSON with the attempt's number,
   * fixed by its first click (migrations/0021, src/hosted/session.ts); null before one.
   */
  session_basis: string | null;
  created_at: string;
  updated_at: string;
}

/** What a checkout asks for, priced by the server. */
interface OrderDraft {
  /** The new order's id (`newOrderId`): a caller tells the order it made from another's. */
  id?: string;
  checkoutId: string;
  /** Where Stripe sends the customer back after 3-D Secure, for every attempt of the order. */
  returnUrl?: string;
  /** At least one; their amounts add up to `amount`. */
  lines: OrderLine[];
  amount: number;
  currency: string;
  email: string;
  /** The promotion code applied, with the redemptions the shop may still record (null: none). */
  promotion: {
    code: string;
    promotionCodeId: string;
    couponId: string;
    discount: number;
    limits: RedemptionLimits;
  } | null;
  /** Where it is sent (src/shipping), with the rate's name; absent or null: nothing to send. */
  shipping?: StoredShipping | null;
  shippingAmount?: number;
  /** Tax added to `amount` (and tax inside the prices), Stripe Tax's calculation; absent: none. */
  tax?: { amount: number; included: number; calculation: string | null; expiresAt: number | null };
}

/** An order's `shipping` as stored. */
export interface StoredShipping {
  name: string;
  address: Address;
  rate: string;
  rate_name: string;
}

/** Facts learned from Stripe about an order's payment. */
export interface PaymentFacts {
  /** The status Stripe's news implies; absent for news that only adds details (the card). */
  status?: OrderStatus;
  paymentIntentId?: string;
  cardBrand?: string | null;
  cardLast4?: string | null;
  lastError?: string | null;
  amountRefunded?: number;
  /**
   * A refund failed at Stripe, and `amountRefunded` is the charge's total as Stripe reads it now:
   * it is taken as it is, lower or not, and the status may move back (status.ts REFUND_FAILED_BACK).
   */
  refundFailed?: true;
  /** The outcome was a decline or failed authentication: counts toward the decline cap. */
  declined?: boolean;
  /** The declined charge (ch_…), recorded with a counted decline (ledger/checkout-declines.ts). */
  declinedCharge?: string | null;
  /** The PaymentIntent's client secret: only its hash is stored (receipt proof). */
  clientSecret?: string | null;
}

export interface TransitionResult {
  order: Order;
  /** The status changed by this write (false: already there, or not an allowed edge). */
  changed: boolean;
  /**
   * This write claimed the order's fulfilment: run it now, then `markFulfilled` (a failed run
   * leaves the claim to expire, see `claimUnfulfilled`). The claim goes to the first write that
   * finds the order paid and unclaimed: the one that made it paid.
   */
  fulfil: boolean;
}

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

/** The paid statuses, as an SQL list: the orders that may be fulfilled. */
const PAID_SQL = PAID_STATUSES.map((status) => `'${status}'`).join(', ');

/** A new order's id. */
export function newOrderId(): string {
  return `ord_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`;
}

/**
 * A pending order without a PaymentIntent this long after its last change made no payment: its
 * create was refused without an answer, or never sent (a Worker cut off). A lost answer to a create
 * that did run is linked by the sweep within minutes (src/reconcile/link.ts).
 */
export const UNLINKED_HOLD_MINUTES = 30;

/**
 * A failed order whose client secret was handed out (orders.secret_handed_out): its PaymentIntent
 * can still be confirmed from a browser (docs/security.md), at its discount, until it is canceled
 * (the decline cap, or the sweep after ABANDONED_AFTER_MINUTES: src/reconcile/abandoned.ts).
 */
export const PAYABLE_BY_SECRET = 'secret_handed_out = 1 AND payment_intent_id IS NOT NULL';

/**
 * Orders that hold a redemption of their promotion code: any but a failed attempt (its next one
 * must win a redemption again, see `startRetry`) whose PaymentIntent only POST /charge can confirm
 * (one PAYABLE_BY_SECRET holds its own), a canceled order (a requires_action order whose
 * PaymentIntent was canceled becomes one) and a pending order left without a PaymentIntent for
 * UNLINKED_HOLD_MINUTES. A refunded order keeps its redemption, as a refunded Checkout Session
 * does at Stripe. Not an order of Stripe's hosted Checkout (`hosted`, which stays set while a
 * new attempt has no Session linked yet): Stripe counts its code in `times_redeemed`, which the
 * limits deduct already (src/promotion/rules.ts).
 */
const HOLDS_REDEMPTION = `hosted = 0 AND status <> 'canceled'
  AND (status <> 'failed' OR (${PAYABLE_BY_SECRET}))
  AND NOT (status = 'pending' AND payment_intent_id IS NULL
    AND updated_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-${UNLINKED_HOLD_MINUTES} minutes'))`;

/**
 * How many orders hold a redemption of a code (`column` = `id`), counted only up to `limit` (SQL):
 * whether fewer hold one than a limit needs no more rows than the limit, however many orders used
 * the code (a popular code's thousands, read on every checkout and quote). A limit below zero
 * (Stripe's redemptions past its max_redemptions) counts none: SQLite reads LIMIT -1 as no limit.
 */
const holders = (
  column: 'promotion_code_id' | 'coupon_id',
  id: string,
  limit: string,
  except = '',
) =>
  `(SELECT COUNT(*) FROM (SELECT 1 FROM orders WHERE ${column} = ${id} AND ${HOLDS_REDEMPTION}
    ${except} LIMIT MAX(${limit}, 0)))`;

/**
 * The conditions under which an order may take a redemption of its code: fewer orders holding one
 * than each limit (?code_limit, ?coupon_limit: NULL for none). Named parameters ?20 to ?23, so
 * that a statement can add them to its own.
 */
const REDEMPTION_LEFT = `(?20 IS NULL OR ?21 IS NULL OR ${holders('promotion_code_id', '?20', '?21')} < ?21)
  AND (?22 IS NULL OR ?23 IS NULL OR ${holders('coupon_id', '?22', '?23')} < ?23)`;

/** The values of REDEMPTION_LEFT's parameters, from ?20 on. */
function redemptionParams(
  promotion: { promotionCodeId: string; couponId: string; limits: RedemptionLimits } | null,
): (string | number | null)[] {
  return [
    promotion?.promotionCodeId ?? null,
    promotion?.limits.code ?? null,
    promotion?.couponId ?? null,
    promotion?.limits.coupon ?? null,
  ];
}

/**
 * How many orders hold a redemption of a promotion code, and of its coupon, counted up to what
 * `limits` allow (all a limit needs to know; 0 where there is none), for a pricing of `scope`: a
 * checkout's (its id) leaves its own order out, whose redemption is never counted against it; a
 * quote (`quote`) cannot tell the page's own failed order from another's, so it counts no failed
 * one (POST /charge counts them). A read: retried.
 */
export async function redemptionsOf(
  db: D1Database,
  promotionCodeId: string,
  couponId: string,
  limits: RedemptionLimits,
  scope: string,
): Promise<{ code: number; coupon: number }> {
  const quote = scope === 'quote';
  const except = quote ? "AND status <> 'failed'" : 'AND checkout_id IS NOT ?5';
  const count = db
    .prepare(
      `SELECT ${holders('promotion_code_id', '?1', '?2', except)} AS code,
         ${holders('coupon_id', '?3', '?4', except)} AS coupon`,
    )
    .bind(
      promotionCodeId,
      limits.code ?? 0,
      couponId,
      limits.coupon ?? 0,
      ...(quote ? [] : [scope]),
    );
  return (
    (await retryOnce(() => count.first<{ code: number; coupon: number }>())) ?? {
      code: 0,
      coupon: 0,
    }
  );
}

/**
 * Finds the order of a checkout, or records a new pending one, in one statement: a retried
 * checkout_id finds its order instead of making another (the UNIQUE constraint decides races, and
 * the no-op update makes RETURNING give the existing row). The first time, the same batch starts
 * the order's history with `cause`. With a promotion code, a new order is recorded only while the
 * code (and its coupon) has redemptions left, counted in the same statement: D1 runs one statement
 * at a time, so concurrent checkouts can never take more than `limits` allow. Null when the code
 * has none left (and the checkout has no order). Retried: a repeat finds the order, and its
 * history started.
 */
export async function openOrder(
  db: D1Database,
  draft: OrderDraft,
  cause: Cause,
): Promise<Order | null> {
  const [first] = draft.lines;
  if (!first) throw new Error('an order needs at least one line');
  const promotion = draft.promotion;
  const upsert = db
    .prepare(
      `INSERT INTO orders (id, checkout_id, product_id, quantity, amount, currency, email, status,
         receipt_token, lines, promotion_code, promotion_code_id, coupon_id, discount_amount,
         shipping, shipping_amount, tax_amount, tax_calculation, tax_calculation_expires_at,
         return_url, tax_included)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', ?8, ?9, ?10, ?20, ?22, ?11,
         ?24, ?25, ?26, ?27, ?28, ?29, ?30
       WHERE ${REDEMPTION_LEFT}
       ON CONFLICT (checkout_id) DO UPDATE SET checkout_id = excluded.checkout_id
       RETURNING *`,
    )
    .bind(
      draft.id ?? newOrderId(),
      draft.checkoutId,
      first.product,
      first.quantity,
      draft.amount,
      draft.currency,
      draft.email,
      newToken(),
      JSON.stringify(draft.lines),
      promotion?.code ?? null,
      promotion?.discount ?? 0,
      ...Array<null>(8).fill(null),
      ...redemptionParams(promotion),
      draft.shipping ? JSON.stringify(draft.shipping) : null,
      draft.shippingAmount ?? 0,
      draft.tax?.amount ?? 0,
      draft.tax?.calculation ?? null,
      draft.tax?.expiresAt ?? null,
      draft.returnUrl ?? null,
      draft.tax?.included ?? 0,
    );
  const created = db
    .prepare(
      `INSERT INTO order_history (${HISTORY_COLUMNS})
       SELECT id, NULL, status, 0, ?, ?, ?, ?, ?, ?, ? FROM orders o WHERE checkout_id = ?
         AND NOT EXISTS (SELECT 1 FROM order_history h WHERE h.order_id = o.id)`,
    )
    .bind(...causeValues(cause, 'order created'), draft.checkoutId);
  const [opened] = await retryOnce(() => db.batch<Order>([upsert, created]));
  // No row: the code had no redemption left, unless a concurrent request opened this checkout.
  return opened?.results[0] ?? (await findOrderByCheckout(db, draft.checkoutId));
}

/** The statement that reads one order by a column. */
export const orderByQuery = (
  db: D1Database,
  column: 'id' | 'checkout_id' | 'payment_intent_id' | 'checkout_session_id',
  value: string,
): D1PreparedStatement => db.prepare(`SELECT * FROM orders WHERE ${column} = ?`).bind(value);

/** One order by a column (a read: retried). */
export function findOrderBy(
  db: D1Database,
  column: Parameters<typeof orderByQuery>[1],
  value: string,
): Promise<Order | null> {
  const select = orderByQuery(db, column, value);
  return retryOnce(() => select.first<Order>());
}

export function findOrderByCheckout(db: D1Database, checkoutId: string): Promise<Order | null> {
  return findOrderBy(db, 'checkout_id', checkoutId);
}

export function findOrderByPaymentIntent(
  db: D1Database,
  paymentIntentId: string,
): Promise<Order | null> {
  return findOrderBy(db, 'payment_intent_id', paymentIntentId);
}

export function findOrder(db: D1Database, orderId: string): Promise<Order | null> {
  return findOrderBy(db, 'id', orderId);
}

/**
 * Claims the right to ask Stripe about an order for a receipt view: true for at most one caller per
 * `intervalMs`, however many race (a conditional UPDATE of stripe_checked_at; `now` is the
 * Worker's clock, injectable for tests). Retried: a repeat after a claim that committed finds it
 * taken and answers false, so it can never cause a second call.
 */
export async function claimStripeCheck(
  db: D1Database,
  orderId: string,
  intervalMs: number,
  now: Date = new Date(),
): Promise<boolean> {
  const claim = db
    .prepare(
      `UPDATE orders SET stripe_checked_at = ?1
       WHERE id = ?2 AND (stripe_checked_at IS NULL OR stripe_checked_at <= ?3) RETURNING id`,
    )
    .bind(now.toISOString(), orderId, new Date(now.getTime() - intervalMs).toISOString());
  return (await retryOnce(() => claim.first())) !== null;
}

/**
 * Reopens a failed order for a new confirmation attempt (failed → pending), with its history row.
 * The attempt number was already advanced when the order failed, so the new attempt gets a fresh
 * idempotency key. An order with a promotion code reopens only while the code has a redemption
 * left (`limits`, as in `openOrder`), unless it holds its own (PAYABLE_BY_SECRET). The order as it
 * now stands (still failed when it could not reopen), and whether this call reopened it: one
 * another request reopened meanwhile may have used the new attempt's key already. Retried:
 * guarded by status = 'failed', so a repeat changes nothing.
 */
export async function startRetry(
  db: D1Database,
  order: Order,
  cause: Cause,
  limits: RedemptionLimits | null = null,
): Promise<{ order: Order; reopened: boolean }> {
  const promotion =
    limits && order.promotion_code_id && order.coupon_id
      ? { promotionCodeId: order.promotion_code_id, couponId: order.coupon_id, limits }
      : null;
  // Both statements check the code's redemptions left (?20 to ?23), in one transaction.
  const history = db
    .prepare(
      `INSERT INTO order_history (${HISTORY_COLUMNS})
       SELECT id, status, 'pending', amount_refunded, ?1, ?2, ?3, ?4, ?5, ?6, ?7
       FROM orders WHERE id = ?8 AND status = 'failed'
         AND ((${PAYABLE_BY_SECRET}) OR ${REDEMPTION_LEFT})`,
    )
    .bind(
      ...causeValues(cause, `attempt ${order.attempt}`),
      order.id,
      ...Array<null>(11).fill(null),
      ...redemptionParams(promotion),
    );
  const reopen = db
    .prepare(
      `UPDATE orders SET status = 'pending', last_error = NULL, updated_at = ${NOW},
         attempt_started_at = ${NOW}
       WHERE id = ?1 AND status = 'failed' AND ((${PAYABLE_BY_SECRET}) OR ${REDEMPTION_LEFT})
       RETURNING *`,
    )
    .bind(order.id, ...Array<null>(18).fill(null), ...redemptionParams(promotion));
  const [, batch] = await retryOnce(() => db.batch<Order>([history, reopen]));
  const reopened = batch?.results[0];
  if (reopened) return { order: reopened, reopened: true };
  return { order: (await findOrder(db, order.id)) ?? order, reopened: false };
}

/**
 * Wins a redemption of its code back for a pending order without a PaymentIntent before its
 * resend creates one: after UNLINKED_HOLD_MINUTES such an order holds none (HOLDS_REDEMPTION), and
 * another checkout may have taken the use it freed. One conditional statement, as in `startRetry`:
 * an order that still holds its redemption, or finds one left, is touched (`updated_at`, so that
 * it holds one again) and returned; null when none is left (the order is left unchanged).
 */
export async function reclaimRedemption(
  db: D1Database,
  order: Order,
  limits: RedemptionLimits,
): Promise<Order | null> {
  const promotion =
    order.promotion_code_id && order.coupon_id
      ? { promotionCodeId: order.promotion_code_id, couponId: order.coupon_id, limits }
      : null;
  const touch = db
    .prepare(
      `UPDATE orders SET updated_at = ${NOW}
       WHERE id = ?1 AND status = 'pending' AND payment_intent_id IS NULL
         AND ((${HOLDS_REDEMPTION}) OR ${REDEMPTION_LEFT})
       RETURNING *`,
    )
    .bind(order.id, ...Array<null>(18).fill(null), ...redemptionParams(promotion));
  return (await retryOnce(() => touch.first<Order>())) ?? null;
}

/**
 * Retires an attempt whose idempotency key Stripe answered with an error that moved no money
 * (invalid card details, Stripe unavailable): the next try needs a fresh key. When Stripe made no
 * PaymentIntent for it (the order is pending without one, nor a Session another click of the same
 * attempt linked meanwhile, which is payable), the attempt is over: the order fails with
 * `lastError`, and so holds no redemption of its code (a refused checkout must not use one up;
 * the next attempt wins one again, see `startRetry`), with its history row. Guarded by the attempt
 * number, so concurrent callers (and a retry) retire it once and a late refusal never ends a newer
 * attempt.
 */
export async function retireAttempt(
  db: D1Database,
  order: Order,
  attempt: number,
  cause: Cause,
  lastError: string,
): Promise<void> {
  const ends = `id = ?1 AND attempt = ?2 AND status = 'pending' AND payment_intent_id IS NULL
    AND checkout_session_id IS NULL`;
  const history = db
    .prepare(
      `INSERT INTO order_history (${HISTORY_COLUMNS})
       SELECT id, status, 'failed', amount_refunded, ?3, ?4, ?5, ?6, ?7, ?8, ?9 FROM orders
       WHERE ${ends}`,
    )
    .bind(order.id, attempt, ...causeValues(cause, `attempt ${attempt} refused`));
  const retire = db
    .prepare(
      `UPDATE orders SET attempt = attempt + 1, updated_at = ${NOW},
         last_error = CASE WHEN ${ends} THEN ?3 ELSE last_error END,
         status = CASE WHEN ${ends} THEN 'failed' ELSE status END
       WHERE id = ?1 AND attempt = ?2`,
    )
    .bind(order.id, attempt, lastError);
  await retryOnce(() => db.batch([history, retire]));
}

/** Extras of a `transition`. */
export interface TransitionOptions {
  /** A few words for the history row ("refund re_…"). */
  note?: string;
  /** More writes that belong to the same change, run first in the same batch (a refund's row). */
  also?: D1PreparedStatement[];
  /**
   * The Checkout Session the facts come from: nothing is written unless it is still the order's,
   * checked in the write (linked, or none linked and its expiry the attempt's), so that a late
   * read of an old Session never moves a new attempt (src/hosted/record.ts, isSessionOf).
   */
  session?: { id: string; expiresAt: number };
}

/**
 * Applies what Stripe said about an order. The status moves only along an allowed edge; details
 * (PaymentIntent id, card, refunds) are filled in either way. The same batch writes a history row
 * for a change of status, of the amount refunded or of the linked PaymentIntent, with its `cause`.
 * When the cause is a Stripe event, the write and the record of that event commit together, so a
 * repeated event is never applied twice: it returns null when the event was already recorded. It
 * may claim the order's fulfilment (`fulfil`), which the caller must then run: go through
 * `recordPayment` (src/fulfilment).
 * Retried: every statement is guarded (the status edge, COALESCE, MAX, the unclaimed claim, the
 * event id), so a repeat after a write that committed changes nothing; it reports no change and no
 * claim (or null for an event), and a claim it thus misses is run by the sweep once stale.
 */
export async function transition(
  db: D1Database,
  orderId: string,
  facts: PaymentFacts,
  cause: Cause,
  options: TransitionOptions = {},
): Promise<TransitionResult | null> {
  const from = facts.status
    ? [
        ...statusesLeadingTo(facts.status),
        ...(facts.refundFailed ? statusesReturningTo(facts.status) : []),
      ]
    : [];
  // Shared by the history row and the move: ?1 status, ?2 order id, ?3 amount refunded,
  // ?4 PaymentIntent, then the guard's statuses; each statement's own values come after them.
  // A failed refund's total is read from the charge, and may predate a refund made since: never
  // below the order's refunds that stand (its rows, the failed one marked first in the batch), nor
  // a status taken from that older total.
  const standing = `(SELECT COALESCE(SUM(amount), 0) FROM refunds
    WHERE order_id = orders.id AND status = 'succeeded')`;
  const refunded = facts.amountRefunded ?? 0;
  const paymentIntentId = facts.paymentIntentId ?? null;
  const session = options.session;
  const params = [facts.status ?? null, orderId, refunded, paymentIntentId, ...from];
  // The Session's own condition (its id, then its expiry, after the guard's statuses).
  const ours = (id: string, expires: string) =>
    session
      ? ` AND (checkout_session_id = ${id} OR (checkout_session_id IS NULL
        AND checkout_session_expires_at = ${expires}))`
      : '';
  const mine = ours(`?${params.length + 1}`, `?${params.length + 2}`);
  if (session) params.push(session.id, session.expiresAt);
  const own = (count: number) =>
    Array.from({ length: count }, (_, i) => `?${params.length + i + 1}`).join(', ');
  const event = eventOf(cause);
  // Refunds only add up, but a failed one's total is Stripe's word (then ?3 is a total), floored.
  const newRefunded = (total: string) =>
    facts.refundFailed ? `MAX(${total}, ${standing})` : `MAX(amount_refunded, ${total})`;
  const refundedChanges = `amount_refunded ${facts.refundFailed ? '<>' : '<'} ?3`;
  const guard = from.length
    ? `status IN (${from.map((_, i) => `?${i + 5}`).join(', ')})` +
      (facts.refundFailed ? ` AND ?3 >= ${standing}` : '') +
      mine
    : '0';

  // Before the change, which it reads: only when something the history shows changes.
  const history = db
    .prepare(
      `INSERT INTO order_history (${HISTORY_COLUMNS})
       SELECT id, status, CASE WHEN ${guard} THEN ?1 ELSE status END, ${newRefunded('?3')},
         ${own(7)}
       FROM orders WHERE id = ?2${mine}
         AND (${guard} OR ${refundedChanges} OR (payment_intent_id IS NULL AND ?4 IS NOT NULL))`,
    )
    .bind(...params, ...causeValues(cause, options.note ?? null));
  const [lastError, declined] = own(2).split(', ');
  const move = facts.status
    ? db
        .prepare(
          `UPDATE orders SET status = ?1, last_error = ${lastError}, declines = declines + ${declined},
             -- a failed attempt is over: the next one needs a fresh idempotency key
             attempt = attempt + (CASE WHEN ?1 = 'failed' THEN 1 ELSE 0 END),
             payment_intent_id = COALESCE(payment_intent_id, ?4), updated_at = ${NOW}
           WHERE id = ?2 AND ${guard} RETURNING *`,
        )
        .bind(...params, facts.lastError ?? null, facts.declined ? 1 : 0)
    : null;
  const details = db
    .prepare(
      `UPDATE orders SET payment_intent_id = COALESCE(payment_intent_id, ?), card_brand = COALESCE(?, card_brand),
         card_last4 = COALESCE(?, card_last4), amount_refunded = ${newRefunded('?')},
         client_secret_hash = COALESCE(client_secret_hash, ?), updated_at = ${NOW}
       WHERE id = ?${ours('?', '?')} RETURNING *`,
    )
    .bind(
      paymentIntentId,
      facts.cardBrand ?? null,
      facts.cardLast4 ?? null,
      refunded,
      facts.clientSecret ? await hashSecret(facts.clientSecret) : null,
      orderId,
      ...(session ? [session.id, session.expiresAt] : []),
    );

  // The declined charge this move counts, so that a later event's read of it counts nothing.
  const counted =
    move && facts.declined && facts.declinedCharge
      ? db.prepare(countedChargeSql(guard, own(1), '?2')).bind(...params, facts.declinedCharge)
      : null;

  // Claimed in the same transaction as the payment, saving the ledger a round trip per paid order.
  // Only the first run: after a failure, the sweep runs it again once its back-off has passed.
  const claim = db
    .prepare(
      `UPDATE orders SET fulfilment_claimed_at = ${NOW}, fulfilment_attempts = 1
       WHERE id = ? AND status IN (${PAID_SQL}) AND fulfilled_at IS NULL
         AND fulfilment_claimed_at IS NULL AND fulfilment_attempts = 0
       RETURNING id`,
    )
    .bind(orderId);

  const record = event
    ? db
        .prepare('INSERT INTO stripe_events (id, type, payment_intent_id) VALUES (?, ?, ?)')
        .bind(event.id, event.type, paymentIntentId)
    : null;
  const statements = [
    ...(options.also ?? []),
    record,
    history,
    counted,
    move,
    claim,
    details,
  ].filter((statement) => statement !== null);
  let results: D1Result<Order>[];
  try {
    results = await retryOnce(() => db.batch<Order>(statements));
  } catch (error) {
    // The batch is one transaction: a duplicate event id rolls the whole write back.
    if (event && /UNIQUE constraint failed: stripe_events\.id/.test(String(error))) return null;
    throw error;
  }
  const resultOf = (statement: D1PreparedStatement | null) =>
    statement ? results[statements.indexOf(statement)]?.results[0] : undefined;
  // Another Session's now: nothing written, the order as it stands.
  const order = resultOf(details) ?? (session ? await findOrder(db, orderId) : null);
  if (!order) throw new Error(`order ${orderId} not found`);
  return { order, changed: Boolean(resultOf(move)), fulfil: Boolean(resultOf(claim)) };
}

/**
 * Records a Stripe event that concerns no order of ours, once. Returns false for a repeat.
 * Retried: ON CONFLICT DO NOTHING makes a repeat harmless.
 */
export async function recordIgnoredEvent(
  db: D1Database,
  eventId: string,
  type: string,
): Promise<boolean> {
  const insert = db
    .prepare('INSERT INTO stripe_events (id, type) VALUES (?, ?) ON CONFLICT (id) DO NOTHING')
    .bind(eventId, type);
  const result = await retryOnce(() => insert.run());
  return result.meta.changes === 1;
}

/** Marks a claimed fulfilment done. Retried: guarded by fulfilled_at IS NULL. */
export async function markFulfilled(db: D1Database, orderId: string): Promise<void> {
  const mark = db
    .prepare(
      `UPDATE orders SET fulfilled_at = ${NOW}, fulfilment_error = NULL, fulfilment_retry_at = NULL
       WHERE id = ? AND fulfilled_at IS NULL`,
    )
    .bind(orderId);
  await retryOnce(() => mark.run());
}

/**
 * Records a failed fulfilment run: its error, the claim released, and when the sweep may try again
 * (`retryInMinutes`; null when no attempt is left: the order then needs attention). The order as it
 * now stands. Retried: a repeat writes the same values.
 */
export async function recordFulfilmentFailure(
  db: D1Database,
  orderId: string,
  error: string,
  retryInMinutes: number | null,
): Promise<Order | null> {
  const record = db
    .prepare(
      `UPDATE orders SET fulfilment_claimed_at = NULL, fulfilment_error = ?,
         fulfilment_retry_at = CASE WHEN ? IS NULL THEN NULL
           ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+' || ? || ' minutes') END
       WHERE id = ? AND fulfilled_at IS NULL RETURNING *`,
    )
    .bind(error, retryInMinutes, retryInMinutes, orderId);
  return retryOnce(() => record.first<Order>());
}

/**
 * Claims a paid, unfulfilled order's fulfilment for an admin's "run again", whatever its attempts
 * and back-off, unless a run is under way (claimed less than `staleMinutes` ago). The same batch
 * records the action in the order's history. Null when the order cannot be claimed (not paid,
 * fulfilled, or running): read it to say why. Not retried, like every claim: a repeat after a
 * claim that committed would find it taken.
 */
export async function claimFulfilmentRerun(
  db: D1Database,
  orderId: string,
  staleMinutes: number,
  cause: Cause,
): Promise<Order | null> {
  const due = `id = ?1 AND status IN (${PAID_SQL}) AND fulfilled_at IS NULL
    AND (fulfilment_claimed_at IS NULL
      OR fulfilment_claimed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?2))`;
  const stale = `-${staleMinutes} minutes`;
  const history = db
    .prepare(
      `INSERT INTO order_history (${HISTORY_COLUMNS})
       SELECT id, status, status, amount_refunded, ?3, ?4, ?5, ?6, ?7, ?8, ?9 FROM orders WHERE ${due}`,
    )
    .bind(orderId, stale, ...causeValues(cause, 'fulfilment run again'));
  const claim = db
    .prepare(
      `UPDATE orders SET fulfilment_claimed_at = ${NOW}, fulfilment_attempts = fulfilment_attempts + 1,
         fulfilment_retry_at = NULL
       WHERE ${due} RETURNING *`,
    )
    .bind(orderId, stale);
  const [, claimed] = await db.batch<Order>([history, claim]);
  return claimed?.results[0] ?? null;
}

/**
 * How long a Stripe event id is kept for deduplication: Stripe retries a delivery for up to three
 * days and keeps events (which can be sent again from the Dashboard) for 30 days.
 */
export const EVENT_RETENTION_DAYS = 30;

/** Forgets Stripe events older than EVENT_RETENTION_DAYS; how many. Retried: a repeat is a no-op. */
export async function forgetOldEvents(db: D1Database): Promise<number> {
  const prune = db
    .prepare(
      `DELETE FROM stripe_events WHERE received_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)`,
    )
    .bind(`-${EVENT_RETENTION_DAYS} days`);
  return (await retryOnce(() => prune.run())).meta.changes;
}

/**
 * Claims the fulfilment of paid orders that are not fulfilled and not being fulfilled, while
 * attempts are left (`maxAttempts`): never claimed (paid before claims existed), failed and past
 * their back-off (`fulfilment_retry_at`), or claimed more than `staleMinutes` ago by a run that
 * never finished (a Worker cut off mid-way, which counted as an attempt). Each claim counts an
 * attempt. At most `limit`, oldest first; each is claimed once.
 */
export async function claimUnfulfilled(
  db: D1Database,
  staleMinutes: number,
  limit: number,
  maxAttempts: number,
): Promise<Order[]> {
  const { results } = await db
    .prepare(
      `UPDATE orders SET fulfilment_claimed_at = ${NOW}, fulfilment_attempts = fulfilment_attempts + 1,
         fulfilment_retry_at = NULL
       WHERE id IN (
         SELECT id FROM orders
         WHERE status IN (${PAID_SQL}) AND fulfilled_at IS NULL AND fulfilment_attempts < ?3
           AND ((fulfilment_claimed_at IS NULL
                 AND (fulfilment_retry_at IS NULL OR fulfilment_retry_at <= ${NOW}))
             OR fulfilment_claimed_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?1))
         ORDER BY updated_at LIMIT ?2)
       RETURNING *`,
    )
    .bind(`-${staleMinutes} minutes`, limit, maxAttempts)
    .all<Order>();
  return results;
}
