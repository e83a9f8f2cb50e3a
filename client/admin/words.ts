// How the console words what the API returns: statuses, money, times and causes.
import { formatMoney } from '../../src/money/format.js';
import type { AdminAction, HistoryEntry } from './api';

const STATUSES: Record<string, string> = {
  pending: 'Pending',
  requires_action: 'Waiting for 3-D Secure',
  paid: 'Paid',
  failed: 'Failed',
  canceled: 'Canceled',
  partially_refunded: 'Partly refunded',
  refunded: 'Refunded',
};

/** An order's status. */
export const statusWord = (status: string) => STATUSES[status] ?? status.replaceAll('_', ' ');

const REFUND_STATUSES: Record<string, string> = {
  requested: 'Sent to Stripe, no answer yet',
  pending: 'Pending',
  requires_action: 'Waiting for the customer',
  succeeded: 'Succeeded',
  failed: 'Failed',
  canceled: 'Canceled',
};

/** A refund's status. */
export const refundStatusWord = (status: string) => REFUND_STATUSES[status] ?? status;

/** Why a refund was made, as the refund form offers it (Stripe's reasons; null: none given). */
const REFUND_REASONS: Record<string, string> = {
  requested_by_customer: 'Requested by the customer',
  duplicate: 'Duplicate payment',
  fraudulent: 'Fraudulent',
};

/** A refund's reason (one made in the Stripe Dashboard may carry another of Stripe's). */
export const refundReasonWord = (reason: string | null) =>
  reason === null ? 'Not given' : (REFUND_REASONS[reason] ?? reason.replaceAll('_', ' '));

/** Money in the admin's locale; amounts are in the currency's minor unit. */
export const money = (amount: number, currency: string) =>
  formatMoney(amount, currency, navigator.language);

const when = new Intl.DateTimeFormat(navigator.language, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

/** A time from the API, in the admin's locale and time zone. */
export const time = (iso: string) => when.format(new Date(iso));

const FULFILMENT: Record<string, string> = {
  fulfilled: 'Fulfilled',
  not_due: 'Not due (the order is not paid)',
  running: 'Running',
  needs_attention: 'Failed: every attempt was used. It needs attention.',
  retrying: 'Failed: it will be tried again',
  waiting: 'Waiting for its next run',
};

export const fulfilmentWord = (state: string) => FULFILMENT[state] ?? state;

/** What caused a change, in a few words. */
export function causeWords(entry: HistoryEntry): string {
  const { cause } = entry;
  switch (cause.source) {
    case 'admin':
      return `${cause.admin} in the console`;
    case 'webhook':
      return `Stripe event ${cause.event_type} (${cause.event_id})`;
    case 'sweep':
      return cause.event_id
        ? `Stripe event ${cause.event_type} (${cause.event_id}), found by the sweep`
        : `The sweep (${cause.route ?? 'reconciliation'})`;
    case 'request':
      return `${cause.route} (request ${cause.request_id})`;
  }
}

/** What came of a console action, in a few words (src/admin/audit.ts records the codes). */
const OUTCOMES: Record<string, string> = {
  refunded: 'done',
  unknown: 'Stripe did not answer (the sweep finds out)',
  // The refund threw while being made (src/admin/orders/refunds.ts): Stripe may have made it.
  error: 'the shop failed while making it; it may have been made (see the order’s refunds)',
  no_order: 'refused, no such order',
  not_refundable: 'refused, the order could not be refunded',
  disputed: 'refused, the payment is disputed',
  too_much: 'refused, more than remains',
  key_reused: 'refused, its key was used for another refund',
  fulfilled: 'done',
  failed: 'failed again',
  'refused:amount_too_large': 'refused by Stripe, more than remains',
  'refused:refund_refused': 'refused by Stripe',
  'refused:stripe_unavailable': 'Stripe was busy, nothing was refunded',
  'refused:not_configured': 'Stripe refused the shop’s key',
  'refused:not_found': 'refused, no such order',
  'refused:already_fulfilled': 'refused, fulfilled already',
  'refused:not_paid': 'refused, not paid',
  'refused:fulfilment_running': 'refused, a run was under way',
};

/** Days as the export asked for them (UTC days). */
const day = new Intl.DateTimeFormat(navigator.language, { dateStyle: 'medium', timeZone: 'UTC' });

/** A console action, in a few words. */
export function actionWords(action: AdminAction): string {
  const { amount, currency, replayed, from, to, key_refund_amount: keyAmount } = action.details;
  const outcome = OUTCOMES[action.outcome] ?? action.outcome.replaceAll('_', ' ');
  const sum = (value: number) =>
    typeof currency === 'string' ? money(value, currency) : `${value} in minor units`;
  switch (action.action) {
    case 'refund': {
      const asked = typeof amount !== 'number' ? 'all that remains' : sum(amount);
      // A reused key: the refund it made before, of its own amount.
      const other = typeof keyAmount === 'number' ? ` (of ${sum(keyAmount)})` : '';
      const again = replayed ? ' (the same refund, asked again)' : '';
      return `Refund of ${asked}: ${outcome}${other}${again}`;
    }
    case 'fulfil':
      return `Fulfilment run again: ${outcome}`;
    case 'export': {
      // `to` is the first instant after the last day.
      const last = new Date(Date.parse(String(to)) - 1);
      return `Orders exported, ${day.format(new Date(String(from)))} to ${day.format(last)}`;
    }
  }
}
