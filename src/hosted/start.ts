/**
 * POST /charge with CHECKOUT_UI=hosted: the cart priced by the server and its order opened in the
 * ledger exactly as for our own page (src/cart, src/ledger), then one Checkout Session per attempt,
 * created under the idempotency key `<checkout_id>/session/<attempt>`: a double click, a resend
 * or a lost answer replays Stripe's first Session, so one checkout never has two open ones. Once
 * linked, a Session is read rather than created again (./linked.ts): a later click in another
 * language is sent to it, and one past its expiry is checked before "not charged" is said.
 * The customer then pays on Stripe's page; the webhook, the receipt and the sweep learn the
 * outcome from the Session (./facts.ts).
 */
import { orderLines, quoteOf } from '../cart/quote';
import type { Locale } from '../i18n';
import {
  findOrder,
  findOrderByCheckout,
  openOrder,
  retireAttempt,
  startRetry,
  type Order,
} from '../ledger';
import { linesOf } from '../ledger/lines';
import { chooseSessionExpiry, forgetSession, linkSession } from '../ledger/sessions';
import { MAX_DECLINES_PER_CHECKOUT } from '../limits';
import type { LogFields } from '../log';
import { callStripe } from '../stripe/call';
import { configurationRefusal } from '../stripe/refusal';
import type { HostedRequest } from '../checkout/schema';
import {
  linesKey,
  priceChanged,
  settledOutcome,
  showed,
  type PaymentOutcome,
} from '../checkout/pay';
import { expireForNewAttempt, fromLinkedSession, type LinkedContext } from './linked';
import { ownPageOutcome, payingOnOwnPage } from './own-page';
import {
  attemptMayHaveSession,
  basisOf,
  sessionExpiry,
  sessionParams,
  type SessionBasis,
} from './session';

interface StartContext extends LinkedContext {
  locale: Locale;
  /** The shop's origin, for the Session's success and cancel URLs. */
  origin: string;
  tax: 'stripe' | 'none';
  /** The checkout's order when the request has read it already (the decline cap does). */
  known?: Order | null;
  note: (fields: LogFields) => void;
  /** The Worker's clock (ms): injectable for tests. */
  now?: number;
}

/** Where the customer goes next: Stripe's page, or why not (as for our own page). */
export type HostedOutcome =
  | { kind: 'hosted'; url: string; order: Order }
  | Extract<PaymentOutcome, { kind: 'not_charged' | 'charged' | 'processing' | 'unknown' }>;

const notCharged = (
  reason:
    | 'checkout_changed'
    | 'checkout_canceled'
    | 'too_many_declines'
    | 'stripe_unavailable'
    | 'not_configured',
  order: Order | null,
): HostedOutcome => ({ kind: 'not_charged', reason, order });

/** Whether an order is the one a request asks for: the same lines at the same prices. */
function sameCart(order: Order, request: HostedRequest): boolean {
  const asked = request.cart.lines.map(({ product, quantity }) => ({
    product: product.id,
    quantity,
    unit_amount: product.unitAmount,
  }));
  return order.currency === request.cart.currency && linesKey(linesOf(order)) === linesKey(asked);
}

/**
 * Whether a request is the order's own: its cart and email. A hosted page's request has no email
 * (Stripe's page asks for it), so it proves nothing: anyone may know a checkout id and its cart.
 */
export const isOwnRequest = (order: Order, request: HostedRequest): boolean =>
  sameCart(order, request) && request.email === order.email;

/**
 * Opens (or finds) the checkout's order and sends the customer to its Session. `replacing`: this
 * call is the one that moves on from a replayed Session for another country (below), never twice.
 */
export async function startHostedCheckout(
  ctx: StartContext,
  request: HostedRequest,
  replacing = false,
): Promise<HostedOutcome> {
  const db = ctx.db;
  let order =
    ctx.known !== undefined ? ctx.known : await findOrderByCheckout(db, request.checkoutId);
  // The goods only: a code, the shipping and the tax are chosen on Stripe's page, and the
  // order's amount becomes the Session's total when it completes. The page showed this total.
  const quote = quoteOf(request.cart, null, ctx.locale);
  const shown = showed(request.expected, quote.total, quote.currency);
  if (!order) {
    // Another total than the page showed: no order, no Session.
    if (!shown) return priceChanged(null, quote);
    order = await openOrder(
      db,
      {
        checkoutId: request.checkoutId,
        lines: orderLines(quote),
        amount: quote.total,
        currency: quote.currency,
        email: request.email ?? '',
        promotion: null,
      },
      ctx.cause,
    );
    if (!order) throw new Error('an order without a code could not be opened');
  }
  // A paid checkout is answered its receipt, whatever the cart says now: never a new checkout.
  // The full receipt only for the order's own request (see settledOutcome).
  const settled = settledOutcome(order, isOwnRequest(order, request));
  if (settled) return settled;
  // An order being paid on our own page (CHECKOUT_UI changed meanwhile) never also gets a Session,
  // and Stripe is asked before any "not charged", whatever the cart says now (./own-page.ts).
  if (payingOnOwnPage(order)) return ownPageOutcome(ctx, order, isOwnRequest(order, request));
  const now = Math.floor((ctx.now ?? Date.now()) / 1000);
  // Another cart while a Session is linked: the customer may have paid it at Stripe before its
  // events came, or have it open in another tab, and "changed, not charged" starts a new checkout
  // on the page. So Stripe is asked first: paid or settling, that status (status-only, see
  // src/checkout/hosted.ts); no answer, unknown; open, expired first (as for another country).
  if (!sameCart(order, request)) {
    const linked =
      order.checkout_session_id !== null && order.status !== 'failed'
        ? await fromLinkedSession(ctx, order, now, request.shipTo, true)
        : order;
    // Expired (by this click or before) or failed: not charged, and the cart is the news.
    if ('kind' in linked && linked.kind !== 'not_charged') return linked;
    return notCharged('checkout_changed', order);
  }
  // One whose payment there is over (failed) neither: its PaymentIntent is not a Session's.
  if (order.payment_intent_id !== null && order.checkout_session_id === null)
    return notCharged('checkout_changed', order);
  // A Session is linked already: Stripe says where it stands (open, or completed before its
  // events came); one open for another country is expired for a new attempt. A failed attempt's
  // Session is forgotten below.
  if (order.checkout_session_id !== null && order.status !== 'failed') {
    const linked = await fromLinkedSession(ctx, order, now, request.shipTo);
    if ('kind' in linked) return linked;
    order = linked;
  }
  const failed = order.status === 'failed';
  if (failed && order.declines >= MAX_DECLINES_PER_CHECKOUT)
    return notCharged('too_many_declines', order);
  // The same cart at another total than its page showed (a page of before): its price now, before
  // a Session. (An open one was answered above: Stripe's page shows its total before paying.)
  if (!shown) return priceChanged(order, quote);
  if (failed) {
    // An asynchronous payment that failed after its Session completed: a new Session.
    // Only the failed attempt's Session is forgotten: another click that read the order failed
    // may have reopened it first and chosen (or linked) the next one, which this click then
    // replays under the attempt's key (the same parameters and expiry).
    const reopened = (await startRetry(db, order, ctx.cause)).order;
    order = (await forgetSession(db, order)) ?? reopened;
  }
  // An attempt whose create had no answer, past its expiry: any Session it made is over, and no
  // one was sent to it (a Session is linked before its address is answered). One that no click
  // sent a create for yet (the sweep moved the order on to it) chooses a new expiry instead.
  const expired = order.checkout_session_expires_at;
  if (expired !== null && expired <= now && attemptMayHaveSession(order))
    return notCharged('checkout_canceled', order);
  // The attempt's first click fixes what its Session is built from: a later click in another
  // language (its first create's answer lost) sends the same parameters under the same key.
  const asked: SessionBasis = {
    language: ctx.locale.language,
    shipTo: request.shipTo,
    origin: ctx.origin,
    linkLanguage: ctx.locale.byLink ? ctx.locale.tag : null,
  };
  const chosen = await chooseSessionExpiry(db, order.id, sessionExpiry(now), JSON.stringify(asked));
  if (!chosen) {
    // Ended meanwhile (abandoned, by the sweep) or settled: never a Session for it.
    const current = (await findOrder(db, order.id)) ?? order;
    const settledNow = settledOutcome(current, isOwnRequest(current, request));
    return settledNow ?? { kind: 'unknown', reason: 'in_progress', order: current };
  }
  order = chosen;
  const basis = basisOf(order) ?? asked;
  const attempt = order.attempt;
  const params = sessionParams({ order, basis, tax: ctx.tax });
  const stripe = await ctx.stripe();
  const created = await callStripe(
    (options) =>
      stripe.checkout.sessions.create(params, {
        idempotencyKey: `${order.checkout_id}/session/${attempt}`,
        ...options,
      }),
    ctx.budget,
  );
  ctx.note({ order_id: order.id, attempt, outcome: created.kind });
  switch (created.kind) {
    case 'ok': {
      const session = created.value;
      // No Session id in the log: it is in the address of the Session's page.
      if (!(await linkSession(db, order.id, session)) || !session.url)
        return { kind: 'unknown', reason: 'in_progress', order };
      // The attempt's Session ships to the country its first click chose, not this one's: it is
      // expired for a new attempt, as any linked Session of another country is.
      if (basis.shipTo !== request.shipTo) {
        if (replacing) return { kind: 'unknown', reason: 'in_progress', order };
        const next = await expireForNewAttempt(ctx, order, session, now);
        if ('kind' in next) return next;
        return startHostedCheckout({ ...ctx, known: next }, request, true);
      }
      return { kind: 'hosted', url: session.url, order };
    }
    case 'stripe_error': {
      ctx.note({
        stripe_error: created.error.rawType ?? created.error.type,
        code: created.error.code,
      });
      // A 409 key in use is in doubt, retried by callStripe, never this: only other parameters.
      if (created.error.type === 'StripeIdempotencyError') {
        // A create of this attempt with other parameters (sent before the order kept its basis,
        // or before the shop's configuration changed): once it links its Session, that is the
        // checkout's.
        const linked = await findOrder(db, order.id);
        if (linked?.checkout_session_id && linked.status === 'pending') {
          const answer = await fromLinkedSession(ctx, linked, now, request.shipTo);
          if ('kind' in answer) return answer;
        }
        return { kind: 'unknown', reason: 'in_progress', order };
      }
      // Refused, so no Session exists: the next click starts a new attempt, with a new key and
      // expiry (this one's may be too near by then for Stripe to accept it again).
      await retireAttempt(
        db,
        order,
        attempt,
        ctx.cause,
        `Stripe: ${created.error.code ?? created.error.type}`,
      );
      // The shop's key or set-up (a price, a country, an amount Stripe refuses): no retry can
      // succeed, so the customer is not asked to try again, and the merchant's log line says
      // what Stripe refused. An expiry too near for Stripe is not: the next attempt has its own.
      const refusal =
        created.error.param === 'expires_at'
          ? null
          : configurationRefusal(created.error, params.customer_email !== undefined);
      if (!refusal) return notCharged('stripe_unavailable', order);
      ctx.note(refusal);
      return notCharged('not_configured', order);
    }
    case 'unavailable':
      await retireAttempt(db, order, attempt, ctx.cause, 'Stripe: rate_limit');
      return notCharged('stripe_unavailable', order);
    case 'unknown':
      return { kind: 'unknown', reason: 'no_answer', order };
  }
}
