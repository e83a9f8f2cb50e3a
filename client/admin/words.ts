// How the console words what the API returns: statuses, money, times and causes.
import { formatMoney } from '../../src/money/format.js';
import type { HistoryEntry } from './api';

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
