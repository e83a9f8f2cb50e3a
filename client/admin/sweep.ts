// The last reconciliation sweep, and the orders Stripe disagrees with.
import { api, ApiError, type Disagreement, type Sweep } from './api';
import { $, el, fill } from './dom';
import { statusWord, time } from './words';

const sweep = $('sweep');
const list = $('disagreements');

/** What the last sweep did (null: none has run). */
function summary(last: Sweep | null): string {
  if (!last) return 'The sweep has not run yet.';
  const when = last.finished_at
    ? `Last sweep: ${time(last.finished_at)}.`
    : `A sweep started at ${time(last.started_at)} and has not finished.`;
  const counts = [
    `${last.events_applied} of ${last.events_read} events applied`,
    `${last.orders_linked} order${last.orders_linked === 1 ? '' : 's'} linked`,
    `${last.orders_checked} checked`,
    `${last.refunds_settled} refund${last.refunds_settled === 1 ? '' : 's'} settled`,
    // Abandoned at 3-D Secure: their PaymentIntents canceled, their codes' redemptions freed.
    `${last.orders_canceled} abandoned checkout${last.orders_canceled === 1 ? '' : 's'} canceled`,
    `${last.tax_records} tax record${last.tax_records === 1 ? '' : 's'} made`,
    `${last.errors} error${last.errors === 1 ? '' : 's'}${last.last_error ? ` (${last.last_error})` : ''}`,
  ];
  return `${when} ${counts.join(', ')}.`;
}

/**
 * When the sweep runs: deployed, the cron's every 5 minutes; locally (`url`: the address that
 * runs it), only when asked, which `npm run dev` leaves to the merchant (docs/orders.md).
 */
function schedule(url: string | null): (Node | string)[] {
  if (!url) return [' It runs every 5 minutes.'];
  return [' Locally it runs only when asked: ', el('code', {}, `curl ${url}`), '.'];
}

/**
 * The disagreements as a table; `total`: how many there are, of which the shop sent `found`.
 * Before any sweep none were looked for: nothing is said of Stripe's agreement.
 */
function table(found: Disagreement[], total: number, swept: boolean): HTMLElement | null {
  if (found.length === 0)
    return swept ? el('p', {}, 'Stripe agrees with every order the sweep checked.') : null;
  // A capped list says so: the rest are orders someone should look at too.
  const caption =
    total > found.length
      ? `Orders Stripe disagrees with (${total}; the ${found.length} found first shown)`
      : `Orders Stripe disagrees with (${total})`;
  return el(
    'div',
    { class: 'scroll' },
    el(
      'table',
      {},
      el('caption', {}, caption),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ...['Order', 'Ledger', 'Stripe', 'What differs', 'Found'].map((title) =>
            el('th', { scope: 'col' }, title),
          ),
        ),
      ),
      el(
        'tbody',
        {},
        ...found.map((row) =>
          el(
            'tr',
            {},
            el('td', {}, el('a', { href: `#order/${row.order_id}` }, row.order_id)),
            el('td', {}, statusWord(row.ledger_status)),
            el('td', {}, statusWord(row.stripe_status)),
            el('td', {}, row.detail),
            el('td', {}, time(row.found_at)),
          ),
        ),
      ),
    ),
  );
}

/** Shows the last sweep and the disagreements. */
export async function loadSweep(): Promise<void> {
  try {
    const state = await api<{
      last_sweep: Sweep | null;
      disagreements: Disagreement[];
      disagreements_total: number;
      sweep_url: string | null;
    }>('/admin/api/reconciliation');
    fill(sweep, summary(state.last_sweep), ...schedule(state.sweep_url));
    fill(list, table(state.disagreements, state.disagreements_total, state.last_sweep !== null));
  } catch (error) {
    sweep.textContent =
      error instanceof ApiError ? error.message : 'The last sweep could not be loaded.';
  }
}
