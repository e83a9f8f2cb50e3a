// A checkout kept in the tab (a reload, Back from the bank) over the Worker's rows: a chunk of its
// own, which the page imports at once only when a checkout is kept (checkout.ts), so that neither
// a new checkout's first load nor the cart's chunk, which every paying customer loads, carries it.
// Its one message, Pay's label without an amount, comes with it in every language.
import type { Saved } from './order';
import messages from 'messages:kept';

/**
 * The kept quantities in the rows, before /config answers. The total and Pay's amount are the
 * Worker's cart's, so they wait for its price (the cart's chunk), as does a line whose quantity
 * differs.
 */
export function kept(saved: Saved) {
  for (const select of document.querySelectorAll<HTMLSelectElement>('#cart select')) {
    select.value = String(saved.items[select.id.slice(2)] ?? 0);
    // A kept quantity the page no longer offers (a deploy lowered the most) selects none: the
    // cart's quote then says why, and a change prices it.
    if (!select.selectedOptions[0]?.defaultSelected) select.nextElementSibling!.textContent = '';
  }
  const total = document.getElementById('total')!;
  const payButton = document.getElementById('pay'); // none in hosted mode
  // Pay names no amount: the Worker's label without one (page.pay), in the page's catalogue's
  // language ("de" for de-CH). Cutting the amount out of "5,00 $ bezahlen" left "bezahlen".
  // learn() and t() of ./messages would do the same, but importing them here makes esbuild move
  // that module into a chunk of its own, which the first load then fetches too (+158 B gzip).
  const words = messages[document.documentElement.lang.split('-')[0]!.toLowerCase()];
  if (payButton) payButton.textContent = (words ?? messages.en!)['page.pay']!;
  total.textContent = '';
}
