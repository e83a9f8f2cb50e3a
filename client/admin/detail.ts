// One order: its summary, fulfilment, refunds and history, and the two actions. A refund takes
// two steps (the amount, then a confirmation that says it in money, which is the amount sent);
// each confirmation is a new Idempotency-Key, so a double click refunds once. A refund left
// unanswered keeps its key (for this tab, even across a reload) until an answer comes: the next
// confirmation of that order sends it again, so it can never be made twice.
import { countryName } from '../../src/i18n/countries';
import { addressText } from '../../src/orders/address.js';
import {
  disputeBlocksRefund,
  disputeReasonWords,
  disputeRefundWords,
  disputeStatusWords,
  isInquiry,
} from '../../src/orders/dispute.js';
import { amountStep, parseMoney, stripeExponent } from '../../src/money/format.js';
import { brandName } from '../../src/receipt/brands';
import { rowAmount, type OrderSummary } from '../../src/receipt/rows';
import type { RefusalCode } from '../../src/refunds/codes';
import { refundMadeWords, refundTax } from '../../src/refunds/made-words';
import { loadActivity } from './activity';
import { api, ApiError, type OrderDetail, type OrderView, type RefundView } from './api';
import { $, el, fill } from './dom';
import { showTaxUnknown } from './tax';
import {
  causeWords,
  fulfilmentWord,
  money,
  refundReasonWord,
  refundStatusWord,
  statusWord,
  time,
} from './words';

const title = $('detail-title');
const summaryList = $('summary');
const disagreement = $('disagreement');
const taxUnknown = $('tax-unknown');
const disputeSection = $('dispute-section');
const outcome = $('outcome');
const activity = $('order-activity');
const fulfilSection = $('fulfil-section');
const fulfilState = $('fulfil-state');
const fulfilButton = $<HTMLButtonElement>('fulfil');
const refundSection = $('refund-section');
const refundForm = $<HTMLFormElement>('refund');
const amountField = $('amount-field');
const amountInput = $<HTMLInputElement>('amount');
const amountError = $('amount-error');
const confirmBox = $('confirm');
const confirmText = $('confirm-text');
const confirmYes = $<HTMLButtonElement>('confirm-yes');
const confirmNo = $<HTMLButtonElement>('confirm-no');

/** The note the ledger gives an order's creation (src/ledger/index.ts). */
const CREATED_NOTE = 'order created';

let order: OrderView | null = null;
/** What remains to refund, in minor units. */
let remaining = 0;

/** A refund asked for: its order, amount (minor units, always sent) and its key once confirmed. */
interface Asked {
  orderId: string;
  currency: string;
  amount: number;
  reason?: string;
  key?: string;
}
/** The refund waiting for its confirmation. */
let pending: Asked | null = null;
// The outcome takes the focus after an action (the button that had it may hide).
outcome.tabIndex = -1;

/** Where this tab keeps its unanswered refunds, by order id. */
const UNANSWERED = 'console.unanswered-refunds';
const unansweredAll = (): Record<string, Asked> =>
  JSON.parse(sessionStorage.getItem(UNANSWERED) ?? '{}') as Record<string, Asked>;
/** The order's refund sent without an answer, whose key its next confirmation reuses. */
const unanswered = (orderId: string): Asked | undefined => unansweredAll()[orderId];
/** Keeps (or, once answered, forgets) the order's unanswered refund. */
function keepUnanswered(orderId: string, refund: Asked | null): void {
  const all = unansweredAll();
  if (refund) all[orderId] = refund;
  else delete all[orderId];
  sessionStorage.setItem(UNANSWERED, JSON.stringify(all));
}

const term = (name: string, value: Node | string) =>
  el('div', {}, el('dt', {}, name), el('dd', {}, value));

/** The order's summary as its receipt shows it (the same rows and amounts), then the rest. */
function showSummary(view: OrderView, summary: OrderSummary): void {
  const card = view.card
    ? `${brandName(view.card.brand, 'Card')} ending in ${view.card.last4}`
    : '—';
  const amount = (value: number) => money(value, summary.currency);
  fill(
    summaryList,
    term('Order number', summary.number),
    ...summary.rows.map((row) => term(row.label, rowAmount(row, amount))),
    term('Refunded', amount(view.amount_refunded)),
    term('Status', statusWord(view.status)),
    term('Placed', time(view.created_at)),
    term('Email', view.email),
    ...(view.shipping
      ? [
          term(
            'Ships to',
            addressText(view.shipping, (code) => countryName(code, navigator.language)),
          ),
        ]
      : []),
    term('Card', card),
    term('PaymentIntent', el('code', {}, view.payment_intent_id ?? '—')),
    term('Checkout', el('code', {}, view.checkout_id)),
  );
}

function showFulfilment(view: OrderView): void {
  const { fulfilment } = view;
  const attempts = `${fulfilment.attempts} of ${fulfilment.max_attempts} attempts`;
  const next = fulfilment.next_attempt_at ? `; next at ${time(fulfilment.next_attempt_at)}` : '';
  const error = fulfilment.last_error ? ` Last error: ${fulfilment.last_error}` : '';
  fulfilState.textContent = `${fulfilmentWord(fulfilment.state)} (${attempts}${next}).${error}`;
  fulfilSection.hidden = fulfilment.state === 'not_due';
  fulfilButton.hidden = !['needs_attention', 'retrying', 'waiting'].includes(fulfilment.state);
}

/** The payment's latest dispute, and why no refund is offered; hidden when there is none. */
function showDispute({ order: { dispute }, dispute_url: url }: OrderDetail): void {
  disputeSection.hidden = !dispute;
  if (!dispute) return;
  $('dispute-title').textContent = isInquiry(dispute.status) ? 'Inquiry from the bank' : 'Dispute';
  const dashboard = url
    ? el('a', { href: url, rel: 'noopener' }, 'Open in the Stripe Dashboard')
    : 'None in simulated mode';
  fill(
    $('dispute'),
    term('Status', disputeStatusWords(dispute.status)),
    term('Reason', disputeReasonWords(dispute.reason)),
    term('Amount', money(dispute.amount, dispute.currency)),
    term('Respond by', dispute.due_by ? time(dispute.due_by) : '—'),
    term('Last change', time(dispute.updated_at)),
    term('Dispute', el('code', {}, dispute.id)),
    term('Stripe Dashboard', dashboard),
  );
  $('dispute-refund').textContent = disputeRefundWords(dispute.status);
}

function refundRow(refund: RefundView, currency: string): HTMLTableRowElement {
  const status = refund.error
    ? `${refundStatusWord(refund.status)}: ${refund.error}`
    : refundStatusWord(refund.status);
  return el(
    'tr',
    {},
    el('td', {}, time(refund.created_at)),
    el('td', { class: 'number' }, money(refund.amount, currency)),
    el('td', {}, refundReasonWord(refund.reason)),
    el('td', {}, status),
    el('td', {}, refund.admin ?? 'Stripe Dashboard or API'),
  );
}

function show(detail: OrderDetail): void {
  const view = detail.order;
  order = view;
  title.textContent = `Order ${view.id}`;
  document.title = `Order ${view.id} · Shop console`;
  showSummary(view, detail.summary);
  showFulfilment(view);
  disagreement.hidden = !detail.disagreement;
  disagreement.textContent = detail.disagreement
    ? `Stripe disagrees: ${detail.disagreement.detail}`
    : '';
  showTaxUnknown(taxUnknown, detail);

  // The server's figure, not one worked out here: a Stripe Dashboard refund whose refund.created
  // came before charge.refunded counts there, and a page offering it would be refused.
  remaining = detail.refundable;
  showDispute(detail);
  // Stripe refuses to refund a charged-back payment: no refund is offered (the dispute says why).
  // An inquiry or a dispute won leaves it refundable.
  refundSection.hidden =
    !['paid', 'partially_refunded'].includes(view.status) ||
    remaining === 0 ||
    (view.dispute !== null && disputeBlocksRefund(view.dispute.status));
  $('remaining').textContent = money(remaining, view.currency);
  $('currency').textContent = view.currency.toUpperCase();

  const currency = view.currency;
  fill(
    $<HTMLTableElement>('refunds').tBodies[0]!,
    ...(detail.refunds.length
      ? detail.refunds.map((refund) => refundRow(refund, currency))
      : [el('tr', {}, el('td', { colspan: '5' }, 'No refunds.'))]),
  );
  fill(
    $<HTMLTableElement>('history').tBodies[0]!,
    ...detail.history.map((entry) => {
      const change = entry.from_status
        ? entry.from_status === entry.to_status
          ? statusWord(entry.to_status)
          : `${statusWord(entry.from_status)} → ${statusWord(entry.to_status)}`
        : `Created (${statusWord(entry.to_status)})`;
      const refunded = entry.amount_refunded
        ? `; ${money(entry.amount_refunded, currency)} refunded`
        : '';
      // The ledger notes a creation as "order created": "Created" says it already.
      const said = !entry.from_status && entry.note === CREATED_NOTE;
      const note = entry.note && !said ? ` (${entry.note})` : '';
      return el(
        'tr',
        {},
        el('td', {}, time(entry.at)),
        el('td', {}, `${change}${refunded}${note}`),
        el('td', {}, causeWords(entry)),
      );
    }),
  );
}

/** Loads and shows an order; the heading takes the focus, so that keyboard users land there. */
export async function openOrder(id: string, focus = true): Promise<void> {
  resetRefund();
  try {
    const [detail] = await Promise.all([
      api<OrderDetail>(`/admin/api/orders/${encodeURIComponent(id)}`),
      loadActivity(activity, id),
    ]);
    show(detail);
  } catch (error) {
    order = null;
    // Not found only when the shop says so; no answer says nothing about the order.
    const missing = error instanceof ApiError && error.status === 404;
    title.textContent = missing ? 'Order not found' : 'The order could not be loaded';
    fill(summaryList);
    for (const section of [refundSection, fulfilSection, disputeSection, disagreement, taxUnknown])
      section.hidden = true;
    outcome.textContent =
      error instanceof ApiError ? error.message : 'The order could not be loaded.';
  }
  if (focus) title.focus();
}

/** The form as first shown (all that remains): a refund made leaves no amount ready to send. */
function clearRefundForm(): void {
  refundForm.reset();
  amountField.hidden = true;
}

function resetRefund(): void {
  pending = null;
  confirmBox.hidden = true;
  refundForm.hidden = false;
  amountError.hidden = true;
  amountInput.removeAttribute('aria-invalid');
}

/** The refund the form asks for, or null (with the field's error shown). */
function asked(): Asked | null {
  if (!order) return null;
  const data = new FormData(refundForm);
  const reason = String(data.get('reason') ?? '') || undefined;
  const ask = { orderId: order.id, currency: order.currency, reason };
  // All that remains is the amount the confirmation shows: were more refunded meanwhile, the
  // shop refuses it rather than refund another amount.
  if (data.get('scope') !== 'part') return { ...ask, amount: remaining };
  // Read as the admin writes numbers: "1,000" KWD is a thousand dinars in en-US, not one.
  const amount = parseMoney(amountInput.value, order.currency, navigator.language);
  // Stripe refuses a three-decimal amount not ending in 0, an ISK or UGX one in fractions.
  const step = amountStep(order.currency);
  const example = money(Math.min(remaining, 100), order.currency);
  const problem =
    amount === null && /^\d+[.,]\d{3}$/.test(amountInput.value.trim())
      ? // A sign neither the locale's group nor its decimal: a thousand, or one?
        `“${amountInput.value.trim()}” could be read two ways. Write it as in ` +
        `${money(1234 * 10 ** stripeExponent(order.currency), order.currency)}, or without a ` +
        'thousands separator.'
      : amount === null || amount < 1
        ? `Enter an amount such as ${example}, in ${order.currency.toUpperCase()}.`
        : amount % step !== 0
          ? `Refunds in ${order.currency.toUpperCase()} go in steps of ${money(step, order.currency)}.`
          : amount > remaining
            ? `At most ${money(remaining, order.currency)} can be refunded.`
            : null;
  amountError.hidden = problem === null;
  amountError.textContent = problem ?? '';
  if (problem) {
    amountInput.setAttribute('aria-invalid', 'true');
    amountInput.focus();
    return null;
  }
  amountInput.removeAttribute('aria-invalid');
  return { ...ask, amount: amount! };
}

refundForm.addEventListener('change', () => {
  amountField.hidden = new FormData(refundForm).get('scope') !== 'part';
});

refundForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const request = asked();
  if (!request) return;
  // An unanswered refund of this order is confirmed again first, under its key.
  const waiting = unanswered(request.orderId);
  pending = waiting ?? request;
  const amount = money(pending.amount, pending.currency);
  confirmText.textContent = waiting
    ? `The refund of ${amount} of order ${pending.orderId} has had no answer, so it may have ` +
      'been made. Confirm it again to find out: it cannot refund twice.'
    : `Refund ${amount} of order ${pending.orderId} to the customer’s card? This cannot be undone.`;
  refundForm.hidden = true;
  confirmBox.hidden = false;
  confirmYes.focus();
});

confirmNo.addEventListener('click', () => {
  const waiting = pending && unanswered(pending.orderId);
  resetRefund();
  outcome.textContent = waiting
    ? `The refund of ${money(waiting.amount, waiting.currency)} may have been made: it had no ` +
      'answer. Choose Refund… to confirm it again: it cannot refund twice.'
    : 'Nothing was refunded.';
  // Without its order (it could not be loaded), there is no form to go back to.
  refundSection.hidden ||= !order;
  if (order) refundForm.querySelector('button')?.focus();
  else outcome.focus();
});

/**
 * The shop's answers of 500 and more that say nothing was refunded (src/admin/orders/refunds.ts):
 * Stripe refused every attempt, or payments are not configured. The admin decides anew whether to
 * refund: the form is offered again, and its confirmation is a new key.
 */
const NOTHING_REFUNDED: readonly string[] = [
  'stripe_unavailable',
  'not_configured',
] satisfies RefusalCode[];

/**
 * The refunds' own refusals that settle a key an earlier click sent (src/admin/orders/refunds.ts:
 * Stripe's replayed answer, or the order's state). Anything else said to a repeat (signed out,
 * another origin, payments not configured) says nothing of the refund that click may have made.
 */
const SETTLES_KEY: readonly string[] = [
  'not_found',
  'not_refundable',
  'disputed',
  'amount_too_large',
  'idempotency_key_reused',
  'refund_refused',
  'not_sent',
];

/**
 * Whether a failed refund request was refused for certain (nothing refunded), not unanswered;
 * `repeat`: its key was sent before, with no answer.
 */
function refused(error: ApiError, repeat: boolean): boolean {
  if (error.status === 0) return false;
  if (repeat) return (error.status < 500 && SETTLES_KEY.includes(error.code)) || endedUnmade(error);
  return error.status < 500 || NOTHING_REFUNDED.includes(error.code);
}

/**
 * A 503 of the refunds themselves that names the key's refund, failed: the shop answers so only
 * when nothing was made under that key (src/refunds/make.ts), so the key is settled. The same
 * codes without a refund (payments not configured) say nothing of what an earlier click made.
 */
function endedUnmade(error: ApiError): boolean {
  const refund = error.body.refund as { status?: string } | undefined;
  return NOTHING_REFUNDED.includes(error.code) && refund?.status === 'failed';
}

/** Shows the order again with its unanswered refund still to confirm, under the same key. */
async function keepForRetry(retry: Asked, message: string): Promise<void> {
  keepUnanswered(retry.orderId, retry);
  await openOrder(retry.orderId, false);
  pending = retry;
  outcome.textContent = message;
  // Even if the order could not be loaded: the confirmation is what finds out.
  refundSection.hidden = false;
  refundForm.hidden = true;
  confirmBox.hidden = false;
  // A disabled button takes no focus: this confirmation is ready for the next click.
  confirmYes.disabled = false;
  confirmYes.focus();
}

/** Says an answered refund's outcome over the order, loaded again, and focuses it. */
async function answered(id: string, message: string): Promise<void> {
  keepUnanswered(id, null);
  outcome.textContent = message;
  await openOrder(id, false);
  outcome.focus();
}

confirmYes.addEventListener('click', async () => {
  if (!pending || confirmYes.disabled) return;
  // A new key for this confirmation; the same one only to retry a refund Stripe did not answer.
  const request = pending;
  const repeat = request.key !== undefined;
  request.key ??= crypto.randomUUID();
  const id = request.orderId;
  confirmYes.disabled = true;
  outcome.textContent = 'Refunding…';
  try {
    const answer = await api<{ status: number; refund: RefundView; order: OrderView }>(
      `/admin/api/orders/${encodeURIComponent(id)}/refunds`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': request.key },
        body: JSON.stringify({ amount: request.amount, reason: request.reason }),
      },
    );
    const amount = money(answer.refund.amount, answer.order.currency);
    if (answer.status === 202) {
      await keepForRetry(
        request,
        `Stripe did not answer, so the refund of ${amount} may or may not have been made. ` +
          'Confirm again to find out: it cannot refund twice.',
      );
      return;
    }
    // What is true for the refund's status: "Refunded" only once it succeeded.
    const words = refundMadeWords({
      status: answer.refund.status,
      amount,
      orderNow: statusWord(answer.order.status).toLowerCase(),
      tax: refundTax(answer.order),
    });
    clearRefundForm();
    await answered(id, words);
  } catch (error) {
    // No answer (status 0) or the shop failed (5xx): the refund may have been made, so its key is
    // kept and confirming again finds it. A definite refusal (4xx, or a 503 saying nothing was
    // refunded) ends it: the server's words, and the next confirmation is a new refund.
    if (!(error instanceof ApiError) || !refused(error, repeat)) {
      const amount = money(request.amount, request.currency);
      // A repeat refused before the refunds were asked (signed out, payments not configured…):
      // the shop's words, and the key. Not the shop's JSON (a proxy's 502…): no answer.
      const said =
        error instanceof ApiError &&
        error.status >= 400 &&
        (error.status < 500 || error.code !== 'error');
      await keepForRetry(
        request,
        said
          ? `${error.message} The refund of ${amount} may have been made before: confirming ` +
              'again cannot refund twice.'
          : `The shop did not answer, so ${amount} may have been refunded. Confirm the refund ` +
              'again to find out: it cannot refund twice.',
      );
      return;
    }
    await answered(id, error.message);
  } finally {
    confirmYes.disabled = false;
  }
});

fulfilButton.addEventListener('click', async () => {
  if (!order || fulfilButton.disabled) return;
  const id = order.id;
  fulfilButton.disabled = true;
  outcome.textContent = 'Running fulfilment…';
  try {
    await api(`/admin/api/orders/${encodeURIComponent(id)}/fulfil`, { method: 'POST' });
    outcome.textContent = 'Fulfilled.';
  } catch (error) {
    outcome.textContent =
      error instanceof ApiError ? error.message : 'Fulfilment could not be run.';
  } finally {
    fulfilButton.disabled = false;
    await openOrder(id, false);
    outcome.focus();
  }
});
