/**
 * POST /admin/api/orders/<id>/refunds with `{ "amount"?, "reason"? }` and an Idempotency-Key
 * header (the console makes one per click): a refund of `amount` (minor units; all that remains
 * when absent), made once per key and order (src/refunds/make.ts).
 *
 *   201  { refund, order }   made (200 with Idempotent-Replayed: true for a key used before)
 *   202  { refund, order }   Stripe's answer was lost: the refund may have been made, its amount
 *                            stays held; the same key again finds out (the sweep does too)
 *   400  invalid body or key (an amount off the currency's step, 1.235 KWD, is `invalid_body`
 *        on `amount`); amount_too_large (more than remains, `remaining` in minor units)
 *   404  no such order      409  not_refundable (not paid, or refunded already; refund_refused);
 *                               disputed (its payment is disputed: Stripe is not asked)
 *   422  idempotency_key_reused (the key made another refund)   503  Stripe unavailable
 *   (with `refund`: nothing was made under the key, and a repeat of it asks Stripe again)
 */
import type { Context } from 'hono';
import * as v from 'valibot';
import { resolvePaymentConfig } from '../../config';
import { findOrder, type Order } from '../../ledger';
import { causeOf } from '../../ledger/history';
import type { Refund } from '../../ledger/refunds';
import { localeOf } from '../../middleware/locale';
import { formatMoney } from '../../money';
import { amountStep } from '../../money/format.js';
import { DISPUTED_REFUND } from '../../orders/dispute.js';
import { orderView } from '../../orders/view.js';
import { makeRefund, type RefundOutcome } from '../../refunds/make';
import type { AppEnv } from '../../types';
import { requestUrl } from '../../middleware/request-url';
import { refuse } from '../answer';
import { audit, type ActionOutcome } from '../audit';
import { refundView } from './detail';

/** What Stripe accepts as a refund's reason. */
const REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

const Body = v.strictObject({
  amount: v.optional(
    v.pipe(v.number('amount is a number'), v.integer('amount is whole minor units'), v.minValue(1)),
  ),
  reason: v.optional(v.picklist(REASONS, `reason is one of ${REASONS.join(', ')}`)),
});

/** An Idempotency-Key: 1 to 255 visible ASCII characters (a UUID, as the console makes). */
const KEY = /^[\x21-\x7e]{1,255}$/;

/** How each refusal answers. */
const STATUS = {
  amount_too_large: 400,
  refund_refused: 409,
  stripe_unavailable: 503,
  not_configured: 503,
  not_sent: 409,
} as const;

export async function refundHandler(c: Context<AppEnv>) {
  const orderId = c.req.param('id') ?? '';
  const key = c.req.header('idempotency-key') ?? '';
  if (!KEY.test(key))
    return refuse(
      c,
      400,
      'idempotency_key_required',
      'Send an Idempotency-Key header (a new one for each refund, e.g. a UUID).',
      { param: 'Idempotency-Key' },
    );
  const raw = await c.req.text();
  let json: unknown;
  try {
    json = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch {
    return refuse(c, 400, 'invalid_body', 'The body is not JSON.');
  }
  const body = v.safeParse(Body, json);
  if (!body.success) {
    const issue = body.issues[0];
    return refuse(c, 400, 'invalid_body', issue.message, {
      param: v.getDotPath(issue) ?? undefined,
    });
  }
  // Read first: an amount off its currency's step (1.235 KWD), which Stripe refuses, is refused
  // like the body's other amount rules, before anything is held or Stripe is asked.
  const order = await findOrder(c.env.DB, orderId);
  const step = order ? amountStep(order.currency) : 1;
  if ((body.output.amount ?? 0) % step)
    return refuse(c, 400, 'invalid_body', `amount is whole minor units in steps of ${step}`, {
      param: 'amount',
    });
  const config = resolvePaymentConfig(c.env, requestUrl(c));
  if (!config.ok)
    return refuse(
      c,
      503,
      'not_configured',
      'Payments are not configured, so nothing can be refunded.',
    );

  const admin = c.get('adminEmail');
  let outcome: RefundOutcome;
  try {
    outcome = await makeRefund(
      { env: c.env, config, cause: causeOf(c), waits: c.get('waits') },
      { orderId, idempotencyKey: key, ...body.output, admin },
      order,
    );
  } catch (error) {
    // Stripe may have made it before the ledger failed: the trail still says who asked for it.
    await audit(c, 'refund', {
      orderId,
      outcome: 'error',
      details: { amount: body.output.amount ?? null },
    });
    throw error;
  }
  const summary = summarize(outcome, body.output.amount, order?.currency);
  Object.assign(c.get('log'), { order_id: orderId, action: 'refund', outcome: summary.outcome });
  await audit(c, 'refund', { orderId, ...summary });
  return answer(c, outcome, order?.currency ?? '');
}

/**
 * The audit trail's account of an outcome: the refund's amount, or the amount asked for, in the
 * order's currency. A reused key's refund is another request's: the amount is this request's,
 * and that refund is named apart (`key_refund`, `key_refund_amount`).
 */
function summarize(
  outcome: RefundOutcome,
  asked: number | undefined,
  currency: string | undefined,
): ActionOutcome {
  const other = outcome.kind === 'key_reused' ? outcome.refund : undefined;
  const refund = !other && 'refund' in outcome ? outcome.refund : undefined;
  return {
    outcome: outcome.kind === 'refused' ? `refused:${outcome.code}` : outcome.kind,
    details: {
      amount: refund?.amount ?? asked ?? null,
      // With an amount of the order's: a refund's, or the one asked for that is too much.
      currency: 'refund' in outcome || outcome.kind === 'too_much' ? currency : undefined,
      refund_id: refund?.id,
      stripe_refund: refund?.stripe_refund_id ?? undefined,
      key_refund: other?.id,
      key_refund_amount: other?.amount,
      replayed: outcome.kind === 'refunded' ? outcome.replayed : undefined,
      dispute: outcome.kind === 'disputed' ? outcome.dispute.id : undefined,
    },
  };
}

/** The answer to an outcome for an order in `currency`. */
function answer(c: Context<AppEnv>, outcome: RefundOutcome, currency: string): Response {
  const made = (refund: Refund, order: Order, status: 200 | 201 | 202) =>
    c.json({ refund: refundView(refund), order: orderView(order) }, status);
  switch (outcome.kind) {
    case 'no_order':
      return refuse(c, 404, 'not_found', 'There is no order with this id.');
    case 'not_refundable':
      return refuse(
        c,
        409,
        'not_refundable',
        outcome.status === 'refunded'
          ? 'This order was refunded in full already.'
          : `Only a paid order can be refunded; this one is ${outcome.status.replaceAll('_', ' ')}.`,
        { status: outcome.status },
      );
    case 'disputed':
      return refuse(c, 409, 'disputed', DISPUTED_REFUND, {
        dispute: outcome.dispute.id,
      });
    case 'too_much': {
      const money = (amount: number) => formatMoney(amount, currency, localeOf(c).tag);
      const held = outcome.held ? ` (${money(outcome.held)} more is being refunded right now)` : '';
      return refuse(
        c,
        400,
        'amount_too_large',
        `At most ${money(outcome.remaining)} can be refunded${held}. Nothing was refunded.`,
        { param: 'amount', remaining: outcome.remaining },
      );
    }
    case 'key_reused':
      return refuse(
        c,
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was used for another refund of this order. Use a new key.',
      );
    case 'refused':
      return refuse(c, STATUS[outcome.code], outcome.code, outcome.message, {
        refund: refundView(outcome.refund),
      });
    case 'unknown':
      return made(outcome.refund, outcome.order, 202);
    case 'refunded':
      if (outcome.replayed) c.header('Idempotent-Replayed', 'true');
      return made(outcome.refund, outcome.order, outcome.replayed ? 200 : 201);
  }
}
