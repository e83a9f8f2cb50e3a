// The console's audit trail (GET /admin/api/activity): who did what, newest first. On the list,
// everyone's latest actions; on an order, that order's.
import { api, ApiError, type AdminAction } from './api';
import { el, fill } from './dom';
import { actionWords, time } from './words';

/** How many actions a table shows. */
const SHOWN = 20;

function table(actions: AdminAction[], caption: string, withOrder: boolean): HTMLElement {
  const headings = ['When', 'Who', ...(withOrder ? ['Order'] : []), 'What'];
  return el(
    'div',
    { class: 'scroll' },
    el(
      'table',
      {},
      el('caption', { class: 'visually-hidden' }, caption),
      el('thead', {}, el('tr', {}, ...headings.map((h) => el('th', { scope: 'col' }, h)))),
      el(
        'tbody',
        {},
        ...actions.map((action) =>
          el(
            'tr',
            {},
            el('td', {}, time(action.at)),
            el('td', {}, action.admin),
            withOrder &&
              el(
                'td',
                {},
                action.order_id
                  ? el('a', { href: `#order/${action.order_id}` }, action.order_id)
                  : '—',
              ),
            el('td', {}, actionWords(action)),
          ),
        ),
      ),
    ),
  );
}

/** Shows the latest actions (of one order, with `orderId`) in `target`. */
export async function loadActivity(target: HTMLElement, orderId?: string): Promise<void> {
  const query = new URLSearchParams({ limit: String(SHOWN) });
  if (orderId) query.set('order_id', orderId);
  try {
    const { actions } = await api<{ actions: AdminAction[] }>(`/admin/api/activity?${query}`);
    fill(
      target,
      actions.length === 0
        ? el('p', {}, orderId ? 'Nobody has acted on this order in the console.' : 'None yet.')
        : table(
            actions,
            orderId
              ? 'Console actions on this order, newest first'
              : 'Console actions, newest first',
            !orderId,
          ),
    );
  } catch (error) {
    fill(
      target,
      el(
        'p',
        {},
        error instanceof ApiError ? error.message : 'The console activity could not be loaded.',
      ),
    );
  }
}
