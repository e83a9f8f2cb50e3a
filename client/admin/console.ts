// The merchant's console (public/admin/index.html): who is signed in, the orders, the last
// reconciliation sweep, who did what, and one order at #order/<id>. Built into
// public/admin/console.js by scripts/build-client.mjs. Everything it shows is set as text, never
// as HTML.
import { loadActivity } from './activity';
import { api, ApiError, SIGNED_OUT } from './api';
import { openOrder } from './detail';
import { $ } from './dom';
import { setUpExport } from './export';
import { loadOrders } from './list';
import { loadSweep } from './sweep';

const listView = $('list-view');
const detailView = $('detail-view');
const notice = $('notice');

/** Shows the view the address names: an order (#order/<id>) or the list. */
async function route(): Promise<void> {
  const id = /^#order\/(ord_[0-9a-f]+)$/.exec(location.hash)?.[1];
  listView.hidden = Boolean(id);
  detailView.hidden = !id;
  $('outcome').textContent = '';
  if (id) {
    await openOrder(id);
    return;
  }
  document.title = 'Orders · Shop console';
  await Promise.all([loadOrders(), loadSweep(), loadActivity($('activity'))]);
}

async function start(): Promise<void> {
  try {
    const session = await api<{ email: string }>('/admin/api/session');
    $('who').textContent = session.email;
  } catch (error) {
    notice.textContent =
      error instanceof ApiError && (error.status === 401 || error.status === 403)
        ? SIGNED_OUT
        : 'The console could not reach the shop. Reload the page to try again.';
    return;
  }
  // The export defaults to the last 30 days, in UTC days as its fields are: "To" is UTC's today,
  // so that the newest orders are in it (west of UTC, the admin's today ends before UTC's). Both
  // are included: today and the 29 days before it.
  const day = (date: Date) => date.toISOString().slice(0, 10);
  const today = new Date();
  $<HTMLInputElement>('to').value = day(today);
  $<HTMLInputElement>('from').value = day(new Date(today.getTime() - 29 * 86_400_000));
  setUpExport();
  window.addEventListener('hashchange', () => void route());
  await route();
}

void start();
