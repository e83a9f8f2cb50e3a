// The list of orders: searched and filtered by the form, newest first, a page at a time (the
// API's cursor), each order a link to its detail (#order/<id>).
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
    el('td', {}, el('a', { href: `#order/${order.id}` }, order.id)),
    el('td', {}, time(order.created_at)),
    statusCell(order),
    el('td', { class: 'number' }, money(order.amount, order.currency)),
    el('td', {}, order.email),
  );
}

/** Loads the first page for the form's search (or the next page, with `next`). */
export async function loadOrders(next = false): Promise<void> {
  const query = new URLSearchParams();
  const data = new FormData(filters);
  for (const name of ['q', 'status']) {
    const value = String(data.get(name) ?? '').trim();
    if (value) query.set(name, value);
  }
  if (next && cursor) query.set('cursor', cursor);
  results.textContent = 'Loading orders…';
  try {
    const page = await api<Page>(`/admin/api/orders?${query}`);
    if (!next) {
      fill(rows);
      shown = 0;
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
    results.textContent =
      error instanceof ApiError ? error.message : 'The orders could not be loaded.';
  }
}

filters.addEventListener('submit', (event) => {
  event.preventDefault();
  void loadOrders();
});
more.addEventListener('click', () => void loadOrders(true));
