// The list of orders: searched and filtered by the form, newest first, a page at a time (the
// API's cursor), each order a link to its detail (#order/<id>). Asked by POST /search.
import { api, ApiError, type OrderView } from './api';
import { $, el, fill } from './dom';
import { disputeMark } from '../../src/orders/dispute.js';
import { money, statusWord, time } from './words';

interface Page {
  orders: OrderView[];
  next_cursor: string | null;
}

const filters = $<HTMLFormElement>('filters');
const rows = $<HTMLTableElement>('orders').tBodies[0]!;
const results = $('results');
const more = $<HTMLButtonElement>('more');
let cursor: string | null = null;
let shown = 0;
/** The search the list shows, as submitted (not as the form reads now): "more" pages on it. */
let listed = new URLSearchParams();
/** The latest load: an answer to an older one (a search submitted since) is not shown. */
let latest = 0;

/** A status cell, with a badge when the order needs attention or its payment is disputed. */
function statusCell(order: OrderView): HTMLElement {
  return el(
    'td',
    {},
    statusWord(order.status),
    order.needs_attention && el('span', { class: 'badge' }, 'Needs attention'),
    order.dispute && el('span', { class: 'badge' }, disputeMark(order.dispute.status)),
  );
}

function row(order: OrderView): HTMLTableRowElement {
  return el(
    'tr',
    {},
    // The number customers quote from their receipt, beside the id the API and logs use.
    el('td', {}, order.number),
    el('td', {}, el('a', { href: `#order/${order.id}` }, order.id)),
    el('td', {}, time(order.created_at)),
    statusCell(order),
    el('td', { class: 'number' }, money(order.amount, order.currency)),
    el('td', {}, order.email),
  );
}

/** The form's search as it reads now. */
function searched(): URLSearchParams {
  const query = new URLSearchParams();
  const data = new FormData(filters);
  for (const name of ['q', 'status']) {
    const value = String(data.get(name) ?? '').trim();
    if (value) query.set(name, value);
  }
  return query;
}

/**
 * Loads the first page for the form's search, or (`next`) the next page of the search shown:
 * a cursor belongs to the search it came with, whatever the form was changed to since.
 */
export async function loadOrders(next = false): Promise<void> {
  if (next && !cursor) return;
  const query = next ? new URLSearchParams(listed) : searched();
  if (next) query.set('cursor', cursor!);
  const load = ++latest;
  // Unavailable while a page loads: a second click would append the same page again. Not
  // `disabled`, which would take the focus off it (and hide it: checkout.css).
  more.setAttribute('aria-disabled', 'true');
  results.textContent = 'Loading orders…';
  try {
    // In the body, not the URL: Cloudflare's invocation logs keep URLs, and `q` is often an email.
    const page = await api<Page>('/admin/api/orders/search', { method: 'POST', body: query });
    if (load !== latest) return;
    if (!next) {
      fill(rows);
      shown = 0;
      listed = query;
    }
    rows.append(...page.orders.map(row));
    shown += page.orders.length;
    cursor = page.next_cursor;
    more.hidden = cursor === null;
    results.textContent =
      shown === 0
        ? 'No orders match.'
        : `${shown} order${shown === 1 ? '' : 's'} shown${cursor ? '; there are more' : ''}.`;
  } catch (error) {
    if (load !== latest) return;
    results.textContent =
      error instanceof ApiError ? error.message : 'The orders could not be loaded.';
  } finally {
    if (load === latest) more.removeAttribute('aria-disabled');
  }
}

filters.addEventListener('submit', (event) => {
  event.preventDefault();
  void loadOrders();
});
more.addEventListener('click', () => {
  if (!more.hasAttribute('aria-disabled')) void loadOrders(true);
});
